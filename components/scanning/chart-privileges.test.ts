// What trivy-operator may do, as its chart values decide: no access to the cluster's Secrets and ServiceAccounts,
// private images scanned with the one pull secret synced into its namespace, images from Aqua's registry or the mirror.
import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { scanningFeature } from "./feature";
import { resolveScanning, type ResolvedScanning } from "./settings";
import { trivyOperatorValues } from "./trivy-operator-values";

/** Logging needs a chart-issued certificate or a named TLS Secret; a stack without charts names one. */
const WITHOUT_CHARTS_LOGGING = { logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } } };

function settingsOf(overrides: Record<string, unknown> = {}): ResolvedScanning {
  const settings = resolveScanning(stackConfigWith("staging", overrides));
  assert.ok(settings);
  return settings;
}

type TrivyValues = {
  operator: { accessGlobalSecretsAndServiceAccount: boolean; privateRegistryScanSecretsNames: Record<string, string> };
  image: { registry: string };
  nodeCollector: { registry: string };
  policiesBundle: { registry: string };
  trivy: { image: { registry: string }; dbRegistry: string; javaDbRegistry: string };
};
const valuesOf = (settings: ResolvedScanning) => trivyOperatorValues(settings) as unknown as TrivyValues;

/** Every registry the chart pulls an image or a database from. */
const registriesOf = (v: TrivyValues) => [
  v.image.registry,
  v.nodeCollector.registry,
  v.policiesBundle.registry,
  v.trivy.image.registry,
  v.trivy.dbRegistry,
  v.trivy.javaDbRegistry,
];

describe("scanning: trivy-operator's privileges", () => {
  it("has no access to every Secret and ServiceAccount of the cluster (no global access, so no ClusterRole rule on secrets or nodes/proxy)", () => {
    assert.equal(valuesOf(settingsOf()).operator.accessGlobalSecretsAndServiceAccount, false);
  });

  it("scans private images with the registry pull secret synced into its own namespace, named in its configuration", () => {
    const settings = settingsOf();
    // Staging keeps the architecture document's name for it.
    assert.equal(settings.registryPullSecret, "harbor-pull-secret");
    assert.deepEqual(valuesOf(settings).operator.privateRegistryScanSecretsNames, { "trivy-system": "harbor-pull-secret" });
  });

  it("names no pull secret when none is synced there: no registry, or no External Secrets to sync it", () => {
    for (const overrides of [{ secrets: { registry: undefined } }, { features: { externalSecrets: false } }]) {
      const settings = settingsOf(overrides);
      assert.equal(settings.registryPullSecret, undefined, JSON.stringify(overrides));
      assert.deepEqual(valuesOf(settings).operator.privateRegistryScanSecretsNames, {}, JSON.stringify(overrides));
    }
  });

  it("pulls its images and databases from Aqua's registry (not mirror.gcr.io), or all through images.registryMirror", () => {
    assert.deepEqual([...new Set(registriesOf(valuesOf(settingsOf())))], ["ghcr.io"]);
    const mirrored = valuesOf(settingsOf({ images: { registryMirror: "harbor.shop.example.com/proxy" } }));
    assert.deepEqual([...new Set(registriesOf(mirrored))], ["harbor.shop.example.com/proxy/ghcr.io"]);
  });

  it("declares the one chart privilege it keeps (getting its own namespace's Secrets) as a reviewed exception, only when installed", () => {
    const exceptions = scanningFeature.policyExceptions!(settingsOf());
    assert.deepEqual(
      exceptions.map((e) => [e.rule, e.resource, e.release]),
      [["rbac-secret-get-by-name", "Role trivy-system/trivy-operator", "trivy-operator"]],
    );
    assert.ok(exceptions.every((e) => e.reason.length >= 20));
    const withoutCharts = settingsOf({ features: { helmReleases: false }, ...WITHOUT_CHARTS_LOGGING });
    assert.deepEqual(scanningFeature.policyExceptions!(withoutCharts), []);
  });
});

// What the secrets layer's charts may do, as their values decide: Reloader only in the app namespaces, no Sealed
// Secrets service proxy for every user, every image through the mirror when one is set; and the privileges they keep
// declared as reviewed exceptions exactly when their chart is installed.
import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { externalSecretsValues, reloaderValues, sealedSecretsValues } from "./chart-values";
import { secretsFeature } from "./feature";
import { resolveSecrets, type ResolvedSecrets } from "./settings";

function settingsOf(overrides: Record<string, unknown> = {}): ResolvedSecrets {
  const settings = resolveSecrets(stackConfigWith("staging", overrides));
  assert.ok(settings);
  return settings;
}

/** The Reloader values the component installs for a stack. */
function reloaderOf(settings: ResolvedSecrets) {
  const operator = settings.externalSecrets!.operator!;
  return reloaderValues({
    serviceMonitor: operator.settings.operator.serviceMonitor,
    resources: operator.settings.operator.resources,
    appNamespaces: operator.appNamespaces,
    registryMirror: operator.registryMirror,
  }) as { image: { repository: string }; reloader: { watchGlobally: boolean; namespaces: string[]; autoReloadAll: boolean } };
}

describe("secrets: the charts' privileges", () => {
  it("Reloader watches the app namespaces only: no global watch (a ClusterRole reading every Secret, the sealing keys included)", () => {
    const values = reloaderOf(settingsOf());
    assert.equal(values.reloader.watchGlobally, false);
    assert.deepEqual(values.reloader.namespaces, ["e-commerce"]);
    assert.equal(values.reloader.autoReloadAll, false);
  });

  it("Sealed Secrets binds its service proxy to nobody (the chart would bind it to every authenticated user)", () => {
    const sealed = settingsOf().sealedSecrets!;
    const values = sealedSecretsValues(sealed) as { rbac: { serviceProxier: { create: boolean } } };
    assert.equal(values.rbac.serviceProxier.create, false);
  });

  it("every image of the three charts is pulled through images.registryMirror when set, from upstream otherwise", () => {
    const mirror = "harbor.shop.example.com";
    for (const [settings, prefix] of [
      [settingsOf(), ""],
      [settingsOf({ images: { registryMirror: mirror } }), `${mirror}/`],
    ] as const) {
      const operator = settings.externalSecrets!.operator!;
      const eso = externalSecretsValues({ ...operator.settings.operator, registryMirror: operator.registryMirror }) as Record<
        string,
        { repository?: string; image?: { repository: string } }
      > & { image: { repository: string } };
      for (const image of [eso.image, eso.webhook.image!, eso.certController.image!]) {
        assert.equal(image.repository, `${prefix}ghcr.io/external-secrets/external-secrets`);
      }
      assert.equal(reloaderOf(settings).image.repository, `${prefix}ghcr.io/stakater/reloader`);
      const sealed = sealedSecretsValues(settings.sealedSecrets!) as { image: { registry: string } };
      assert.equal(sealed.image.registry, `${prefix}docker.io`);
    }
  });

  it("declares each chart's kept privileges as reviewed exceptions, Reloader's only with rotation, none without the charts", () => {
    const resources = (settings: ResolvedSecrets) => [...new Set(secretsFeature.policyExceptions!(settings).map((e) => e.resource))];
    assert.deepEqual(resources(settingsOf()), [
      "ClusterRole external-secrets-controller",
      "ClusterRole external-secrets-cert-controller",
      "Deployment external-secrets/external-secrets-webhook",
      "Role e-commerce/reloader-reloader-role",
      "Role external-secrets/reloader-reloader-role",
      "ClusterRole secrets-unsealer",
      "Role kube-system/sealed-secrets-controller-key-admin",
    ]);
    assert.ok(secretsFeature.policyExceptions!(settingsOf()).every((e) => e.reason.length >= 20 && e.release !== null));
    assert.ok(!resources(settingsOf({ secrets: { rotation: false } })).some((r) => r.includes("reloader")));
    const withoutCharts = settingsOf({ features: { helmReleases: false }, logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } } });
    assert.deepEqual(resources(withoutCharts), []);
  });
});

// Configuration of scanning and backup, and the Pod Security levels it decides: parsed from the real staging file
// with a user's edit applied, no program run.
import { strict as assert } from "node:assert";
import { resolveStack } from "../../platform/resolve";
import { configErrorOf, stackConfigWith } from "../../tests/harness/config";

// Logging needs a chart-issued certificate or a named TLS Secret; a stack without charts names one.
const WITHOUT_CHARTS_LOGGING = { logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } } };
const stagingWith = (overrides: Record<string, unknown>) => stackConfigWith("staging", overrides);
const planNamespaces = (config: ReturnType<typeof stagingWith>) => resolveStack(config).namespaces;

const levelOf = (overrides: Record<string, unknown>, ns: string) => {
  const spec = planNamespaces(stagingWith(overrides)).find((n) => n.name === ns);
  assert.ok(spec, `namespace ${ns} is declared`);
  return spec;
};

describe("scanning and backup configuration", () => {
  it("refuses an unpinned scanner image, naming the key and the value", () => {
    const err = configErrorOf(() => stagingWith({ scanning: { scannerImage: "aquasec/trivy:latest" } }));
    assert.match(err.message, /ecommerce-security:scanning\.scannerImage: must be pinned to a version tag or digest.*\(got "aquasec\/trivy:latest"\)/);
    assert.match(configErrorOf(() => stagingWith({ scanning: { scannerImage: "aquasec/trivy" } })).message, /scanning\.scannerImage: must be pinned/);
    const digest = `aquasec/trivy@sha256:${"a".repeat(64)}`;
    assert.equal(stagingWith({ scanning: { scannerImage: digest } }).scanning.scannerImage, digest);
  });

  it("refuses a backup namespace that is not in the catalog, listing the known ones", () => {
    const err = configErrorOf(() => stagingWith({ naming: { layout: "separated" }, backup: { namespaces: ["ecommerce", "ecommerce-dat"] } }));
    assert.match(
      err.message,
      /ecommerce-security:backup\.namespaces\[1\]: is not a namespace of the service catalog; known: ecommerce, ecommerce-data \(got "ecommerce-dat"\)/,
    );
  });

  it("refuses an explicit trivy-system level stricter than the node collector needs", () => {
    const err = configErrorOf(() =>
      stagingWith({ scanning: { scanners: { infraAssessment: true } }, podSecurity: { namespaces: { "trivy-system": { level: "restricted" } } } }),
    );
    assert.match(err.message, /podSecurity\.namespaces\.trivy-system\.level: is stricter than namespace trivy-system needs \(privileged\): .*node collector/);
  });

  it("keeps trivy-system and velero restricted unless the node collector or the node agent is on", () => {
    assert.equal(levelOf({}, "trivy-system").level, "restricted");
    assert.equal(levelOf({}, "velero").level, "restricted");
    assert.equal(levelOf({}, "velero").reason, undefined);
    assert.equal(levelOf({ scanning: { scanners: { infraAssessment: true } } }, "trivy-system").level, "privileged");
    assert.equal(levelOf({ scanning: { scanners: { infraAssessment: true } } }, "velero").level, "restricted", "one need does not spill over");
    assert.equal(levelOf({ backup: { fileSystemBackup: true } }, "velero").level, "privileged");
    assert.equal(levelOf({ backup: { fileSystemBackup: true } }, "trivy-system").level, "restricted");
  });

  it("the node collector needs no privileged namespace when trivy-operator is not installed", () => {
    assert.equal(
      levelOf({ scanning: { scanners: { infraAssessment: true } }, features: { helmReleases: false }, ...WITHOUT_CHARTS_LOGGING }, "trivy-system").level,
      "restricted",
    );
  });

  it("an explicit level at or above the need is kept with its own reason", () => {
    const spec = levelOf(
      {
        backup: { fileSystemBackup: true },
        podSecurity: { namespaces: { velero: { level: "privileged", reason: "node agent reads pod volumes from the host" } } },
      },
      "velero",
    );
    assert.equal(spec.level, "privileged");
    assert.equal(spec.reason, "node agent reads pod volumes from the host");
  });

  it("a stack whose default level is baseline keeps baseline where nothing more is needed", () => {
    assert.equal(levelOf({ podSecurity: { defaultLevel: "baseline" } }, "velero").level, "baseline");
    assert.equal(levelOf({ podSecurity: { defaultLevel: "baseline" }, backup: { fileSystemBackup: true } }, "velero").level, "privileged");
  });

  it("only the app namespaces opt in to signature admission, and only with features.imageSignatures", () => {
    const on = planNamespaces(stagingWith({}));
    assert.deepEqual(
      on.filter((n) => n.imageSignatures).map((n) => n.name),
      ["e-commerce"],
    );
    assert.deepEqual(
      planNamespaces(stagingWith({ naming: { layout: "separated" } }))
        .filter((n) => n.imageSignatures)
        .map((n) => n.name),
      ["ecommerce", "ecommerce-data"],
    );
    const off = planNamespaces(stagingWith({ features: { imageSignatures: false } }));
    assert.deepEqual(
      off.filter((n) => n.imageSignatures),
      [],
    );
  });
});

/**
 * Which releases a stack installs, from where and how (`charts.<release>.install`, `repository`, `skipAwait`): what the
 * e2e stack relies on to install charts from ../shared/charts on an API server without nodes, and to leave out the
 * charts whose admission webhooks cannot serve there.
 */
import { strict as assert } from "node:assert";
import { objectsOfKind, resourcesOfType, runStack, type RecordedResource, type StackRun } from "../harness";
import { localPackageOf, plannedReleases, RELEASE_TYPE } from "../../platform/offline/helm-releases";

/** The releases of a run by Helm release name. */
function releasesOf(run: StackRun): Map<string, RecordedResource> {
  return new Map(resourcesOfType(run, RELEASE_TYPE).map((r) => [String(r.inputs.name), r]));
}

describe("Helm releases: charts.<release>.install, repository as a local folder, skipAwait (staging)", () => {
  let base: StackRun;
  before(async () => {
    base = await runStack("staging");
  });

  it("staging installs every release from its repository, atomically and waiting", () => {
    const releases = releasesOf(base);
    assert.deepEqual([...releases.keys()].sort(), [
      "cert-manager",
      "external-secrets",
      "harbor",
      "policy-controller",
      "reloader",
      "sealed-secrets",
      "trivy-operator",
      "velero",
    ]);
    for (const [name, r] of releases) {
      assert.match(String((r.inputs.repositoryOpts as { repo?: string } | undefined)?.repo), /^(https|oci):\/\//, name);
      assert.equal(r.inputs.atomic, true, name);
      assert.equal(r.inputs.skipAwait, false, name);
    }
  });

  it("install: false leaves out the release and the custom resources of its CRDs; Reloader stays without External Secrets", async () => {
    const run = await runStack("staging", {
      overrides: {
        charts: { "cert-manager": { install: false }, "external-secrets": { install: false }, "policy-controller": { install: false } },
        // Without cert-manager the stack issues no certificate for Elasticsearch (the logging checks ask for one).
        logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } },
      },
    });
    // Harbor stays: without cert-manager and External Secrets it reads harbor-tls and its credentials as they exist.
    assert.deepEqual([...releasesOf(run).keys()].sort(), ["harbor", "reloader", "sealed-secrets", "trivy-operator", "velero"]);
    assert.ok(objectsOfKind(base, "ExternalSecret").length > 0 && objectsOfKind(base, "Certificate").length > 0);
    for (const kind of ["ExternalSecret", "SecretStore", "ClusterSecretStore", "Certificate", "Issuer", "ClusterIssuer", "ClusterImagePolicy"]) {
      assert.deepEqual(objectsOfKind(run, kind), [], kind);
    }
    // Reloader keeps its namespace's NetworkPolicies (it reaches the API server through them).
    const reloader = releasesOf(run).get("reloader")!;
    assert.equal(reloader.inputs.namespace, releasesOf(base).get("reloader")!.inputs.namespace);
    assert.deepEqual(reloader.inputs.values, releasesOf(base).get("reloader")!.inputs.values);
  });

  it("a local folder as repository installs the package <chart>-<version>.tgz from it, relative to the project; skipAwait drops atomic", async () => {
    const run = await runStack("staging", { overrides: { charts: { velero: { repository: "../shared/charts", skipAwait: true } } } });
    const velero = releasesOf(run).get("velero")!;
    assert.equal(velero.inputs.chart, "../shared/charts/velero-12.1.0.tgz");
    assert.equal(velero.inputs.repositoryOpts, undefined);
    assert.equal(velero.inputs.version, "12.1.0");
    // Helm's atomic install implies its wait: a release that does not wait cannot be atomic.
    assert.equal(velero.inputs.skipAwait, true);
    assert.equal(velero.inputs.atomic, false);
    assert.equal(releasesOf(run).get("trivy-operator")!.inputs.atomic, true);
    // The plan renders such a release from that package (the plan runs in the project directory).
    const planned = plannedReleases(run.resources).find((r) => r.release === "velero")!;
    assert.equal(planned.repository, "");
    assert.match(localPackageOf(planned)!, /\/shared\/charts\/velero-12\.1\.0\.tgz$/);
    assert.equal(localPackageOf(plannedReleases(base.resources).find((r) => r.release === "velero")!), undefined);
    // A folder written ./charts/ stays a path Helm and the pack read as local (not a repository alias `charts`).
    const dotted = await runStack("staging", { overrides: { charts: { velero: { repository: "./charts/" } } } });
    assert.equal(releasesOf(dotted).get("velero")!.inputs.chart, "./charts/velero-12.1.0.tgz");
  });
});

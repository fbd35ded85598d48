// Velero is never bound to cluster-admin by its chart: the chart's RBAC is off, the program grants what backup and
// restore of the protected namespaces need (no wildcard, no escalation, bound in those namespaces only), and a stack
// that really needs cluster-admin says why, which makes the binding a reviewed exception.
import { strict as assert } from "node:assert";
import { objectsOfKind, runStack, type KubernetesObject } from "../../tests/harness";
import { configErrorWith, stackConfigWith } from "../../tests/harness/config";
import { backupFeature } from "./feature";
import { BACKED_UP_RESOURCES, VELERO_RBAC, includedResources, veleroRbacManifests } from "./rbac";
import { resolveBackup, type ResolvedBackup } from "./settings";
import { veleroValues } from "./velero-values";

const REASON = "restores of whole namespaces into new clusters during disaster-recovery drills";

function settingsOf(overrides: Record<string, unknown> = {}): ResolvedBackup {
  const settings = resolveBackup(stackConfigWith("staging", overrides));
  assert.ok(settings);
  return settings;
}

/** The chart values the Backup component installs. */
function valuesOf(s: ResolvedBackup) {
  return veleroValues({
    bucketName: s.bucketName,
    region: s.region,
    schedule: s.schedule,
    namespaces: s.namespaces,
    ttl: "720h",
    excludedResources: s.excludedResources,
    volumeSnapshots: s.volumeSnapshots,
    fileSystemBackup: s.fileSystemBackup,
    resources: s.resources,
    serviceMonitor: s.serviceMonitor,
    clusterAdmin: s.clusterAdminReason !== undefined,
    registryMirror: s.registryMirror,
    kubernetesVersion: s.kubernetesVersion,
  }) as {
    rbac: { create: boolean; clusterAdministrator: boolean };
    schedules: { daily: { template: { includedResources?: string[] } } };
    kubectl: { image: { repository: string; tag: string } };
  };
}

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type RbacObject = KubernetesObject & { metadata: { name: string }; rules?: Rule[]; roleRef?: { kind: string; name: string } };

describe("backup: Velero's RBAC", () => {
  it("the chart creates no RBAC: neither its cluster-admin binding nor its Role of every verb on every resource", () => {
    assert.deepEqual(valuesOf(settingsOf()).rbac, { create: false, clusterAdministrator: false });
  });

  it("the program's roles grant no wildcard, no escalate/bind/impersonate, and never delete what a restore brings back", () => {
    const manifests = veleroRbacManifests({ namespace: "velero", serviceAccount: "velero-server", backedUpNamespaces: ["a", "b"], fileSystemBackup: true });
    const rules = (manifests as RbacObject[]).flatMap((m) => m.rules ?? []);
    assert.ok(rules.length > 5);
    for (const rule of rules) {
      for (const field of [rule.apiGroups, rule.resources, rule.verbs]) assert.ok(!field.some((v) => v.includes("*")), JSON.stringify(rule));
      assert.ok(!rule.verbs.some((v) => ["escalate", "bind", "impersonate"].includes(v)), JSON.stringify(rule));
    }
    const backupRestore = (manifests as RbacObject[]).find((m) => m.metadata.name === VELERO_RBAC.backupRestore && m.kind === "ClusterRole")!;
    assert.ok(backupRestore.rules!.every((r) => !r.verbs.includes("delete")));
  });

  it("backup and restore rights are bound in the backed-up namespaces only, never cluster-wide", () => {
    const manifests = veleroRbacManifests({
      namespace: "velero",
      serviceAccount: "velero-server",
      backedUpNamespaces: ["ecommerce", "ecommerce-data"],
      fileSystemBackup: false,
    }) as RbacObject[];
    const bindingsOf = (role: string) => manifests.filter((m) => m.roleRef?.name === role).map((m) => `${m.kind} ${m.metadata.namespace ?? ""}`);
    assert.deepEqual(bindingsOf(VELERO_RBAC.backupRestore), ["RoleBinding ecommerce", "RoleBinding ecommerce-data"]);
    assert.ok(!manifests.some((m) => m.roleRef?.name === "cluster-admin"));
  });

  it("the schedule backs up exactly the kinds Velero may read and restore (so it never lists a kind it may not)", () => {
    const included = valuesOf(settingsOf()).schedules.daily.template.includedResources;
    assert.deepEqual(included, includedResources());
    assert.equal(included!.length, BACKED_UP_RESOURCES.flatMap((g) => g.resources).length);
    assert.ok(included!.includes("secrets") && included!.includes("deployments.apps") && included!.includes("externalsecrets.external-secrets.io"));
  });

  it("the stack's objects: the scoped roles and bindings, and no binding to cluster-admin", async () => {
    const run = await runStack("staging");
    assert.deepEqual(
      objectsOfKind(run, "RoleBinding")
        .filter((b) => b.metadata.name === VELERO_RBAC.backupRestore)
        .map((b) => b.metadata.namespace),
      run.config.backup!.namespaces ?? ["e-commerce"],
    );
    assert.ok(!objectsOfKind<RbacObject>(run, "ClusterRoleBinding").some((b) => b.roleRef?.name === "cluster-admin"));
  });

  it("backup.clusterAdmin with a reason binds cluster-admin instead, and declares the binding a reviewed exception with that reason", async () => {
    const run = await runStack("staging", { overrides: { backup: { clusterAdmin: { reason: REASON } } } });
    const admin = objectsOfKind<RbacObject>(run, "ClusterRoleBinding").filter((b) => b.roleRef?.name === "cluster-admin");
    assert.deepEqual(
      admin.map((b) => b.metadata.name),
      [VELERO_RBAC.clusterAdmin],
    );
    assert.equal(objectsOfKind(run, "ClusterRole").filter((r) => r.metadata.name === VELERO_RBAC.backupRestore).length, 0);
    const settings = settingsOf({ backup: { clusterAdmin: { reason: REASON } } });
    assert.equal(valuesOf(settings).schedules.daily.template.includedResources, undefined, "with cluster-admin every kind is backed up");
    const exceptions = backupFeature.policyExceptions!(settings);
    assert.deepEqual(
      exceptions.map((e) => [e.rule, e.resource]),
      [["rbac-no-cluster-admin-binding", `ClusterRoleBinding ${VELERO_RBAC.clusterAdmin}`]],
    );
    assert.ok(exceptions.every((e) => e.reason.includes(REASON)));
  });

  it("backup.clusterAdmin without a real reason is refused, naming the key", () => {
    assert.match(
      configErrorWith("staging", { backup: { clusterAdmin: { reason: "because" } } }).message,
      /backup\.clusterAdmin\.reason: must say why Velero needs cluster-admin/,
    );
  });

  it("the hooks' kubectl is pinned to the cluster's version, not left to the version the API server reports", () => {
    assert.deepEqual(valuesOf(settingsOf()).kubectl.image, { repository: "registry.k8s.io/kubectl", tag: "v1.34.0" });
    assert.deepEqual(valuesOf(settingsOf({ cluster: { kubernetesVersion: "1.33.4" } })).kubectl.image.tag, "v1.33.4");
  });
});

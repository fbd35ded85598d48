// Item 3 of issue 15: the PCI zone is real where PCI-DSS is on (production). payments-service runs in pci-zone with
// everything derived from it (identity, Roles by name, Secrets, certificate, NetworkPolicies, Istio rules), the zone
// is in the mesh (STRICT, sidecars) and under image signature admission, and every flow into and out of it is the
// explicit list below, proven with the reachability analyzer.
import { strict as assert } from "node:assert";
import { analyze, type AnalysisResult } from "@ecommerce-security/netpol";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { describeAddresses } from "../../platform/offline/network-report";
import { representativePods } from "../../components/network/representative-workloads";
import { objectsOfKind, runStack, type KubernetesObject, type StackRun } from "../harness";
import { standInPods } from "../harness/stand-in-pods";

const ZONE = "pci-zone";

/**
 * Every flow into and out of the zone, exactly: the api-gateway calls payments-service on its port; payments-service
 * resolves names, gets its mesh configuration and certificate from istiod, and calls the payment provider's
 * configured ranges on 443. Nothing else reaches the zone, and nothing else leaves it (a stray pod in the zone has
 * no flow at all).
 */
const ALLOWED_FLOWS = [
  "ecommerce/api-gateway[Pod] -> pci-zone/payments-service[Pod]: TCP 9000",
  "pci-zone/payments-service[Pod] -> 198.51.100.0/24, 203.0.113.0/24: TCP 443",
  "pci-zone/payments-service[Pod] -> istio-system/istiod[Pod]: TCP 15012",
  "pci-zone/payments-service[Pod] -> kube-system/kube-dns[Pod]: TCP 53,UDP 53",
];

/** The flows of the analysis that enter or leave the zone, external addresses grouped per workload and connections. */
function zoneFlows(result: AnalysisResult): string[] {
  const inZone = (p: (typeof result.connections)[number]["src"]) => p.type === "workload" && p.namespace === ZONE;
  const flows = new Map<string, Array<{ first: number; last: number }>>();
  for (const c of result.connections) {
    if (!inZone(c.src) && !inZone(c.dst)) continue;
    if (c.src.id === c.dst.id) continue;
    const ends = [c.src, c.dst].map((p) => (p.type === "workload" ? p.id : "<external>"));
    const key = `${ends[0]} -> ${ends[1]}: ${c.conns.toString()}`;
    const ranges = flows.get(key) ?? [];
    if (c.dst.type === "external") ranges.push({ first: c.dst.first, last: c.dst.last });
    if (c.src.type === "external") ranges.push({ first: c.src.first, last: c.src.last });
    flows.set(key, ranges);
  }
  return [...flows].map(([key, ranges]) => (ranges.length > 0 ? key.replace("<external>", describeAddresses(ranges)) : key)).sort();
}

type Rule = { apiGroups: string[]; resources: string[]; resourceNames?: string[]; verbs: string[] };

describe("the PCI zone where compliance.pciDss is on (production)", () => {
  let run: StackRun;
  before(async () => {
    run = await runStack("production");
  });

  it("every flow into and out of pci-zone is the explicit list (analyzer)", () => {
    const result = analyze([...kubernetesObjects(run.resources), ...representativePods(run.config), ...standInPods(run)]);
    assert.ok(
      result.workloads.some((w) => w.id === "pci-zone/pci-zone-any[Pod]"),
      "a stray pod stands in the zone",
    );
    assert.deepEqual(zoneFlows(result), ALLOWED_FLOWS);
  });

  it("payments-service and everything derived from it live in pci-zone, nothing of it in ecommerce", () => {
    const of = (ns: string) =>
      kubernetesObjects(run.resources)
        .filter((o) => o.metadata.namespace === ns && o.metadata.name?.startsWith("payments-service"))
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort();
    assert.deepEqual(of(ZONE), [
      "AuthorizationPolicy/payments-service",
      "Certificate/payments-service",
      "DestinationRule/payments-service",
      "ExternalSecret/payments-service-secrets",
      "NetworkPolicy/payments-service-egress",
      "NetworkPolicy/payments-service-ingress",
      "Role/payments-service",
      "RoleBinding/payments-service",
      "ServiceAccount/payments-service",
    ]);
    assert.deepEqual(of("ecommerce"), []);
  });

  it("the payment services' Roles grant get by name only; every binding in the zone is one of the listed ones", () => {
    const roles = objectsOfKind<KubernetesObject & { rules: Rule[] }>(run, "Role", ZONE).filter((r) => r.metadata.name!.startsWith("pay"));
    assert.deepEqual(roles.map((r) => r.metadata.name).sort(), ["payment-only", "payments-service"]);
    for (const role of roles)
      for (const rule of role.rules) {
        assert.deepEqual(rule.verbs, ["get"], `${role.metadata.name}: only get`);
        assert.ok((rule.resourceNames ?? []).length > 0, `${role.metadata.name}: by resourceNames`);
      }
    type Binding = KubernetesObject & { roleRef: { kind: string; name: string }; subjects: Array<{ kind: string; name: string; namespace?: string }> };
    const bindings = objectsOfKind<Binding>(run, "RoleBinding", ZONE).map(
      (b) => `${b.roleRef.kind}/${b.roleRef.name} <- ${b.subjects.map((s) => `${s.namespace}/${s.name}`).join(", ")}`,
    );
    assert.deepEqual(
      bindings.sort(),
      [
        // The scans read the zone's workloads (pods, controllers), never a Secret.
        "Role/image-scan-read-workloads <- trivy-system/image-scan",
        // The payment services: their own Secret and ConfigMap, by name.
        "Role/payment-only <- pci-zone/payments-service",
        "Role/payments-service <- pci-zone/payments-service",
        "Role/security-update-check-read-workloads <- trivy-system/security-update-check",
        // Velero backs the zone up (encrypted, Object Lock), a reviewed exception of the backup concern.
        "ClusterRole/velero-backup-restore <- velero/velero-server",
      ].sort(),
    );
  });

  it("the zone is in the mesh (STRICT mTLS, sidecars, allow-nothing by default) and under image signature admission", () => {
    const ns = objectsOfKind(run, "Namespace").find((n) => n.metadata.name === ZONE)!;
    assert.equal(ns.metadata.labels?.["istio-injection"], "enabled");
    assert.equal(ns.metadata.labels?.["policy.sigstore.dev/include"], "true");
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
    const peer = objectsOfKind<KubernetesObject & { spec: { mtls: { mode: string } } }>(run, "PeerAuthentication", ZONE);
    assert.deepEqual(
      peer.map((p) => p.spec.mtls.mode),
      ["STRICT"],
    );
    const authz = objectsOfKind<KubernetesObject & { spec: Record<string, unknown> }>(run, "AuthorizationPolicy", ZONE);
    assert.deepEqual(authz.find((a) => a.metadata.name === "deny-by-default")?.spec, {});
    assert.deepEqual(authz.find((a) => a.metadata.name === "payments-service")?.spec.rules, [
      { from: [{ source: { principals: ["cluster.local/ns/ecommerce/sa/api-gateway"] } }], to: [{ operation: { ports: ["9000"] } }] },
    ]);
  });

  it("staging (pciDss off) has no zone: payments-service stays in the application namespace (the document's e-commerce)", async () => {
    const staging = await runStack("staging");
    assert.equal(staging.config.catalog.find((s) => s.name === "payments-service")!.namespace, "e-commerce");
    assert.ok(!objectsOfKind(staging, "Namespace").some((n) => n.metadata.name === ZONE));
  });
});

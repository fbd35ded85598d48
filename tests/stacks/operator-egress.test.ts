// Item 6 of issue 15, proven with the reachability analyzer over each real stack's NetworkPolicies: no pod of the
// stack (the operators' included: External Secrets, Velero, trivy-operator, policy-controller, cert-manager, Sealed
// Secrets) can reach the cloud metadata endpoint or any private address, except the destinations the stack declares
// (the API server, the VPC endpoints, Vault's ranges) on their ports.
import { strict as assert } from "node:assert";
import { analyze, ConnectionSet, parseCidr, type AnalysisResult, type Connection, type WorkloadPeer } from "@ecommerce-security/netpol";
import { inside, overlaps, privateReach, range, reachesAll } from "../harness/private-destinations";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { representativePods } from "../../components/network/representative-workloads";
import { objectsOfKind, realStacks, runStack, type KubernetesObject, type StackRun } from "../harness";
import { apiServerOf, type NetpolSpec } from "../harness/operator-network";
import { standInPods, STAND_IN_LABEL } from "../harness/stand-in-pods";

/** The analysis of a run with the catalog's representative pods and the stand-ins of every namespace. */
function analysisOf(run: StackRun): AnalysisResult {
  return analyze([...kubernetesObjects(run.resources), ...representativePods(run.config), ...standInPods(run)]);
}

/**
 * The connections to external addresses of every pod the stack governs: pods of the namespaces it declares, and the
 * stand-ins its policies select elsewhere (the Sealed Secrets controller in kube-system).
 */
function governedExternalConnections(run: StackRun, result: AnalysisResult): Connection[] {
  const declaredNamespaces = new Set(objectsOfKind(run, "Namespace").map((n) => n.metadata.name!));
  return result.connections.filter(
    (c) =>
      c.src.type === "workload" &&
      c.dst.type === "external" &&
      (declaredNamespaces.has(c.src.namespace) || (c.src.labels[STAND_IN_LABEL] === "true" && !c.src.name.endsWith("-any"))),
  );
}

/** The namespaces of the operators: External Secrets, Velero, trivy-operator, policy-controller, cert-manager, Sealed Secrets. */
const OPERATOR_NAMESPACES = (run: StackRun) =>
  new Set([
    run.config.secrets.operatorNamespace,
    run.config.backup!.namespace,
    run.config.scanning.namespace,
    "cosign-system",
    "cert-manager",
    run.config.secrets.sealedSecrets.namespace,
  ]);

/** The stand-ins an operator namespace's egress policy (the one with external rules) selects. */
function operatorPodsOf(run: StackRun, result: AnalysisResult): WorkloadPeer[] {
  const namespaces = OPERATOR_NAMESPACES(run);
  const egressPolicies = objectsOfKind<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy").filter(
    (p) => namespaces.has(p.metadata.namespace!) && (p.spec.egress ?? []).some((r) => r.to.some((peer) => peer.ipBlock)),
  );
  return result.workloads.filter(
    (w) =>
      w.labels[STAND_IN_LABEL] === "true" &&
      egressPolicies.some(
        (p) =>
          p.metadata.namespace === w.namespace &&
          Object.entries((p.spec.podSelector as { matchLabels?: Record<string, string> }).matchLabels ?? {}).every(([k, v]) => w.labels[k] === v),
      ),
  );
}

describe("operators reach no private address but the declared destinations (analyzer)", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      let run: StackRun;
      let result: AnalysisResult;
      before(async () => {
        run = await runStack(stack);
        result = analysisOf(run);
      });

      it("no pod of the stack reaches 169.254.169.254, a link-local, loopback or private address outside the API server", () => {
        assert.deepEqual(privateReach(run, governedExternalConnections(run, result)), []);
        const metadata = parseCidr("169.254.169.254/32");
        assert.ok(metadata.ok);
        const reaching = governedExternalConnections(run, result).filter(
          (c) => c.dst.type === "external" && c.dst.first <= metadata.first && metadata.last <= c.dst.last,
        );
        assert.deepEqual(
          reaching.map((c) => c.src.id),
          [],
        );
      });

      it("every operator pod reaches the declared API server on its ports, and all but the Sealed Secrets controller the internet on 443", () => {
        const apiServer = apiServerOf(run);
        const operatorPods = operatorPodsOf(run, result);
        const namespaces = new Set(operatorPods.map((w) => w.namespace));
        assert.deepEqual([...namespaces].sort(), [...OPERATOR_NAMESPACES(run)].sort(), "a stand-in of every operator");
        const problems: string[] = [];
        for (const pod of operatorPods) {
          const out = result.connections.filter((c) => c.src.id === pod.id && c.dst.type === "external");
          for (const cidr of apiServer.cidrs)
            for (const port of apiServer.ports) if (!reachesAll(out, cidr, port)) problems.push(`${pod.id} cannot reach the API server ${cidr} on ${port}`);
          // A public address (an AWS API's): registries, cloud APIs, ACME. The sealing controller needs none.
          const publicAddress = range("52.94.0.1/32");
          const internet = out.some(
            (c) => c.dst.type === "external" && inside(publicAddress, { first: c.dst.first, last: c.dst.last }) && c.conns.allows("TCP", 443),
          );
          if (internet === (pod.namespace === run.config.secrets.sealedSecrets.namespace))
            problems.push(`${pod.id} ${internet ? "reaches" : "cannot reach"} the internet on 443`);
        }
        assert.deepEqual(problems, []);
      });
    });
  }

  it("a stack declaring VPC endpoints and a private Vault reaches them on their ports only, and still no other private address", async () => {
    const run = await runStack("production", {
      overrides: {
        network: { vpcEndpoints: ["10.20.200.0/24"], apiServer: { cidrs: ["10.20.0.0/20"], ports: [443] } },
        secrets: { vault: { address: "https://vault.shop.example.com:8200", cidrs: ["10.30.1.0/24"] } },
      },
    });
    const result = analysisOf(run);
    assert.deepEqual(privateReach(run, governedExternalConnections(run, result)), []);
    const controller = result.workloads.find((w) => w.namespace === "external-secrets" && w.name === "external-secrets-vault-egress-pod");
    assert.ok(controller, "the External Secrets controller's stand-in");
    const toVault = result.connections.filter(
      (c) => c.src.id === controller.id && c.dst.type === "external" && overlaps({ first: c.dst.first, last: c.dst.last }, range("10.30.1.0/24")),
    );
    assert.ok(
      toVault.length > 0 && toVault.every((c) => c.conns.equals(ConnectionSet.of({ TCP: [8200] }))),
      "the controller reaches Vault's range on 8200 only",
    );
    const velero = result.workloads.find((w) => w.namespace === "velero" && w.name === "velero-any");
    assert.ok(velero);
    const toEndpoints = result.connections.filter(
      (c) => c.src.id === velero.id && c.dst.type === "external" && overlaps({ first: c.dst.first, last: c.dst.last }, range("10.20.200.0/24")),
    );
    assert.ok(
      toEndpoints.length > 0 && toEndpoints.every((c) => c.conns.equals(ConnectionSet.of({ TCP: [443] }))),
      "Velero reaches the VPC endpoints on 443 only",
    );
    // The rest of the node ranges is no longer the API server.
    const toNodes = result.connections.filter(
      (c) => c.src.id === velero.id && c.dst.type === "external" && overlaps({ first: c.dst.first, last: c.dst.last }, range("10.20.64.0/24")),
    );
    assert.deepEqual(toNodes, []);
  });
});

// Item 9 of issue 15: labelling a pod `incident=isolated` cuts it off in every namespace the stack declares, the
// operators' included, proven with the reachability analyzer over each real stack: every pod of each namespace (the
// catalog's representative pods, a stand-in for every label set a policy selects, an unlabelled stray), once labelled
// isolated, reaches nothing and is reached by nothing, while its unlabelled twin keeps its flows.
import { strict as assert } from "node:assert";
import { analyze, type AnalysisResult } from "@ecommerce-security/netpol";
import type { KubeObject } from "@ecommerce-security/manifests";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { representativePods } from "../../components/network/representative-workloads";
import { catalogNamespaces } from "../../core/catalog";
import { objectsOfKind, realStacks, runStack, type KubernetesObject, type StackRun } from "../harness";
import { isolatedTwin, standInPods } from "../harness/stand-in-pods";

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
type Policy = KubernetesObject & { spec: { podSelector: Selector; policyTypes: string[]; ingress?: unknown[]; egress?: unknown[] } };

/** The namespaces the stack declares, and those where it places allow policies without declaring them (kube-system). */
function governedNamespaces(run: StackRun): string[] {
  const declared = objectsOfKind(run, "Namespace").map((n) => n.metadata.name!);
  const withPolicies = objectsOfKind(run, "NetworkPolicy").map((p) => p.metadata.namespace!);
  return [...new Set([...declared, ...withPolicies])];
}

/** Every pod of the analysis in the governed namespaces, and an isolated twin of each. */
function podsAndTwins(run: StackRun): { pods: KubeObject[]; twins: KubeObject[] } {
  const namespaces = new Set(governedNamespaces(run));
  const pods = [...representativePods(run.config), ...standInPods(run)].filter((p) => namespaces.has((p.metadata as { namespace: string }).namespace));
  return { pods, twins: pods.map(isolatedTwin) };
}

const isAllowPolicy = (p: Policy) => p.metadata.name !== "default-deny-all" && p.metadata.name !== "incident-isolation";

describe("incident isolation reaches every namespace the stack declares (analyzer)", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      let run: StackRun;
      let result: AnalysisResult;
      let pods: KubeObject[];
      let twins: KubeObject[];
      before(async () => {
        run = await runStack(stack);
        ({ pods, twins } = podsAndTwins(run));
        result = analyze([...kubernetesObjects(run.resources), ...representativePods(run.config), ...standInPods(run), ...twins]);
      });

      it("every namespace the stack declares or places policies in has incident-isolation: incident=isolated, both directions, no rule", () => {
        const missing: string[] = [];
        for (const ns of governedNamespaces(run)) {
          const policy = objectsOfKind<Policy>(run, "NetworkPolicy", ns).find((p) => p.metadata.name === "incident-isolation");
          if (!policy) missing.push(ns);
          else
            assert.deepEqual(policy.spec, {
              podSelector: { matchLabels: { incident: "isolated" } },
              policyTypes: ["Ingress", "Egress"],
              ingress: [],
              egress: [],
            });
        }
        assert.deepEqual(missing, []);
        assert.ok(governedNamespaces(run).length >= 10, governedNamespaces(run).join(", "));
      });

      it("every allow policy of every namespace excludes incident=isolated from the pods it selects", () => {
        const including = objectsOfKind<Policy>(run, "NetworkPolicy")
          .filter(isAllowPolicy)
          .filter(
            (p) => !(p.spec.podSelector.matchExpressions ?? []).some((e) => e.key === "incident" && e.operator === "NotIn" && e.values?.includes("isolated")),
          )
          .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
        assert.deepEqual(including, []);
      });

      it("a pod labelled incident=isolated, in any of those namespaces, reaches nothing and is reached by nothing", () => {
        const ids = new Set(twins.map((t) => `${(t.metadata as { namespace: string }).namespace}/${(t.metadata as { name: string }).name}[Pod]`));
        assert.equal(ids.size, twins.length);
        for (const id of ids)
          assert.ok(
            result.workloads.some((w) => w.id === id),
            `${id} is in the analysis`,
          );
        const flows = result.connections.filter((c) => ids.has(c.src.id) || ids.has(c.dst.id)).map((c) => `${c.src.id} -> ${c.dst.id} ${c.conns.toString()}`);
        assert.deepEqual(flows, []);
      });

      it("the same pods, not isolated, keep their flows (the proof is not vacuous)", () => {
        const ids = new Set(pods.map((p) => `${(p.metadata as { namespace: string }).namespace}/${(p.metadata as { name: string }).name}[Pod]`));
        const namespacesWithFlows = new Set(
          result.connections.filter((c) => ids.has(c.src.id) && c.src.type === "workload").map((c) => (c.src.type === "workload" ? c.src.namespace : "")),
        );
        for (const ns of ["external-secrets", "cert-manager", "velero", "trivy-system", "cosign-system", ...catalogNamespaces(run.config), "kube-system"])
          assert.ok(namespacesWithFlows.has(ns), `no pod of ${ns} has any flow`);
      });
    });
  }
});

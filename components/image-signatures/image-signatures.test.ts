import { strict as assert } from "node:assert";
import { chartPins } from "../../core/charts";
import { evaluatePodSpec } from "@ecommerce-security/pod-security";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, resourcesOfType, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { assertOperatorEgress, type NetpolSpec } from "../../tests/harness/operator-network";
import { componentsOfType, difference, isolationPolicyIn, secureNamespaceOf, subtreeOf, updateCheckAccessIn } from "../../tests/harness/resource-tree";
import { VARIANT } from "../../tests/harness/optional-switches-variant";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const INCLUDE = "policy.sigstore.dev/include";
type ImagePolicy = KubernetesObject & {
  spec: { mode: string; images: Array<{ glob: string }>; authorities: Array<{ key?: { data: string; hashAlgorithm?: string } }> };
};

const policyControllerRelease = (run: StackRun) => {
  const found = resourcesOfType(run, RELEASE, (r) => r.inputs.chart === "policy-controller");
  assert.equal(found.length, 1, "one policy-controller release");
  return found[0];
};

describe("image signatures: policy-controller and the ClusterImagePolicy", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("requires the platform's cosign key on every image under the private registry glob, enforced", async () => {
        const run = await runStack(stack);
        const sig = run.config.scanning.signatures!;
        const policy = objectNamed<ImagePolicy>(run, "ClusterImagePolicy", "private-registry-signed");
        assert.equal(policy.apiVersion, "policy.sigstore.dev/v1beta1");
        assert.deepEqual(policy.spec.images, [{ glob: sig.registryGlob }]);
        assert.equal(policy.spec.images[0].glob, "registry.shop.example.com/**");
        assert.equal(policy.spec.mode, "enforce");
        assert.equal(policy.spec.authorities.length, 1);
        assert.equal(policy.spec.authorities[0].key?.data.trim(), sig.cosignPublicKey.trim());
        assert.match(policy.spec.authorities[0].key!.data, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
      });

      it("the policy is created after the release whose webhook validates it, and the release waits until it serves", async () => {
        const run = await runStack(stack);
        const release = policyControllerRelease(run);
        assert.ok(resourceOfObject(run, "ClusterImagePolicy", "private-registry-signed").dependsOn.includes(`${RELEASE}::${release.name}`));
        assert.equal(release.inputs.skipAwait, false);
        assert.equal(release.inputs.version, chartPins["policy-controller"].version);
        assert.equal(release.inputs.namespace, "cosign-system");
      });

      it("the webhook fails closed, only for namespaces that opted in, and runs restricted with more than one replica", async () => {
        const values = policyControllerRelease(await runStack(stack)).inputs.values as {
          webhook: {
            failurePolicy: string;
            replicaCount: number;
            namespaceSelector: unknown;
            securityContext: Record<string, unknown>;
            podSecurityContext: Record<string, unknown>;
          };
          leasescleanup: { podSecurityContext: Record<string, unknown> };
        };
        const w = values.webhook;
        assert.equal(w.failurePolicy, "Fail");
        assert.ok(w.replicaCount >= 2);
        assert.deepEqual(w.namespaceSelector, { matchExpressions: [{ key: INCLUDE, operator: "In", values: ["true"] }] });
        // The chart's naming is inverted: `securityContext` is the pod's, `podSecurityContext` the container's; `enabled` is the chart's switch.
        const strip = ({ enabled, ...rest }: Record<string, unknown>) => (assert.equal(enabled, true), rest);
        const webhookPod = {
          securityContext: strip(w.securityContext),
          containers: [{ name: "webhook", image: "x", securityContext: strip(w.podSecurityContext) }],
        };
        assert.deepEqual(evaluatePodSpec({}, webhookPod, { level: "restricted" }), []);
        const cleanupPod = { containers: [{ name: "kubectl", image: "x", securityContext: strip(values.leasescleanup.podSecurityContext) }] };
        assert.deepEqual(evaluatePodSpec({}, cleanupPod, { level: "restricted" }), []);
      });

      it("the API server (from outside the pod network) can reach the webhook's pods on 8443; every pod reaches only DNS, the internet on HTTPS (registries, TUF) and the declared API server", async () => {
        const run = await runStack(stack);
        const egress = objectNamed<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy", "image-signatures", "cosign-system");
        assert.equal(egress.spec.ingress, undefined);
        assertOperatorEgress(egress.spec, run);
        const webhook = objectNamed<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy", "image-signatures-api-server-ingress", "cosign-system");
        // The webhook's pods only (not the lease-cleanup hook's), and no pod of the cluster.
        assert.deepEqual(webhook.spec.podSelector, {
          matchLabels: { "control-plane": "policy-controller-webhook" },
          matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }],
        });
        assert.deepEqual(webhook.spec.ingress, [
          { from: [{ ipBlock: { cidr: "0.0.0.0/0", except: run.config.cluster.podCidrs } }], ports: [{ protocol: "TCP", port: 8443 }] },
        ]);
      });

      it("every image is pinned: the webhook by digest, the lease-cleanup hook's kubectl at the cluster's version (never latest-dev)", async () => {
        const run = await runStack(stack);
        const values = policyControllerRelease(run).inputs.values as {
          webhook: { image: { repository: string } };
          leasescleanup: { image: { repository: string; version: string } };
        };
        assert.equal(values.webhook.image.repository, "ghcr.io/sigstore/policy-controller/policy-controller");
        assert.deepEqual(values.leasescleanup.image, {
          repository: "registry.k8s.io/kubectl",
          version: `v${run.config.cluster.kubernetesVersion.replace(/^v/, "")}`,
        });
        const mirrored = policyControllerRelease(await runStack(stack, { overrides: { images: { registryMirror: "harbor.shop.example.com" } } })).inputs
          .values as typeof values;
        assert.equal(mirrored.webhook.image.repository, "harbor.shop.example.com/ghcr.io/sigstore/policy-controller/policy-controller");
        assert.equal(mirrored.leasescleanup.image.repository, "harbor.shop.example.com/registry.k8s.io/kubectl");
      });

      it("opts the app namespaces in and leaves the platform namespaces out", async () => {
        const run = await runStack(stack);
        const app = new Set(run.config.catalog.map((s) => s.namespace));
        for (const ns of objectsOfKind(run, "Namespace")) {
          const label = ns.metadata.labels?.[INCLUDE];
          if (app.has(ns.metadata.name!)) assert.equal(label, "true", `${ns.metadata.name} is not opted in`);
          else assert.equal(label, undefined, `${ns.metadata.name} is opted in`);
        }
        assert.equal(objectNamed(run, "Namespace", "cosign-system").metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
      });
    });
  }

  it("features.imageSignatures off removes exactly the component and cosign-system, and the opt-in labels", async () => {
    const base = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { imageSignatures: false } } });
    const owned = subtreeOf(base, [...componentsOfType(base, "ecommerce:security:ImageSignatures"), secureNamespaceOf(base, "cosign-system")]);
    const { removed, added } = difference(base, off);
    assert.deepEqual(removed, [...owned, ...updateCheckAccessIn(base, "cosign-system"), ...isolationPolicyIn(base, "cosign-system")].sort());
    assert.deepEqual(added, []);
    assert.deepEqual(
      objectsOfKind(off, "Namespace").filter((n) => n.metadata.labels?.[INCLUDE]),
      [],
    );
  });

  it("a stack in warn mode admits unsigned images with a warning", async () => {
    const run = await runStack("staging", VARIANT);
    assert.equal(objectNamed<ImagePolicy>(run, "ClusterImagePolicy", "private-registry-signed").spec.mode, "warn");
  });
});

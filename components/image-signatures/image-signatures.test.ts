import { strict as assert } from "node:assert";
import { chartPins } from "../../core/charts";
import { evaluatePodSpec } from "@ecommerce-security/pod-security";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, resourcesOfType, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { assertOperatorEgress, type NetpolSpec } from "../../tests/harness/operator-network";
import { componentsOfType, difference, isolationPolicyIn, secureNamespaceOf, subtreeOf, updateCheckAccessIn } from "../../tests/harness/resource-tree";
import { VARIANT } from "../../tests/harness/optional-switches-variant";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const INCLUDE = "policy.sigstore.dev/include";
type Authority = { name: string; key?: { data: string; hashAlgorithm: string }; keyless?: { identities: unknown[] }; source?: Array<{ oci: string }> };
type ImagePolicy = KubernetesObject & { spec: { mode: string; images: Array<{ glob: string }>; authorities: Authority[] } };

const policyControllerRelease = (run: StackRun) => {
  const found = resourcesOfType(run, RELEASE, (r) => r.inputs.chart === "policy-controller");
  assert.equal(found.length, 1, "one policy-controller release");
  return found[0];
};

/** The private registry of a real stack: staging hosts its own (Harbor), production pulls from the shop's. */
const registryOf = (stack: string) => (stack === "staging" ? "registry.staging.shop.example.com" : "registry.shop.example.com");

describe("image signatures: policy-controller and the ClusterImagePolicy", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("requires the platform's cosign key on every image under the private registry glob, enforced", async () => {
        const run = await runStack(stack);
        const sig = run.config.scanning.signatures!;
        const policy = objectNamed<ImagePolicy>(run, "ClusterImagePolicy", "private-registry-signed");
        assert.equal(policy.apiVersion, "policy.sigstore.dev/v1beta1");
        assert.deepEqual(policy.spec.images, [{ glob: sig.registryGlob }]);
        // Staging signs the images of its own registry (it hosts Harbor), production the shop's.
        assert.equal(policy.spec.images[0].glob, `${registryOf(stack)}/**`);
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

/**
 * policy-controller's glob rule, written out here as the oracle (pkg/apis/glob): the whole fully qualified reference
 * (Docker Hub's `docker.io/x` is `index.docker.io/x`), `**` any characters, `*` any but `/`.
 */
function admittedBy(policies: ImagePolicy[], image: string): string[] {
  const qualified = image.startsWith("docker.io/") ? `index.${image}` : image;
  return policies
    .filter((p) =>
      p.spec.images.some(({ glob }) => {
        const re = glob
          .split("**")
          .map((part) =>
            part
              .split("*")
              .map((s) => s.replace(/[.]/g, "\\."))
              .join("[^/]*"),
          )
          .join(".*");
        return new RegExp(`^${re}$`).test(qualified);
      }),
    )
    .map((p) => p.metadata.name!);
}

/** The images the platform runs in the opted-in namespaces besides the shop's own: what deny must not refuse. */
const THIRD_PARTY = {
  "istio-proxy-signed": ["docker.io/istio/proxyv2:1.27.0", "docker.io/istio/proxyv2@sha256:0f2c1e3d4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"],
  "cert-manager-acmesolver-signed": ["quay.io/jetstack/cert-manager-acmesolver:v1.21.1"],
};

describe("image signatures: nothing unverified runs in the opted-in namespaces (issue 15, item 2)", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      let run: StackRun;
      let policies: Array<ImagePolicy & { spec: { authorities: Authority[] } }>;
      before(async () => {
        run = await runStack(stack);
        policies = objectsOfKind(run, "ClusterImagePolicy") as typeof policies;
      });

      it("refuses every image no ClusterImagePolicy matches (no-match-policy deny)", () => {
        const values = policyControllerRelease(run).inputs.values as { webhook: { configData: Record<string, string> } };
        assert.deepEqual(values.webhook.configData, { "no-match-policy": "deny" });
      });

      it("each third-party image the platform runs there (mesh proxy, ACME solver) has its own enforced policy with a signer; nothing else from outside is admitted", () => {
        for (const [policy, images] of Object.entries(THIRD_PARTY)) for (const image of images) assert.deepEqual(admittedBy(policies, image), [policy], image);
        for (const p of policies) {
          assert.equal(p.spec.mode, "enforce", p.metadata.name);
          assert.ok(p.spec.authorities.length > 0 && p.spec.authorities.every((a) => a.key?.data.includes("BEGIN PUBLIC KEY") || a.keyless), p.metadata.name);
        }
        // The platform's countersignatures of the approved third-party digests: its own key, read from its repository.
        const istio = policies.find((p) => p.metadata.name === "istio-proxy-signed")!;
        assert.deepEqual(istio.spec.authorities, [
          {
            name: "platform-countersignature",
            key: { data: `${run.config.scanning.signatures!.cosignPublicKey.trim()}\n`, hashAlgorithm: "sha256" },
            source: [{ oci: `${registryOf(stack)}/platform/countersignatures` }],
          },
        ]);
        assert.deepEqual(admittedBy(policies, `${registryOf(stack)}/orders-service:1.4.2`), ["private-registry-signed"]);
        for (const image of [
          "docker.io/attacker/miner:1.0",
          "docker.io/istio/pilot:1.27.0",
          "quay.io/jetstack/cert-manager-controller:v1.21.1",
          "busybox:1.37",
        ])
          assert.deepEqual(admittedBy(policies, image), [], `${image} matches a policy`);
      });

      it("the PCI zone, where it exists, is opted in like the app namespaces", () => {
        const zone = objectsOfKind(run, "Namespace").find((n) => n.metadata.name === "pci-zone");
        assert.equal(zone?.metadata.labels?.[INCLUDE], run.config.compliance.pciDss ? "true" : undefined);
      });
    });
  }

  it("with images.registryMirror the policies name the mirrored copies, and the upstream images are refused", async () => {
    const run = await runStack("staging", { overrides: { images: { registryMirror: "harbor.shop.example.com/proxy" } } });
    const policies = objectsOfKind(run, "ClusterImagePolicy") as ImagePolicy[];
    assert.deepEqual(admittedBy(policies, "harbor.shop.example.com/proxy/docker.io/istio/proxyv2:1.27.0"), ["istio-proxy-signed"]);
    assert.deepEqual(admittedBy(policies, "harbor.shop.example.com/proxy/quay.io/jetstack/cert-manager-acmesolver:v1.21.1"), [
      "cert-manager-acmesolver-signed",
    ]);
    assert.deepEqual(admittedBy(policies, "docker.io/istio/proxyv2:1.27.0"), []);
  });

  it("a publisher's key or keyless identity is an authority of its image's policy, next to the countersignature", async () => {
    const key = (await runStack("staging")).config.scanning.signatures!.cosignPublicKey;
    const run = await runStack("staging", {
      overrides: {
        scanning: {
          signatures: {
            thirdPartySigners: {
              "istio-proxy": { key },
              "cert-manager-acmesolver": {
                keyless: { issuer: "https://token.actions.githubusercontent.com", subjectRegExp: "^https://github.com/cert-manager/.*$" },
              },
            },
          },
        },
      },
    });
    const authorities = (name: string) =>
      (objectNamed(run, "ClusterImagePolicy", name) as ImagePolicy & { spec: { authorities: Authority[] } }).spec.authorities;
    assert.deepEqual(
      authorities("istio-proxy-signed").map((a) => a.name),
      ["publisher-key", "platform-countersignature"],
    );
    assert.deepEqual(authorities("cert-manager-acmesolver-signed")[0], {
      name: "publisher-keyless",
      keyless: {
        url: "https://fulcio.sigstore.dev",
        identities: [{ issuer: "https://token.actions.githubusercontent.com", subjectRegExp: "^https://github.com/cert-manager/.*$" }],
      },
    });
  });

  it("Velero's image gets its policy when it runs in the app namespaces (file-system backups restore with it)", async () => {
    const run = await runStack("staging", VARIANT);
    assert.deepEqual(admittedBy(objectsOfKind(run, "ClusterImagePolicy") as ImagePolicy[], "docker.io/velero/velero:v1.18.0"), ["velero-signed"]);
  });

  it("refuses a third-party image without a signer, and a registry glob that also covers the mirrored third-party images", async () => {
    await assert.rejects(
      runStack("staging", { overrides: { scanning: { signatures: { countersignatures: undefined } } } }),
      (e: Error) =>
        /scanning\.signatures\.thirdPartySigners\.istio-proxy: is required \(or scanning\.signatures\.countersignatures\): docker\.io\/istio\/proxyv2 runs/.test(
          e.message,
        ) && /scanning\.signatures\.thirdPartySigners\.cert-manager-acmesolver: is required/.test(e.message),
    );
    await assert.rejects(
      // A proxy-cache project of staging's own registry, which its glob covers.
      runStack("staging", { overrides: { images: { registryMirror: "registry.staging.shop.example.com/proxy" } } }),
      /scanning\.signatures\.registryGlob: also matches the mirrored registry\.staging\.shop\.example\.com\/proxy\/docker\.io\/istio\/proxyv2/,
    );
  });
});

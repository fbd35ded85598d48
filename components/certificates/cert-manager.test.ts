import { strict as assert } from "node:assert";
import { chartPins } from "../../core/charts";
import { evaluatePodSpec } from "@ecommerce-security/pod-security";
import { CERT_MANAGER_PORTS } from "./network-policies";
import { objectNamed, objectsOfKind, realStacks, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { assertOperatorEgress, internetOf, type NetpolSpec } from "../../tests/harness/operator-network";
import type { TlsPlan } from "./plan";
import { certManagerResources, onlyResource, ref, tlsPlanOf } from "./test-fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";

function certManagerRelease(run: StackRun) {
  return onlyResource(run, RELEASE, "certificates-cert-manager");
}

type Values = Record<string, Record<string, unknown> & { securityContext?: unknown; containerSecurityContext?: unknown }>;

/** Every chart component we configure, with the values block holding its contexts. */
function componentBlocks(values: Values): Array<[string, Record<string, unknown>]> {
  return [
    ["controller", values as unknown as Record<string, unknown>],
    ["webhook", values.webhook],
    ["cainjector", values.cainjector],
    ["startupapicheck", values.startupapicheck],
  ];
}

describe("cert-manager release", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("installs the pinned chart into cert-manager and waits for it (atomic, not skipAwait)", async () => {
        const release = certManagerRelease(await runStack(stack));
        const pin = chartPins["cert-manager"];
        assert.equal(release.inputs.chart, pin.chart);
        assert.equal(release.inputs.version, pin.version);
        assert.deepEqual(release.inputs.repositoryOpts, { repo: pin.repository });
        assert.equal(release.inputs.namespace, "cert-manager");
        assert.equal(release.inputs.name, "cert-manager");
        assert.equal(release.inputs.skipAwait, false);
        assert.equal(release.inputs.atomic, true);
      });

      it("installs the CRDs through crds.enabled and never sets the deprecated installCRDs", async () => {
        const values = certManagerRelease(await runStack(stack)).inputs.values as Values;
        assert.deepEqual(values.crds, { enabled: true, keep: true });
        assert.ok(!JSON.stringify(values).includes("installCRDs"), "installCRDs must not appear in the values");
      });

      it("keeps the startup API check, so the release is ready only once the webhook answers", async () => {
        const values = certManagerRelease(await runStack(stack)).inputs.values as Values;
        assert.equal(values.startupapicheck.enabled, true);
      });

      it("runs controller, webhook, cainjector and startupapicheck with restricted security contexts", async () => {
        const values = certManagerRelease(await runStack(stack)).inputs.values as Values;
        for (const [component, block] of componentBlocks(values)) {
          assert.ok(block.securityContext && block.containerSecurityContext, `${component} has no security contexts`);
          const pod = {
            securityContext: block.securityContext,
            containers: [{ name: component, image: "quay.io/jetstack/x", securityContext: block.containerSecurityContext }],
          };
          const violations = evaluatePodSpec({}, pod, { level: "restricted" });
          assert.deepEqual(violations, [], `${component}: ${violations.map((v) => v.message).join("; ")}`);
          assert.equal((block.containerSecurityContext as { readOnlyRootFilesystem?: boolean }).readOnlyRootFilesystem, true, component);
        }
      });

      it("is installed after its namespace and the NetworkPolicies that let the webhook be reached", async () => {
        const run = await runStack(stack);
        const release = certManagerRelease(run);
        assert.ok(release.dependsOn.includes("kubernetes:core/v1:Namespace::namespace-cert-manager"), release.dependsOn.join(", "));
        const policies = run.resources.filter(
          (r) =>
            r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" &&
            (r.inputs.metadata as { namespace?: string }).namespace === "cert-manager" &&
            r.parent?.type === "ecommerce:security:Certificates",
        );
        assert.ok(policies.length >= 2);
        for (const p of policies) assert.ok(release.dependsOn.includes(ref(p)), `release does not wait for ${p.name}`);
      });

      it("every Issuer, ClusterIssuer and Certificate depends on the release (other components' through the Certificates component)", async () => {
        const run = await runStack(stack);
        const release = ref(certManagerRelease(run));
        const crs = certManagerResources(run);
        const own = crs.filter((r) => r.parent?.type === "ecommerce:security:Certificates");
        assert.ok(own.length >= 3 + run.config.catalog.length, `only ${own.length} cert-manager resources`);
        for (const cr of own) assert.ok(cr.dependsOn.includes(release), `${cr.name} does not depend on ${release}`);
        // A dependency on a component waits for all its children, the release among them.
        for (const cr of crs.filter((r) => !own.includes(r))) {
          assert.ok(
            cr.dependsOn.includes(release) || cr.dependsOn.includes("ecommerce:security:Certificates::certificates"),
            `${cr.parent?.name}/${cr.name} may be created before cert-manager`,
          );
        }
      });

      it("lets the API server reach the webhook port and cert-manager reach DNS, the internet on HTTPS and the declared API server", async () => {
        const run = await runStack(stack);
        const policies = objectsOfKind(run, "NetworkPolicy", "cert-manager");
        const webhook = policies.find((p) => JSON.stringify(p.spec).includes('"app.kubernetes.io/component":"webhook"'));
        assert.ok(webhook, "no policy selects the webhook");
        assert.ok(JSON.stringify(webhook.spec).includes(`"port":${CERT_MANAGER_PORTS.webhook}`));
        const egress = policies.find((p) => p.metadata.name === "cert-manager-egress");
        assert.ok(egress);
        assertOperatorEgress(egress.spec as unknown as NetpolSpec, run);
      });

      it("the controller's HTTP-01 self-check (80) and DNS-01 nameserver checks (53) go to the internet only, never a private or metadata address", async () => {
        const run = await runStack(stack);
        const controller = objectNamed<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy", "cert-manager-controller-egress", "cert-manager");
        const ingress = run.config.network.ingressController;
        assert.deepEqual(controller.spec.egress, [
          { to: [internetOf(run)], ports: [{ protocol: "TCP", port: 80 }] },
          {
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ingress.namespace } }, podSelector: { matchLabels: ingress.podLabels } }],
            ports: [{ protocol: "TCP", port: 80 }],
          },
          {
            to: [internetOf(run)],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ]);
      });
    });
  }

  it("production runs two replicas of each component with PodDisruptionBudgets; staging one, without", async () => {
    const prod = certManagerRelease(await runStack("production")).inputs.values as Values;
    const staging = certManagerRelease(await runStack("staging")).inputs.values as Values;
    for (const [component, block] of componentBlocks(prod).slice(0, 3)) {
      assert.equal(block.replicaCount, 2, component);
      assert.deepEqual(block.podDisruptionBudget, { enabled: true, minAvailable: 1 }, component);
    }
    for (const [component, block] of componentBlocks(staging).slice(0, 3)) {
      assert.equal(block.replicaCount, 1, component);
      assert.deepEqual(block.podDisruptionBudget, { enabled: false }, component);
    }
  });

  it("the ServiceMonitor follows tls.certManager.serviceMonitor and opens the metrics port to the scraper only then", () => {
    const on = tlsPlanOf("staging", { tls: { certManager: { serviceMonitor: true } } });
    const off = tlsPlanOf("staging", { tls: { certManager: { serviceMonitor: false } } });
    const monitorOf = (plan: TlsPlan) => (plan.releaseValues as { prometheus: { servicemonitor: { enabled: boolean } } }).prometheus.servicemonitor.enabled;
    assert.equal(monitorOf(on), true);
    assert.equal(monitorOf(off), false);
    const metrics = (plan: TlsPlan) => plan.certManagerPolicies.filter((p) => JSON.stringify(p.spec).includes(`"port":${CERT_MANAGER_PORTS.metrics}`));
    assert.equal(metrics(on).length, 1);
    assert.match(JSON.stringify(metrics(on)[0].spec), /"kubernetes.io\/metadata.name":"monitoring"/);
    assert.equal(metrics(off).length, 0);
  });

  it("production turns the ServiceMonitors on, staging leaves them off", async () => {
    const enabled = async (stack: string) =>
      (certManagerRelease(await runStack(stack)).inputs.values as { prometheus: { servicemonitor: { enabled: boolean } } }).prometheus.servicemonitor.enabled;
    assert.equal(await enabled("production"), true);
    assert.equal(await enabled("staging"), false);
  });
});

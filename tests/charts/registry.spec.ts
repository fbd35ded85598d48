// Harbor (components/registry) rendered from its pinned chart package for the stack that hosts it (staging): the
// program's NetworkPolicies over the chart's real pods allow exactly the flows among its components and from the
// ingress controller, the ports the policies open are the ports the chart's containers listen on, the Ingress serves
// harbor-tls, and no credential of the chart's own reaches a rendered object (every one comes from the synced Secret).
import { strict as assert } from "node:assert";
import { ConnectionSet, type AnalysisResult } from "@ecommerce-security/netpol";
import { podTemplateOf } from "@ecommerce-security/pod-security";
import { formatFinding } from "@ecommerce-security/policy-rules";
import type { RenderedObject } from "@ecommerce-security/helm-charts";
import { HARBOR_CREDENTIAL_KEYS } from "../../core/hosted-registry";
import { HARBOR_COMPONENTS, type HarborComponent } from "../../components/registry/names";
import { HARBOR_FLOWS, INGRESS_TARGETS } from "../../components/registry/network-policies";
import { analyzeWithRepresentativePods } from "../../platform/offline/network-report";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { apiServerOf } from "../harness/operator-network";
import { privateReach, reachesAll } from "../harness/private-destinations";
import { renderedStack, type RenderedStack } from "./rendered-stacks";

type Manifest = RenderedObject["object"];
type Container = {
  name: string;
  ports?: Array<{ containerPort: number }>;
  env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
};
const containersOf = (o: Manifest) => (podTemplateOf(o)?.spec?.containers ?? []) as Container[];
const componentLabel = (o: Manifest) => (podTemplateOf(o)?.metadata?.labels as Record<string, string> | undefined)?.component;

describe("Harbor rendered from its pinned chart (staging)", function () {
  this.timeout(300_000);
  let rendering: RenderedStack;
  let objects: Manifest[];
  before(async () => {
    rendering = await renderedStack("staging");
    const harbor = rendering.plan.rendered.find((r) => r.release.release === "harbor");
    assert.ok(harbor, "staging renders the harbor release");
    objects = harbor.objects.map((o) => o.object);
  });
  const workloadOf = (component: HarborComponent) => {
    const found = objects.filter((o) => podTemplateOf(o) !== undefined && componentLabel(o) === component);
    assert.equal(found.length, 1, `one ${component} workload`);
    return found[0];
  };

  it("runs the components the policies name, and opens on each exactly the ports its Services send to", () => {
    const components: HarborComponent[] = ["core", "portal", "jobservice", "registry", "trivy", "database", "redis"];
    const podComponents = objects.filter((o) => podTemplateOf(o) !== undefined).map(componentLabel);
    assert.deepEqual([...podComponents].sort(), [...components].sort(), "no exporter, no nginx: nothing unmatched by a policy");
    for (const c of components) {
      const containerPorts = containersOf(workloadOf(c)).flatMap((x) => (x.ports ?? []) as Array<{ name?: string; containerPort: number }>);
      const services = objects.filter((o) => o.kind === "Service" && (o.spec as { selector?: Record<string, string> }).selector?.component === c);
      assert.ok(services.length > 0, `no Service sends to ${c}`);
      const targets = services.flatMap((svc) =>
        (svc.spec as { ports: Array<{ port: number; targetPort?: number | string }> }).ports.map((p) => {
          const target = p.targetPort ?? p.port;
          return typeof target === "number" ? target : containerPorts.find((x) => x.name === target)?.containerPort;
        }),
      );
      const opened = [...HARBOR_FLOWS.filter((f) => f.to === c).flatMap((f) => f.ports), ...(INGRESS_TARGETS.includes(c) ? [HARBOR_COMPONENTS[c].port] : [])];
      const sorted = (ports: Array<number | undefined>) => [...new Set(ports)].sort();
      assert.deepEqual(sorted(targets), sorted(opened), c);
    }
  });

  it("serves harbor-tls on the registry host through the ingress controller, over HTTPS to core and the portal", () => {
    const ingress = objects.find((o) => o.kind === "Ingress") as Manifest & {
      spec: { tls: Array<{ secretName: string; hosts: string[] }>; ingressClassName: string };
    };
    assert.deepEqual(ingress.spec.tls, [{ secretName: "harbor-tls", hosts: ["registry.staging.shop.example.com"] }]);
    assert.equal(ingress.spec.ingressClassName, "nginx");
    assert.equal((ingress.metadata.annotations as Record<string, string> | undefined)?.["nginx.ingress.kubernetes.io/backend-protocol"], "HTTPS");
    // The chart's self-signed certificate for the Ingress is not rendered: the Certificate's Secret is served.
    assert.equal(
      objects.some((o) => o.kind === "Secret" && o.metadata.name === "harbor-tls"),
      false,
    );
  });

  it("reads every credential from harbor-credentials: no rendered Secret holds a credential of the chart's own but the generated database password", () => {
    const referenced = new Set<string>();
    for (const o of objects)
      for (const c of containersOf(o))
        for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef?.name === "harbor-credentials") referenced.add(e.valueFrom.secretKeyRef.key);
    // secretKey is mounted as a file, REGISTRY_HTPASSWD as the registry's htpasswd file.
    for (const key of HARBOR_CREDENTIAL_KEYS.filter((k) => k !== "secretKey" && k !== "REGISTRY_HTPASSWD"))
      assert.ok(referenced.has(key), `${key} is not read from harbor-credentials`);
    const volumes = objects.flatMap((o) => (podTemplateOf(o)?.spec?.volumes ?? []) as Array<{ secret?: { secretName: string } }>);
    assert.ok(volumes.filter((v) => v.secret?.secretName === "harbor-credentials").length >= 2, "secretKey and the htpasswd file from harbor-credentials");
    const chartSecretKeys = objects
      .filter((o) => o.kind === "Secret")
      .flatMap((o) =>
        Object.keys({ ...((o as { data?: object }).data ?? {}), ...((o as { stringData?: object }).stringData ?? {}) }).map((k) => `${o.metadata.name}/${k}`),
      );
    const credentials = new Set<string>(HARBOR_CREDENTIAL_KEYS);
    assert.deepEqual(
      chartSecretKeys.filter((k) => credentials.has(k.split("/")[1])),
      [],
    );
  });

  describe("the program's NetworkPolicies over the chart's pods", () => {
    let result: AnalysisResult;
    before(() => {
      result = analyzeWithRepresentativePods(rendering.run.config, [...kubernetesObjects(rendering.run.resources), ...rendering.plan.renderedObjects]);
    });
    const idOf = (o: Manifest) => result.workloads.find((w) => w.namespace === o.metadata.namespace && w.name === o.metadata.name && w.kind === o.kind)?.id;

    it("allow exactly the flows among Harbor's components and from the ingress controller, and nothing else in the cluster reaches a Harbor pod", () => {
      const componentOf = new Map<string, string>();
      for (const o of objects.filter((x) => podTemplateOf(x) !== undefined)) componentOf.set(idOf(o) as string, String(componentLabel(o)));
      const { ingressController } = rendering.run.config.network;
      const expected = new Map<string, string>();
      for (const f of HARBOR_FLOWS) expected.set(`${f.from} -> ${f.to}`, ConnectionSet.of({ TCP: f.ports }).toString());
      for (const c of INGRESS_TARGETS) expected.set(`ingress-controller -> ${c}`, ConnectionSet.of({ TCP: [HARBOR_COMPONENTS[c].port] }).toString());
      const actual = new Map<string, string>();
      for (const c of result.connections) {
        if (c.dst.type !== "workload" || !componentOf.has(c.dst.id) || c.src.id === c.dst.id) continue;
        if (c.src.type !== "workload") {
          actual.set(`${c.src.id} -> ${componentOf.get(c.dst.id)}`, c.conns.toString());
          continue;
        }
        const from = componentOf.get(c.src.id) ?? (c.src.namespace === ingressController.namespace ? "ingress-controller" : c.src.id);
        actual.set(`${from} -> ${componentOf.get(c.dst.id)}`, c.conns.toString());
      }
      assert.deepEqual(Object.fromEntries([...actual].sort()), Object.fromEntries([...expected].sort()));
    });

    it("let every Harbor pod resolve names, only core, the job service and the scanner out (HTTPS), and none reach the API server or a private address", () => {
      const dns = result.workloads.find((w) => w.namespace === rendering.run.config.network.dns.namespace && w.name === "kube-dns")?.id;
      const apiServer = apiServerOf(rendering.run);
      for (const o of objects.filter((x) => podTemplateOf(x) !== undefined)) {
        const id = idOf(o) as string;
        const out = result.connections.filter((c) => c.src.id === id);
        assert.ok(
          out.some((c) => c.dst.id === dns && c.conns.allows("UDP", 53)),
          `${o.metadata.name} cannot resolve names`,
        );
        const external = out.filter((c) => c.dst.type === "external");
        const internet = ["harbor-core", "harbor-jobservice", "harbor-trivy"].includes(o.metadata.name);
        assert.equal(external.length > 0, internet, `${o.metadata.name}: ${external.map((c) => `${c.dst.id} ${c.conns.toString()}`).join("; ")}`);
        for (const c of external) assert.equal(c.conns.toString(), ConnectionSet.of({ TCP: [443] }).toString(), `${o.metadata.name} -> ${c.dst.id}`);
        for (const cidr of apiServer.cidrs)
          for (const port of apiServer.ports) assert.ok(!reachesAll(out, cidr, port), `${o.metadata.name} reaches the API server ${cidr}:${port}`);
      }
      const ids = new Set(objects.filter((x) => podTemplateOf(x) !== undefined).map((o) => idOf(o) as string));
      assert.deepEqual(
        privateReach(
          rendering.run,
          result.connections.filter((c) => ids.has(c.src.id)),
        ),
        [],
      );
    });
  });

  it("leaves the pack nothing mandatory on Harbor's objects, its one reviewed exception used on both ConfigMaps", () => {
    const harbor = (f: { resource: { namespace?: string | null } }) => f.resource.namespace === "harbor";
    const { report } = rendering.plan;
    assert.deepEqual(report.findings.filter((f) => f.enforcementLevel === "mandatory" && harbor(f)).map(formatFinding), []);
    assert.deepEqual(
      report.excepted
        .filter(harbor)
        .map((f) => `${f.policy} ${f.resource.kind}/${f.resource.name}`)
        .sort(),
      ["secret-not-in-configmap ConfigMap/harbor-core", "secret-not-in-configmap ConfigMap/harbor-jobservice-env"],
    );
  });
});

// The program's NetworkPolicies over the charts' real pods (labels as rendered), proven with the reachability
// analyzer: every operator pod reaches DNS and the declared API server (network.apiServer), no private, link-local or
// loopback address besides the declared destinations, the API server reaches each admission webhook, the monitoring
// scraper reaches each scraped metrics port, and nothing else in the cluster reaches or is reached.
import { strict as assert } from "node:assert";
import { analyzeWithRepresentativePods } from "../../platform/offline/network-report";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { podTemplateOf } from "@ecommerce-security/pod-security";
import { ConnectionSet, type AnalysisResult, type WorkloadPeer } from "@ecommerce-security/netpol";
import { callerPeer, dnsPeer } from "../../core/zero-trust/peers";
import type { RenderedObject } from "@ecommerce-security/helm-charts";
import { REAL_STACKS, renderedStack } from "./rendered-stacks";
import type { StackRun } from "../harness";
import { apiServerOf } from "../harness/operator-network";
import { privateReach, reachesAll } from "../harness/private-destinations";

type Manifest = RenderedObject["object"];
type Port = { protocol: "TCP" | "UDP"; port: number };

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** A Kubernetes label selector (matchLabels and matchExpressions), as monitors write them. */
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }>;
}

/** Whether a label selector selects these labels. */
function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  return (
    matches(selector.matchLabels ?? {}, labels) &&
    (selector.matchExpressions ?? []).every((e) => {
      const has = e.key in labels;
      switch (e.operator) {
        case "In":
          return has && (e.values ?? []).includes(labels[e.key]);
        case "NotIn":
          return !has || !(e.values ?? []).includes(labels[e.key]);
        case "Exists":
          return has;
        case "DoesNotExist":
          return !has;
      }
    })
  );
}
const podLabels = (o: Manifest) => (podTemplateOf(o)?.metadata?.labels ?? {}) as Record<string, string>;
const containerPorts = (o: Manifest) =>
  ((podTemplateOf(o)?.spec?.containers ?? []) as Array<{ ports?: Array<{ name?: string; containerPort: number; protocol?: string }> }>).flatMap(
    (c) => c.ports ?? [],
  );

/** The workload owning pods of a rendered object, in the analysis. */
function peerOf(result: AnalysisResult, o: Manifest): WorkloadPeer {
  const found = result.workloads.find((w) => w.namespace === o.metadata.namespace && w.name === o.metadata.name && w.kind === o.kind);
  assert.ok(found, `the analysis has no workload ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
  return found;
}

/** The pods' port a Service port reaches (its targetPort by number, or by the containers' port name). */
function targetPorts(service: Manifest, portName: string | number | undefined, pods: Manifest[]): Port[] {
  const ports = (service.spec as { ports: Array<{ name?: string; port: number; targetPort?: number | string; protocol?: string }> }).ports;
  return ports
    .filter((p) => portName === undefined || p.name === portName || p.port === portName)
    .flatMap((p) => {
      const target = p.targetPort ?? p.port;
      const protocol = (p.protocol ?? "TCP") as Port["protocol"];
      if (typeof target === "number") return [{ protocol, port: target }];
      return pods.flatMap(containerPorts).flatMap((c) => (c.name === target ? [{ protocol, port: c.containerPort }] : []));
    });
}

/** The pod-owning objects a Service selects. */
const podsOf = (service: Manifest, objects: Manifest[]) =>
  objects.filter(
    (o) =>
      o.metadata.namespace === service.metadata.namespace &&
      podTemplateOf(o) !== undefined &&
      matches((service.spec as { selector?: Record<string, string> }).selector ?? { "": "" }, podLabels(o)),
  );

/**
 * In-cluster flows out of chart pods the program opens on purpose, each with its reason: anything else a chart pod
 * may reach in the cluster is a failure.
 */
const DECLARED_IN_CLUSTER_EGRESS: ReadonlyArray<{ from: string; to: string; port: Port; reason: string }> = [
  {
    from: "cert-manager/cert-manager[Deployment]",
    to: "ingress-controller",
    port: { protocol: "TCP", port: 80 },
    reason: "the ACME HTTP-01 self-check to the shop's public address may be DNAT'd in-cluster to the ingress controller's pods",
  },
];

/**
 * Releases that are applications rather than operators: they need no API server, their components call each other and
 * the ingress controller calls them. Their exact flows are asserted by their own spec (Harbor: registry.spec.ts).
 */
const APPLICATION_RELEASES: readonly string[] = ["harbor"];

describe("the program's NetworkPolicies over the charts' rendered pods", function () {
  this.timeout(300_000);

  for (const stack of REAL_STACKS) {
    describe(`stack ${stack}`, () => {
      let result: AnalysisResult;
      let rendered: Array<{ release: string; objects: Manifest[] }>;
      let dns: string;
      let scraper: string;
      let run: StackRun;

      before(async () => {
        const rendering = await renderedStack(stack);
        run = rendering.run;
        const plan = rendering.plan;
        result = analyzeWithRepresentativePods(run.config, [...kubernetesObjects(run.resources), ...plan.renderedObjects]);
        rendered = plan.rendered
          .filter((r) => !APPLICATION_RELEASES.includes(r.release.release))
          .map((r) => ({ release: r.release.release, objects: r.objects.map((o) => o.object) }));
        const d = dnsPeer(run.config.network);
        dns = `${d.namespace}/${d.name}`;
        const m = callerPeer(run.config.network, "monitoring");
        scraper = `${m.namespace}/${m.name}`;
      });

      const connections = (src: string | undefined, dst: string | undefined) =>
        result.connections.filter((c) => (src === undefined || c.src.id === src) && (dst === undefined || c.dst.id === dst));

      it("lets every chart workload resolve names and reach the declared API server, and reach nothing else in the cluster", () => {
        const dnsId = result.workloads.find((w) => `${w.namespace}/${w.name}` === dns)?.id;
        assert.ok(dnsId, `no ${dns} in the analysis`);
        const problems: string[] = [];
        for (const { release, objects } of rendered) {
          for (const o of objects.filter((x) => podTemplateOf(x) !== undefined)) {
            const peer = peerOf(result, o);
            const out = connections(peer.id, undefined);
            if (!out.some((c) => c.dst.id === dnsId && c.conns.allows("UDP", 53))) problems.push(`${release}: ${peer.id} cannot reach DNS`);
            const apiServer = apiServerOf(run);
            for (const cidr of apiServer.cidrs)
              for (const port of apiServer.ports)
                if (!reachesAll(out, cidr, port)) problems.push(`${release}: ${peer.id} cannot reach the API server (network.apiServer) ${cidr} on ${port}`);
            for (const c of out.filter((x) => x.dst.type === "workload" && x.dst.id !== dnsId && x.dst.id !== peer.id)) {
              const declared = DECLARED_IN_CLUSTER_EGRESS.filter((d) => d.from === peer.id && c.dst.type === "workload" && c.dst.name === d.to);
              const declaredSet = ConnectionSet.of({
                TCP: declared.filter((d) => d.port.protocol === "TCP").map((d) => d.port.port),
                UDP: declared.filter((d) => d.port.protocol === "UDP").map((d) => d.port.port),
              });
              if (!c.conns.intersect(declaredSet).equals(c.conns)) problems.push(`${release}: ${peer.id} may reach ${c.dst.id} on ${c.conns.toString()}`);
            }
          }
        }
        assert.deepEqual(problems, []);
      });

      it("lets no chart pod reach the cloud metadata endpoint, a link-local, loopback or private address outside the declared destinations", () => {
        const chartPods = new Set(rendered.flatMap(({ objects }) => objects.filter((o) => podTemplateOf(o) !== undefined).map((o) => peerOf(result, o).id)));
        assert.ok(chartPods.size > 0);
        assert.deepEqual(
          privateReach(
            run,
            result.connections.filter((c) => chartPods.has(c.src.id)),
          ),
          [],
        );
      });

      it("lets the API server call every admission webhook a chart registers", () => {
        const problems: string[] = [];
        let webhooks = 0;
        for (const { release, objects } of rendered) {
          for (const config of objects.filter((o) => o.kind === "ValidatingWebhookConfiguration" || o.kind === "MutatingWebhookConfiguration")) {
            for (const hook of (config.webhooks ?? []) as Array<{
              name: string;
              clientConfig?: { service?: { name: string; namespace: string; port?: number } };
            }>) {
              const ref = hook.clientConfig?.service;
              if (ref === undefined) continue;
              webhooks++;
              const service = objects.find((o) => o.kind === "Service" && o.metadata.name === ref.name && o.metadata.namespace === ref.namespace);
              assert.ok(service, `${release}: webhook ${hook.name} calls Service ${ref.namespace}/${ref.name}, which the chart does not render`);
              const pods = podsOf(service, objects);
              assert.ok(pods.length > 0, `${release}: Service ${ref.name} selects no pod`);
              for (const pod of pods) {
                const peer = peerOf(result, pod);
                for (const port of targetPorts(service, ref.port ?? 443, pods)) {
                  const from = connections(undefined, peer.id).filter((c) => c.src.type === "external" && c.conns.allows(port.protocol, port.port));
                  if (from.length === 0)
                    problems.push(`${release}: the API server cannot call webhook ${hook.name} at ${peer.id} ${port.protocol}/${port.port}`);
                }
              }
            }
          }
        }
        assert.ok(webhooks > 0, "no admission webhook rendered");
        assert.deepEqual(problems, []);
      });

      it("lets the monitoring scraper reach every metrics port a chart asks it to scrape, and lets no other pod in", () => {
        const scraperId = result.workloads.find((w) => `${w.namespace}/${w.name}` === scraper)?.id;
        assert.ok(scraperId, `no ${scraper} in the analysis`);
        const problems: string[] = [];
        const scraped = new Map<string, Port[]>();
        for (const { release, objects } of rendered) {
          for (const monitor of objects.filter((o) => o.kind === "ServiceMonitor" || o.kind === "PodMonitor")) {
            const spec = monitor.spec as {
              selector?: LabelSelector;
              endpoints?: Array<{ port?: string; targetPort?: string | number }>;
              podMetricsEndpoints?: Array<{ port?: string }>;
            };
            const selector = spec.selector ?? {};
            const namespace = monitor.metadata.namespace;
            if (monitor.kind === "ServiceMonitor") {
              for (const service of objects.filter(
                (o) => o.kind === "Service" && o.metadata.namespace === namespace && selects(selector, (o.metadata.labels ?? {}) as Record<string, string>),
              )) {
                const pods = podsOf(service, objects);
                for (const endpoint of spec.endpoints ?? []) {
                  // An endpoint names a Service port (`port`) or the pods' port directly (`targetPort`, name or number).
                  const ports =
                    endpoint.port === undefined && endpoint.targetPort !== undefined
                      ? pods
                          .flatMap(containerPorts)
                          .flatMap((c) =>
                            c.name === endpoint.targetPort || c.containerPort === endpoint.targetPort
                              ? [{ protocol: "TCP" as const, port: c.containerPort }]
                              : [],
                          )
                      : targetPorts(service, endpoint.port, pods);
                  for (const pod of pods) scraped.set(peerOf(result, pod).id, [...(scraped.get(peerOf(result, pod).id) ?? []), ...ports]);
                }
              }
            } else {
              for (const pod of objects.filter(
                (o) => o.metadata.namespace === namespace && podTemplateOf(o) !== undefined && selects(selector, podLabels(o)),
              )) {
                const ports = (spec.podMetricsEndpoints ?? []).flatMap((e) =>
                  containerPorts(pod)
                    .filter((c) => c.name === e.port)
                    .map((c) => ({ protocol: "TCP" as const, port: c.containerPort })),
                );
                scraped.set(peerOf(result, pod).id, [...(scraped.get(peerOf(result, pod).id) ?? []), ...ports]);
              }
            }
          }
          for (const o of objects.filter((x) => podTemplateOf(x) !== undefined)) {
            const peer = peerOf(result, o);
            for (const c of connections(undefined, peer.id).filter((x) => x.src.type === "workload" && x.src.id !== peer.id)) {
              if (c.src.id !== scraperId) problems.push(`${release}: ${c.src.id} may reach ${peer.id} on ${c.conns.toString()}`);
            }
          }
        }
        for (const [peer, ports] of scraped) {
          const allowed = connections(scraperId, peer)[0]?.conns;
          for (const p of ports) if (!allowed?.allows(p.protocol, p.port)) problems.push(`the scraper cannot reach ${peer} ${p.protocol}/${p.port}`);
        }
        // The scraper itself reaches a chart pod only on the ports it is asked to scrape there.
        for (const { release, objects } of rendered) {
          for (const o of objects.filter((x) => podTemplateOf(x) !== undefined)) {
            const peer = peerOf(result, o);
            const allowed = connections(scraperId, peer.id)[0]?.conns;
            if (allowed === undefined) continue;
            const wanted = scraped.get(peer.id) ?? [];
            const wantedSet = ConnectionSet.of({
              TCP: wanted.filter((w) => w.protocol === "TCP").map((w) => w.port),
              UDP: wanted.filter((w) => w.protocol === "UDP").map((w) => w.port),
            });
            if (!allowed.intersect(wantedSet).equals(allowed)) {
              problems.push(
                `${release}: the scraper may reach ${peer.id} on ${allowed.toString()}, but scrapes only ${wantedSet.isEmpty() ? "nothing" : wantedSet.toString()} there`,
              );
            }
          }
        }
        assert.deepEqual(problems, []);
      });
    });
  }
});

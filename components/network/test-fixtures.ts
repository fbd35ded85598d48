// Fixture builders for the zero-trust tests: the analysis of a stack run with its representative pods, and the
// connections the catalog says must exist (derived here from the catalog entries, independently of components/network).
import type { ServiceDefinition } from "../../core/catalog";
import type { StackConfig } from "../../platform/config/parse";
import type { KubeObject } from "@ecommerce-security/manifests";
import { analyze, ConnectionSet, type AnalysisResult, type PortsByProtocol, type Protocol } from "@ecommerce-security/netpol";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { representativePods, servicePod } from "./representative-workloads";
import type { StackRun } from "../../tests/harness";

/** The connlist name of a representative pod. */
export function podId(namespace: string, name: string): string {
  return `${namespace}/${name}[Pod]`;
}

/** A pod of `service` carrying the incident isolation label, named `<service>-isolated`. */
export function isolatedPodOf(service: ServiceDefinition): KubeObject {
  const pod = servicePod(service);
  return { ...pod, metadata: { ...pod.metadata, name: `${service.name}-isolated`, labels: { ...pod.metadata.labels, incident: "isolated" } } };
}

/** A pod in `namespace` that belongs to no catalog service (an attacker's or a forgotten one). */
export function strayPod(namespace: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "stray", namespace, labels: { app: "stray" } },
    spec: { containers: [{ name: "main", image: "busybox:1.37", ports: [{ name: "http", containerPort: 8080 }] }] },
  };
}

/** The analyzer over every Kubernetes object the run rendered, the representative pods and `extra` objects. */
export function analyzeRun(run: StackRun, extra: KubeObject[] = []): AnalysisResult {
  return analyze([...kubernetesObjects(run.resources), ...representativePods(run.config), ...extra]);
}

/** The ports a set of named service ports stands for, as a ConnectionSet. */
function connectionsOfPorts(ports: ReadonlyArray<{ port: number; protocol: Protocol }>): ConnectionSet {
  const spec: PortsByProtocol = {};
  for (const p of ports) spec[p.protocol] = [...(spec[p.protocol] ?? []), p.port];
  return ConnectionSet.of(spec);
}

/**
 * Every connection the catalog requires between peers of the analysis, keyed `src id -> dst id`: each dependsOn and
 * calledBy edge on exactly its ports, each service to kube-dns on UDP and TCP 53, and each service to istiod on TCP
 * 15012 when the mesh is on. Any pair involving a catalog service that is not listed here must be denied.
 */
export function requiredConnections(config: StackConfig): Map<string, ConnectionSet> {
  const required = new Map<string, ConnectionSet>();
  const add = (src: string, dst: string, conns: ConnectionSet) =>
    required.set(`${src} -> ${dst}`, (required.get(`${src} -> ${dst}`) ?? ConnectionSet.none).union(conns));
  const byName = new Map(config.catalog.map((s) => [s.name, s]));
  const peerPod = {
    "ingress-controller": podId(config.network.ingressController.namespace, "ingress-controller"),
    monitoring: podId(config.network.monitoring.namespace, "monitoring"),
  };
  for (const caller of config.catalog) {
    const src = podId(caller.namespace, caller.name);
    for (const dep of caller.dependsOn) {
      const callee = byName.get(dep.service)!;
      add(src, podId(callee.namespace, callee.name), connectionsOfPorts(callee.ports.filter((p) => dep.ports.includes(p.name))));
    }
    add(src, podId(config.network.dns.namespace, "kube-dns"), ConnectionSet.of({ UDP: [53], TCP: [53] }));
    if (config.features.mesh) add(src, podId(config.mesh.istioNamespace, "istiod"), ConnectionSet.of({ TCP: [15012] }));
    for (const entry of caller.calledBy) {
      add(peerPod[entry.peer], src, connectionsOfPorts(caller.ports.filter((p) => entry.ports.includes(p.name))));
    }
    // The GDPR clean-up CronJob (components/compliance) calls each declared retention endpoint, on its port.
    if (caller.retention && config.features.compliance && config.compliance.dataCleanup.enabled) {
      const job = `${config.compliance.namespace}/gdpr-data-cleanup[CronJob]`;
      add(job, src, connectionsOfPorts(caller.ports.filter((p) => p.name === caller.retention!.port)));
    }
  }
  return required;
}

/**
 * Staging with a new catalog service added through config, as a user would: `reviews-service` in its own namespace
 * `reviews`, called by the api-gateway and calling products-service. The same run also marks orders-service as
 * needing the Kubernetes API and takes MinIO's secrets away (one run, since every run costs seconds).
 */
export const stagingWithReviews = {
  overrides: {
    services: {
      "reviews-service": {
        namespace: "reviews",
        tier: "backend",
        ports: [{ name: "http", port: 9100 }],
        serviceAccount: "reviews-service",
        secrets: ["reviews-service-secrets"],
        configMaps: ["reviews-service-config"],
        dependsOn: [{ service: "products-service", ports: ["http"] }],
      },
      "api-gateway": {
        dependsOn: [
          { service: "auth-service", ports: ["http"] },
          { service: "orders-service", ports: ["http"] },
          { service: "products-service", ports: ["http"] },
          { service: "payments-service", ports: ["http"] },
          { service: "rabbitmq", ports: ["amqp"] },
          { service: "reviews-service", ports: ["http"] },
        ],
      },
      "orders-service": { needsKubernetesApi: true },
      minio: { secrets: [] },
    },
  },
};

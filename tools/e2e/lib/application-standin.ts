/**
 * The application's side of the Ingress, which the program does not make: the backend Services its Ingress rules
 * route to (`api-gateway`) are deployed by the application's own release. Without them the provider waits out its
 * 60-second settlement period for each Ingress and warns `No matching service found for ingress rule`.
 *
 * The stand-in deploys each backend Service as the application would, once its namespace exists (the stack makes the
 * namespace): a ClusterIP Service of that name on the port the rule names. Its selector (`app.kubernetes.io/name`)
 * selects nothing here, whatever label the stack's naming layout gives the application's pods: no pod runs, and
 * kube-controller-manager's endpoints controller publishes its Endpoints (empty) all the same, which is what the
 * provider waits for. The Services are not the stack's (another field manager), so the check that the
 * provider left no undeclared object does not count them, and deleting the namespace deletes them.
 */
import type { KubernetesObject } from "../../../platform/offline/recorded-resource";
import { PollingStandIn } from "./cluster-standins";
import type { KubeApi } from "./kube-api";

/** A Service an Ingress rule routes to. */
export interface BackendService {
  namespace: string;
  name: string;
  port: { number?: number; name?: string };
}

type IngressSpec = { rules?: { http?: { paths?: { backend?: { service?: { name: string; port?: { number?: number; name?: string } } } }[] } }[] };

/** The Services the declared Ingresses route to, each once. */
export function backendServices(declared: readonly KubernetesObject[]): BackendService[] {
  const found = new Map<string, BackendService>();
  for (const ing of declared.filter((o) => o.kind === "Ingress")) {
    const namespace = ing.metadata.namespace as string;
    for (const rule of (ing as unknown as { spec?: IngressSpec }).spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const svc = p.backend?.service;
        if (svc) found.set(`${namespace}/${svc.name}`, { namespace, name: svc.name, port: svc.port ?? {} });
      }
    }
  }
  return [...found.values()];
}

/** The Service manifest the application's release would apply. */
export function serviceManifest(backend: BackendService): Record<string, unknown> {
  const port = backend.port.number ?? 80;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: backend.name,
      namespace: backend.namespace,
      labels: { "app.kubernetes.io/name": backend.name, "app.kubernetes.io/part-of": "ecommerce-security-e2e" },
    },
    spec: {
      type: "ClusterIP",
      selector: { "app.kubernetes.io/name": backend.name },
      ports: [{ name: backend.port.name ?? "http", port, targetPort: backend.port.name ?? port, protocol: "TCP" }],
    },
  };
}

/** Deploys each backend Service once its namespace exists, checking once a second until stopped. */
export class ApplicationServicesStandIn extends PollingStandIn {
  /** Services deployed so far, as namespace/name. */
  readonly deployed = new Set<string>();

  constructor(
    private readonly api: KubeApi,
    private readonly backends: readonly BackendService[],
  ) {
    super("application stand-in");
  }

  protected async once(): Promise<void> {
    for (const b of this.backends) {
      const id = `${b.namespace}/${b.name}`;
      if (this.deployed.has(id)) continue;
      const ns = await this.api.request("GET", `/api/v1/namespaces/${b.namespace}`);
      if (ns.status !== 200 || (ns.body.status as { phase?: string } | undefined)?.phase !== "Active") continue;
      const res = await this.api.request("POST", `/api/v1/namespaces/${b.namespace}/services`, serviceManifest(b));
      if (res.status !== 201 && res.status !== 409) throw new Error(`deploying Service ${id}: HTTP ${res.status} ${String(res.body.message ?? "")}`);
      this.deployed.add(id);
    }
  }
}

// The manifest set the policy benchmarks check: namespaces with their default-deny policy, then a platform-like mix
// of workloads (mostly restricted, a quarter without restricted contexts, a tenth with a host port) and their
// Services, ConfigMaps and Roles.

/** An object the benchmark generates: a manifest with its apiVersion and kind always set. */
export type GeneratedObject = Record<string, unknown> & { apiVersion: string; kind: string };

const TEAMS = ["storefront", "checkout", "catalog", "payments", "identity"];

/** The i-th workload of a platform-like mix: mostly restricted, a tenth with a baseline breach, kinds rotating. */
function workload(i: number): GeneratedObject {
  const team = TEAMS[i % TEAMS.length];
  const name = `svc-${i}`;
  const breach = i % 10 === 3;
  const restricted = i % 4 !== 1;
  const container = (suffix: string) => ({
    name: `${name}-${suffix}`,
    image: `registry.shop.example.com/${team}/${name}:2.${i % 30}.1`,
    ports: [{ containerPort: 8080, ...(breach ? { hostPort: 8080 } : {}) }],
    env: [{ name: "TEAM", value: team }],
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
    livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
    readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
    securityContext: restricted
      ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } }
      : { readOnlyRootFilesystem: true },
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  });
  const spec = {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    securityContext: restricted ? { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } : {},
    containers: i % 3 === 0 ? [container("app"), container("sidecar")] : [container("app")],
    volumes: [{ name: "tmp", emptyDir: {} }],
  };
  const metadata = { name, namespace: team };
  const template = { metadata: { labels: { app: name } }, spec };
  switch (i % 8) {
    case 5:
      return { apiVersion: "batch/v1", kind: "CronJob", metadata, spec: { schedule: "0 2 * * *", jobTemplate: { spec: { template } } } };
    case 6:
      return { apiVersion: "apps/v1", kind: "StatefulSet", metadata, spec: { serviceName: name, selector: { matchLabels: { app: name } }, template } };
    case 7:
      return { apiVersion: "v1", kind: "Pod", metadata, spec };
    default:
      return { apiVersion: "apps/v1", kind: "Deployment", metadata, spec: { selector: { matchLabels: { app: name } }, template } };
  }
}

/** The i-th object of a manifest set: namespaces with their default-deny first, then workloads and their companions. */
export function manifestSet(count: number): GeneratedObject[] {
  const objects: GeneratedObject[] = [];
  for (const team of TEAMS) {
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: team, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
    });
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny-all", namespace: team },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
  }
  for (let i = 0; objects.length < count; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `svc-${i}`;
    switch (i % 10) {
      case 0:
        objects.push({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: team }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
        break;
      case 1:
        objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: team }, data: { "config.yaml": "level: info\n" } });
        break;
      case 2:
        objects.push({
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "Role",
          metadata: { name, namespace: team },
          rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [name], verbs: ["get"] }],
        });
        break;
      default:
        objects.push(workload(i));
    }
  }
  return objects.slice(0, count);
}

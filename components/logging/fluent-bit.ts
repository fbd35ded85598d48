/**
 * Fluent Bit as a DaemonSet: its ServiceAccount, a ClusterRole that can only read pods and namespaces (the kubernetes
 * filter's metadata), the configuration ConfigMap, the credentials Secret and the DaemonSet itself.
 *
 * Why its namespace is `privileged`: the container logs are files on the node (/var/log/pods, linked from
 * /var/log/containers) and only a hostPath volume reaches them; hostPath volumes are forbidden from baseline up, so
 * privileged is the lowest Pod Security level that admits this DaemonSet. It runs alone in that namespace
 * (`logging.fluentBit.namespace`), so the exception covers nothing else. Everything else is still dropped: not
 * privileged, no host namespaces or ports, all capabilities dropped, no privilege escalation, read-only root
 * filesystem, RuntimeDefault seccomp. It runs as uid 0 only because the node's log files are root-owned and mode 0640
 * (root reads them as their owner, without any capability). The log mounts are read-only; the one writable host path
 * is Fluent Bit's own state directory (read offsets and the disk queue).
 */
import { restrictedContainerSecurityContext } from "../../core/security-context";
import type { LogStoreEndpoint } from "../../core/log-store";
import { FLUENT_BIT_ENV, FLUENT_BIT_PATHS, fluentBitConfig, type FluentBitConfigInput } from "./fluent-bit-config";
import { FLUENT_BIT, FLUENT_BIT_HTTP_PORT, SECRETS, appLabels, appSelector } from "./names";
import { opaqueSecretManifest } from "../../core/secret-manifest";

/** Inputs of {@link fluentBitManifests}; `S` is how a secret value is carried (a Pulumi secret Output in the program). */
export interface FluentBitInput<S> extends Omit<FluentBitConfigInput, "endpoint"> {
  /** The log store. */
  endpoint: LogStoreEndpoint;
  /** Fluent Bit image (pinned). */
  image: string;
  /** Password of the writer user. */
  password: S;
  /** The ConfigMap key (in Fluent Bit's namespace) whose certificate verifies the in-cluster Elasticsearch; none for an external endpoint. */
  elasticsearchCa?: { configMap: string; key: string };
}

/** The node paths Fluent Bit mounts, and how. */
export const FLUENT_BIT_HOST_PATHS = {
  /** Container logs (read-only). */
  varLog: "/var/log",
  /** Fluent Bit's own offsets and disk queue (read-write, created on first start). */
  state: FLUENT_BIT_PATHS.state,
} as const;

/** The Fluent Bit objects. */
export function fluentBitManifests<S>(i: FluentBitInput<S>) {
  const ns = i.namespace;
  const labels = appLabels(FLUENT_BIT);
  const config = fluentBitConfig(i);
  const serviceAccount = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: FLUENT_BIT, namespace: ns, labels } };
  const clusterRole = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "logging-fluent-bit-read", labels },
    // The kubernetes filter looks up the pod (labels, owner) and its namespace of each record: nothing more.
    rules: [{ apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] }],
  };
  const clusterRoleBinding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "logging-fluent-bit-read", labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole.metadata.name },
    subjects: [{ kind: "ServiceAccount", name: FLUENT_BIT, namespace: ns }],
  };
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "fluent-bit-config", namespace: ns, labels }, data: config };
  const secret = opaqueSecretManifest({ name: SECRETS.fluentBit, namespace: ns, labels }, { password: i.password });
  const securityContext = {
    ...restrictedContainerSecurityContext(0),
    // Root as the owner of the node's 0640 log files; no capability is kept, so root can read what it owns and nothing else.
    runAsNonRoot: false,
    runAsUser: 0,
    runAsGroup: 0,
  };
  const volumeMounts = [
    { name: "varlog", mountPath: FLUENT_BIT_HOST_PATHS.varLog, readOnly: true },
    { name: "state", mountPath: FLUENT_BIT_PATHS.state },
    { name: "config", mountPath: FLUENT_BIT_PATHS.config, readOnly: true },
    ...(i.elasticsearchCa ? [{ name: "es-ca", mountPath: FLUENT_BIT_PATHS.ca, readOnly: true }] : []),
  ];
  const volumes = [
    { name: "varlog", hostPath: { path: FLUENT_BIT_HOST_PATHS.varLog, type: "Directory" } },
    { name: "state", hostPath: { path: FLUENT_BIT_HOST_PATHS.state, type: "DirectoryOrCreate" } },
    { name: "config", configMap: { name: configMap.metadata.name } },
    // One public certificate from a ConfigMap of Fluent Bit's own namespace: no Secret of the store's namespace, no key.
    ...(i.elasticsearchCa
      ? [{ name: "es-ca", configMap: { name: i.elasticsearchCa.configMap, items: [{ key: i.elasticsearchCa.key, path: "ca.crt" }] } }]
      : []),
  ];
  const daemonSet = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: FLUENT_BIT, namespace: ns, labels },
    spec: {
      selector: { matchLabels: appSelector(FLUENT_BIT) },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: {
          labels,
          // A configuration change rolls the pods (the ConfigMap is not reloaded in place).
          annotations: { "ecommerce.example.com/config-hash": hash(JSON.stringify(config)) },
        },
        spec: {
          serviceAccountName: FLUENT_BIT,
          // The kubernetes filter calls the API server with this token.
          automountServiceAccountToken: true,
          enableServiceLinks: false,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          // Every node, including tainted ones: a node whose logs are not collected is a blind spot.
          tolerations: [{ operator: "Exists" }],
          containers: [
            {
              name: FLUENT_BIT,
              image: i.image,
              imagePullPolicy: "IfNotPresent",
              args: ["--config", `${FLUENT_BIT_PATHS.config}/fluent-bit.conf`],
              env: [{ name: FLUENT_BIT_ENV.password, valueFrom: { secretKeyRef: { name: SECRETS.fluentBit, key: "password" } } }],
              ports: [{ name: "http", containerPort: FLUENT_BIT_HTTP_PORT, protocol: "TCP" }],
              livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 30 },
              readinessProbe: { httpGet: { path: "/api/v1/health", port: "http" }, periodSeconds: 15 },
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
              securityContext,
              volumeMounts,
            },
          ],
          volumes,
        },
      },
    },
  };
  return { serviceAccount, clusterRole, clusterRoleBinding, configMap, secret, daemonSet };
}

/** A short, stable digest of a string (FNV-1a), enough to notice a change. */
export function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) {
    h ^= s.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * Elasticsearch as a StatefulSet: security and audit logging on, TLS on HTTP and transport (certificates from the
 * logging namespace's internal-CA Issuer), the `elastic` password from a Secret, one PVC per node of the configured
 * size and class, and restricted-compliant pods running as the image's numeric user with a read-only root filesystem.
 *
 * Transport is mutual TLS with full verification: a node accepts a peer only with a certificate of the logging
 * namespace's own CA (not merely any internal-CA certificate: another namespace's Issuer cannot make one) naming the
 * host it dialled. Nodes publish their stable DNS name (`<pod>.<headless service>.<ns>.svc`), which the certificate
 * covers, instead of their pod IP, which no certificate can name.
 *
 * Restricted without an init container that raises `vm.max_map_count` (which would need a privileged container):
 * `node.store.allow_mmap: false` makes Elasticsearch use NIO instead of mmap, and the bootstrap check that asks for
 * the sysctl does not apply. The image's config directory is copied into an emptyDir by an unprivileged init
 * container, because Elasticsearch writes its keystore there and the root filesystem is read-only.
 */
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { internalCaIssuerRef } from "../../core/internal-ca";
import {
  DEFAULT_TLS_SECRET,
  ELASTICSEARCH,
  ELASTICSEARCH_HEADLESS,
  ELASTIC_UID,
  ES_HTTP_PORT,
  ES_TRANSPORT_PORT,
  SECRETS,
  appLabels,
  appSelector,
} from "./names";
import { opaqueSecretManifest } from "../../core/secret-manifest";
import { WEB_IDENTITY_TOKEN_DIR, WEB_IDENTITY_TOKEN_FILE } from "./snapshots";

/** Inputs of {@link elasticsearchManifests}. */
export interface ElasticsearchInput<S> {
  /** Namespace of the logging stack. */
  namespace: string;
  /** Nodes. */
  replicas: number;
  /** PVC size per node. */
  storageSize: string;
  /** PVC StorageClass. */
  storageClass: string;
  /** Image (pinned). */
  image: string;
  /** CPU request and limit. */
  cpu: string;
  /** Memory request and limit. */
  memory: string;
  /** JVM heap. */
  heap: string;
  /** Password of the `elastic` superuser. */
  elasticPassword: S;
  /** TLS Secret (tls.crt, tls.key, ca.crt) for HTTP and transport. */
  tlsSecretName: string;
  /**
   * The CA a transport peer's certificate must chain to: a ConfigMap key (the logging namespace's own internal CA) or,
   * for a provided TLS Secret, that Secret's `ca.crt`.
   */
  transportCa: CaSource;
  /** Keep PVCs when the StatefulSet is deleted or scaled down (production). */
  retainVolumes: boolean;
  /**
   * The log archive, when snapshots go to S3: the role the S3 repository assumes with the pod's service-account token
   * (IRSA, no static key) and the bucket's region.
   */
  archive?: { roleArn: string; region: string };
}

/** Where a CA certificate to trust comes from: a key of a ConfigMap or of a Secret in the namespace. */
export interface CaSource {
  kind: "configMap" | "secret";
  name: string;
  key: string;
}

/** A volume holding exactly one CA certificate, as `ca.crt` (never a private key). */
export function caVolume(name: string, ca: CaSource) {
  const items = [{ key: ca.key, path: "ca.crt" }];
  return ca.kind === "configMap" ? { name, configMap: { name: ca.name, items } } : { name, secret: { secretName: ca.name, items } };
}

/** Paths inside the Elasticsearch container. */
const ES_HOME = "/usr/share/elasticsearch";
/** Directory (under the config directory) of the CA transport peers must chain to. */
const TRANSPORT_CA_DIR = "transport-ca";

/** Names of the nodes (pods) of the StatefulSet. */
export function elasticsearchNodeNames(replicas: number): string[] {
  return Array.from({ length: replicas }, (_, k) => `${ELASTICSEARCH}-${k}`);
}

/** elasticsearch.yml. */
export function elasticsearchYml(i: Pick<ElasticsearchInput<unknown>, "namespace" | "replicas" | "archive">): string {
  const discovery =
    i.replicas === 1
      ? ["discovery.type: single-node"]
      : [
          `discovery.seed_hosts: ["${ELASTICSEARCH_HEADLESS}.${i.namespace}.svc"]`,
          // Only read when the cluster first forms; harmless afterwards.
          `cluster.initial_master_nodes: [${elasticsearchNodeNames(i.replicas)
            .map((n) => `"${n}"`)
            .join(", ")}]`,
        ];
  return [
    "cluster.name: ecommerce-logs",
    "node.name: ${NODE_NAME}",
    "network.host: 0.0.0.0",
    // Peers dial this name, which the certificate covers (*.<headless>.<ns>.svc), so full verification can succeed.
    `network.publish_host: \${NODE_NAME}.${ELASTICSEARCH_HEADLESS}.${i.namespace}.svc`,
    ...discovery,
    "node.store.allow_mmap: false",
    `path.data: ${ES_HOME}/data`,
    `path.logs: ${ES_HOME}/logs`,
    "action.destructive_requires_name: true",
    "xpack.security.enabled: true",
    "xpack.security.enrollment.enabled: false",
    // Security audit trail (authentication failures, denied access, security changes) to the console, which Fluent
    // Bit ships like any container log. Needs a license level that includes audit logging (platinum or trial).
    "xpack.security.audit.enabled: true",
    "xpack.security.audit.logfile.events.include: [authentication_failed, access_denied, anonymous_access_denied, tampered_request, connection_denied, security_config_change]",
    "xpack.security.http.ssl.enabled: true",
    "xpack.security.http.ssl.key: certs/tls.key",
    "xpack.security.http.ssl.certificate: certs/tls.crt",
    "xpack.security.http.ssl.certificate_authorities: [certs/ca.crt]",
    "xpack.security.transport.ssl.enabled: true",
    // Mutual TLS between nodes: the peer's certificate must chain to the logging namespace's CA and name the host dialled.
    "xpack.security.transport.ssl.verification_mode: full",
    "xpack.security.transport.ssl.client_authentication: required",
    "xpack.security.transport.ssl.key: certs/tls.key",
    "xpack.security.transport.ssl.certificate: certs/tls.crt",
    `xpack.security.transport.ssl.certificate_authorities: [${TRANSPORT_CA_DIR}/ca.crt]`,
    // The archive's S3 client talks to the bucket's regional endpoint over HTTPS (the default protocol).
    ...(i.archive ? [`s3.client.default.endpoint: s3.${i.archive.region}.amazonaws.com`] : []),
    "",
  ].join("\n");
}

/** Where the S3 repository reads the web identity token: the only directory under the config path its module may read. */
const WEB_IDENTITY_TOKEN_MOUNT = `${ES_HOME}/config/${WEB_IDENTITY_TOKEN_DIR}`;

/** The environment and the projected token of IRSA for the archive's S3 repository (see {@link ElasticsearchInput.archive}). */
function archiveIdentity(archive: ElasticsearchInput<unknown>["archive"]) {
  if (!archive) return { env: [], mounts: [], volumes: [] };
  return {
    env: [
      { name: "AWS_ROLE_ARN", value: archive.roleArn },
      { name: "AWS_ROLE_SESSION_NAME", value: "elasticsearch-snapshots" },
      { name: "AWS_REGION", value: archive.region },
      { name: "AWS_STS_REGIONAL_ENDPOINTS", value: "regional" },
    ],
    mounts: [{ name: "aws-web-identity-token", mountPath: WEB_IDENTITY_TOKEN_MOUNT, readOnly: true }],
    volumes: [
      {
        name: "aws-web-identity-token",
        // A short-lived token for STS only (audience sts.amazonaws.com), not the API server's: the pod still mounts no API token.
        projected: {
          sources: [{ serviceAccountToken: { audience: "sts.amazonaws.com", expirationSeconds: 3600, path: WEB_IDENTITY_TOKEN_FILE } }],
        },
      },
    ],
  };
}

/**
 * DNS names the Elasticsearch certificate covers: the Services clients and the seed discovery use, and every node's
 * published name. Each names the namespace (the internal CA signs nothing else), and none is Kibana's: Kibana has its
 * own certificate.
 */
export function elasticsearchDnsNames(namespace: string): string[] {
  const svc = (name: string) => [`${name}.${namespace}`, `${name}.${namespace}.svc`];
  return [...svc(ELASTICSEARCH), ...svc(ELASTICSEARCH_HEADLESS), `*.${ELASTICSEARCH_HEADLESS}.${namespace}.svc`];
}

/** The cert-manager Certificate of Elasticsearch, from the logging namespace's Issuer (server and client auth: transport is mutual TLS). */
export function elasticsearchCertificate(namespace: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: DEFAULT_TLS_SECRET, namespace, labels: appLabels(ELASTICSEARCH) },
    spec: {
      secretName: DEFAULT_TLS_SECRET,
      commonName: `${ELASTICSEARCH}.${namespace}.svc`,
      dnsNames: elasticsearchDnsNames(namespace),
      duration: "2160h",
      renewBefore: "360h",
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always", encoding: "PKCS8" },
      // ECDSA keys sign; they cannot encipher.
      usages: ["server auth", "client auth", "digital signature"],
      issuerRef: internalCaIssuerRef(),
    },
  };
}

/** The Elasticsearch objects: credentials Secret, configuration, Services, StatefulSet and (with >1 node) a PodDisruptionBudget. */
export function elasticsearchManifests<S>(i: ElasticsearchInput<S>) {
  const ns = i.namespace;
  const labels = appLabels(ELASTICSEARCH);
  const selector = appSelector(ELASTICSEARCH);
  const secret = opaqueSecretManifest({ name: SECRETS.elastic, namespace: ns, labels }, { password: i.elasticPassword });
  const serviceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: ELASTICSEARCH, namespace: ns, labels },
    automountServiceAccountToken: false,
  };
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "elasticsearch-config", namespace: ns, labels },
    data: { "elasticsearch.yml": elasticsearchYml(i) },
  };
  const ports = [
    { name: "https", port: ES_HTTP_PORT, targetPort: "https", protocol: "TCP" },
    { name: "transport", port: ES_TRANSPORT_PORT, targetPort: "transport", protocol: "TCP" },
  ];
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: ELASTICSEARCH, namespace: ns, labels },
    spec: { type: "ClusterIP", selector, ports: [ports[0]] },
  };
  const headless = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: ELASTICSEARCH_HEADLESS, namespace: ns, labels },
    // Nodes must find each other before they are ready (discovery happens before readiness).
    spec: { clusterIP: "None", publishNotReadyAddresses: true, selector, ports },
  };
  const container = restrictedContainerSecurityContext(ELASTIC_UID);
  const identity = archiveIdentity(i.archive);
  const statefulSet = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: ELASTICSEARCH, namespace: ns, labels },
    spec: {
      serviceName: ELASTICSEARCH_HEADLESS,
      replicas: i.replicas,
      podManagementPolicy: "Parallel",
      selector: { matchLabels: selector },
      updateStrategy: { type: "RollingUpdate" },
      persistentVolumeClaimRetentionPolicy: i.retainVolumes ? { whenDeleted: "Retain", whenScaled: "Retain" } : { whenDeleted: "Delete", whenScaled: "Delete" },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: ELASTICSEARCH,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 120,
          securityContext: restrictedPodSecurityContext(ELASTIC_UID),
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } } },
              ],
            },
          },
          initContainers: [
            {
              name: "copy-config",
              image: i.image,
              command: ["sh", "-c", `cp -a ${ES_HOME}/config/. /mnt/config/`],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
              securityContext: container,
              volumeMounts: [{ name: "config-dir", mountPath: "/mnt/config" }],
            },
          ],
          containers: [
            {
              name: ELASTICSEARCH,
              image: i.image,
              env: [
                { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                { name: "ES_JAVA_OPTS", value: `-Xms${i.heap} -Xmx${i.heap}` },
                { name: "ES_TMPDIR", value: "/tmp" },
                { name: "ELASTIC_PASSWORD", valueFrom: { secretKeyRef: { name: SECRETS.elastic, key: "password" } } },
                ...identity.env,
              ],
              ports: [
                { name: "https", containerPort: ES_HTTP_PORT, protocol: "TCP" },
                { name: "transport", containerPort: ES_TRANSPORT_PORT, protocol: "TCP" },
              ],
              readinessProbe: { tcpSocket: { port: "https" }, initialDelaySeconds: 20, periodSeconds: 10 },
              livenessProbe: { tcpSocket: { port: "transport" }, initialDelaySeconds: 90, periodSeconds: 20, failureThreshold: 6 },
              resources: { requests: { cpu: i.cpu, memory: i.memory }, limits: { cpu: i.cpu, memory: i.memory } },
              securityContext: container,
              volumeMounts: [
                { name: "data", mountPath: `${ES_HOME}/data` },
                { name: "config-dir", mountPath: `${ES_HOME}/config` },
                { name: "es-config", mountPath: `${ES_HOME}/config/elasticsearch.yml`, subPath: "elasticsearch.yml", readOnly: true },
                { name: "tls", mountPath: `${ES_HOME}/config/certs`, readOnly: true },
                { name: "transport-ca", mountPath: `${ES_HOME}/config/${TRANSPORT_CA_DIR}`, readOnly: true },
                { name: "logs", mountPath: `${ES_HOME}/logs` },
                { name: "tmp", mountPath: "/tmp" },
                ...identity.mounts,
              ],
            },
          ],
          volumes: [
            { name: "config-dir", emptyDir: {} },
            { name: "es-config", configMap: { name: configMap.metadata.name } },
            { name: "tls", secret: { secretName: i.tlsSecretName, defaultMode: 0o440 } },
            caVolume("transport-ca", i.transportCa),
            { name: "logs", emptyDir: {} },
            { name: "tmp", emptyDir: {} },
            ...identity.volumes,
          ],
        },
      },
      volumeClaimTemplates: [
        {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          metadata: { name: "data", labels },
          spec: { accessModes: ["ReadWriteOnce"], storageClassName: i.storageClass, resources: { requests: { storage: i.storageSize } } },
        },
      ],
    },
  };
  const pdb =
    i.replicas > 1
      ? {
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: { name: ELASTICSEARCH, namespace: ns, labels },
          // Keep a master quorum through node drains.
          spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
        }
      : undefined;
  return { secret, serviceAccount, configMap, service, headless, statefulSet, pdb };
}

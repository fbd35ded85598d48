/**
 * Kibana: connects to Elasticsearch as `kibana_system` over verified TLS, serves HTTPS itself with the same
 * internal-CA certificate, and keeps saved objects encrypted with the `kibanaEncryptionKey` secret. Not exposed
 * outside the cluster: reach it with `kubectl -n <ns> port-forward svc/kibana 5601`.
 */
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { ELASTICSEARCH, ELASTIC_UID, ES_HTTP_PORT, KIBANA, KIBANA_PORT, SECRETS, appLabels, appSelector } from "./names";
import { opaqueSecretManifest } from "../../core/secret-manifest";

/** Inputs of {@link kibanaManifests}. */
export interface KibanaInput<S> {
  /** Namespace of the logging stack. */
  namespace: string;
  /** Image (pinned, same version as Elasticsearch). */
  image: string;
  /** Password of `kibana_system` (set in Elasticsearch by the security setup job). */
  kibanaSystemPassword: S;
  /** Saved-objects encryption key (32+ characters). */
  encryptionKey: S;
  /** Session cookie encryption key (32+ characters). */
  securityKey: S;
  /** Reporting encryption key (32+ characters). */
  reportingKey: S;
  /** TLS Secret (tls.crt, tls.key, ca.crt). */
  tlsSecretName: string;
}

const KIBANA_HOME = "/usr/share/kibana";

/** kibana.yml: secrets are read from the environment (`${VAR}`), never written into the ConfigMap. */
export function kibanaYml(namespace: string): string {
  return [
    "server.host: 0.0.0.0",
    `server.port: ${KIBANA_PORT}`,
    "server.ssl.enabled: true",
    `server.ssl.certificate: ${KIBANA_HOME}/config/certs/tls.crt`,
    `server.ssl.key: ${KIBANA_HOME}/config/certs/tls.key`,
    `elasticsearch.hosts: ["https://${ELASTICSEARCH}.${namespace}.svc:${ES_HTTP_PORT}"]`,
    "elasticsearch.username: kibana_system",
    "elasticsearch.password: ${ELASTICSEARCH_PASSWORD}",
    `elasticsearch.ssl.certificateAuthorities: ["${KIBANA_HOME}/config/certs/ca.crt"]`,
    "elasticsearch.ssl.verificationMode: full",
    "xpack.encryptedSavedObjects.encryptionKey: ${KIBANA_ENCRYPTION_KEY}",
    "xpack.security.encryptionKey: ${KIBANA_SECURITY_KEY}",
    "xpack.reporting.encryptionKey: ${KIBANA_REPORTING_KEY}",
    "xpack.security.session.idleTimeout: 1h",
    "xpack.security.session.lifespan: 8h",
    `path.data: ${KIBANA_HOME}/data`,
    "telemetry.optIn: false",
    "telemetry.allowChangingOptInStatus: false",
    "",
  ].join("\n");
}

/** The Kibana objects. */
export function kibanaManifests<S>(i: KibanaInput<S>) {
  const ns = i.namespace;
  const labels = appLabels(KIBANA);
  const selector = appSelector(KIBANA);
  const secret = opaqueSecretManifest(
    { name: SECRETS.kibana, namespace: ns, labels },
    {
      "elasticsearch-password": i.kibanaSystemPassword,
      "encryption-key": i.encryptionKey,
      "security-key": i.securityKey,
      "reporting-key": i.reportingKey,
    },
  );
  const serviceAccount = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: KIBANA, namespace: ns, labels }, automountServiceAccountToken: false };
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kibana-config", namespace: ns, labels }, data: { "kibana.yml": kibanaYml(ns) } };
  const fromSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: SECRETS.kibana, key } } });
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: KIBANA, namespace: ns, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: KIBANA,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(ELASTIC_UID),
          containers: [
            {
              name: KIBANA,
              image: i.image,
              env: [
                fromSecret("ELASTICSEARCH_PASSWORD", "elasticsearch-password"),
                fromSecret("KIBANA_ENCRYPTION_KEY", "encryption-key"),
                fromSecret("KIBANA_SECURITY_KEY", "security-key"),
                fromSecret("KIBANA_REPORTING_KEY", "reporting-key"),
                { name: "NODE_OPTIONS", value: "--max-old-space-size=800" },
              ],
              ports: [{ name: "https", containerPort: KIBANA_PORT, protocol: "TCP" }],
              readinessProbe: { tcpSocket: { port: "https" }, initialDelaySeconds: 20, periodSeconds: 10 },
              resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
              securityContext: restrictedContainerSecurityContext(ELASTIC_UID),
              volumeMounts: [
                { name: "config", mountPath: `${KIBANA_HOME}/config/kibana.yml`, subPath: "kibana.yml", readOnly: true },
                { name: "tls", mountPath: `${KIBANA_HOME}/config/certs`, readOnly: true },
                { name: "data", mountPath: `${KIBANA_HOME}/data` },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "config", configMap: { name: configMap.metadata.name } },
            { name: "tls", secret: { secretName: i.tlsSecretName, defaultMode: 0o440 } },
            { name: "data", emptyDir: {} },
            { name: "tmp", emptyDir: {} },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: KIBANA, namespace: ns, labels },
    spec: { type: "ClusterIP", selector, ports: [{ name: "https", port: KIBANA_PORT, targetPort: "https", protocol: "TCP" }] },
  };
  return { secret, serviceAccount, configMap, deployment, service };
}

/**
 * Kibana: connects to Elasticsearch as `kibana_system` over verified TLS (trusting the CA Elasticsearch's certificate
 * comes from, never holding Elasticsearch's key), serves HTTPS itself with its own certificate, and keeps saved objects
 * encrypted with the `kibanaEncryptionKey` secret. Not exposed outside the cluster: reach it with
 * `kubectl -n <ns> port-forward svc/kibana 5601`.
 */
import { internalCaIssuerRef } from "../../core/internal-ca";
import { caVolume, type CaSource } from "./elasticsearch";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { ELASTICSEARCH, ELASTIC_UID, ES_HTTP_PORT, KIBANA, KIBANA_PORT, KIBANA_TLS_SECRET, SECRETS, appLabels, appSelector } from "./names";
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
  /** Kibana's own TLS Secret (tls.crt, tls.key): what it serves HTTPS with. */
  tlsSecretName: string;
  /** The CA Elasticsearch's certificate chains to (one certificate, no key). */
  elasticsearchCa: CaSource;
}

/** Kibana's certificate from the logging namespace's internal-CA Issuer: its Service names, server auth only. */
export function kibanaCertificate(namespace: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: KIBANA_TLS_SECRET, namespace, labels: appLabels(KIBANA) },
    spec: {
      secretName: KIBANA_TLS_SECRET,
      commonName: `${KIBANA}.${namespace}.svc`,
      dnsNames: [`${KIBANA}.${namespace}`, `${KIBANA}.${namespace}.svc`],
      duration: "2160h",
      renewBefore: "360h",
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always", encoding: "PKCS8" },
      usages: ["server auth", "digital signature"],
      issuerRef: internalCaIssuerRef(),
    },
  };
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
    `elasticsearch.ssl.certificateAuthorities: ["${KIBANA_HOME}/config/elasticsearch-ca/ca.crt"]`,
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
                { name: "elasticsearch-ca", mountPath: `${KIBANA_HOME}/config/elasticsearch-ca`, readOnly: true },
                { name: "data", mountPath: `${KIBANA_HOME}/data` },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "config", configMap: { name: configMap.metadata.name } },
            // Its own key pair only: Elasticsearch's key stays in Elasticsearch's pods.
            {
              name: "tls",
              secret: {
                secretName: i.tlsSecretName,
                defaultMode: 0o440,
                items: [
                  { key: "tls.crt", path: "tls.crt" },
                  { key: "tls.key", path: "tls.key" },
                ],
              },
            },
            caVolume("elasticsearch-ca", i.elasticsearchCa),
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

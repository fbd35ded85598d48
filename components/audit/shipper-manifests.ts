/**
 * The EKS audit shipper's Kubernetes objects: its ServiceAccount (no API token: it never calls the API server), the
 * Filebeat configuration, the writer's credentials and a one-replica Deployment. IRSA is explicit, as Elasticsearch's
 * snapshot role does it: a projected token for STS only (audience sts.amazonaws.com) and the role's ARN in the
 * environment, so the pod mounts no API token and depends on no mutating webhook. Filebeat runs as its image's user
 * (uid 1000), with a read-only root filesystem, every capability dropped and its data directory on an emptyDir.
 * `R` is how the role's ARN is carried and `S` a secret value (Pulumi Outputs in the program).
 */
import { createHash } from "node:crypto";
import { EKS_AUDIT_SHIPPER } from "../../core/audit-log";
import { componentLabels } from "../../core/labels";
import { opaqueSecretManifest } from "../../core/secret-manifest";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { FILEBEAT_HTTP_PORT, FILEBEAT_PASSWORD_ENV, FILEBEAT_PATHS } from "./filebeat-config";

/** Numeric user of the Filebeat image (`filebeat`, uid and gid 1000). */
export const FILEBEAT_UID = 1000;

/** Seconds a projected STS token lives before the kubelet renews it. */
const WEB_IDENTITY_TOKEN_SECONDS = 3600;

/** Inputs of {@link shipperManifests}. */
export interface ShipperManifestsInput<R, S> {
  /** The shipper's namespace. */
  namespace: string;
  /** Filebeat image (pinned). */
  image: string;
  /** filebeat.yml (filebeat-config.ts). */
  config: string;
  /** The writer's password. */
  password: S;
  /** The IRSA role's ARN. */
  roleArn: R;
  /** Region of the log group (the AWS SDK's region and its regional STS endpoint). */
  region: string;
  /** The ConfigMap key whose certificate verifies the in-cluster store; none for an external one. */
  ca?: { configMap: string; key: string };
}

/** The labels of the shipper's objects; its pods are selected by `app.kubernetes.io/name`. */
export function shipperLabels(): Record<string, string> {
  return { ...componentLabels("audit"), "app.kubernetes.io/name": EKS_AUDIT_SHIPPER };
}

/** The shipper's ServiceAccount, ConfigMap, Secret and Deployment. */
export function shipperManifests<R, S>(i: ShipperManifestsInput<R, S>) {
  const ns = i.namespace;
  const labels = shipperLabels();
  const serviceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: EKS_AUDIT_SHIPPER, namespace: ns, labels },
    automountServiceAccountToken: false,
  };
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${EKS_AUDIT_SHIPPER}-config`, namespace: ns, labels },
    data: { "filebeat.yml": i.config },
  };
  const secret = opaqueSecretManifest({ name: `${EKS_AUDIT_SHIPPER}-credentials`, namespace: ns, labels }, { password: i.password });
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: EKS_AUDIT_SHIPPER, namespace: ns, labels },
    spec: {
      // One reader: two would each read the whole group (duplicates are refused, but every call is paid twice).
      replicas: 1,
      strategy: { type: "Recreate" },
      selector: { matchLabels: { "app.kubernetes.io/name": EKS_AUDIT_SHIPPER } },
      template: {
        metadata: {
          labels,
          // A configuration change rolls the pod (the file is mounted through subPath, never updated in place).
          annotations: { "ecommerce.example.com/config-hash": createHash("sha256").update(i.config).digest("hex").slice(0, 16) },
        },
        spec: {
          serviceAccountName: EKS_AUDIT_SHIPPER,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(FILEBEAT_UID),
          containers: [
            {
              name: "filebeat",
              image: i.image,
              imagePullPolicy: "IfNotPresent",
              args: ["-e", "-c", FILEBEAT_PATHS.config],
              env: [
                { name: FILEBEAT_PASSWORD_ENV, valueFrom: { secretKeyRef: { name: secret.metadata.name, key: "password" } } },
                { name: "AWS_ROLE_ARN", value: i.roleArn },
                { name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: FILEBEAT_PATHS.webIdentityToken },
                { name: "AWS_ROLE_SESSION_NAME", value: EKS_AUDIT_SHIPPER },
                { name: "AWS_REGION", value: i.region },
                { name: "AWS_STS_REGIONAL_ENDPOINTS", value: "regional" },
              ],
              ports: [{ name: "http", containerPort: FILEBEAT_HTTP_PORT, protocol: "TCP" }],
              livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 30 },
              readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 15 },
              resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
              securityContext: restrictedContainerSecurityContext(FILEBEAT_UID),
              volumeMounts: [
                { name: "config", mountPath: FILEBEAT_PATHS.config, subPath: "filebeat.yml", readOnly: true },
                { name: "data", mountPath: FILEBEAT_PATHS.data },
                {
                  name: "aws-web-identity-token",
                  mountPath: FILEBEAT_PATHS.webIdentityToken.slice(0, FILEBEAT_PATHS.webIdentityToken.lastIndexOf("/")),
                  readOnly: true,
                },
                ...(i.ca ? [{ name: "store-ca", mountPath: FILEBEAT_PATHS.ca, readOnly: true }] : []),
              ],
            },
          ],
          volumes: [
            // Read-only for everyone, writable by none: Filebeat refuses a configuration file others could write.
            { name: "config", configMap: { name: configMap.metadata.name, defaultMode: 0o444 } },
            { name: "data", emptyDir: { sizeLimit: "64Mi" } },
            {
              name: "aws-web-identity-token",
              projected: {
                sources: [
                  {
                    serviceAccountToken: {
                      audience: "sts.amazonaws.com",
                      expirationSeconds: WEB_IDENTITY_TOKEN_SECONDS,
                      path: FILEBEAT_PATHS.webIdentityToken.slice(FILEBEAT_PATHS.webIdentityToken.lastIndexOf("/") + 1),
                    },
                  },
                ],
              },
            },
            // One public certificate from a ConfigMap of the shipper's own namespace: no Secret of the store's namespace, no key.
            ...(i.ca ? [{ name: "store-ca", configMap: { name: i.ca.configMap, items: [{ key: i.ca.key, path: "ca.crt" }] } }] : []),
          ],
        },
      },
    },
  };
  return { serviceAccount, configMap, secret, deployment };
}

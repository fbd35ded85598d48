// Fixture builders for the policy tests: one compliant object per concept, varied one field at a time.
import deepmerge from "deepmerge";
import { k8s, type FakeResource } from "../../cli/pack-engine";

/** A manifest as a test writes it. */
export type ManifestFixture = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
};

/** Deep merge where lists in the overrides replace lists of the base. */
export function merged<T extends object>(base: T, overrides: object): T {
  return deepmerge(base, overrides as Partial<T>, { arrayMerge: (_target, source) => source });
}

export const DIGEST = `sha256:${"a1".repeat(32)}`;
export const GOOD_IMAGE = `registry.shop.example.com/shop/web:1.4.2@${DIGEST}`;

/** A container that passes every rule: pinned image from the shop registry, restricted context, resources, probes. */
export function goodContainer(overrides: object = {}): Record<string, unknown> {
  return merged(
    {
      name: "web",
      image: GOOD_IMAGE,
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
      readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    },
    overrides,
  );
}

/** A Deployment in namespace "shop" that passes every rule; `spec` overrides merge into its pod spec. */
export function deploymentWith(podSpec: object = {}, metadata: object = {}): ManifestFixture {
  return merged(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: merged(
            {
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
              containers: [goodContainer()],
            },
            podSpec,
          ),
        },
      },
    } as ManifestFixture,
    { metadata },
  );
}

/** A Namespace with Pod Security labels (enforce `level`, version `version`). */
export function namespaceWith(name: string, level = "restricted", extraLabels: Record<string, string> = {}, version = "latest"): ManifestFixture {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels: {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": version,
        ...extraLabels,
      },
    },
  };
}

/** The default-deny NetworkPolicy of a namespace. */
export function defaultDeny(namespace: string, policyTypes = ["Ingress", "Egress"]): ManifestFixture {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny-all", namespace },
    spec: { podSelector: {}, policyTypes },
  };
}

/** A Role (or ClusterRole when namespace is undefined) with these rules. */
export function roleWith(rules: object[], namespace: string | undefined = "shop", name = "reader"): ManifestFixture {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: namespace === undefined ? "ClusterRole" : "Role",
    metadata: namespace === undefined ? { name } : { name, namespace },
    rules,
  };
}

/** A RoleBinding of `roleRef` to service account `account` of the same namespace. */
export function roleBinding(
  namespace: string,
  account: string,
  roleRef: object = { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
): ManifestFixture {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: `${account}-reader`, namespace },
    roleRef,
    subjects: [{ kind: "ServiceAccount", name: account, namespace }],
  };
}

/** A cert-manager Certificate with these spec fields. */
export function certificateWith(spec: object = {}): ManifestFixture {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "web-tls", namespace: "shop" },
    spec: merged({ secretName: "web-tls", dnsNames: ["web.shop.svc"], issuerRef: { kind: "ClusterIssuer", name: "internal-ca" } }, spec),
  };
}

/** A PeerAuthentication in `namespace` with mTLS `mode`. */
export function peerAuthentication(namespace: string, mode: string, extra: object = {}): ManifestFixture {
  return { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace }, spec: merged({ mtls: { mode } }, extra) };
}

/** An Ingress for `hosts` with TLS for `tlsHosts` (none when empty). */
export function ingressWith(hosts: string[], tlsHosts: string[]): ManifestFixture {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "shop", namespace: "shop" },
    spec: {
      ...(tlsHosts.length > 0 ? { tls: [{ hosts: tlsHosts, secretName: "shop-tls" }] } : {}),
      rules: hosts.map((host) => ({ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } })),
    },
  };
}

/** The restricted pod and container contexts the program's chart values use. */
export const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } };
export const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

/** A Helm release of a pinned chart as hardenedRelease registers it. */
export function helmRelease(chart: string, repo: string, version: string | undefined, values: object, namespace = "cert-manager", name = chart): FakeResource {
  const props: Record<string, unknown> = { chart, name, namespace, repositoryOpts: { repo }, values, atomic: true };
  if (version !== undefined) props.version = version;
  return { type: "kubernetes:helm.sh/v3:Release", name: `release-${name}`, props };
}

/** cert-manager values with every component restricted. */
export function certManagerValues(): Record<string, unknown> {
  const component = { securityContext: RESTRICTED_POD, containerSecurityContext: RESTRICTED_CONTAINER };
  return { ...component, webhook: component, cainjector: component, startupapicheck: component };
}

/** The typed resources of a list of manifests. */
export const resources = (...manifests: ManifestFixture[]): FakeResource[] => manifests.map(k8s);

/** A NetworkPolicy in namespace "shop" selecting app=web, with these spec fields. */
export function networkPolicyWith(spec: object, name = "web"): ManifestFixture {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: "shop" },
    spec: { podSelector: { matchLabels: { app: "web" } }, ...spec },
  };
}

/** A Service "web" in namespace "shop" with these spec fields and annotations. */
export function serviceWith(spec: object, annotations: Record<string, string> = {}): ManifestFixture {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "shop", ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: { selector: { app: "web" }, ports: [{ port: 443 }], ...spec },
  };
}

/** A ClusterRoleBinding of the ClusterRole `role` to `subjects`. */
export function clusterRoleBinding(role: string, subjects: object[], name = "grant"): ManifestFixture {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects,
  };
}

/** A ValidatingWebhookConfiguration with one webhook that has these fields. */
export function webhookWith(webhook: object, name = "policy"): ManifestFixture {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name },
    webhooks: [
      merged(
        {
          name: "validate.policy.example.com",
          admissionReviewVersions: ["v1"],
          sideEffects: "None",
          failurePolicy: "Fail",
          clientConfig: { service: { name: "policy-webhook", namespace: "policy", path: "/validate" } },
          rules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments"] }],
        },
        webhook,
      ),
    ],
  };
}

/** An Istio object of `kind` in namespace "shop" with this spec. */
export function istioObject(kind: "AuthorizationPolicy" | "DestinationRule", spec: object, name = "web"): ManifestFixture {
  const group = kind === "AuthorizationPolicy" ? "security.istio.io" : "networking.istio.io";
  return { apiVersion: `${group}/v1`, kind, metadata: { name, namespace: "shop" }, spec };
}

/** A ConfigMap "web-config" in namespace "shop" with this data. */
export function configMapWith(data: Record<string, string>): ManifestFixture {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-config", namespace: "shop" }, data };
}

/** Liveness and readiness probes of a container serving HTTP on 8080. */
export const PROBES = {
  livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
  readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
};

// Every rule of the pack through the CrossGuard policy the engine calls: a compliant set it accepts, a breach it
// reports (with the message and field path users see), a configuration that changes the verdict, and its default
// enforcement level. The table must name every rule, so a new rule cannot ship without its cases.
import { strict as assert } from "node:assert";
import { ALL_RULES } from "@ecommerce-security/policy-rules";
import { policies } from "../../policy/policies";
import {
  certManagerValues,
  certificateWith,
  clusterRoleBinding,
  configMapWith,
  defaultDeny,
  deploymentWith,
  goodContainer,
  helmRelease,
  ingressWith,
  istioObject,
  merged,
  namespaceWith,
  networkPolicyWith,
  peerAuthentication,
  PROBES,
  resources,
  roleBinding,
  roleWith,
  serviceWith,
  webhookWith,
  RESTRICTED_POD,
  type ManifestFixture,
} from "./builders";
import { k8s, reportedBy, type FakeResource } from "../../cli/pack-engine";

interface RuleCases {
  /** Default enforcement level. */
  level: "mandatory" | "advisory";
  /** A set the rule accepts. */
  pass: FakeResource[];
  /** A set with one breach (in the resource named `failing`, default the first). */
  fail: FakeResource[];
  failing?: string;
  /** What the report says (message, and the field path as "(at <path>)"). */
  message: RegExp;
  /** A configuration and a set whose verdict it changes, with the number of reports expected under it. */
  configured: { config: Record<string, unknown>; set: FakeResource[]; reports: number };
}

const bucket = (name = "backups"): FakeResource => ({ type: "aws:s3/bucket:Bucket", name, props: { bucket: `shop-${name}` } });
const sse = (bucketName: string, key = "arn:aws:kms:eu-west-1:111122223333:key/backups"): FakeResource => ({
  type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  name: `${bucketName}-encryption`,
  props: { bucket: bucketName, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key } }] },
});
const publicAccessBlock = (bucketName: string, flags: Record<string, boolean> = {}): FakeResource => ({
  type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  name: `${bucketName}-public-access`,
  props: { bucket: bucketName, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...flags },
});
const secret = (props: Record<string, unknown>): FakeResource => ({
  type: "aws:secretsmanager/secret:Secret",
  name: "orders-db",
  props: { name: "shop/orders-db", ...props },
});
const kmsKey = (props: Record<string, unknown>): FakeResource => ({
  type: "aws:kms/key:Key",
  name: "backups-key",
  props: { description: "backups", ...props },
});
const service = (type: string): ManifestFixture => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "shop" },
  spec: { type, ports: [{ port: 80 }] },
});
const certManager = (values: object, version = "v1.19.1", repo = "https://charts.jetstack.io") => helmRelease("cert-manager", repo, version, values);
const withoutWebhookDrop = () => {
  const values = certManagerValues();
  values.webhook = { securityContext: RESTRICTED_POD, containerSecurityContext: { allowPrivilegeEscalation: false } };
  return values;
};

const persistentVolumeWith = (source: object): ManifestFixture => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "data" },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], ...source },
});
const serviceAccountTokenSecret = (): ManifestFixture => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "ci-deployer-token", namespace: "shop", annotations: { "kubernetes.io/service-account.name": "ci-deployer" } },
  type: "kubernetes.io/service-account-token",
});

const CASES: Record<string, RuleCases> = {
  "pss-baseline": {
    level: "mandatory",
    pass: resources(namespaceWith("shop", "baseline"), deploymentWith()),
    fail: resources(deploymentWith({ hostNetwork: true }), namespaceWith("shop", "baseline")),
    message: /host namespaces \(hostNetwork=true\) \[baseline control hostNamespaces\].*\(at spec\.template\.spec\.hostNetwork\); fix: remove hostNetwork/,
    configured: { config: { exemptNamespaces: ["shop"] }, set: resources(deploymentWith({ hostNetwork: true })), reports: 0 },
  },
  "pss-restricted": {
    level: "mandatory",
    pass: resources(deploymentWith()),
    fail: resources(deploymentWith({ securityContext: { runAsNonRoot: null } })),
    message:
      /runAsNonRoot != true \(pod or container "web" must set securityContext\.runAsNonRoot=true\).*\(at spec\.template\.spec\.containers\[0\]\.securityContext\.runAsNonRoot\)/,
    configured: { config: { defaultLevel: "baseline" }, set: resources(deploymentWith({ securityContext: { runAsNonRoot: null } })), reports: 0 },
  },
  "persistentvolume-no-hostpath": {
    level: "mandatory",
    pass: resources(persistentVolumeWith({ csi: { driver: "ebs.csi.aws.com", volumeHandle: "vol-1" } })),
    fail: resources(persistentVolumeWith({ hostPath: { path: "/var/lib/kubelet" } })),
    message: /the volume is the node's directory \/var\/lib\/kubelet: a pod that claims it reads and writes the node's files \(at spec\.hostPath\)/,
    configured: { config: { allowed: ["data"] }, set: resources(persistentVolumeWith({ hostPath: { path: "/data" } })), reports: 0 },
  },
  "image-tag-not-latest": {
    level: "mandatory",
    pass: resources(deploymentWith({ containers: [goodContainer({ image: "registry.shop.example.com/shop/web:1.4.2" })] })),
    fail: resources(deploymentWith({ containers: [goodContainer({ image: "registry.shop.example.com/shop/web:latest" })] })),
    message:
      /container "web" image "registry\.shop\.example\.com\/shop\/web:latest" uses the mutable tag "latest" \(at spec\.template\.spec\.containers\[0\]\.image\)/,
    configured: {
      config: { forbiddenTags: ["latest", "main"] },
      set: resources(deploymentWith({ containers: [goodContainer({ image: "registry.shop.example.com/shop/web:main" })] })),
      reports: 1,
    },
  },
  "image-registry-allowed": {
    level: "mandatory",
    pass: resources(deploymentWith()),
    fail: resources(deploymentWith({ containers: [goodContainer({ image: "evil.example.net/miner:1.0" })] })),
    message:
      /image "evil\.example\.net\/miner:1\.0" is from registry "evil\.example\.net", which is not allow-listed \(at spec\.template\.spec\.containers\[0\]\.image\)/,
    configured: {
      config: { allowedRegistries: ["evil.example.net"] },
      set: resources(deploymentWith({ containers: [goodContainer({ image: "evil.example.net/miner:1.0" })] })),
      reports: 0,
    },
  },
  "image-digest-pinned": {
    level: "advisory",
    pass: resources(deploymentWith()),
    fail: resources(deploymentWith({ containers: [goodContainer({ image: "registry.shop.example.com/shop/web:1.4.2" })] })),
    message: /image "registry\.shop\.example\.com\/shop\/web:1\.4\.2" is not pinned by digest \(at spec\.template\.spec\.containers\[0\]\.image\)/,
    configured: {
      config: {},
      set: resources(deploymentWith({ initContainers: [goodContainer({ name: "init", image: "registry.shop.example.com/shop/init:2" })] })),
      reports: 1,
    },
  },
  "workload-resources": {
    level: "advisory",
    pass: resources(deploymentWith()),
    fail: resources(deploymentWith({ containers: [goodContainer({ resources: { limits: null } })] })),
    message: /container "web" does not set limits for cpu, memory \(at spec\.template\.spec\.containers\[0\]\.resources\.limits\)/,
    configured: {
      config: { limits: ["memory"] },
      set: resources(deploymentWith({ containers: [goodContainer({ resources: { limits: { cpu: null } } })] })),
      reports: 0,
    },
  },
  "workload-read-only-root-filesystem": {
    level: "advisory",
    pass: resources(deploymentWith()),
    fail: resources(deploymentWith({ containers: [goodContainer({ securityContext: { readOnlyRootFilesystem: false } })] })),
    message: /container "web" has a writable root filesystem \(at spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFilesystem\)/,
    configured: {
      config: { exemptNamespaces: ["shop"] },
      set: resources(deploymentWith({ containers: [goodContainer({ securityContext: { readOnlyRootFilesystem: false } })] })),
      reports: 0,
    },
  },
  "workload-service-account-token": {
    level: "mandatory",
    pass: resources(deploymentWith({ automountServiceAccountToken: true, serviceAccountName: "web" }), roleBinding("shop", "web")),
    fail: resources(deploymentWith({ automountServiceAccountToken: null, serviceAccountName: "web" })),
    message:
      /pods mount a token of service account "web", which no RoleBinding or ClusterRoleBinding grants anything \(at spec\.template\.spec\.automountServiceAccountToken\)/,
    configured: {
      config: { grantedServiceAccounts: ["shop/web"] },
      set: resources(deploymentWith({ automountServiceAccountToken: true, serviceAccountName: "web" })),
      reports: 0,
    },
  },
  "workload-no-default-namespace": {
    level: "advisory",
    pass: resources(deploymentWith()),
    fail: resources(deploymentWith({}, { namespace: "default" })),
    message: /Deployment\.apps is in the default namespace \(at metadata\.namespace\)/,
    configured: { config: { allowed: ["Deployment/web"] }, set: resources(deploymentWith({}, { namespace: "default" })), reports: 0 },
  },
  "workload-no-share-process-namespace": {
    level: "mandatory",
    pass: resources(deploymentWith({ shareProcessNamespace: false })),
    fail: resources(deploymentWith({ shareProcessNamespace: true })),
    message:
      /the pod's containers share one process namespace: each can read the others' environment, memory and files \(at spec\.template\.spec\.shareProcessNamespace\)/,
    configured: { config: { exempt: ["shop/web"] }, set: resources(deploymentWith({ shareProcessNamespace: true })), reports: 0 },
  },
  "workload-sysctl-values": {
    level: "mandatory",
    pass: resources(deploymentWith({ securityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "1" }] } })),
    fail: resources(deploymentWith({ securityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "0+kernel.core_pattern=|/var/lib/x" }] } })),
    message:
      /sysctl kernel\.shm_rmid_forced has the value "0\+kernel\.core_pattern=\|\/var\/lib\/x", whose '\+' or '=' a container runtime may read as a further setting \(CVE-2022-0811\)/,
    configured: {
      config: { exemptNamespaces: ["shop"] },
      set: resources(deploymentWith({ securityContext: { sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0=1" }] } })),
      reports: 0,
    },
  },
  "workload-no-host-aliases": {
    level: "advisory",
    pass: resources(deploymentWith()),
    fail: resources(deploymentWith({ hostAliases: [{ ip: "203.0.113.7", hostnames: ["api.payments.example.com"] }] })),
    message: /the pod overrides name resolution for api\.payments\.example\.com through \/etc\/hosts \(at spec\.template\.spec\.hostAliases\)/,
    configured: { config: { exempt: ["shop/*"] }, set: resources(deploymentWith({ hostAliases: [{ ip: "203.0.113.7", hostnames: ["x"] }] })), reports: 0 },
  },
  "workload-probes": {
    level: "advisory",
    pass: resources(deploymentWith({ containers: [goodContainer(PROBES)] })),
    fail: resources(deploymentWith({ containers: [goodContainer({ livenessProbe: null })] })),
    message: /container "web" has no livenessProbe \(at spec\.template\.spec\.containers\[0\]\.livenessProbe\)/,
    configured: {
      config: { probes: ["readinessProbe"] },
      set: resources(deploymentWith({ containers: [goodContainer({ livenessProbe: null })] })),
      reports: 0,
    },
  },
  "secret-not-in-env": {
    level: "mandatory",
    pass: resources(
      deploymentWith({
        containers: [
          goodContainer({
            env: [
              { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "orders-db", key: "password" } } },
              { name: "DB_PASSWORD_FILE", value: "/run/secrets/db" },
              { name: "TOKEN_AUDIENCE", value: "sts.amazonaws.com" },
            ],
          }),
        ],
      }),
    ),
    fail: resources(deploymentWith({ containers: [goodContainer({ env: [{ name: "DB_PASSWORD", value: "hunter2" }] })] })),
    message: /container "web" sets DB_PASSWORD to a literal credential \(at spec\.template\.spec\.containers\[0\]\.env\[0\]\.value\)/,
    configured: {
      config: { exempt: ["shop/web"] },
      set: resources(deploymentWith({ containers: [goodContainer({ env: [{ name: "apiKey", value: "k-123" }] })] })),
      reports: 0,
    },
  },
  "secret-not-in-configmap": {
    level: "mandatory",
    pass: resources(configMapWith({ "app.properties": "db.url=jdbc:mysql://orders-mysql/orders\ndb.password=${DB_PASSWORD}\n", LOG_LEVEL: "info" })),
    fail: resources(configMapWith({ "app.properties": "db.url=jdbc:mysql://orders-mysql/orders\ndb.password=hunter2\n" })),
    message: /entry "app\.properties" sets db\.password to a literal credential on line 2 \(at data\["app\.properties"\]\)/,
    configured: { config: { exempt: ["shop/web-config"] }, set: resources(configMapWith({ API_TOKEN: "t0k3n" })), reports: 0 },
  },
  "secret-no-service-account-token": {
    level: "mandatory",
    pass: resources({ apiVersion: "v1", kind: "Secret", metadata: { name: "web-tls", namespace: "shop" }, type: "kubernetes.io/tls" }),
    fail: resources(serviceAccountTokenSecret()),
    message: /the Secret asks for a token of service account "ci-deployer" that never expires \(at type\)/,
    configured: { config: { allowed: ["shop/*"] }, set: resources(serviceAccountTokenSecret()), reports: 0 },
  },
  "rbac-no-wildcards": {
    level: "mandatory",
    pass: resources(roleWith([{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }])),
    fail: resources(roleWith([{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }])),
    message: /rules\[0\] grants every verb \("\*"\) \(at rules\[0\]\.verbs\)/,
    configured: { config: { exemptRoles: ["shop/reader"] }, set: resources(roleWith([{ apiGroups: [""], resources: ["*"], verbs: ["get"] }])), reports: 0 },
  },
  "rbac-no-cluster-admin-binding": {
    level: "mandatory",
    pass: resources(roleBinding("shop", "web")),
    fail: resources(roleBinding("shop", "web", { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" })),
    message: /binds the cluster-admin ClusterRole \(at roleRef\.name\)/,
    configured: {
      config: { allowedBindings: ["shop/web-reader"] },
      set: resources(roleBinding("shop", "web", { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" })),
      reports: 0,
    },
  },
  "rbac-no-secret-list-watch": {
    level: "mandatory",
    pass: resources(roleWith([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["orders-db"], verbs: ["get"] }])),
    fail: resources(roleWith([{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }])),
    message: /rules\[0\] lets the subject list\/watch secrets, i\.e\. read every secret it can see \(at rules\[0\]\.verbs\)/,
    configured: {
      config: { exemptRoles: ["shop/reader"] },
      set: resources(roleWith([{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }])),
      reports: 0,
    },
  },
  "rbac-no-escalation-verbs": {
    level: "mandatory",
    // "*" on resources where escalate, bind and impersonate do not exist grants none of them.
    pass: resources(
      roleWith([
        { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["get"] },
        { apiGroups: [""], resources: ["configmaps"], verbs: ["*"] },
        { apiGroups: ["apps"], resources: ["*/scale"], verbs: ["*"] },
      ]),
    ),
    fail: resources(roleWith([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["get", "bind"] }], undefined, "binder")),
    message: /rules\[0\] grants bind on roles \(at rules\[0\]\.verbs\)/,
    configured: {
      config: { exemptRoles: ["binder"] },
      set: resources(roleWith([{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"] }], undefined, "binder")),
      reports: 0,
    },
  },
  "rbac-secret-get-by-name": {
    level: "mandatory",
    pass: resources(roleWith([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["orders-db"], verbs: ["get"] }])),
    fail: resources(roleWith([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }])),
    message: /rules\[0\] lets the subject get any secret \(no resourceNames\) \(at rules\[0\]\.resourceNames\)/,
    // A rule that also lists secrets is rbac-no-secret-list-watch's finding, not reported twice.
    configured: {
      config: { exemptRoles: ["shop/reader"] },
      set: resources(roleWith([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }])),
      reports: 0,
    },
  },
  "rbac-no-pod-exec": {
    level: "mandatory",
    pass: resources(roleWith([{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] }])),
    fail: resources(roleWith([{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }])),
    message: /rules\[0\] grants create on pods\/exec: a shell in any pod it can name/,
    configured: { config: {}, set: resources(roleWith([{ apiGroups: [""], resources: ["pods/*"], verbs: ["*"] }])), reports: 1 },
  },
  "rbac-no-token-request": {
    level: "mandatory",
    pass: resources(roleWith([{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["get"] }])),
    fail: resources(roleWith([{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] }])),
    message: /rules\[0\] grants create on serviceaccounts\/token: it can mint tokens/,
    configured: {
      config: { exemptRoles: ["shop/reader"] },
      set: resources(roleWith([{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] }])),
      reports: 0,
    },
  },
  "rbac-no-node-proxy": {
    level: "mandatory",
    pass: resources(roleWith([{ apiGroups: [""], resources: ["nodes", "nodes/metrics"], verbs: ["get"] }], undefined)),
    fail: resources(roleWith([{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }], undefined)),
    message: /rules\[0\] grants get on nodes\/proxy: the kubelet API of every node/,
    configured: {
      config: { exemptRoles: ["reader"] },
      set: resources(roleWith([{ apiGroups: ["*"], resources: ["*"], verbs: ["get"] }], undefined)),
      reports: 0,
    },
  },
  "rbac-no-csr-approval": {
    level: "mandatory",
    pass: resources(roleWith([{ apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests"], verbs: ["create", "get"] }], undefined)),
    fail: resources(roleWith([{ apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update"] }], undefined)),
    message: /rules\[0\] grants update on certificatesigningrequests\/approval: it can approve a certificate for any identity/,
    configured: {
      config: {},
      set: resources(
        roleWith(
          [{ apiGroups: ["certificates.k8s.io"], resources: ["signers"], resourceNames: ["kubernetes.io/kube-apiserver-client"], verbs: ["approve"] }],
          undefined,
        ),
      ),
      reports: 1,
    },
  },
  "rbac-no-admission-config-edit": {
    level: "mandatory",
    pass: resources(
      roleWith([{ apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["get", "list", "watch"] }], undefined),
    ),
    fail: resources(
      roleWith([{ apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["get", "patch"] }], undefined),
    ),
    message: /rules\[0\] grants patch on validatingwebhookconfigurations: it can disable admission controls/,
    configured: {
      config: { exemptRoles: ["reader"] },
      set: resources(roleWith([{ apiGroups: ["admissionregistration.k8s.io"], resources: ["*"], verbs: ["*"] }], undefined)),
      reports: 0,
    },
  },
  "rbac-no-broad-subjects": {
    level: "mandatory",
    pass: resources(clusterRoleBinding("view", [{ kind: "Group", name: "shop-developers", apiGroup: "rbac.authorization.k8s.io" }])),
    fail: resources(clusterRoleBinding("view", [{ kind: "Group", name: "system:authenticated", apiGroup: "rbac.authorization.k8s.io" }])),
    message: /binds Group system:authenticated, i\.e\. every authenticated user and service account \(at subjects\[0\]\.name\)/,
    configured: {
      config: { allowedBindings: ["grant"] },
      set: resources(clusterRoleBinding("view", [{ kind: "Group", name: "system:serviceaccounts", apiGroup: "rbac.authorization.k8s.io" }])),
      reports: 0,
    },
  },
  "rbac-no-builtin-role-binding": {
    level: "mandatory",
    pass: resources(roleBinding("shop", "web", { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" })),
    fail: resources(roleBinding("shop", "web", { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" })),
    message: /binds the built-in edit ClusterRole: read and write of nearly everything in a namespace, Secrets included/,
    configured: {
      config: { allowedBindings: ["shop/web-reader"] },
      set: resources(roleBinding("shop", "web", { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" })),
      reports: 0,
    },
  },
  "networkpolicy-no-allow-all": {
    level: "mandatory",
    pass: resources(networkPolicyWith({ ingress: [{ from: [{ podSelector: { matchLabels: { app: "api-gateway" } } }], ports: [{ port: 8080 }] }] })),
    fail: resources(networkPolicyWith({ ingress: [{}] })),
    message:
      /spec\.ingress\[0\] has no from peers: it admits every source \(every pod of the cluster and every outside address\) on every port \(at spec\.ingress\[0\]\)/,
    configured: {
      config: { allowed: ["shop/web"] },
      set: resources(networkPolicyWith({ egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] }] })),
      reports: 0,
    },
  },
  "networkpolicy-no-metadata-egress": {
    level: "mandatory",
    pass: resources(
      networkPolicyWith({
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10"] } }], ports: [{ port: 80 }] }],
      }),
    ),
    fail: resources(networkPolicyWith({ egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }] })),
    message: /spec\.egress\[0\] lets the pods reach the instance metadata service \(169\.254\.169\.254, 169\.254\.170\.2, 100\.100\.100\.200\) on every port/,
    // Port 443 only: the metadata services listen on 80.
    configured: {
      config: { metadataAddresses: ["169.254.169.254"] },
      set: resources(
        networkPolicyWith({ egress: [{ to: [{ ipBlock: { cidr: "169.254.0.0/16" } }], ports: [{ port: 443 }] }, { ports: [{ port: 53, protocol: "UDP" }] }] }),
      ),
      reports: 0,
    },
  },
  "namespace-default-deny": {
    level: "mandatory",
    pass: resources(namespaceWith("shop"), defaultDeny("shop")),
    fail: resources(namespaceWith("shop"), defaultDeny("shop", ["Ingress"])),
    message: /namespace "shop" has no default-deny NetworkPolicy for Egress; fix: add a NetworkPolicy in "shop" with podSelector: \{\}/,
    configured: { config: { exemptNamespaces: ["shop"] }, set: resources(namespaceWith("shop")), reports: 0 },
  },
  "service-type-allowed": {
    level: "mandatory",
    pass: resources(service("ClusterIP")),
    fail: resources(service("LoadBalancer")),
    message: /Service of type LoadBalancer exposes its pods outside the cluster \(at spec\.type\)/,
    configured: { config: { allowed: ["shop/*"] }, set: resources(service("NodePort")), reports: 0 },
  },
  "service-no-external-ips": {
    level: "mandatory",
    pass: resources(serviceWith({ type: "ClusterIP" })),
    fail: resources(serviceWith({ externalIPs: ["203.0.113.10"] })),
    message: /Service claims external IPs 203\.0\.113\.10: traffic to those addresses is intercepted by its pods \(CVE-2020-8554\) \(at spec\.externalIPs\)/,
    configured: { config: { allowed: ["shop/web"] }, set: resources(serviceWith({ externalIPs: ["203.0.113.10"] })), reports: 0 },
  },
  "service-load-balancer-source-ranges": {
    level: "mandatory",
    pass: resources(serviceWith({ type: "LoadBalancer", loadBalancerSourceRanges: ["198.51.100.0/24"] })),
    fail: resources(serviceWith({ type: "LoadBalancer" })),
    message: /LoadBalancer Service is reachable from every address \(no loadBalancerSourceRanges\) \(at spec\.loadBalancerSourceRanges\)/,
    configured: {
      config: { publicServices: ["shop/web"] },
      set: resources(
        serviceWith({ type: "LoadBalancer", loadBalancerSourceRanges: ["0.0.0.0/0"] }),
        serviceWith({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }),
      ),
      reports: 0,
    },
  },
  "ingress-nginx-annotations": {
    level: "mandatory",
    pass: resources(
      merged(ingressWith(["shop.example.com"], ["shop.example.com"]), {
        metadata: { annotations: { "nginx.ingress.kubernetes.io/ssl-protocols": "TLSv1.2 TLSv1.3" } },
      }),
      // Blocking mode: the engine on and the OWASP core rule set, nothing of nginx's configuration.
      merged(ingressWith(["shop.example.com"], ["shop.example.com"]), {
        metadata: {
          annotations: {
            "nginx.ingress.kubernetes.io/modsecurity-snippet": "Include /etc/nginx/owasp-modsecurity-crs/nginx-modsecurity.conf\nSecRuleEngine On\n",
          },
        },
      }),
    ),
    fail: resources(
      merged(ingressWith(["shop.example.com"], ["shop.example.com"]), {
        metadata: { annotations: { "nginx.ingress.kubernetes.io/server-snippet": "location /x { }" } },
      }),
    ),
    message: /server-snippet injects raw nginx configuration, which can read the controller's credentials and every Secret \(CVE-2021-25742\)/,
    configured: {
      config: {},
      set: resources(
        merged(ingressWith(["shop.example.com"], ["shop.example.com"]), {
          metadata: {
            annotations: {
              "nginx.ingress.kubernetes.io/ssl-redirect": "false",
              "nginx.ingress.kubernetes.io/ssl-protocols": "TLSv1 TLSv1.1 TLSv1.2",
              // A ModSecurity snippet that does more than set the mode is a snippet like any other (here: it closes the quoted string).
              "nginx.ingress.kubernetes.io/modsecurity-snippet": "SecRuleEngine On';\nlocation /x { }\n",
            },
          },
        }),
      ),
      reports: 3,
    },
  },
  "ingress-tls": {
    level: "mandatory",
    pass: resources(ingressWith(["shop.example.com", "api.shop.example.com"], ["*.shop.example.com", "shop.example.com"])),
    fail: resources(ingressWith(["shop.example.com", "admin.shop.example.com"], ["shop.example.com"])),
    message: /host "admin\.shop\.example\.com" is not covered by spec\.tls \(at spec\.rules\[1\]\.host\)/,
    configured: { config: { exempt: ["shop/shop"] }, set: resources(ingressWith(["shop.example.com"], [])), reports: 0 },
  },
  "mesh-mtls-strict": {
    level: "mandatory",
    pass: resources(peerAuthentication("shop", "STRICT"), namespaceWith("shop", "restricted", { "istio-injection": "enabled" })),
    fail: resources(peerAuthentication("shop", "PERMISSIVE"), namespaceWith("shop", "restricted", { "istio-injection": "enabled" })),
    message: /mTLS mode PERMISSIVE accepts plaintext traffic in namespace "shop" \(at spec\.mtls\.mode\)/,
    // Reported whatever the namespace's labels say (pods join the mesh by their own labels too), unless exempted.
    configured: { config: { exempt: ["shop/default"] }, set: resources(peerAuthentication("shop", "DISABLE"), namespaceWith("shop")), reports: 0 },
  },
  "mesh-authorization-no-allow-all": {
    level: "mandatory",
    pass: resources(
      istioObject("AuthorizationPolicy", {
        selector: { matchLabels: { app: "web" } },
        rules: [{ from: [{ source: { principals: ["cluster.local/ns/shop/sa/api-gateway"] } }], to: [{ operation: { ports: ["8080"] } }] }],
      }),
    ),
    fail: resources(istioObject("AuthorizationPolicy", { action: "ALLOW", rules: [{}] })),
    message: /spec\.rules\[0\] matches every request: the policy admits any caller to every workload of the namespace \(at spec\.rules\[0\]\)/,
    configured: {
      config: { allowed: ["shop/web"] },
      set: resources(istioObject("AuthorizationPolicy", { rules: [{ from: [{ source: { principals: ["*"] } }] }] })),
      reports: 0,
    },
  },
  "mesh-destination-rule-tls": {
    level: "mandatory",
    pass: resources(istioObject("DestinationRule", { host: "web.shop.svc.cluster.local", trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } })),
    fail: resources(istioObject("DestinationRule", { host: "web.shop.svc.cluster.local", trafficPolicy: { tls: { mode: "DISABLE" } } })),
    message: /TLS is disabled toward web\.shop\.svc\.cluster\.local: sidecars send plaintext \(at spec\.trafficPolicy\.tls\.mode\)/,
    configured: {
      config: {},
      set: resources(
        istioObject("DestinationRule", {
          host: "web",
          subsets: [{ name: "v1", trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "DISABLE" } }] } }],
        }),
      ),
      reports: 1,
    },
  },
  "mesh-sidecar-injection": {
    level: "mandatory",
    pass: resources(deploymentWith(), namespaceWith("shop", "restricted", { "istio-injection": "enabled" })),
    fail: resources(
      merged(deploymentWith(), { spec: { template: { metadata: { annotations: { "sidecar.istio.io/inject": "false" } } } } }),
      namespaceWith("shop", "restricted", { "istio-injection": "enabled" }),
    ),
    message:
      /the pod opts out of the sidecar of mesh namespace "shop": plaintext, and no mesh authorization \(at spec\.template\.metadata\.annotations\["sidecar\.istio\.io\/inject"\]\)/,
    // A namespace the set does not declare is in the mesh only when configured.
    configured: {
      config: { meshNamespaces: ["shop"] },
      set: resources(merged(deploymentWith(), { spec: { template: { metadata: { labels: { "sidecar.istio.io/inject": "false" } } } } })),
      reports: 1,
    },
  },
  "certificate-key-strength": {
    level: "mandatory",
    pass: resources(certificateWith({ privateKey: { algorithm: "ECDSA", size: 256 } })),
    fail: resources(certificateWith({ privateKey: { algorithm: "RSA", size: 1024 } })),
    message: /RSA key of 1024 bits is weaker than the 2048 bits required \(at spec\.privateKey\.size\)/,
    configured: { config: { minRsaBits: 4096 }, set: resources(certificateWith({ privateKey: { algorithm: "RSA", size: 2048 } })), reports: 1 },
  },
  "certificate-duration-bounded": {
    level: "advisory",
    pass: resources(certificateWith({ duration: "2160h" })),
    fail: resources(certificateWith({ duration: "8760h" })),
    message: /duration 8760h is longer than the 2160h allowed for a leaf certificate \(at spec\.duration\)/,
    configured: { config: { maxDuration: "8760h" }, set: resources(certificateWith({ duration: "8760h" })), reports: 0 },
  },
  "admission-webhook-fail-closed": {
    level: "mandatory",
    pass: resources(webhookWith({})),
    fail: resources(webhookWith({ failurePolicy: "Ignore" })),
    message:
      /webhook "validate\.policy\.example\.com" fails open \(failurePolicy Ignore\): objects are admitted unchecked whenever it does not answer \(at webhooks\[0\]\.failurePolicy\)/,
    configured: { config: { allowed: ["policy/validate.policy.example.com"] }, set: resources(webhookWith({ failurePolicy: "Ignore" })), reports: 0 },
  },
  "admission-webhook-tls": {
    level: "mandatory",
    pass: resources(webhookWith({ clientConfig: { service: null, url: "https://policy.example.com/validate" } })),
    fail: resources(webhookWith({ clientConfig: { service: null, url: "http://policy.example.com/validate" } })),
    message:
      /webhook "validate\.policy\.example\.com" is called at http:\/\/policy\.example\.com\/validate, not over https:\/\/ \(at webhooks\[0\]\.clientConfig\.url\)/,
    configured: { config: {}, set: resources(webhookWith({ clientConfig: { service: null, url: "HTTP://policy.example.com/" } })), reports: 1 },
  },
  "namespace-pod-security-labels": {
    level: "mandatory",
    pass: resources(namespaceWith("shop")),
    fail: resources({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { team: "shop" } } }),
    message: /namespace "shop" has no pod-security\.kubernetes\.io\/enforce label \(at metadata\.labels\["pod-security\.kubernetes\.io\/enforce"\]\)/,
    configured: { config: { requiredModes: ["enforce", "audit", "warn"] }, set: resources(namespaceWith("shop")), reports: 2 },
  },
  "helm-chart-version-pinned": {
    level: "mandatory",
    pass: [certManager(certManagerValues())],
    fail: [certManager(certManagerValues(), "^1.19.0")],
    message: /chart "cert-manager" version "\^1\.19\.0" is not an exact version \(at version\)/,
    configured: { config: { exempt: ["cert-manager/release-cert-manager"] }, set: [certManager(certManagerValues(), "1.x")], reports: 0 },
  },
  "helm-repository-allowed": {
    level: "mandatory",
    pass: [certManager(certManagerValues())],
    fail: [certManager(certManagerValues(), "v1.19.1", "https://charts.example.net")],
    message: /chart repository "https:\/\/charts\.example\.net" is not allow-listed \(at repositoryOpts\.repo\)/,
    configured: {
      config: { allowedRepositories: ["https://charts.example.net/"] },
      set: [certManager(certManagerValues(), "v1.19.1", "https://charts.example.net")],
      reports: 0,
    },
  },
  "helm-security-values": {
    level: "mandatory",
    pass: [certManager(certManagerValues())],
    fail: [certManager(withoutWebhookDrop())],
    message: /chart cert-manager, webhook: unrestricted capabilities .*\(at values\.webhook\.containerSecurityContext\.capabilities\.drop\)/,
    configured: { config: { defaultLevel: "baseline" }, set: [certManager(withoutWebhookDrop())], reports: 0 },
  },
  "aws-s3-encryption-cmk": {
    level: "mandatory",
    pass: [bucket(), sse("shop-backups")],
    fail: [bucket(), sse("shop-other")],
    message: /the bucket has no default encryption configuration with a customer-managed KMS key/,
    configured: { config: { exemptBuckets: ["shop-backups"] }, set: [bucket()], reports: 0 },
  },
  "aws-s3-public-access-blocked": {
    level: "mandatory",
    pass: [bucket(), publicAccessBlock("shop-backups")],
    fail: [publicAccessBlock("shop-backups", { restrictPublicBuckets: false }), bucket()],
    message: /restrictPublicBuckets is not true: public access to the bucket is not fully blocked \(at restrictPublicBuckets\)/,
    configured: { config: { exemptBuckets: ["backups"] }, set: [bucket()], reports: 0 },
  },
  "aws-secret-encryption-cmk": {
    level: "mandatory",
    pass: [secret({ kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/secrets" })],
    fail: [secret({ kmsKeyId: "alias/aws/secretsmanager" })],
    message: /key alias\/aws\/secretsmanager is AWS-managed \(at kmsKeyId\)/,
    configured: { config: { exemptSecrets: ["shop/orders-db"] }, set: [secret({})], reports: 0 },
  },
  "aws-kms-key-rotation": {
    level: "advisory",
    pass: [kmsKey({ enableKeyRotation: true })],
    fail: [kmsKey({ enableKeyRotation: false })],
    message: /automatic key rotation is off \(at enableKeyRotation\)/,
    configured: { config: {}, set: [kmsKey({ keySpec: "RSA_2048" })], reports: 0 },
  },
};

describe("policy pack rules, called as the engine calls them", () => {
  it("the case table covers every rule of the pack, and every rule is a policy", () => {
    assert.deepEqual(Object.keys(CASES).sort(), ALL_RULES.map((r) => r.name).sort());
    const names = new Set(policies.map((p) => p.name));
    for (const rule of ALL_RULES) assert.ok(names.has(rule.name), `${rule.name} is not in the pack`);
  });

  for (const rule of ALL_RULES) {
    const cases = CASES[rule.name];
    describe(rule.name, () => {
      it(`is ${cases.level} by default, with a description and a config schema`, () => {
        const policy = policies.find((p) => p.name === rule.name);
        assert.equal(policy?.enforcementLevel, cases.level);
        assert.ok((policy?.description ?? "").length > 40);
        assert.equal(typeof policy?.configSchema?.properties, "object");
      });

      it("accepts a compliant set", async () => {
        assert.deepEqual(await reportedBy(rule.name, cases.pass), []);
      });

      it("reports the breach with its message, field path and fix", async () => {
        const reported = await reportedBy(rule.name, cases.fail);
        const failing = cases.failing ?? cases.fail[0].name;
        assert.ok(reported.length > 0, "nothing reported");
        assert.ok(
          reported.every((r) => r.resource === failing),
          `reported against ${reported.map((r) => r.resource).join(", ")}`,
        );
        assert.ok(
          reported.some((r) => cases.message.test(r.message)),
          reported.map((r) => r.message).join("\n"),
        );
        assert.ok(reported.every((r) => /; fix: \S/.test(r.message)));
      });

      it("honours its configuration", async () => {
        const reported = await reportedBy(rule.name, cases.configured.set, cases.configured.config);
        assert.equal(reported.length, cases.configured.reports, reported.map((r) => r.message).join("\n"));
      });

      it("refuses an unknown configuration key, naming the policy and the key", async () => {
        await assert.rejects(reportedBy(rule.name, cases.fail, { noSuchKey: 1 }), new RegExp(`${rule.name}: Unrecognized key.*noSuchKey`));
      });
    });
  }

  it("k8s(...) test resources carry the typed token the provider gives them", () => {
    assert.equal(k8s(deploymentWith()).type, "kubernetes:apps/v1:Deployment");
    assert.equal(k8s(namespaceWith("shop")).type, "kubernetes:core/v1:Namespace");
  });
});

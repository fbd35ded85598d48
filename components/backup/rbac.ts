/**
 * What Velero's ServiceAccount may do. The chart's own RBAC binds it to cluster-admin and gives it every verb on every
 * resource of its namespace; instead the chart's RBAC is off (velero-values.ts) and these objects grant what a
 * backup and a restore of the protected namespaces need:
 * - `velero-backup-restore` (ClusterRole), bound by a RoleBinding in each backed-up namespace only: read, create and
 *   update the kinds the schedule backs up there ({@link BACKED_UP_RESOURCES}, which is also the schedule's
 *   `includedResources`, so Velero never lists a kind it may not read);
 * - `velero-server-cluster` (ClusterRole and ClusterRoleBinding): the cluster-scoped objects a namespace backup
 *   carries or a restore recreates (the namespaces, their persistent volumes, the CRDs of backed-up custom resources,
 *   storage classes), and with file-system backups the pods and nodes the node agent watches;
 * - `velero-server` (Role in Velero's namespace): its own custom resources, its repository credentials, the
 *   maintenance Jobs and their pods.
 * No wildcard, no escalate/bind/impersonate. A stack that needs more (restoring into new namespaces, cluster-scoped
 * kinds) opts into cluster-admin with a reason (`backup.clusterAdmin.reason`), which becomes a reviewed exception.
 */
import type { FeaturePolicyException } from "../../core/feature";
import { componentLabels } from "../../core/labels";
import { READS_ALL_SECRETS, reviewedExceptions } from "../../core/reviewed-exceptions";

const RBAC_API = "rbac.authorization.k8s.io/v1";
const labels = componentLabels("backup");

/** A group of resources of one API group. */
interface ResourceGroup {
  apiGroup: string;
  resources: string[];
}

/**
 * The namespaced kinds backed up and restored: the workloads and their configuration, and the custom resources this
 * platform puts in the app namespaces (ExternalSecrets and their stores, certificates, sealed secrets, mesh policy).
 */
export const BACKED_UP_RESOURCES: readonly ResourceGroup[] = [
  {
    apiGroup: "",
    resources: [
      "configmaps",
      "endpoints",
      "limitranges",
      "persistentvolumeclaims",
      "pods",
      "replicationcontrollers",
      "resourcequotas",
      "secrets",
      "serviceaccounts",
      "services",
    ],
  },
  { apiGroup: "apps", resources: ["controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"] },
  { apiGroup: "batch", resources: ["cronjobs", "jobs"] },
  { apiGroup: "autoscaling", resources: ["horizontalpodautoscalers"] },
  { apiGroup: "policy", resources: ["poddisruptionbudgets"] },
  { apiGroup: "networking.k8s.io", resources: ["ingresses", "networkpolicies"] },
  { apiGroup: "rbac.authorization.k8s.io", resources: ["rolebindings", "roles"] },
  { apiGroup: "discovery.k8s.io", resources: ["endpointslices"] },
  { apiGroup: "external-secrets.io", resources: ["externalsecrets", "secretstores"] },
  { apiGroup: "cert-manager.io", resources: ["certificates", "issuers"] },
  { apiGroup: "bitnami.com", resources: ["sealedsecrets"] },
  { apiGroup: "networking.istio.io", resources: ["destinationrules"] },
  { apiGroup: "security.istio.io", resources: ["authorizationpolicies", "peerauthentications"] },
];

/** The schedule's `includedResources`: each backed-up kind as `<resource>` (core) or `<resource>.<group>`. */
export function includedResources(): string[] {
  return BACKED_UP_RESOURCES.flatMap((g) => g.resources.map((r) => (g.apiGroup === "" ? r : `${r}.${g.apiGroup}`)));
}

/** Velero's own custom resources (the chart's CRDs), managed in its namespace. */
const VELERO_RESOURCES = [
  "backuprepositories",
  "backups",
  "backupstoragelocations",
  "datadownloads",
  "datauploads",
  "deletebackuprequests",
  "downloadrequests",
  "podvolumebackups",
  "podvolumerestores",
  "restores",
  "schedules",
  "serverstatusrequests",
  "volumesnapshotlocations",
] as const;

const READ = ["get", "list", "watch"];
/** Reading for a backup; creating and updating (a restore's existing-resource policy) for a restore; never deleting. */
const BACKUP_RESTORE = ["get", "list", "create", "update", "patch"];
const MANAGE = ["get", "list", "watch", "create", "update", "patch", "delete"];

/** Names of the objects. */
export const VELERO_RBAC = {
  backupRestore: "velero-backup-restore",
  cluster: "velero-server-cluster",
  server: "velero-server",
  clusterAdmin: "velero-server-cluster-admin",
} as const;

/** What the RBAC objects are derived from. */
export interface VeleroRbacInput {
  /** Velero's namespace. */
  namespace: string;
  /** Its ServiceAccount. */
  serviceAccount: string;
  /** The namespaces backed up (and restored into). */
  backedUpNamespaces: string[];
  /** File-system backups: the node agent (same ServiceAccount) watches pods and nodes. */
  fileSystemBackup: boolean;
}

const subject = (i: Pick<VeleroRbacInput, "namespace" | "serviceAccount">) => [{ kind: "ServiceAccount", name: i.serviceAccount, namespace: i.namespace }];

/** The rules of `velero-backup-restore`. */
export function backupRestoreRules() {
  return BACKED_UP_RESOURCES.map((g) => ({ apiGroups: [g.apiGroup], resources: [...g.resources], verbs: [...BACKUP_RESTORE] }));
}

/** The rules of `velero-server-cluster`. */
export function clusterRules(fileSystemBackup: boolean) {
  return [
    { apiGroups: [""], resources: ["namespaces"], verbs: [...READ, "create"] },
    { apiGroups: [""], resources: ["persistentvolumes"], verbs: [...READ, "create", "update", "patch"] },
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: READ },
    { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: READ },
    ...(fileSystemBackup ? [{ apiGroups: [""], resources: ["pods", "nodes"], verbs: READ }] : []),
  ];
}

/** The rules of `velero-server` in Velero's namespace. */
export function serverRules() {
  return [
    { apiGroups: ["velero.io"], resources: [...VELERO_RESOURCES, ...VELERO_RESOURCES.map((r) => `${r}/status`)], verbs: MANAGE },
    // The repository password Velero generates and reads back (velero-repo-credentials), and its configuration.
    { apiGroups: [""], resources: ["secrets", "configmaps"], verbs: MANAGE },
    // Repository maintenance runs as Jobs; their pods' logs tell Velero how they ended.
    { apiGroups: ["batch"], resources: ["jobs"], verbs: MANAGE },
    { apiGroups: [""], resources: ["pods", "pods/log", "persistentvolumeclaims"], verbs: READ },
    { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
  ];
}

/** The scoped RBAC objects, in creation order (roles before their bindings). */
export function veleroRbacManifests(i: VeleroRbacInput) {
  const backupRestore = { apiVersion: RBAC_API, kind: "ClusterRole", metadata: { name: VELERO_RBAC.backupRestore, labels }, rules: backupRestoreRules() };
  const cluster = { apiVersion: RBAC_API, kind: "ClusterRole", metadata: { name: VELERO_RBAC.cluster, labels }, rules: clusterRules(i.fileSystemBackup) };
  const server = { apiVersion: RBAC_API, kind: "Role", metadata: { name: VELERO_RBAC.server, namespace: i.namespace, labels }, rules: serverRules() };
  return [
    backupRestore,
    cluster,
    server,
    ...i.backedUpNamespaces.map((ns) => ({
      apiVersion: RBAC_API,
      kind: "RoleBinding",
      metadata: { name: VELERO_RBAC.backupRestore, namespace: ns, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: VELERO_RBAC.backupRestore },
      subjects: subject(i),
    })),
    {
      apiVersion: RBAC_API,
      kind: "ClusterRoleBinding",
      metadata: { name: VELERO_RBAC.cluster, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: VELERO_RBAC.cluster },
      subjects: subject(i),
    },
    {
      apiVersion: RBAC_API,
      kind: "RoleBinding",
      metadata: { name: VELERO_RBAC.server, namespace: i.namespace, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: VELERO_RBAC.server },
      subjects: subject(i),
    },
  ];
}

/** The stack's opt-in (`backup.clusterAdmin`): Velero's ServiceAccount bound to cluster-admin. */
export function clusterAdminBindingManifest(i: Pick<VeleroRbacInput, "namespace" | "serviceAccount">) {
  return {
    apiVersion: RBAC_API,
    kind: "ClusterRoleBinding",
    metadata: { name: VELERO_RBAC.clusterAdmin, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: subject(i),
  };
}

/**
 * The reviewed exceptions Velero's RBAC needs: reading every Secret of the namespaces it protects (a backup without
 * them could not restore the services) and of its own namespace (its repository credentials); or, when the stack
 * opted in, the cluster-admin binding with the stack's reason.
 */
export function veleroPolicyExceptions(i: Pick<VeleroRbacInput, "namespace" | "backedUpNamespaces">, clusterAdminReason?: string): FeaturePolicyException[] {
  if (clusterAdminReason !== undefined) {
    return reviewedExceptions(null, [
      {
        resource: `ClusterRoleBinding ${VELERO_RBAC.clusterAdmin}`,
        rules: ["rbac-no-cluster-admin-binding"],
        reason: `backup.clusterAdmin (opted in by the stack): ${clusterAdminReason}`,
      },
    ]);
  }
  return reviewedExceptions(null, [
    {
      resource: `ClusterRole ${VELERO_RBAC.backupRestore}`,
      rules: READS_ALL_SECRETS,
      reason: `Velero backs up and restores the Secrets of the protected namespaces (${i.backedUpNamespaces.join(", ")}): the role is bound there only, by RoleBindings, never cluster-wide`,
    },
    {
      resource: `Role ${i.namespace}/${VELERO_RBAC.server}`,
      rules: READS_ALL_SECRETS,
      reason: `Velero keeps its backup repository's password in a Secret it creates and reads back through its cache in its own namespace (${i.namespace}), which holds no other credentials`,
    },
  ]);
}

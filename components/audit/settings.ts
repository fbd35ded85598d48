/** The audit concern's resolved settings: what decides its outputs and, on EKS, its audit shipper. Pure: tested without Pulumi. */
import { eksAuditShipperOf } from "../../core/audit-log";
import { platformAwsRegion, type AwsRegionInput } from "../../core/aws-region";
import { nonInternetRanges, operatorDestinations, type OperatorDestinations } from "../../core/cluster-ranges";
import type { ClusterConfig } from "../../core/config/cluster";
import type { NetworkConfig } from "../../core/config/network";
import type { PlatformConfig } from "../../core/config/platform";
import { INTERNAL_CA_CONFIGMAP, ROOT_CA_KEY } from "../../core/internal-ca";
import { logStoreOf, type LogStoreEndpoint, type LogStoreInput } from "../../core/log-store";
import type { SecretCredential } from "../../core/secret-credentials";
import { eksClusterLocation, eksControlPlaneLogGroup, eksControlPlaneLogGroupArn } from "./eks";
import type { ApiServerAuditConfig, AuditConfig } from "./schema";

/** The configuration the audit concern reads: the platform-wide keys, its section, the AWS region and the log store. */
export type AuditStackConfig<Credential = string> = PlatformConfig<Credential> & { audit: AuditConfig } & AwsRegionInput &
  Pick<LogStoreInput<Credential>, "logging">;

/** The EKS audit shipper: Filebeat reading the control-plane log group through IRSA and writing to the log store. */
export interface EksAuditShipperSettings<Credential = SecretCredential> {
  /** Its namespace (`audit.eks.namespace`). */
  namespace: string;
  /** Filebeat image (pinned). */
  image: string;
  /** Filebeat's `scan_frequency` and `latency` (Go durations). */
  scanFrequency: string;
  latency: string;
  /** The control-plane log group: its name, ARN, region, and the retention the program sets (undefined: left alone). */
  logGroup: { name: string; arn: string; region: string; retentionDays?: number };
  /** The IRSA role: its name, its ARN in the cluster's account, and the cluster's OIDC provider it trusts. */
  role: { name: string; arn: string; oidcProviderArn: string };
  /**
   * The role, its policy and the log group's retention, made with @pulumi/aws when the stack may use AWS
   * (`features.awsResources`); otherwise they are managed elsewhere and the shipper names the role by its ARN.
   */
  aws?: {
    /** Whether the log group's region differs from the platform AWS provider's (or there is none): a provider of its own. */
    ownProvider: boolean;
  };
  /** The log store, as Fluent Bit writes to it: the endpoint, the writer user, the audit indices' prefix. */
  store: {
    endpoint: LogStoreEndpoint;
    /** The logging namespace (the in-cluster store's pods). */
    namespace: string;
    /** Prefix of the audit indices: `<logging.indexPrefix>-audit`, Fluent Bit's on a self-managed control plane. */
    auditIndexPrefix: string;
    /** The `elasticsearchPassword` secret; the in-cluster writer's own password is derived from it (core/derived-passwords.ts). */
    password: Credential;
    /** The ConfigMap key (in the shipper's namespace) whose certificate verifies the in-cluster store; none for an external one. */
    ca?: { configMap: string; key: string };
  };
  /** DNS (`network.dns`), and where the shipper may connect outside the cluster (the internet and VPC endpoints on 443). */
  network: { dns: NetworkConfig["dns"]; destinations: OperatorDestinations; clusterCidrs: string[] };
  /** Cluster name and environment (names and tags of the AWS resources). */
  clusterName: string;
  environment: PlatformConfig["environment"];
}

/** The audit concern as this stack exports and deploys it. */
export interface ResolvedAudit<Credential = SecretCredential> {
  /** Cluster flavor (`cluster.flavor`): `eks` adds the control-plane log types and their command, `generic` the API server flags. */
  flavor: ClusterConfig["flavor"];
  /** The cluster's name (the EKS command names it). */
  cluster: string;
  /** The platform's AWS region (the EKS command's `--region`), when the stack uses AWS. */
  region?: string;
  /** The API server's audit log, policy file and rotation (`audit`, without `audit.eks`). */
  apiServer: ApiServerAuditConfig;
  /** On EKS with the AWS resources and the log store: the shipper of the audit log group into the store. */
  eksShipper?: EksAuditShipperSettings<Credential>;
}

/** The shipper's settings, or undefined when it is absent (core/audit-log.ts) or its checks refuse the configuration. */
function resolveEksShipper<Credential>(c: AuditStackConfig<Credential>): EksAuditShipperSettings<Credential> | undefined {
  const pods = eksAuditShipperOf(c);
  const store = logStoreOf(c);
  const oidcProviderArn = c.cluster.oidcProviderArn;
  const location = oidcProviderArn ? eksClusterLocation(oidcProviderArn) : undefined;
  if (!pods || !store || !oidcProviderArn || !location) return undefined;
  const eks = c.audit.eks;
  const inCluster = store.endpoint.inCluster;
  const roleName = `${c.cluster.name}-eks-audit-reader`;
  return {
    namespace: pods.namespace,
    image: eks.image,
    scanFrequency: eks.scanFrequency,
    latency: eks.latency,
    logGroup: {
      name: eksControlPlaneLogGroup(c.cluster.name),
      arn: eksControlPlaneLogGroupArn({ ...location, cluster: c.cluster.name }),
      region: location.region,
      retentionDays: eks.logGroupRetentionDays,
    },
    role: { name: roleName, arn: `arn:aws:iam::${location.accountId}:role/${roleName}`, oidcProviderArn },
    aws: c.capabilities.aws ? { ownProvider: location.region !== platformAwsRegion(c) } : undefined,
    store: {
      endpoint: store.endpoint,
      namespace: store.namespace,
      auditIndexPrefix: `${store.indexPrefix}-audit`,
      password: store.password,
      ca: !inCluster
        ? undefined
        : store.providedTlsSecretName
          ? { configMap: eks.caConfigMapName, key: "ca.crt" }
          : { configMap: INTERNAL_CA_CONFIGMAP, key: ROOT_CA_KEY },
    },
    network: { dns: c.network.dns, destinations: operatorDestinations(c), clusterCidrs: nonInternetRanges(c.cluster) },
    clusterName: c.cluster.name,
    environment: c.environment,
  };
}

/** The audit settings, or undefined when `features.audit` is off. */
export function resolveAudit<Credential>(c: AuditStackConfig<Credential>): ResolvedAudit<Credential> | undefined {
  if (!c.features.audit) return undefined;
  const eksShipper = resolveEksShipper(c);
  const { eks: _eks, ...apiServer } = c.audit;
  return {
    flavor: c.cluster.flavor,
    cluster: c.cluster.name,
    region: platformAwsRegion(c),
    apiServer,
    ...(eksShipper ? { eksShipper } : {}),
  };
}

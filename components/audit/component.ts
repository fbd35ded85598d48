/**
 * Audit: the Kubernetes audit policy as a stack output (the same document as audit/audit-policy.yaml); for a
 * self-managed control plane the kube-apiserver audit flags; on EKS the control-plane log types to enable and the one
 * command that enables them (the control plane is owned by the cluster stack), and the delivery of the audit log group
 * into the log store: an IRSA role that may only read that group, optionally the group's retention, and a one-replica
 * Filebeat that writes its audit events to the store's `<prefix>-audit-*` indices. docs/audit.md says where each goes.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformHandles } from "../../core/handles";
import { CERTIFICATES_DEPENDENCY } from "../../core/internal-ca";
import { irsaTrustPolicy } from "../../core/irsa";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import { derivePassword } from "../../core/derived-passwords";
import { EKS_AUDIT_SHIPPER } from "../../core/audit-log";
import { LOGGING_DEPENDENCY } from "../../core/log-store";
import { apiServerAuditFlags } from "./apiserver";
import { eksControlPlaneLogTypes, eksLoggingCommand } from "./eks";
import { filebeatConfigYaml } from "./filebeat-config";
import { auditLogReadPolicy } from "./log-group-read-policy";
import { auditPolicyYaml } from "./render";
import type { EksAuditShipperSettings, ResolvedAudit } from "./settings";
import { shipperManifests } from "./shipper-manifests";
import { shipperNetworkPolicy } from "./shipper-network-policy";

/** Arguments of {@link Audit}: the resolved audit settings and the handles its EKS shipper needs. */
export interface AuditArgs {
  /** Resolved settings: the cluster flavor, its name and region, the API server's audit file settings, the EKS shipper. */
  settings: ResolvedAudit;
  /** Providers, namespaces, and what the shipper waits for (the log store, the internal CA in its namespace). */
  handles: PlatformHandles;
}

/** The logical name of the control-plane log group's resource, as `pulumi import` needs it (docs/audit.md). */
export function eksLogGroupResourceName(component: string): string {
  return `${component}-eks-log-group`;
}

/** The audit policy, the API server flags and the EKS log types, as outputs; on EKS the audit log's delivery to the log store. */
export class Audit extends pulumi.ComponentResource {
  /** The audit policy document (YAML) for `kube-apiserver --audit-policy-file`. */
  readonly policyYaml: pulumi.Output<string>;
  /** EKS control-plane log types to enable (empty on other flavors). */
  readonly eksLogTypes: pulumi.Output<string[]>;
  /** The kube-apiserver audit flags (self-managed control planes; undefined on EKS). */
  readonly apiServerFlags: pulumi.Output<string[] | undefined>;
  /** The command enabling the EKS control-plane log types (undefined elsewhere). */
  readonly eksLoggingCommand: pulumi.Output<string | undefined>;
  /** ARN of the EKS audit shipper's IRSA role, when the shipper is deployed. */
  readonly eksShipperRoleArn?: pulumi.Output<string>;

  constructor(name: string, { settings, handles }: AuditArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Audit", name, {}, opts);
    const eks = settings.flavor === "eks";
    this.policyYaml = pulumi.output(auditPolicyYaml());
    this.eksLogTypes = pulumi.output(eksControlPlaneLogTypes(settings.flavor));
    this.apiServerFlags = pulumi.output(eks ? undefined : apiServerAuditFlags(settings.apiServer));
    this.eksLoggingCommand = pulumi.output(eks ? eksLoggingCommand(settings.cluster, settings.region ?? "$AWS_REGION") : undefined);
    if (settings.eksShipper) this.eksShipperRoleArn = this.eksShipper(name, settings.eksShipper, handles);
    this.registerOutputs({
      policyYaml: this.policyYaml,
      eksLogTypes: this.eksLogTypes,
      apiServerFlags: this.apiServerFlags,
      eksLoggingCommand: this.eksLoggingCommand,
      eksShipperRoleArn: this.eksShipperRoleArn,
    });
  }

  /**
   * With the AWS resources, the IRSA role and its read policy and the log group's retention when set; then the shipper's
   * objects. Returns the role's ARN.
   */
  private eksShipper(name: string, s: EksAuditShipperSettings, handles: PlatformHandles): pulumi.Output<string> {
    const awsReady = s.aws ? this.eksShipperAws(name, s, s.aws, handles) : [];
    const namespace = handles.namespaces.get(s.namespace)?.namespace;
    const create = (m: Manifest, dependsOn: pulumi.Resource[] = []) =>
      createObject(m, { parent: this, dependsOn: [...(namespace ? [namespace] : []), ...dependsOn] });
    const { endpoint } = s.store;
    // The in-cluster store's writer has a password of its own, derived from the master one as the logging concern sets it.
    const password = endpoint.inCluster
      ? pulumi.secret(pulumi.output(s.store.password).apply((p) => derivePassword(p, "fluent-bit")))
      : pulumi.secret(pulumi.output(s.store.password));
    const manifests = shipperManifests({
      namespace: s.namespace,
      image: s.image,
      config: filebeatConfigYaml({
        logGroupArn: s.logGroup.arn,
        scanFrequency: s.scanFrequency,
        latency: s.latency,
        storeUrl: endpoint.url,
        username: endpoint.writerUser,
        auditIndexPrefix: s.store.auditIndexPrefix,
        privateCa: s.store.ca !== undefined,
      }),
      password,
      roleArn: s.role.arn,
      region: s.logGroup.region,
      ca: s.store.ca,
    });
    create(
      shipperNetworkPolicy({
        namespace: s.namespace,
        dns: s.network.dns,
        destinations: s.network.destinations,
        store: s.store,
        clusterCidrs: s.network.clusterCidrs,
      }),
    );
    const inputs = [create(manifests.serviceAccount), create(manifests.configMap), create(manifests.secret)];
    // After the store's users exist (the writer) and, with the internal CA, after its root is in this namespace.
    const waitFor = [
      ...(handles.dependencies.get(LOGGING_DEPENDENCY) ?? []),
      ...(s.store.ca && handles.dependencies.get(CERTIFICATES_DEPENDENCY) ? handles.dependencies.get(CERTIFICATES_DEPENDENCY)! : []),
    ];
    create(manifests.deployment, [...inputs, ...awsReady, ...waitFor]);
    return pulumi.output(s.role.arn);
  }

  /** The IRSA role, its read policy and, when set, the log group's retention: what the shipper's pod waits for. */
  private eksShipperAws(name: string, s: EksAuditShipperSettings, a: NonNullable<EksAuditShipperSettings["aws"]>, handles: PlatformHandles): pulumi.Resource[] {
    // IAM is global; the log group lives in the cluster's region, which the platform's provider may not be in.
    const provider =
      !a.ownProvider && handles.aws
        ? handles.aws
        : new aws.Provider(`${name}-aws-${s.logGroup.region}`, { region: s.logGroup.region as aws.Region }, { parent: this });
    const inAws = { parent: this, provider };
    const tags = { "app.kubernetes.io/part-of": "ecommerce-security", environment: s.environment, purpose: "eks-audit-log-delivery" };
    const role = new aws.iam.Role(
      `${name}-eks-shipper-role`,
      {
        name: s.role.name,
        description: `Reads the EKS audit log of ${s.clusterName} (${s.logGroup.name}) into the log store`,
        assumeRolePolicy: JSON.stringify(irsaTrustPolicy(s.role.oidcProviderArn, s.namespace, EKS_AUDIT_SHIPPER)),
        maxSessionDuration: 3600,
        tags,
      },
      inAws,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-eks-shipper-policy`,
      { role: role.id, name: "read-control-plane-audit-log", policy: JSON.stringify(auditLogReadPolicy(s.logGroup.arn)) },
      inAws,
    );
    if (s.logGroup.retentionDays !== undefined) {
      // EKS writes to this group and creates it when its logging is turned on: the group is the cluster's, so removing the
      // setting (or this stack) leaves it, and its audit history, in place.
      new aws.cloudwatch.LogGroup(
        eksLogGroupResourceName(name),
        { name: s.logGroup.name, retentionInDays: s.logGroup.retentionDays, tags },
        { ...inAws, retainOnDelete: true },
      );
    }
    return [role, rolePolicy];
  }
}

/**
 * Backup: Velero on an encrypted, versioned S3 bucket. The bucket, its customer-managed KMS key and Velero's IRSA
 * role come from @pulumi/aws; Velero runs from the pinned chart with the AWS plugin and a daily schedule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BackupConfig } from "./schema";
import { irsaTrustPolicy } from "../../core/irsa";
import { backupBucketPolicy } from "./bucket-policy";
import { veleroPolicyDocument } from "./iam-policy";
import { backupBucketName, backupTtl, lifecycleRules } from "./retention";
import { VELERO_METRICS_PORT, VELERO_SERVICE_ACCOUNT, veleroValues } from "./velero-values";
import { alertingRendered } from "../../core/monitoring";
import { componentLabels } from "../../core/labels";
import { operatorNetworkPolicyManifest } from "../../core/operator-network-policy";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Backup}. */
export interface BackupArgs {
  /** The platform context: configuration, declared namespaces, the AWS provider. */
  ctx: PlatformContext;
  /** Config `backup`. */
  backup: NonNullable<BackupConfig>;
  /** Namespaces backed up daily (config `backup.namespaces`, else the catalog's namespaces). */
  namespaces: string[];
  /** Create the bucket, key and role (config `features.awsResources` with an AWS provider). */
  createAwsResources: boolean;
  /** Install Velero (config `features.helmReleases`). */
  installVelero: boolean;
  /** Protect the bucket and the key from deletion (config `protect`: production). */
  protect: boolean;
}

const defaults = { releaseName: "velero", keyDeletionWindowDays: 30 } as const;

/** The bucket, key and role Velero uses. */
interface BackupStorage {
  bucket: aws.s3.Bucket;
  key: aws.kms.Key;
  role: aws.iam.Role;
  dependencies: pulumi.Resource[];
}

/** Velero with encrypted, versioned storage and a daily schedule. */
export class Backup extends pulumi.ComponentResource {
  /** The backup bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  /** ARN of Velero's IRSA role, when the AWS resources are managed here. */
  readonly roleArn?: pulumi.Output<string>;

  constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Backup", name, {}, opts);
    const { ctx, backup } = args;
    const config = ctx.config;
    const bucketName = backupBucketName(config.cluster.name, backup.bucketName);
    // The bucket and snapshots live in backup.region; the platform's provider may point elsewhere (secrets.aws.region).
    const provider =
      args.createAwsResources && ctx.aws
        ? backup.region === (config.secrets.aws?.region ?? backup.region)
          ? ctx.aws
          : new aws.Provider(`${name}-aws-${backup.region}`, { region: backup.region as aws.Region }, { parent: this })
        : undefined;
    const storage = provider ? this.storage(name, args, bucketName, provider) : undefined;

    if (args.installVelero) {
      const nsResource = ctx.namespaces.get(backup.namespace)?.namespace;
      const inside = { parent: this, dependsOn: nsResource ? [nsResource] : [] };
      // Metrics are scraped when asked, or by default when alerting (whose backup alerts read them) is rendered.
      const scraped = backup.serviceMonitor ?? alertingRendered(config);
      createObject(
        operatorNetworkPolicyManifest({
          namespace: backup.namespace,
          name: "velero",
          component: "backup",
          podCidrs: config.cluster.podCidrs,
          dns: config.network.dns,
          metrics: scraped ? { scraper: config.network.monitoring, ports: [VELERO_METRICS_PORT] } : undefined,
        }),
        inside,
      );
      const serviceAccount = createObject(
        {
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: {
            name: VELERO_SERVICE_ACCOUNT,
            namespace: backup.namespace,
            labels: componentLabels("backup"),
            // IRSA: the pod gets a web-identity token for this role; no static AWS keys anywhere.
            ...(storage ? { annotations: { "eks.amazonaws.com/role-arn": storage.role.arn } } : {}),
          },
        },
        inside,
      );
      hardenedRelease(
        `${name}-velero`,
        {
          chart: "velero",
          releaseName: defaults.releaseName,
          namespace: backup.namespace,
          values: veleroValues({
            bucketName,
            region: backup.region,
            schedule: backup.schedule,
            namespaces: args.namespaces,
            ttl: backupTtl(backup.retentionDays),
            excludedResources: backup.excludedResources,
            volumeSnapshots: backup.volumeSnapshots,
            fileSystemBackup: backup.fileSystemBackup,
            resources: backup.resources,
            serviceMonitor: { enabled: scraped, labels: config.alerting?.ruleLabels ?? {} },
          }),
          overrides: config.charts,
        },
        { parent: this, dependsOn: [...inside.dependsOn, serviceAccount, ...(storage?.dependencies ?? [])] },
      );
    }

    this.bucketName = storage ? storage.bucket.bucket : pulumi.output(bucketName);
    this.roleArn = storage?.role.arn;
    this.registerOutputs({ bucketName: this.bucketName, roleArn: this.roleArn });
  }

  /** The KMS key, the bucket with its encryption, versioning, access block, lifecycle and policy, and the IRSA role. */
  private storage(name: string, args: BackupArgs, bucketName: string, provider: aws.Provider): BackupStorage {
    const { ctx, backup } = args;
    const config = ctx.config;
    const awsOpts = { parent: this, provider };
    const tags = { "app.kubernetes.io/part-of": "ecommerce-security", environment: config.environment, purpose: "velero-backups" };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Velero backups of ${config.cluster.name} (bucket ${bucketName})`,
        enableKeyRotation: true,
        deletionWindowInDays: defaults.keyDeletionWindowDays,
        tags,
      },
      { ...awsOpts, protect: args.protect },
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${bucketName}`, targetKeyId: key.keyId }, awsOpts);

    const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucket: bucketName, forceDestroy: false, tags }, { ...awsOpts, protect: args.protect });
    // Configurations name the bucket by its name (its ID in S3), as the plan and the policy pack relate them.
    const onBucket = { ...awsOpts, dependsOn: [bucket] };
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-bucket-ownership`,
      { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      onBucket,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-bucket-public-access`,
      { bucket: bucket.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      onBucket,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-bucket-versioning`,
      { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
      onBucket,
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-bucket-encryption`,
      {
        bucket: bucket.bucket,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
      },
      onBucket,
    );
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${name}-bucket-lifecycle`,
      { bucket: bucket.bucket, rules: lifecycleRules(backup.retentionDays) },
      { ...awsOpts, dependsOn: [bucket, versioning] },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-bucket-policy`,
      { bucket: bucket.bucket, policy: pulumi.all([bucket.arn, key.arn]).apply(([b, k]) => JSON.stringify(backupBucketPolicy(b, k))) },
      // A policy on a bucket whose public access block is still being set can be refused as public: order them.
      { ...awsOpts, dependsOn: [bucket, publicAccess] },
    );

    const oidcProviderArn = config.cluster.oidcProviderArn;
    if (!oidcProviderArn) throw new Error(`backup: cluster.oidcProviderArn is required for Velero's IRSA role (stack ${config.stack})`);
    const role = new aws.iam.Role(
      `${name}-velero-role`,
      {
        name: `${config.cluster.name}-velero`,
        description: `Velero server of ${config.cluster.name}: backups in s3://${bucketName}`,
        assumeRolePolicy: JSON.stringify(irsaTrustPolicy(oidcProviderArn, backup.namespace, VELERO_SERVICE_ACCOUNT)),
        maxSessionDuration: 3600,
        tags,
      },
      awsOpts,
    );
    const identity = aws.getCallerIdentityOutput({}, { parent: this, provider });
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-velero-policy`,
      {
        role: role.id,
        name: "velero-backups",
        policy: pulumi
          .all([bucket.arn, key.arn, identity.accountId])
          .apply(([bucketArn, kmsKeyArn, accountId]) =>
            JSON.stringify(veleroPolicyDocument({ bucketArn, kmsKeyArn, accountId, region: backup.region, volumeSnapshots: backup.volumeSnapshots })),
          ),
      },
      awsOpts,
    );
    return { bucket, key, role, dependencies: [bucket, ownership, publicAccess, versioning, encryption, lifecycle, policy, role, rolePolicy] };
  }
}

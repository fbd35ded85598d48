/**
 * Backup: Velero on an encrypted, versioned S3 bucket. The bucket, its customer-managed KMS key and Velero's IRSA
 * role come from @pulumi/aws; Velero runs from the pinned chart with the AWS plugin and a daily schedule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformHandles } from "../../core/handles";
import { hardenedRelease } from "../../core/helm-release";
import { AccessLogBucket } from "../../core/access-log-bucket";
import { irsaTrustPolicy } from "../../core/irsa";
import { keyAdministration } from "../../core/key-administrators";
import { createObject } from "../../core/kubernetes-object";
import { componentLabels } from "../../core/labels";
import { operatorNetworkPolicyManifests } from "../../core/operator-network-policy";
import { backupBucketPolicy } from "./bucket-policy";
import { veleroPolicyDocument } from "./iam-policy";
import { backupKeyPolicy } from "./key-policy";
import { VELERO_RELEASE } from "./names";
import { clusterAdminBindingManifest, veleroRbacManifests } from "./rbac";
import { backupTtl, lifecycleRules } from "./retention";
import type { BackupStorageSettings, ResolvedBackup } from "./settings";
import { VELERO_METRICS_PORT, VELERO_SERVER_POD_LABELS, VELERO_SERVICE_ACCOUNT, veleroValues } from "./velero-values";
import { privateBucket } from "../../core/private-bucket";

/** Arguments of {@link Backup}: the resolved backup settings and the handles it needs. */
export interface BackupArgs {
  /** Resolved settings: every default already filled in by the resolve step (./settings). */
  settings: ResolvedBackup;
  /** Providers and namespaces the platform owns. */
  handles: PlatformHandles;
}

/** Days KMS waits before deleting the backup key once its deletion is scheduled (the longest AWS allows). */
const KEY_DELETION_WINDOW_DAYS = 30;

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

  constructor(name: string, { settings, handles }: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Backup", name, {}, opts);
    // The bucket and snapshots live in backup.region; the platform's provider may point elsewhere (secrets.aws.region).
    const provider =
      settings.storage && handles.aws
        ? settings.storage.ownProvider
          ? new aws.Provider(`${name}-aws-${settings.region}`, { region: settings.region as aws.Region }, { parent: this })
          : handles.aws
        : undefined;
    const storage = settings.storage && provider ? this.storage(name, settings, settings.storage, provider) : undefined;

    if (settings.installVelero) {
      const nsResource = handles.namespaces.get(settings.namespace)?.namespace;
      const inside = { parent: this, dependsOn: nsResource ? [nsResource] : [] };
      for (const policy of operatorNetworkPolicyManifests({
        namespace: settings.namespace,
        name: "velero",
        component: "backup",
        podCidrs: settings.podCidrs,
        destinations: settings.destinations,
        dns: settings.network.dns,
        // The server's pods only: the chart's hook jobs and the node agent expose nothing to scrape.
        metrics: settings.serviceMonitor.enabled
          ? { scraper: settings.network.monitoring, pods: VELERO_SERVER_POD_LABELS, ports: [VELERO_METRICS_PORT] }
          : undefined,
      })) {
        createObject(policy, inside);
      }
      const serviceAccount = createObject(
        {
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: {
            name: VELERO_SERVICE_ACCOUNT,
            namespace: settings.namespace,
            labels: componentLabels("backup"),
            // IRSA: the pod gets a web-identity token for this role; no static AWS keys anywhere.
            ...(storage ? { annotations: { "eks.amazonaws.com/role-arn": storage.role.arn } } : {}),
          },
        },
        inside,
      );
      const rbac = this.rbac(settings, handles);
      hardenedRelease(
        `${name}-velero`,
        {
          chart: "velero",
          releaseName: VELERO_RELEASE,
          namespace: settings.namespace,
          values: veleroValues({
            bucketName: settings.bucketName,
            region: settings.region,
            schedule: settings.schedule,
            namespaces: settings.namespaces,
            ttl: backupTtl(settings.retentionDays),
            excludedResources: settings.excludedResources,
            volumeSnapshots: settings.volumeSnapshots,
            fileSystemBackup: settings.fileSystemBackup,
            resources: settings.resources,
            serviceMonitor: settings.serviceMonitor,
            clusterAdmin: settings.clusterAdminReason !== undefined,
            registryMirror: settings.registryMirror,
            kubernetesVersion: settings.kubernetesVersion,
          }),
          overrides: settings.chartOverrides,
        },
        { parent: this, dependsOn: [...inside.dependsOn, serviceAccount, ...rbac, ...(storage?.dependencies ?? [])] },
      );
    }

    this.bucketName = storage ? storage.bucket.bucket : pulumi.output(settings.bucketName);
    this.roleArn = storage?.role.arn;
    this.registerOutputs({ bucketName: this.bucketName, roleArn: this.roleArn });
  }

  /** Velero's RBAC: the scoped roles and bindings (rbac.ts), or the cluster-admin binding the stack opted into. */
  private rbac(settings: ResolvedBackup, handles: PlatformHandles): pulumi.Resource[] {
    const input = {
      namespace: settings.namespace,
      serviceAccount: VELERO_SERVICE_ACCOUNT,
      backedUpNamespaces: settings.namespaces,
      fileSystemBackup: settings.fileSystemBackup,
    };
    const manifests = settings.clusterAdminReason !== undefined ? [clusterAdminBindingManifest(input)] : veleroRbacManifests(input);
    return manifests.map((m) => {
      const ns = "namespace" in m.metadata ? handles.namespaces.get(m.metadata.namespace as string)?.namespace : undefined;
      return createObject(m, { parent: this, dependsOn: ns ? [ns] : [] });
    });
  }

  /**
   * The IRSA role, the KMS key with its explicit policy, the bucket with its encryption, versioning, Object Lock, access
   * block, lifecycle, policy and access logging (into its own log bucket).
   */
  private storage(name: string, settings: ResolvedBackup, storage: BackupStorageSettings, provider: aws.Provider): BackupStorage {
    const { bucketName, clusterName } = settings;
    const awsOpts = { parent: this, provider };
    const tags = { "app.kubernetes.io/part-of": "ecommerce-security", environment: settings.environment, purpose: "velero-backups" };

    // The role exists first: the key policy names it (KMS refuses a policy naming a principal that does not exist).
    const role = new aws.iam.Role(
      `${name}-velero-role`,
      {
        name: `${clusterName}-velero`,
        description: `Velero server of ${clusterName}: backups in s3://${bucketName}`,
        assumeRolePolicy: JSON.stringify(irsaTrustPolicy(storage.oidcProviderArn, settings.namespace, VELERO_SERVICE_ACCOUNT)),
        maxSessionDuration: 3600,
        tags,
      },
      awsOpts,
    );
    const { accountId, administrators } = keyAdministration(storage.keyAdministrators, awsOpts);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Velero backups of ${clusterName} (bucket ${bucketName})`,
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        // An explicit policy instead of AWS's default one, which would let every IAM principal of the account use the key.
        policy: pulumi
          .all([administrators, role.arn, accountId])
          .apply(([admins, veleroRoleArn, account]) =>
            JSON.stringify(backupKeyPolicy({ administrators: admins, veleroRoleArn, bucketName, region: settings.region, accountId: account })),
          ),
        tags,
      },
      { ...awsOpts, protect: storage.protect },
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${bucketName}`, targetKeyId: key.keyId }, awsOpts);

    const { bucket, ownership, publicAccess, onBucket } = privateBucket(`${name}-bucket`, { bucketName, tags, protect: storage.protect }, awsOpts);
    const versioning = new aws.s3.BucketVersioning(
      `${name}-bucket-versioning`,
      { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
      onBucket,
    );
    // Write once: every object version is locked for the retention from its upload, so neither a stolen role nor
    // ransomware can delete or overwrite a backup before it expires (a delete only adds a delete marker).
    const objectLock = new aws.s3.BucketObjectLockConfiguration(
      `${name}-bucket-object-lock`,
      {
        bucket: bucket.bucket,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: storage.objectLockMode, days: settings.retentionDays } },
      },
      { ...awsOpts, dependsOn: [bucket, versioning] },
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
      { bucket: bucket.bucket, rules: lifecycleRules(settings.retentionDays) },
      { ...awsOpts, dependsOn: [bucket, versioning] },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-bucket-policy`,
      { bucket: bucket.bucket, policy: pulumi.all([bucket.arn, key.arn]).apply(([b, k]) => JSON.stringify(backupBucketPolicy(b, k))) },
      // A policy on a bucket whose public access block is still being set can be refused as public: order them.
      { ...awsOpts, dependsOn: [bucket, publicAccess] },
    );

    const accessLogs = new AccessLogBucket(
      `${name}-access-logs`,
      { sourceBucketName: bucketName, kmsKeyArn: key.arn, accountId, retentionDays: storage.accessLogRetentionDays, tags, protect: storage.protect },
      { parent: this, provider },
    );
    const logging = new aws.s3.BucketLogging(
      `${name}-bucket-logging`,
      {
        bucket: bucket.bucket,
        targetBucket: accessLogs.bucketName,
        targetPrefix: `${bucketName}/`,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      },
      { ...awsOpts, dependsOn: [bucket, ...accessLogs.ready] },
    );

    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-velero-policy`,
      {
        role: role.id,
        name: "velero-backups",
        policy: pulumi
          .all([bucket.arn, key.arn, accountId])
          .apply(([bucketArn, kmsKeyArn, accountId]) =>
            JSON.stringify(veleroPolicyDocument({ bucketArn, kmsKeyArn, accountId, region: settings.region, volumeSnapshots: settings.volumeSnapshots })),
          ),
      },
      awsOpts,
    );
    return {
      bucket,
      key,
      role,
      dependencies: [bucket, ownership, publicAccess, versioning, objectLock, encryption, lifecycle, policy, logging, role, rolePolicy],
    };
  }
}

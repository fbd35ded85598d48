import { strict as assert } from "node:assert";
import { chartPins } from "../../core/charts";
import { alertingRendered } from "../../core/monitoring";
import { evaluatePodSpec } from "@ecommerce-security/pod-security";
import {
  objectNamed,
  objectsOfKind,
  realStacks,
  resourcesOfType,
  runStack,
  type KubernetesObject,
  type RecordedResource,
  type StackRun,
} from "../../tests/harness";
import { componentsOfType, difference, isolationPolicyIn, keyOf, secureNamespaceOf, subtreeOf, updateCheckAccessIn } from "../../tests/harness/resource-tree";
import { assertOperatorEgress, type NetpolSpec } from "../../tests/harness/operator-network";
import { VARIANT } from "../../tests/harness/optional-switches-variant";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const ACCOUNT = "111122223333"; // the mock account (platform/offline/mock-outputs.ts)

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function one(run: StackRun, type: string): RecordedResource {
  const found = resourcesOfType(run, type, (r) => r.parent?.type === "ecommerce:security:Backup");
  assert.equal(found.length, 1, `one ${type} in the Backup component of ${run.stack}`);
  return found[0];
}
const bucketOf = (run: StackRun) => `${run.config.cluster.name}-velero-backups`;
const veleroValuesOf = (run: StackRun) => {
  const found = resourcesOfType(run, RELEASE, (r) => r.inputs.chart === "velero");
  assert.equal(found.length, 1, "one velero release");
  return found[0].inputs.values as VeleroValues;
};
interface VeleroValues {
  schedules: Record<
    string,
    {
      schedule: string;
      template: { ttl: string; includedNamespaces: string[]; excludedResources: string[]; snapshotVolumes: boolean; storageLocation: string };
    }
  >;
  configuration: { backupStorageLocation: Array<{ provider: string; bucket: string; config: { region: string } }>; volumeSnapshotLocation: unknown[] };
  credentials: { useSecret: boolean };
  serviceAccount: { server: { create: boolean; name: string } };
  initContainers: Array<{ name: string; image: string; securityContext: object; resources: object }>;
  podSecurityContext: Record<string, unknown>;
  containerSecurityContext: object;
  deployNodeAgent: boolean;
  metrics: { enabled: boolean; serviceMonitor: { enabled: boolean } };
}

describe("backup: Velero on an encrypted S3 bucket", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("the bucket is encrypted by default with the customer-managed key, which rotates", async () => {
        const run = await runStack(stack);
        const key = one(run, "aws:kms/key:Key");
        assert.equal(key.inputs.enableKeyRotation, true);
        const bucket = one(run, "aws:s3/bucket:Bucket");
        assert.equal(bucket.inputs.bucket, bucketOf(run));
        assert.equal(bucket.inputs.forceDestroy, false);
        const sse = one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        const rules = sse.inputs.rules as Array<{
          applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyId: string };
          bucketKeyEnabled: boolean;
        }>;
        assert.equal(rules.length, 1);
        assert.equal(rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
        assert.equal(rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${key.name}`);
        assert.deepEqual(one(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration, { status: "Enabled" });
      });

      it("every configuration of the bucket (encryption, versioning, access block, ownership, lifecycle, policy) names this bucket", async () => {
        const run = await runStack(stack);
        for (const type of [
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "aws:s3/bucketVersioning:BucketVersioning",
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
          "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
          "aws:s3/bucketPolicy:BucketPolicy",
        ]) {
          assert.equal(one(run, type).inputs.bucket, bucketOf(run), type);
        }
      });

      it("blocks every form of public access and disables ACLs", async () => {
        const run = await runStack(stack);
        const pab = one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
        for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(pab[k], true, k);
        assert.deepEqual(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
      });

      it("the bucket policy refuses any request without TLS, on the bucket and every object", async () => {
        const run = await runStack(stack);
        const policy = JSON.parse(one(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy as string) as { Statement: Statement[] };
        const arn = `arn:aws:s3:::${bucketOf(run)}`;
        const tls = policy.Statement.find((s) => s.Condition?.Bool?.["aws:SecureTransport"] === "false");
        assert.ok(tls, "a TLS-only statement");
        assert.equal(tls.Effect, "Deny");
        assert.equal(tls.Principal, "*");
        assert.deepEqual(list(tls.Action), ["s3:*"]);
        assert.deepEqual(list(tls.Resource).sort(), [arn, `${arn}/*`]);
        assert.ok(
          policy.Statement.every((s) => s.Effect === "Deny"),
          "the bucket policy only denies",
        );
      });

      it("objects expire after the stack's retention, old versions too", async () => {
        const run = await runStack(stack);
        const days = run.config.backup!.retentionDays;
        assert.equal(days, stack === "production" ? 90 : 14);
        const rules = one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as Array<{
          status: string;
          expiration?: { days: number };
          noncurrentVersionExpiration?: { noncurrentDays: number };
        }>;
        const expiry = rules.filter((r) => r.expiration);
        assert.equal(expiry.length, 1);
        assert.equal(expiry[0].status, "Enabled");
        assert.equal(expiry[0].expiration!.days, days);
        assert.equal(expiry[0].noncurrentVersionExpiration!.noncurrentDays, days);
      });

      it("Velero's role can be assumed only by the velero-server service account through the cluster's OIDC provider", async () => {
        const run = await runStack(stack);
        const role = one(run, "aws:iam/role:Role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: Statement[] };
        assert.equal(trust.Statement.length, 1);
        const s = trust.Statement[0];
        assert.deepEqual(s.Principal, { Federated: run.config.cluster.oidcProviderArn });
        assert.equal(s.Action, "sts:AssumeRoleWithWebIdentity");
        const issuer = run.config.cluster.oidcProviderArn!.split(":oidc-provider/")[1];
        assert.deepEqual(s.Condition?.StringEquals, {
          [`${issuer}:sub`]: "system:serviceaccount:velero:velero-server",
          [`${issuer}:aud`]: "sts.amazonaws.com",
        });
        const sa = objectNamed(run, "ServiceAccount", "velero-server", "velero");
        assert.equal(sa.metadata.annotations?.["eks.amazonaws.com/role-arn"], `arn:aws:iam::${ACCOUNT}:role/${role.inputs.name}`);
      });

      it("the role may only touch this bucket's objects, this key, and this account's volumes and Velero's snapshots", async () => {
        const run = await runStack(stack);
        const doc = JSON.parse(one(run, "aws:iam/rolePolicy:RolePolicy").inputs.policy as string) as { Statement: Statement[] };
        const bucket = `arn:aws:s3:::${bucketOf(run)}`;
        const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${one(run, "aws:kms/key:Key").name}`;
        const volumes = `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/*`;
        const snapshots = "arn:aws:ec2:eu-west-1::snapshot/*";
        assert.ok(doc.Statement.every((s) => s.Effect === "Allow"));
        // Every action the role has, with the resources it has it on.
        const grants = new Map<string, string[]>();
        for (const s of doc.Statement) for (const a of list(s.Action)) grants.set(a, [...(grants.get(a) ?? []), ...list(s.Resource)].sort());
        const expected: Record<string, string[]> = {
          "s3:GetObject": [`${bucket}/*`],
          "s3:PutObject": [`${bucket}/*`],
          "s3:DeleteObject": [`${bucket}/*`],
          "s3:PutObjectTagging": [`${bucket}/*`],
          "s3:AbortMultipartUpload": [`${bucket}/*`],
          "s3:ListMultipartUploadParts": [`${bucket}/*`],
          "s3:ListBucket": [bucket],
          "kms:Encrypt": [key],
          "kms:Decrypt": [key],
          "kms:ReEncrypt*": [key],
          "kms:GenerateDataKey*": [key],
          "kms:DescribeKey": [key],
          "ec2:DescribeVolumes": ["*"],
          "ec2:DescribeSnapshots": ["*"],
          "ec2:CreateSnapshot": [snapshots, volumes].sort(),
          "ec2:CreateVolume": [snapshots, volumes].sort(),
          "ec2:CreateTags": [snapshots, volumes].sort(),
          "ec2:DeleteSnapshot": [snapshots],
        };
        assert.deepEqual(
          Object.fromEntries([...grants].sort(([a], [b]) => a.localeCompare(b))),
          Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))),
        );
        const statementOf = (action: string) => doc.Statement.find((s) => list(s.Action).includes(action))!;
        assert.deepEqual(statementOf("ec2:DeleteSnapshot").Condition, { Null: { "aws:ResourceTag/velero.io/backup": "false" } });
        assert.deepEqual(statementOf("ec2:CreateTags").Condition, { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] } });
      });

      it("backs up the app namespaces daily at 01:00 without events, kept for the stack's retention", async () => {
        const run = await runStack(stack);
        const values = veleroValuesOf(run);
        assert.deepEqual(Object.keys(values.schedules), ["daily"]);
        const daily = values.schedules.daily;
        assert.equal(daily.schedule, "0 1 * * *");
        // The catalog's namespaces, the PCI zone's where PCI-DSS is on (production).
        assert.deepEqual(daily.template.includedNamespaces, stack === "production" ? ["ecommerce", "pci-zone", "ecommerce-data"] : ["e-commerce"]);
        assert.ok(daily.template.excludedResources.includes("events"));
        assert.ok(daily.template.excludedResources.includes("events.events.k8s.io"));
        assert.equal(daily.template.ttl, `${run.config.backup!.retentionDays * 24}h`);
        assert.equal(daily.template.ttl, stack === "production" ? "2160h" : "336h");
        assert.equal(daily.template.storageLocation, "default");
        assert.equal(daily.template.snapshotVolumes, true);
      });

      it("Velero stores to this bucket and region with the AWS plugin and IRSA, never a static key", async () => {
        const run = await runStack(stack);
        const values = veleroValuesOf(run);
        const release = resourcesOfType(run, RELEASE, (r) => r.inputs.chart === "velero")[0];
        assert.equal(release.inputs.version, chartPins.velero.version);
        assert.deepEqual(
          values.configuration.backupStorageLocation.map((l) => [l.provider, l.bucket, l.config.region]),
          [["aws", bucketOf(run), run.config.backup!.region]],
        );
        assert.equal(values.credentials.useSecret, false);
        assert.deepEqual(values.serviceAccount.server, { create: false, name: "velero-server" });
        assert.deepEqual(
          values.initContainers.map((c) => c.name),
          ["velero-plugin-for-aws"],
        );
        assert.match(values.initContainers[0].image, /^docker\.io\/velero\/velero-plugin-for-aws:v\d+\.\d+\.\d+$/);
        assert.equal(values.deployNodeAgent, false);
        for (const dep of [
          "aws:iam/role:Role::backup-velero-role",
          "aws:s3/bucket:Bucket::backup-bucket",
          "kubernetes:core/v1:ServiceAccount::serviceaccount-velero-velero-server",
        ]) {
          assert.ok(release.dependsOn.includes(dep), `the release waits for ${dep}`);
        }
      });

      it("Velero reaches only DNS, the internet on HTTPS (S3, STS, EC2) and the declared API server; the scraper reaches its metrics", async () => {
        const run = await runStack(stack);
        const policy = objectNamed<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy", "velero", "velero");
        assertOperatorEgress(policy.spec, run);
        assert.equal(policy.spec.ingress, undefined);
        const values = veleroValuesOf(run);
        assert.equal(values.metrics.serviceMonitor.enabled, run.config.backup!.serviceMonitor ?? alertingRendered(run.config));
        // The server's pods only: not the CRD upgrade hook's, not the node agent's.
        const metrics = objectsOfKind<KubernetesObject & { spec: NetpolSpec & { podSelector: { matchLabels?: object } } }>(run, "NetworkPolicy", "velero").find(
          (p) => p.metadata.name === "velero-metrics-ingress",
        );
        assert.deepEqual(
          metrics?.spec.podSelector,
          values.metrics.serviceMonitor.enabled
            ? {
                matchLabels: { name: "velero", "app.kubernetes.io/instance": "velero" },
                matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }],
              }
            : undefined,
        );
        const ingress = (metrics?.spec.ingress ?? []) as Array<{ ports: Array<{ port: number }> }>;
        assert.deepEqual(
          ingress.map((r) => r.ports.map((p) => p.port)),
          values.metrics.serviceMonitor.enabled ? [[8085]] : [],
        );
      });

      it("the Velero server pod, as the chart renders it from our values, is restricted with a numeric non-root user", async () => {
        const values = veleroValuesOf(await runStack(stack));
        assert.equal(typeof values.podSecurityContext.runAsUser, "number");
        assert.notEqual(values.podSecurityContext.runAsUser, 0);
        const pod = {
          securityContext: values.podSecurityContext,
          initContainers: values.initContainers.map((c) => ({ name: c.name, image: c.image, securityContext: c.securityContext })),
          containers: [{ name: "velero", image: "velero/velero", securityContext: values.containerSecurityContext }],
        };
        assert.deepEqual(evaluatePodSpec({}, pod, { level: "restricted" }), []);
        assert.equal(objectNamed(await runStack(stack), "Namespace", "velero").metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
      });
    });
  }

  it("production protects the bucket and the key; staging does not", async () => {
    const prod = await runStack("production");
    const staging = await runStack("staging");
    for (const type of ["aws:s3/bucket:Bucket", "aws:kms/key:Key"]) {
      assert.equal(one(prod, type).protect, true, `production ${type}`);
      assert.equal(one(staging, type).protect, false, `staging ${type}`);
    }
  });

  it("without a configured retention the schedule keeps backups 720h and the bucket 30 days", async () => {
    const run = await runStack("staging", VARIANT);
    assert.equal(veleroValuesOf(run).schedules.daily.template.ttl, "720h");
    const rules = one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as Array<{ expiration?: { days: number } }>;
    assert.equal(rules.find((r) => r.expiration)!.expiration!.days, 30);
  });

  it("an explicit backup.serviceMonitor off removes the ServiceMonitor and the scraper's way in", async () => {
    const run = await runStack("staging", VARIANT);
    assert.equal(veleroValuesOf(run).metrics.serviceMonitor.enabled, false);
    assert.deepEqual(
      objectsOfKind(run, "NetworkPolicy", "velero").map((p) => p.metadata.name),
      ["default-deny-all", "incident-isolation", "velero"],
    );
  });

  it("file-system backups deploy the node agent and make the velero namespace privileged, with the reason", async () => {
    const run = await runStack("staging", VARIANT);
    assert.equal(veleroValuesOf(run).deployNodeAgent, true);
    const ns = objectNamed(run, "Namespace", "velero");
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "privileged");
    assert.match(ns.metadata.annotations?.["ecommerce.example.com/pod-security-reason"] ?? "", /node agent.*hostPath/);
  });

  it("an explicit velero level stricter than the node agent needs is a configuration error naming the key", async () => {
    await assert.rejects(
      runStack("staging", {
        overrides: { backup: { fileSystemBackup: true }, podSecurity: { namespaces: { velero: { level: "baseline", reason: "trying baseline first" } } } },
      }),
      /podSecurity\.namespaces\.velero\.level: is stricter than namespace velero needs \(privileged\)/,
    );
  });

  it("features.backup off removes exactly the backup component and the velero namespace", async () => {
    const base = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { backup: false } } });
    const owned = subtreeOf(base, [...componentsOfType(base, "ecommerce:security:Backup"), secureNamespaceOf(base, "velero")]);
    const { removed, added } = difference(base, off);
    assert.ok([...owned].some((k) => k.startsWith("aws:s3/bucket:Bucket::")));
    assert.deepEqual(removed, [...owned, ...updateCheckAccessIn(base, "velero"), ...isolationPolicyIn(base, "velero")].sort());
    assert.deepEqual(added, []);
  });

  it("a backup.region other than the platform's (secrets.aws.region) gets an AWS provider of its own in that region", async () => {
    const ownProviders = (run: StackRun) => resourcesOfType(run, "pulumi:providers:aws", (r) => r.parent?.type === "ecommerce:security:Backup");
    const elsewhere = await runStack("staging", { overrides: { backup: { region: "eu-central-1" } } });
    assert.deepEqual(
      ownProviders(elsewhere).map((p) => [p.name, p.inputs.region]),
      [["backup-aws-eu-central-1", "eu-central-1"]],
    );
    assert.deepEqual(ownProviders(await runStack("staging")), [], "the platform's provider serves the same region");
  });

  it("features.awsResources off keeps Velero but creates no bucket, key or role, and no role annotation", async () => {
    const base = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { awsResources: false } } });
    const backupAws = base.resources.filter((r) => r.parent?.type === "ecommerce:security:Backup" && r.type.startsWith("aws:")).map(keyOf);
    assert.ok(backupAws.length >= 9);
    for (const k of backupAws) assert.ok(!off.resources.some((r) => keyOf(r) === k), `${k} remains`);
    assert.equal(objectNamed(off, "ServiceAccount", "velero-server", "velero").metadata.annotations, undefined);
    assert.equal(veleroValuesOf(off).configuration.backupStorageLocation[0].bucket, bucketOf(off));
  });
});

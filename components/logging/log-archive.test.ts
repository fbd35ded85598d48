// The log archive (issue 15, item 8; PCI DSS 10.5.1): the snapshot schedule SLM takes, the repository and policy the
// setup job applies, and the AWS documents (the snapshot role, the archive key), checked without Pulumi.
import { strict as assert } from "node:assert";
import { archiveKeyPolicy, archiveLifecycleRules, snapshotRolePolicy } from "./archive-policies";
import { ARCHIVE_REPOSITORY, slmPolicy, slmSchedule, snapshotRepository } from "./snapshots";
import { objectNamed, objectsOfKind, resourceOfObject, resourcesOfType, runStack, type RecordedResource, type StackRun } from "../../tests/harness";
import { configErrorWith } from "../../tests/harness/config";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";

const ROLE = "arn:aws:iam::111122223333:role/ecommerce-production-log-archive";
const ADMIN = "arn:aws:iam::111122223333:role/ecommerce-security-deploy";

describe("log archive (pure)", () => {
  it("turns the five-field cron into SLM's Quartz expression, and refuses a day-of-week it cannot carry over", () => {
    assert.equal(slmSchedule("30 1 * * *"), "0 30 1 * * ?");
    assert.equal(slmSchedule("0 */6 1-15 * *"), "0 0 */6 1-15 * ?");
    assert.throws(() => slmSchedule("0 1 * * 1"), /day-of-week must be \*/);
  });

  it("snapshots every log index, without the cluster state, and keeps each snapshot the retention", () => {
    const policy = slmPolicy({ bucketName: "b", indexPrefix: "k8s-logs", schedule: "30 1 * * *", retentionDays: 365 });
    assert.equal(policy.repository, ARCHIVE_REPOSITORY);
    assert.deepEqual(policy.config.indices, ["k8s-logs-*"]);
    assert.equal(policy.config.include_global_state, false);
    assert.equal(policy.retention.expire_after, "365d");
    // The bucket's default SSE-KMS applies: the repository sends no encryption setting that could override it.
    assert.deepEqual(snapshotRepository({ bucketName: "b" }), { type: "s3", settings: { bucket: "b", base_path: "snapshots", client: "default" } });
  });

  it("the snapshot role reads, writes and deletes blobs of this bucket, uses the key through S3 only, and cannot touch Object Lock", () => {
    const doc = snapshotRolePolicy({ bucketArn: "arn:aws:s3:::archive", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k", region: "eu-west-1" });
    const actions = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    for (const forbidden of [
      "s3:PutObjectRetention",
      "s3:BypassGovernanceRetention",
      "s3:PutObjectLegalHold",
      "s3:DeleteObjectVersion",
      "s3:PutBucketObjectLockConfiguration",
      "s3:*",
      "kms:*",
    ]) {
      assert.ok(!actions.includes(forbidden), forbidden);
    }
    const kms = doc.Statement.find((s) => s.Sid === "UseArchiveKeyThroughS3")!;
    assert.deepEqual(kms.Condition, { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
    for (const s of doc.Statement)
      assert.ok(
        [s.Resource].flat().every((r) => r.startsWith("arn:aws:s3:::archive") || r.startsWith("arn:aws:kms:")),
        s.Sid,
      );
  });

  it("the archive key: administrators manage it, the snapshot role uses it through S3, log delivery only for this bucket", () => {
    const doc = archiveKeyPolicy({ administrators: [ADMIN], snapshotRoleArn: ROLE, bucketName: "archive", region: "eu-west-1", accountId: "111122223333" });
    assert.deepEqual(
      doc.Statement.map((s) => s.Sid),
      ["KeyAdministration", "SnapshotsThroughS3", "AdministratorsReadAccessLogs", "S3ServerAccessLogDelivery"],
    );
    const snapshots = doc.Statement.find((s) => s.Sid === "SnapshotsThroughS3")!;
    assert.deepEqual(snapshots.Principal, { AWS: [ROLE] });
    assert.deepEqual(snapshots.Condition?.StringEquals, { "kms:ViaService": ["s3.eu-west-1.amazonaws.com"] });
  });

  it("the bucket never expires a current snapshot blob itself (Elasticsearch decides), only what was deleted and is unlocked", () => {
    const rules = archiveLifecycleRules();
    assert.ok(
      rules.every((r) => !("expiration" in r) || (r.expiration as { days?: number }).days === undefined),
      "no expiry of current versions by age",
    );
    assert.ok(rules.some((r) => "noncurrentVersionExpiration" in r));
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any */
const inArchive = (run: StackRun, type: string) => resourcesOfType(run, type, (r) => r.parent?.type === "ecommerce:security:LogArchive");
const oneInArchive = (run: StackRun, type: string) => {
  const found = inArchive(run, type);
  assert.equal(found.length, 1, `one ${type} in the LogArchive of ${run.stack}`);
  return found[0];
};
const doc = (r: RecordedResource, input = "policy") => JSON.parse(r.inputs[input] as string) as { Statement: any[] };

describe("log archive (production: PCI-DSS on)", () => {
  const bucket = "ecommerce-production-log-archive";
  /** The role as Elasticsearch names it: in the cluster's account (the OIDC provider's). */
  const roleArn = "arn:aws:iam::444455556666:role/ecommerce-production-log-archive";

  it("the bucket is write-once for 365 days (Object Lock, COMPLIANCE), versioned, KMS-encrypted with its own key, private and access-logged", async () => {
    const run = await runStack("production");
    const b = oneInArchive(run, "aws:s3/bucket:Bucket");
    assert.equal(b.inputs.bucket, bucket);
    assert.equal(b.protect, true);
    const lock = oneInArchive(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    assert.equal(lock.inputs.objectLockEnabled, "Enabled");
    assert.deepEqual(lock.inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: 365 } });
    assert.deepEqual(oneInArchive(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration, { status: "Enabled" });
    const key = oneInArchive(run, "aws:kms/key:Key");
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.equal(key.protect, true);
    const sse = (oneInArchive(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules as any[])[0];
    assert.deepEqual(sse.applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:eu-west-1:111122223333:key/${key.name}` });
    const block = oneInArchive(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
    for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(block[flag], true, flag);
    assert.ok(doc(oneInArchive(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement.some((s) => s.Condition?.Bool?.["aws:SecureTransport"] === "false"));
    assert.equal(oneInArchive(run, "aws:s3/bucketLogging:BucketLogging").inputs.targetBucket, `${bucket}-access-logs`);
    assert.ok(
      doc(key).Statement.some((s) => s.Sid === "SnapshotsThroughS3"),
      "the key policy lets the snapshot role use it through S3",
    );
  });

  it("Elasticsearch reaches it through IRSA: a role only its service account may assume, a projected STS token, no static key", async () => {
    const run = await runStack("production");
    const role = oneInArchive(run, "aws:iam/role:Role");
    const trust = doc(role, "assumeRolePolicy").Statement[0];
    const issuer = run.config.cluster.oidcProviderArn!.split(":oidc-provider/")[1];
    assert.deepEqual(trust.Condition.StringEquals, {
      [`${issuer}:sub`]: "system:serviceaccount:logging:elasticsearch",
      [`${issuer}:aud`]: "sts.amazonaws.com",
    });
    assert.deepEqual(
      doc(oneInArchive(run, "aws:iam/rolePolicy:RolePolicy")).Statement.map((s) => s.Sid),
      ["ListArchiveBucket", "ReadWriteSnapshotBlobs", "UseArchiveKeyThroughS3"],
    );
    const sts = objectNamed<any>(run, "StatefulSet", "elasticsearch", "logging");
    const pod = sts.spec.template.spec;
    const env = Object.fromEntries(pod.containers[0].env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    assert.equal(env.AWS_ROLE_ARN, roleArn);
    assert.equal(env.AWS_STS_REGIONAL_ENDPOINTS, "regional");
    const token = pod.volumes.find((v: any) => v.projected)?.projected.sources[0].serviceAccountToken;
    assert.deepEqual(token, { audience: "sts.amazonaws.com", expirationSeconds: 3600, path: "aws-web-identity-token-file" });
    assert.ok(pod.containers[0].volumeMounts.some((m: any) => m.mountPath === "/usr/share/elasticsearch/config/repository-s3" && m.readOnly));
    for (const o of kubernetesObjects(run.resources))
      assert.doesNotMatch(
        JSON.stringify(o),
        /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|s3\.client\.default\.(access|secret)_key/,
        `${o.kind} ${o.metadata.name}`,
      );
  });

  it("the setup job registers the repository and a daily SLM policy keeping snapshots 365 days, once the bucket is locked", async () => {
    const run = await runStack("production");
    const script = objectsOfKind<any>(run, "ConfigMap", "logging").find((c) => c.metadata.name === "elasticsearch-security-setup-script").data[
      "setup.sh"
    ] as string;
    const body = (path: string) => {
      const line = script.split("\n").find((l) => l.startsWith(`es PUT ${path} -d `));
      assert.ok(line, `the script does not PUT ${path}`);
      return JSON.parse(line.slice(line.indexOf(" -d '") + 5, -1));
    };
    assert.deepEqual(body("/_snapshot/log-archive"), { type: "s3", settings: { bucket, base_path: "snapshots", client: "default" } });
    const slm = body("/_slm/policy/log-archive-daily");
    assert.equal(slm.schedule, "0 30 1 * * ?");
    assert.deepEqual(slm.config.indices, ["k8s-logs-*"]);
    assert.equal(slm.retention.expire_after, "365d");
    const job = objectsOfKind<any>(run, "Job", "logging")[0];
    const lock = oneInArchive(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    assert.ok(
      resourceOfObject(run, "Job", job.metadata.name, "logging").dependsOn.some((d) => d.endsWith(`::${lock.name}`)),
      "registered after the lock",
    );
  });

  it("Elasticsearch reaches S3 and STS on 443 only outside every private and metadata range", async () => {
    const run = await runStack("production");
    const policy = objectNamed<any>(run, "NetworkPolicy", "elasticsearch", "logging");
    const internet = policy.spec.egress.filter((e: any) => e.to.some((t: any) => t.ipBlock?.cidr === "0.0.0.0/0"));
    assert.equal(internet.length, 1);
    assert.deepEqual(internet[0].ports, [{ protocol: "TCP", port: 443 }]);
    for (const cidr of ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]) assert.ok(internet[0].to[0].ipBlock.except.includes(cidr), cidr);
  });

  it("staging (PCI-DSS off) has no archive: no bucket, no role, no AWS identity in Elasticsearch", async () => {
    const run = await runStack("staging");
    assert.deepEqual(inArchive(run, "aws:s3/bucket:Bucket"), []);
    const pod = objectNamed<any>(run, "StatefulSet", "elasticsearch", "logging").spec.template.spec;
    assert.ok(!pod.containers[0].env.some((e: any) => e.name === "AWS_ROLE_ARN"));
  });
});

describe("log retention under PCI-DSS (config)", () => {
  it("PCI-DSS without an archive, or with less than 365 days, or less than 90 days searchable, is a configuration error", () => {
    const pci = configErrorWith("staging", { compliance: { pciDss: true } }).message;
    assert.match(pci, /logging\.archive: is required when compliance\.pciDss is on: PCI DSS 10\.5\.1 keeps audit logs 365 days/);
    assert.match(pci, /logging\.retentionDays: must be at least 90 when compliance\.pciDss is on/);
    assert.match(
      configErrorWith("production", { logging: { archive: { retentionDays: 200 } } }).message,
      /logging\.archive\.retentionDays: must be at least 365 when compliance\.pciDss is on \(PCI DSS 10\.5\.1: 12 months of audit logs\)/,
    );
    assert.match(configErrorWith("production", { logging: { archive: undefined } }).message, /logging\.archive: is required when compliance\.pciDss is on/);
  });

  it("without PCI-DSS an archive stays within the GDPR limit; a snapshot schedule needs day-of-week *", () => {
    assert.match(
      configErrorWith("staging", { logging: { archive: { retentionDays: 400 } } }).message,
      /logging\.archive\.retentionDays: keeps archived logs \(personal data\) longer than compliance\.gdprRetentionDays/,
    );
    assert.match(
      configErrorWith("production", { logging: { archive: { schedule: "0 1 * * 1" } } }).message,
      /logging\.archive\.schedule: the day-of-week field must be \*/,
    );
  });
});

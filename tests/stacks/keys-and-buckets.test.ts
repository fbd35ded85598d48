// Keys and buckets of both rendered stacks (issue 15, item 11): every KMS key has an explicit key policy (its
// administrators manage it without using it, its users reach it only through an AWS service, no statement trusts the
// whole account or everyone), Velero uses its key only through S3, the backup bucket is write-once (Object Lock) and
// its access is logged, the sealing key renews every 30 days, and the update check reads namespaces through Roles.
import { strict as assert } from "node:assert";
import { KEY_ADMINISTRATION_ACTIONS, kmsKeyPolicy } from "../../core/kms-key-policy";
import { objectsOfKind, realStacks, resourcesOfType, runStack, type RecordedResource, type StackRun } from "../harness";

/* eslint-disable @typescript-eslint/no-explicit-any */
const ACCOUNT = "111122223333"; // the mock account (platform/offline/mock-outputs.ts)
/** The identity the mock runtime deploys as: the role behind the session of getCallerIdentity. */
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/ecommerce-security-deploy`;
const KEY = "aws:kms/key:Key";

interface Statement {
  Sid: string;
  Effect: string;
  Principal: { AWS?: string[]; Service?: string } | string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const keyPolicyOf = (key: RecordedResource) => {
  assert.equal(typeof key.inputs.policy, "string", `${key.name}: no key policy, so AWS's default one trusts the whole account`);
  return JSON.parse(key.inputs.policy as string) as { Statement: Statement[] };
};
const inComponent = (run: StackRun, type: string, component: string) => resourcesOfType(run, type, (r) => r.parent?.type === `ecommerce:security:${component}`);
const oneIn = (run: StackRun, type: string, component: string) => {
  const found = inComponent(run, type, component);
  assert.equal(found.length, 1, `one ${type} in ${component} of ${run.stack}`);
  return found[0];
};
const keyArnOf = (key: RecordedResource) => `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${key.name}`;
const statement = (doc: { Statement: Statement[] }, sid: string) => {
  const s = doc.Statement.find((x) => x.Sid === sid);
  assert.ok(s, `no statement ${sid}`);
  return s;
};

describe("keys and buckets", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("every KMS key has an explicit policy: administrators manage it without using it, users only through a service, nothing trusts the account", async () => {
        const run = await runStack(stack);
        const keys = resourcesOfType(run, KEY);
        assert.ok(keys.length >= 2, "the backup and the secrets keys");
        for (const key of keys) {
          const doc = keyPolicyOf(key);
          for (const s of doc.Statement) {
            assert.equal(s.Effect, "Allow", `${key.name}: ${s.Sid}`);
            const principals =
              typeof s.Principal === "string" ? [s.Principal] : [...(s.Principal.AWS ?? []), ...(s.Principal.Service ? [s.Principal.Service] : [])];
            for (const p of principals) assert.ok(p !== "*" && !/:root$/.test(p) && !/^[0-9]{12}$/.test(p), `${key.name}: ${s.Sid} trusts ${p}`);
          }
          const admin = statement(doc, "KeyAdministration");
          assert.ok((admin.Principal as { AWS: string[] }).AWS.includes(DEPLOYER), `${key.name}: the deploying identity must stay an administrator`);
          assert.deepEqual(list(admin.Action).sort(), [...KEY_ADMINISTRATION_ACTIONS].sort());
          for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:CreateGrant", "kms:*"])
            assert.ok(!list(admin.Action).includes(action), `${key.name}: administrators may ${action}`);
          for (const s of doc.Statement.filter((x) => x.Sid !== "KeyAdministration")) {
            if (typeof s.Principal !== "string" && s.Principal.Service) {
              assert.equal(s.Condition?.StringEquals?.["aws:SourceAccount"], ACCOUNT, `${key.name}: ${s.Sid}`);
              assert.ok(list(s.Condition?.ArnLike?.["aws:SourceArn"]).length > 0, `${key.name}: ${s.Sid} has no source`);
            } else {
              assert.ok(list(s.Condition?.StringEquals?.["kms:ViaService"]).length > 0, `${key.name}: ${s.Sid} may use the key directly`);
            }
          }
        }
      });

      it("the backup key: Velero's role through S3 only (key policy and role policy), S3 log delivery only for this bucket's access logs", async () => {
        const run = await runStack(stack);
        const region = run.config.backup!.region;
        const bucket = `${run.config.cluster.name}-velero-backups`;
        const key = oneIn(run, KEY, "Backup");
        const doc = keyPolicyOf(key);
        const role = oneIn(run, "aws:iam/role:Role", "Backup");
        const velero = statement(doc, "VeleroThroughS3");
        assert.deepEqual((velero.Principal as { AWS: string[] }).AWS, [`arn:aws:iam::${ACCOUNT}:role/${role.inputs.name}`]);
        assert.deepEqual(velero.Condition?.StringEquals?.["kms:ViaService"], [`s3.${region}.amazonaws.com`]);
        const delivery = statement(doc, "S3ServerAccessLogDelivery");
        assert.deepEqual(delivery.Principal, { Service: "logging.s3.amazonaws.com" });
        assert.deepEqual(list(delivery.Action), ["kms:GenerateDataKey*"]);
        assert.deepEqual(delivery.Condition?.ArnLike?.["aws:SourceArn"], [`arn:aws:s3:::${bucket}`]);
        const readers = statement(doc, "AdministratorsReadAccessLogs");
        assert.deepEqual(list(readers.Action), ["kms:Decrypt"]);
        assert.deepEqual(readers.Condition?.StringLike?.["kms:EncryptionContext:aws:s3:arn"], [
          `arn:aws:s3:::${bucket}-access-logs`,
          `arn:aws:s3:::${bucket}-access-logs/*`,
        ]);
        const rolePolicy = JSON.parse(oneIn(run, "aws:iam/rolePolicy:RolePolicy", "Backup").inputs.policy as string) as { Statement: Statement[] };
        const kms = rolePolicy.Statement.filter((s) => list(s.Action).some((a) => a.startsWith("kms:")));
        assert.equal(kms.length, 1);
        assert.deepEqual(list(kms[0].Resource), [keyArnOf(key)]);
        assert.deepEqual(kms[0].Condition, { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } });
      });

      it("the secrets key: the stores' roles decrypt, and the deploying identity writes values, only through Secrets Manager", async () => {
        const run = await runStack(stack);
        const region = (run.config.secrets as { aws: { region: string } }).aws.region;
        const doc = keyPolicyOf(oneIn(run, KEY, "AwsSecretsBackend"));
        const roles = inComponent(run, "aws:iam/role:Role", "AwsSecretsBackend").map((r) => `arn:aws:iam::${ACCOUNT}:role/${r.inputs.name}`);
        assert.ok(roles.length > 0);
        const stores = statement(doc, "StoresDecryptThroughSecretsManager");
        assert.deepEqual([...(stores.Principal as { AWS: string[] }).AWS].sort(), roles.sort());
        assert.deepEqual(list(stores.Action), ["kms:Decrypt"]);
        assert.deepEqual(stores.Condition?.StringEquals?.["kms:ViaService"], [`secretsmanager.${region}.amazonaws.com`]);
        const writers = statement(doc, "WriteSecretValuesThroughSecretsManager");
        assert.deepEqual((writers.Principal as { AWS: string[] }).AWS, [DEPLOYER]);
        assert.deepEqual(writers.Condition?.StringEquals?.["kms:ViaService"], [`secretsmanager.${region}.amazonaws.com`]);
      });

      it("the backup bucket is write-once for the retention (Object Lock, COMPLIANCE) and logs every access into its own bucket", async () => {
        const run = await runStack(stack);
        const bucket = `${run.config.cluster.name}-velero-backups`;
        const lock = oneIn(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "Backup");
        assert.equal(lock.inputs.bucket, bucket);
        assert.equal(lock.inputs.objectLockEnabled, "Enabled");
        assert.deepEqual(lock.inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: run.config.backup!.retentionDays } });
        const versioning = oneIn(run, "aws:s3/bucketVersioning:BucketVersioning", "Backup");
        assert.ok(
          lock.dependsOn.some((d) => d.includes(versioning.name)),
          "Object Lock needs versioning first",
        );
        const logging = oneIn(run, "aws:s3/bucketLogging:BucketLogging", "Backup");
        assert.equal(logging.inputs.bucket, bucket);
        assert.equal(logging.inputs.targetBucket, `${bucket}-access-logs`);
        // The log bucket: encrypted with the backup key, private, written only by S3 log delivery for this bucket.
        const logs = (type: string) => {
          const found = resourcesOfType(run, type, (r) => r.parent?.type === "ecommerce:security:AccessLogBucket" && r.parent.name === "backup-access-logs");
          assert.equal(found.length, 1, `one ${type} in the backup bucket's AccessLogBucket`);
          return found[0];
        };
        assert.equal(logs("aws:s3/bucket:Bucket").inputs.bucket, `${bucket}-access-logs`);
        const sse = (logs("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules as any[])[0];
        assert.deepEqual(sse.applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArnOf(oneIn(run, KEY, "Backup")) });
        const block = logs("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
        for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(block[flag], true, flag);
        const policy = JSON.parse(logs("aws:s3/bucketPolicy:BucketPolicy").inputs.policy as string) as { Statement: Statement[] };
        const allows = policy.Statement.filter((s) => s.Effect === "Allow");
        assert.equal(allows.length, 1);
        assert.deepEqual(allows[0].Principal, { Service: "logging.s3.amazonaws.com" });
        assert.deepEqual(list(allows[0].Action), ["s3:PutObject"]);
        assert.deepEqual(allows[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:s3:::${bucket}` } });
        assert.ok(policy.Statement.some((s) => s.Effect === "Deny" && (s.Condition?.Bool as any)?.["aws:SecureTransport"] === "false"));
        const expiry = (logs("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as any[]).find((r) => r.expiration);
        assert.equal(expiry.expiration.days, 365);
      });

      it("the sealed-secrets controller renews its sealing key every 30 days", async () => {
        const run = await runStack(stack);
        const release = resourcesOfType(run, "kubernetes:helm.sh/v3:Release", (r) => r.inputs.chart === "sealed-secrets");
        assert.equal(release.length, 1);
        assert.equal((release[0].inputs.values as { keyrenewperiod: string }).keyrenewperiod, "720h");
      });

      it("no ServiceAccount of the scans is bound cluster-wide: the update check reads each declared namespace through a Role there", async () => {
        const run = await runStack(stack);
        const scanNamespace = run.config.scanning.namespace;
        const scans = ["image-scan", "security-update-check"];
        const clusterWide = objectsOfKind(run, "ClusterRoleBinding").filter((b) =>
          ((b as any).subjects as Array<{ name: string; namespace?: string }> | undefined)?.some(
            (s) => s.namespace === scanNamespace && scans.includes(s.name),
          ),
        );
        assert.deepEqual(
          clusterWide.map((b) => b.metadata.name),
          [],
        );
        const declared = objectsOfKind(run, "Namespace").map((n) => n.metadata.name as string);
        const roleNamespaces = objectsOfKind(run, "RoleBinding")
          .filter((b) => b.metadata.name === "security-update-check-read-workloads")
          .map((b) => b.metadata.namespace);
        assert.deepEqual(roleNamespaces.sort(), declared.sort());
      });
    });
  }

  it("a key policy naming the account root, everyone, or a user without a service is refused", () => {
    const users = (principals: string[], viaServices: string[] = ["s3.eu-west-1.amazonaws.com"]) => [
      { sid: "U", principals, actions: ["kms:Decrypt"], viaServices },
    ];
    assert.throws(() => kmsKeyPolicy({ administrators: [`arn:aws:iam::${ACCOUNT}:root`], users: [] }), /whole account/);
    assert.throws(() => kmsKeyPolicy({ administrators: [DEPLOYER], users: users(["*"]) }), /whole account/);
    assert.throws(() => kmsKeyPolicy({ administrators: [DEPLOYER], users: users([DEPLOYER], []) }), /kms:ViaService/);
    assert.throws(() => kmsKeyPolicy({ administrators: [], users: [] }), /administrator/);
    assert.throws(
      () => kmsKeyPolicy({ administrators: [DEPLOYER], users: [{ sid: "U", principals: [DEPLOYER], actions: ["kms:*"], viaServices: ["x"] }] }),
      /not a key use/,
    );
  });
});

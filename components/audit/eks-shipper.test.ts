import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { parse } from "yaml";
import { EKS_AUDIT_SHIPPER } from "../../core/audit-log";
import { nonInternetRanges } from "../../core/cluster-ranges";
import { objectNamed, objectsOfKind, realStacks, resourcesOfType, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { configErrorWith } from "../../tests/harness/config";
import { repoRoot } from "../../platform/offline/stack-file";
import { AUDIT_EVENT_SCRIPT, UNPARSED_TAG } from "./audit-event-script";
import { eksLogGroupResourceName } from "./component";
import { CLOUDWATCH_RETENTION_DAYS, EKS_AUDIT_STREAM_PREFIX, eksClusterLocation, eksControlPlaneLogGroup } from "./eks";
import { FILEBEAT_INDEX_DATE, filebeatConfig, filebeatConfigYaml } from "./filebeat-config";
import { AUDIT_LOG_READ_ACTIONS, auditLogReadPolicy } from "./log-group-read-policy";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** A Filebeat event as the script processor's API shows it: dotted paths into nested fields, tags, deletion. */
class FakeEvent {
  readonly fields: Record<string, unknown>;
  readonly tags: string[] = [];
  constructor(fields: Record<string, unknown>) {
    this.fields = structuredClone(fields);
  }
  Get(key: string): unknown {
    let node: unknown = this.fields;
    for (const part of key.split(".")) {
      if (node === null || typeof node !== "object" || !(part in node)) return null;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  }
  Put(key: string, value: unknown): void {
    // Filebeat converts what the script puts into its own maps and lists; so does this copy (out of the script's realm).
    this.fields[key] = JSON.parse(JSON.stringify(value));
  }
  Delete(key: string): void {
    delete this.fields[key];
  }
  Tag(tag: string): void {
    this.tags.push(tag);
  }
}

/** Run the script as Filebeat does: its functions in one scope, `process(event)` per event. */
function runScript(message: string): FakeEvent {
  const event = new FakeEvent({ message, event: { id: "3757" } });
  const sandbox: Record<string, unknown> = { Event: FakeEvent, event };
  vm.runInNewContext(`${AUDIT_EVENT_SCRIPT}\nprocess(event);`, sandbox);
  return event;
}

const shipperObjects = (run: StackRun) => objectsOfKind(run, "Deployment").filter((d) => d.metadata.name === EKS_AUDIT_SHIPPER);
const filebeatYaml = (run: StackRun, ns = "audit") =>
  parse(objectNamed<KubernetesObject & { data: Record<string, string> }>(run, "ConfigMap", `${EKS_AUDIT_SHIPPER}-config`, ns).data["filebeat.yml"]);
const inputs = (run: StackRun, type: string, name: string) => resourcesOfType(run, type, (r) => r.name === name)[0]?.inputs as Any;

describe("EKS audit log delivery: pure parts", () => {
  const arn = "arn:aws:logs:eu-west-1:444455556666:log-group:/aws/eks/ecommerce-production/cluster";

  it("the shipper's role may only filter the events of the one control-plane log group", () => {
    const policy = auditLogReadPolicy(arn);
    assert.equal(policy.Statement.length, 1);
    const [statement] = policy.Statement;
    assert.equal(statement.Effect, "Allow");
    assert.deepEqual(statement.Action, ["logs:FilterLogEvents"]);
    assert.deepEqual([...AUDIT_LOG_READ_ACTIONS], ["logs:FilterLogEvents"]);
    assert.deepEqual(statement.Resource, [arn, `${arn}:*`]);
    assert.equal(statement.Condition, undefined);
  });

  it("reads the cluster's account and region from its EKS OIDC provider, and nothing from another provider", () => {
    assert.deepEqual(eksClusterLocation("arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B"), {
      accountId: "444455556666",
      region: "eu-west-1",
    });
    assert.equal(eksClusterLocation("arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com"), undefined);
  });

  it("the script lays the audit event at the root with every dot of every key replaced, as Fluent Bit's Replace_Dots does", () => {
    const audit = {
      kind: "Event",
      verb: "patch",
      user: { username: "alice", groups: ["system:authenticated"] },
      annotations: { "authorization.k8s.io/decision": "allow" },
      requestObject: { metadata: { labels: { app: "x", "app.kubernetes.io/name": "y" } }, items: [{ "a.b": 1 }] },
      stageTimestamp: "2026-12-01T18:20:00.123456Z",
    };
    const event = runScript(JSON.stringify(audit));
    assert.equal(event.Get("message"), null);
    assert.deepEqual(event.tags, []);
    assert.equal(event.Get("verb"), "patch");
    assert.deepEqual(event.Get("annotations"), { "authorization_k8s_io/decision": "allow" });
    assert.deepEqual(event.Get("requestObject.metadata.labels"), { app: "x", "app_kubernetes_io/name": "y" });
    assert.deepEqual(event.Get("requestObject.items"), [{ a_b: 1 }]);
    assert.deepEqual(event.Get("event"), { id: "3757" }, "the input's own fields are kept");
  });

  it("the script keeps a line that is not an audit event as it is, tagged, and its own load-time test passes", () => {
    for (const message of ["not json", '{"kind":"Status"}', "null"]) {
      const event = runScript(message);
      assert.equal(event.Get("message"), message);
      assert.deepEqual(event.tags, [UNPARSED_TAG]);
    }
    assert.doesNotThrow(() => vm.runInNewContext(`${AUDIT_EVENT_SCRIPT}\ntest();`, { Event: FakeEvent }));
  });

  it("filebeat.yml reads only the audit streams, from the start of the group, into <prefix>-audit-YYYY.MM.DD, and parses back as written", () => {
    const input = {
      logGroupArn: arn,
      scanFrequency: "1m",
      latency: "5m",
      storeUrl: "https://elasticsearch.logging.svc:9200",
      username: "fluent-bit",
      auditIndexPrefix: "k8s-logs-audit",
      privateCa: true,
    };
    const config = filebeatConfig(input);
    assert.deepEqual(parse(filebeatConfigYaml(input)), config, "a YAML reader gets the strings back (the timestamp layouts are quoted)");
    const [cloudwatch] = config.filebeat.inputs;
    assert.equal(cloudwatch.type, "aws-cloudwatch");
    assert.equal(cloudwatch.log_group_arn, `${arn}:*`);
    assert.equal(cloudwatch.log_stream_prefix, EKS_AUDIT_STREAM_PREFIX);
    assert.equal(cloudwatch.start_position, "beginning");
    assert.equal(config.output.elasticsearch.index, "k8s-logs-audit-%{+yyyy.MM.dd}");
    assert.equal(config.output.elasticsearch.ssl.verification_mode, "full");
    assert.deepEqual(config.setup.ilm, { enabled: false });
    assert.equal(config.setup.template.enabled, false);
    assert.equal(filebeatConfig({ ...input, privateCa: false }).output.elasticsearch.ssl.certificate_authorities, undefined);
  });
});

describe("EKS audit log delivery: what the stacks deploy", () => {
  for (const stack of realStacks) {
    it(`${stack}: the shipper's IRSA role trusts exactly its one service account, and may read only the cluster's audit log group`, async () => {
      const run = await runStack(stack);
      const { cluster } = run.config;
      const location = eksClusterLocation(cluster.oidcProviderArn!)!;
      const role = inputs(run, "aws:iam/role:Role", "audit-eks-shipper-role");
      assert.equal(role.name, `${cluster.name}-eks-audit-reader`);
      const trust = JSON.parse(role.assumeRolePolicy);
      assert.equal(trust.Statement.length, 1);
      const issuer = cluster.oidcProviderArn!.split(":oidc-provider/")[1];
      assert.deepEqual(trust.Statement[0].Principal, { Federated: cluster.oidcProviderArn });
      assert.deepEqual(trust.Statement[0].Condition, {
        StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:audit:${EKS_AUDIT_SHIPPER}`, [`${issuer}:aud`]: "sts.amazonaws.com" },
      });
      const policy = JSON.parse(inputs(run, "aws:iam/rolePolicy:RolePolicy", "audit-eks-shipper-policy").policy);
      const group = `arn:aws:logs:${location.region}:${location.accountId}:log-group:${eksControlPlaneLogGroup(cluster.name)}`;
      assert.deepEqual(policy.Statement, [
        { Sid: "ReadControlPlaneAuditLog", Effect: "Allow", Action: ["logs:FilterLogEvents"], Resource: [group, `${group}:*`] },
      ]);
      // No other identity of the stack is granted anything on CloudWatch Logs.
      const others = resourcesOfType(run, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name !== "audit-eks-shipper-policy");
      assert.ok(others.every((r) => !String(r.inputs.policy).includes("logs:")));
      assert.ok(run.outputs.eksAuditShipperRoleArn, "the role's ARN is a stack output");
    });

    it(`${stack}: the shipper writes the audit events to the same store, user, TLS and <prefix>-audit-* indices as Fluent Bit`, async () => {
      const run = await runStack(stack);
      const { logging } = run.config;
      const fb = objectNamed<KubernetesObject & { data: Record<string, string> }>(run, "ConfigMap", "fluent-bit-config", logging.fluentBit.namespace).data;
      const field = (name: string) => new RegExp(`\\[OUTPUT\\][\\s\\S]*?\\n {4}${name} +(\\S+)\\n`).exec(fb["fluent-bit.conf"])![1];
      const es = filebeatYaml(run).output.elasticsearch;
      assert.deepEqual(es.hosts, [`https://${field("Host")}:${field("Port")}`]);
      assert.equal(es.username, field("HTTP_User"));
      assert.equal(es.index, `${logging.indexPrefix}-audit-${FILEBEAT_INDEX_DATE}`);
      assert.equal(es.ssl.verification_mode, "full");
      // The CA Fluent Bit trusts (the internal CA's root here), in the shipper's own namespace.
      const fbCa = objectNamed<Any>(run, "DaemonSet", "fluent-bit", logging.fluentBit.namespace).spec.template.spec.volumes.find(
        (v: Any) => v.name === "es-ca",
      ).configMap;
      const shipper = objectNamed<Any>(run, "Deployment", EKS_AUDIT_SHIPPER, "audit").spec.template.spec;
      assert.deepEqual(shipper.volumes.find((v: Any) => v.name === "store-ca").configMap, { ...fbCa, items: fbCa.items });
      objectNamed(run, "ConfigMap", fbCa.name, "audit");
      // The same password as Fluent Bit's: both Secrets carry the writer's derived password.
      const secretOf = (name: string, ns: string) =>
        (
          resourcesOfType(run, "kubernetes:core/v1:Secret", (r) => (r.inputs.metadata as Any).name === name && (r.inputs.metadata as Any).namespace === ns)[0]
            .inputs as Any
        ).stringData.password;
      assert.equal(
        JSON.stringify(secretOf(`${EKS_AUDIT_SHIPPER}-credentials`, "audit")),
        JSON.stringify(secretOf("fluent-bit-credentials", logging.fluentBit.namespace)),
      );
    });
  }

  it("staging: the EKS shipper writes to the very indices Fluent Bit writes a self-managed control plane's audit log to", async () => {
    const eks = await runStack("staging");
    const generic = await runStack("staging", { overrides: { cluster: { flavor: "generic" }, features: { awsResources: false } } });
    const conf = objectNamed<KubernetesObject & { data: Record<string, string> }>(
      generic,
      "ConfigMap",
      "fluent-bit-config",
      generic.config.logging.fluentBit.namespace,
    ).data["fluent-bit.conf"];
    const auditOutput = conf.split("[OUTPUT]").find((o) => /Match +kube-apiserver-audit/.test(o))!;
    const prefix = / {4}Logstash_Prefix +(\S+)\n/.exec(auditOutput)![1];
    // Fluent Bit's Logstash_Format appends -%Y.%m.%d of the record's time unless Logstash_DateFormat says otherwise.
    assert.doesNotMatch(auditOutput, /Logstash_DateFormat/);
    assert.equal(filebeatYaml(eks).output.elasticsearch.index, `${prefix}-%{+yyyy.MM.dd}`);
  });

  it("the shipper runs restricted, without an API token, with a projected STS token only, one replica, in its own namespace", async () => {
    const run = await runStack("production");
    const deployment = objectNamed<Any>(run, "Deployment", EKS_AUDIT_SHIPPER, "audit");
    assert.equal(deployment.spec.replicas, 1);
    const pod = deployment.spec.template.spec;
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(objectNamed<Any>(run, "ServiceAccount", EKS_AUDIT_SHIPPER, "audit").automountServiceAccountToken, false);
    assert.equal(pod.serviceAccountName, EKS_AUDIT_SHIPPER);
    const [container] = pod.containers;
    assert.match(container.image, /^docker\.elastic\.co\/beats\/filebeat:8\.19\.6$/);
    assert.equal(container.image.split(":")[1], run.config.logging.elasticsearch.image.split(":")[1], "Filebeat's version is the store's");
    assert.deepEqual(
      {
        nonRoot: container.securityContext.runAsNonRoot,
        readOnly: container.securityContext.readOnlyRootFilesystem,
        caps: container.securityContext.capabilities,
      },
      { nonRoot: true, readOnly: true, caps: { drop: ["ALL"] } },
    );
    assert.ok(pod.volumes.every((v: Any) => !v.hostPath));
    const token = pod.volumes.find((v: Any) => v.projected).projected.sources;
    assert.deepEqual(token, [{ serviceAccountToken: { audience: "sts.amazonaws.com", expirationSeconds: 3600, path: "token" } }]);
    const env = Object.fromEntries(container.env.filter((e: Any) => e.value !== undefined).map((e: Any) => [e.name, e.value]));
    assert.equal(env.AWS_ROLE_ARN, run.outputs.eksAuditShipperRoleArn);
    assert.equal(env.AWS_WEB_IDENTITY_TOKEN_FILE, "/var/run/secrets/eks.amazonaws.com/serviceaccount/token");
    assert.ok(pod.volumes.find((v: Any) => v.name === "data").emptyDir);
    const namespace = objectNamed<Any>(run, "Namespace", "audit");
    assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
  });

  it("the shipper reaches only DNS, 443 outside every private and cluster range, and Elasticsearch, which admits it", async () => {
    const run = await runStack("production");
    const policy = objectNamed<Any>(run, "NetworkPolicy", EKS_AUDIT_SHIPPER, "audit").spec;
    assert.deepEqual(policy.policyTypes, ["Ingress", "Egress"]);
    assert.equal(policy.ingress, undefined);
    const [dns, aws, store] = policy.egress;
    assert.equal(policy.egress.length, 3, "no VPC endpoints in production: DNS, AWS APIs, the store");
    assert.deepEqual(
      dns.ports.map((p: Any) => p.port),
      [53, 53],
    );
    assert.deepEqual(aws, { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: nonInternetRanges(run.config.cluster) } }], ports: [{ protocol: "TCP", port: 443 }] });
    assert.deepEqual(store.ports, [{ protocol: "TCP", port: 9200 }]);
    assert.deepEqual(store.to[0].podSelector.matchLabels, { "app.kubernetes.io/name": "elasticsearch" });
    const es = objectNamed<Any>(run, "NetworkPolicy", "elasticsearch", run.config.logging.namespace).spec;
    const admitted = es.ingress[0].from.find((p: Any) => p.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "audit");
    assert.deepEqual(admitted.podSelector.matchLabels, { "app.kubernetes.io/name": EKS_AUDIT_SHIPPER });
  });

  it("is absent on a self-managed control plane, without the log store, or when switched off", async () => {
    const absent = async (stack: string, overrides: Record<string, unknown>) => {
      const run = await runStack(stack, { overrides });
      assert.deepEqual(shipperObjects(run), [], `${stack} ${JSON.stringify(overrides)}`);
      assert.deepEqual(
        resourcesOfType(run, "aws:iam/role:Role").filter((r) => r.name.startsWith("audit-")),
        [],
      );
      assert.ok(!objectsOfKind(run, "Namespace").some((n) => n.metadata.name === "audit"));
      assert.equal(run.outputs.eksAuditShipperRoleArn, undefined);
    };
    await absent("e2e", {});
    await absent("staging", { cluster: { flavor: "generic" }, features: { awsResources: false } });
    await absent("staging", { features: { logging: false } });
    await absent("staging", { audit: { eks: { shipToLogStore: false } } });
  });

  it("without the AWS resources, the shipper stays and names the role by its ARN, which the stack no longer makes", async () => {
    const base = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { awsResources: false } } });
    assert.deepEqual(resourcesOfType(off, "aws:iam/role:Role"), []);
    const roleArnOf = (run: StackRun) =>
      objectNamed<Any>(run, "Deployment", EKS_AUDIT_SHIPPER, "audit").spec.template.spec.containers[0].env.find((e: Any) => e.name === "AWS_ROLE_ARN").value;
    const location = eksClusterLocation(off.config.cluster.oidcProviderArn!)!;
    assert.equal(roleArnOf(off), `arn:aws:iam::${location.accountId}:role/${off.config.cluster.name}-eks-audit-reader`);
    assert.equal(roleArnOf(off), roleArnOf(base));
    assert.equal(off.outputs.eksAuditShipperRoleArn, base.outputs.eksAuditShipperRoleArn);
  });

  it("leaves the log group alone unless a retention is set, then manages only its retention", async () => {
    const plain = await runStack("production");
    assert.deepEqual(resourcesOfType(plain, "aws:cloudwatch/logGroup:LogGroup"), []);
    const kept = await runStack("production", { overrides: { audit: { eks: { logGroupRetentionDays: 30 } } } });
    const [group] = resourcesOfType(kept, "aws:cloudwatch/logGroup:LogGroup");
    assert.equal(group.name, eksLogGroupResourceName("audit"));
    assert.equal((group.inputs as Any).name, "/aws/eks/ecommerce-production/cluster");
    assert.equal((group.inputs as Any).retentionInDays, 30);
    assert.equal(group.protect, false);
  });

  it("configuration errors name the key, the value and what is allowed", () => {
    assert.match(
      configErrorWith("production", { audit: { eks: { logGroupRetentionDays: 10 } } }).message,
      new RegExp(`audit\\.eks\\.logGroupRetentionDays: must be a retention CloudWatch Logs accepts: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`),
    );
    assert.match(
      configErrorWith("production", { audit: { eks: { namespace: "logging" } } }).message,
      /audit\.eks\.namespace: .*must be a namespace of its own \(it is logging\.namespace\)/,
    );
    assert.match(
      configErrorWith("production", { audit: { eks: { namespace: "fluent-bit" } } }).message,
      /audit\.eks\.namespace: .*\(it is logging\.fluentBit\.namespace \(privileged\)\)/,
    );
    assert.match(configErrorWith("production", { audit: { eks: { scanFrequency: "5s" } } }).message, /audit\.eks\.scanFrequency: must be at least 10s/);
    assert.match(
      configErrorWith("production", { cluster: { oidcProviderArn: "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com" } }).message,
      /cluster\.oidcProviderArn: .*must be the EKS cluster's OIDC provider .*or set audit\.eks\.shipToLogStore to false/,
    );
  });
});

describe("docs/audit.md: the EKS delivery as built", () => {
  const docs = () => fs.readFileSync(path.join(repoRoot, "docs", "audit.md"), "utf8");
  const blockAfter = (marker: string) => {
    const m = new RegExp(`<!-- ${marker}:[^\\n]*-->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(docs());
    assert.ok(m, `docs/audit.md: no block after <!-- ${marker}: -->`);
    return m[1].trim();
  };

  it("the import command of the log group adopts it under the URN, parent and provider the program gives it, for production", async () => {
    const run = await runStack("production", { overrides: { audit: { eks: { logGroupRetentionDays: 30 } } } });
    const [group] = resourcesOfType(run, "aws:cloudwatch/logGroup:LogGroup");
    /** A resource's URN: its parents' types joined by `$`, then its own, as Pulumi builds it. */
    const urnOf = (r: { type: string; name: string; parent?: { type: string; name: string } }): string => {
      const types: string[] = [];
      for (let p = r.parent; p; p = run.resources.find((x) => x.type === p!.type && x.name === p!.name)?.parent) types.unshift(p.type);
      return `urn:pulumi:production::ecommerce-security::${[...types, r.type].join("$")}::${r.name}`;
    };
    const audit = run.resources.find((r) => r.type === "ecommerce:security:Audit")!;
    const provider = run.resources.find((r) => r.type === "pulumi:providers:aws" && r.parent?.type === "ecommerce:security:Platform")!;
    assert.equal(
      blockAfter("eks-log-group-import"),
      `pulumi import aws:cloudwatch/logGroup:LogGroup ${group.name} ${(group.inputs as Any).name} --parent 'audit=${urnOf(audit)}' --provider 'aws=${urnOf(provider)}'`,
    );
  });

  it("the shipper's settings shown are the ones production renders", async () => {
    const shown = parse(blockAfter("eks-filebeat-input"));
    const [input] = filebeatYaml(await runStack("production")).filebeat.inputs;
    const { processors: _processors, ...rendered } = input;
    assert.deepEqual(shown, [rendered]);
  });
});

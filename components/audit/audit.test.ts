import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { apiServerAuditFlags, apiServerAuditMounts } from "./apiserver";
import { EKS_CONTROL_PLANE_LOG_TYPES, eksLoggingCommand } from "./eks";
import { auditSchema } from "./schema";
import { auditLevelOf, type AuditRequest } from "./match";
import { auditPolicy } from "./policy";
import { AUDIT_POLICY_FILE, auditPolicyFile, auditPolicyYaml } from "./render";
import { objectNamed, realStacks, runStack, type KubernetesObject } from "../../tests/harness";
import { configErrorWith } from "../../tests/harness/config";
import { repoRoot } from "../../platform/offline/stack-file";
import { resourcesOf } from "../../tests/harness/observability";

const policy = auditPolicy();
const human = { user: "alice@shop.example.com", groups: ["system:authenticated", "developers"] };
const level = (r: Partial<AuditRequest> & { verb: string }) => auditLevelOf(policy, { ...human, ...r }).level;
const WRITES = ["create", "update", "patch", "delete", "deletecollection"];
const ALL_VERBS = ["get", "list", "watch", ...WRITES];

describe("audit policy", () => {
  it("is an audit.k8s.io/v1 Policy that omits RequestReceived and ends with a Metadata catch-all", () => {
    assert.equal(policy.apiVersion, "audit.k8s.io/v1");
    assert.equal(policy.kind, "Policy");
    assert.deepEqual(policy.omitStages, ["RequestReceived"]);
    assert.deepEqual(policy.rules.at(-1), { level: "Metadata" });
  });

  it("never logs a Secret, a TokenRequest or a TokenReview beyond Metadata, for any verb or user", () => {
    const users = [
      human,
      { user: "system:serviceaccount:ecommerce:orders-service", groups: ["system:serviceaccounts"] },
      { user: "system:kube-controller-manager", groups: [] },
    ];
    for (const u of users) {
      for (const verb of ALL_VERBS) {
        assert.equal(
          auditLevelOf(policy, { ...u, verb, group: "", resource: "secrets", namespace: "ecommerce" }).level,
          "Metadata",
          `${u.user} ${verb} secrets`,
        );
        assert.equal(
          auditLevelOf(policy, { ...u, verb, group: "", resource: "serviceaccounts/token", namespace: "ecommerce" }).level,
          "Metadata",
          `${u.user} ${verb} token`,
        );
      }
      assert.equal(auditLevelOf(policy, { ...u, verb: "create", group: "authentication.k8s.io", resource: "tokenreviews" }).level, "Metadata");
    }
  });

  it("no rule that could match a Secret is above Metadata unless a Metadata rule for secrets comes first", () => {
    const secretsRule = policy.rules.findIndex((r) => r.resources?.some((g) => g.group === "" && g.resources?.includes("secrets")));
    assert.ok(secretsRule >= 0);
    assert.equal(policy.rules[secretsRule].level, "Metadata");
    // Every earlier rule either drops the request or cannot match secrets.
    for (const r of policy.rules.slice(0, secretsRule)) {
      const couldMatch =
        !r.nonResourceURLs &&
        (!r.resources || r.resources.some((g) => g.group === "" && (!g.resources || g.resources.includes("secrets") || g.resources.includes("*"))));
      assert.ok(r.level === "None" || !couldMatch, `rule ${JSON.stringify(r)} precedes the secrets rule`);
    }
  });

  it("logs exec, attach, port-forward, ephemeral containers and proxies at RequestResponse", () => {
    for (const resource of ["pods/exec", "pods/attach", "pods/portforward", "pods/ephemeralcontainers", "pods/proxy", "nodes/proxy", "services/proxy"]) {
      for (const verb of ["create", "get", "patch"])
        assert.equal(level({ verb, group: "", resource, namespace: "ecommerce" }), "RequestResponse", `${verb} ${resource}`);
    }
  });

  it("logs changes to RBAC, ServiceAccounts, namespaces, admission and NetworkPolicies at RequestResponse", () => {
    const targets: Array<[string, string]> = [
      ["rbac.authorization.k8s.io", "roles"],
      ["rbac.authorization.k8s.io", "rolebindings"],
      ["rbac.authorization.k8s.io", "clusterroles"],
      ["rbac.authorization.k8s.io", "clusterrolebindings"],
      ["", "serviceaccounts"],
      ["", "namespaces"],
      ["admissionregistration.k8s.io", "validatingwebhookconfigurations"],
      ["admissionregistration.k8s.io", "mutatingwebhookconfigurations"],
      ["networking.k8s.io", "networkpolicies"],
    ];
    for (const [group, resource] of targets) {
      for (const verb of WRITES) assert.equal(level({ verb, group, resource }), "RequestResponse", `${verb} ${group}/${resource}`);
      assert.equal(level({ verb: "get", group, resource }), "Metadata", `get ${group}/${resource}`);
    }
  });

  it("logs ConfigMap changes with their request body, reads at Metadata", () => {
    for (const verb of WRITES) assert.equal(level({ verb, group: "", resource: "configmaps", namespace: "ecommerce" }), "Request");
    assert.equal(level({ verb: "get", group: "", resource: "configmaps", namespace: "ecommerce" }), "Metadata");
  });

  it("drops read-only control-plane noise, health probes and events, but keeps everything else at Metadata", () => {
    assert.equal(auditLevelOf(policy, { user: "system:kube-proxy", verb: "watch", group: "discovery.k8s.io", resource: "endpointslices" }).level, "None");
    assert.equal(auditLevelOf(policy, { user: "system:node:ip-10-10-0-1", groups: ["system:nodes"], verb: "get", group: "", resource: "nodes" }).level, "None");
    assert.equal(
      auditLevelOf(policy, {
        user: "system:node:ip-10-10-0-1",
        groups: ["system:nodes"],
        verb: "update",
        group: "coordination.k8s.io",
        resource: "leases",
        namespace: "kube-node-lease",
      }).level,
      "None",
    );
    assert.equal(level({ verb: "get", path: "/healthz" }), "None");
    assert.equal(level({ verb: "get", path: "/readyz/etcd" }), "None");
    assert.equal(level({ verb: "create", group: "", resource: "events", namespace: "ecommerce" }), "None");
    // A human reading nodes is not noise; neither is a node writing a pod status.
    assert.equal(level({ verb: "get", group: "", resource: "nodes" }), "Metadata");
    assert.equal(level({ verb: "create", group: "apps", resource: "deployments", namespace: "ecommerce" }), "Metadata");
    assert.equal(level({ verb: "get", path: "/apis" }), "Metadata");
  });

  it("the committed audit/audit-policy.yaml is exactly what the generator writes (npm run audit:policy)", () => {
    const committed = fs.readFileSync(path.join(repoRoot, AUDIT_POLICY_FILE), "utf8");
    assert.equal(committed, auditPolicyFile(), `${AUDIT_POLICY_FILE} is stale: run npm run audit:policy`);
    assert.deepEqual(parse(committed), policy);
  });

  for (const stack of realStacks) {
    it(`${stack}: exports the policy document and the five EKS control-plane log types as stack outputs`, async () => {
      const run = await runStack(stack);
      assert.equal(run.outputs.auditPolicy, auditPolicyYaml());
      assert.deepEqual(parse(run.outputs.auditPolicy as string), policy);
      assert.deepEqual(run.outputs.eksControlPlaneLogTypes, [...EKS_CONTROL_PLANE_LOG_TYPES]);
      assert.ok(run.resources.some((r) => r.type === "ecommerce:security:Audit"));
    });
  }

  it("a generic cluster gets the policy but no EKS log types; features.audit off drops both outputs", async () => {
    const generic = await runStack("staging", { overrides: { cluster: { flavor: "generic" }, features: { awsResources: false } } });
    assert.deepEqual(generic.outputs.eksControlPlaneLogTypes, []);
    assert.equal(generic.outputs.auditPolicy, auditPolicyYaml());
    const off = await runStack("staging", { overrides: { features: { audit: false } } });
    assert.equal(off.outputs.auditPolicy, undefined);
    assert.equal(off.outputs.eksControlPlaneLogTypes, undefined);
    assert.equal(resourcesOf(off, "Audit").length, 0);
    assert.ok(!off.resources.some((r) => r.type === "ecommerce:security:Audit"));
  });
});

describe("audit trail: the API server's flags, the EKS command and Fluent Bit's audit input", () => {
  const docs = () => fs.readFileSync(path.join(repoRoot, "docs", "audit.md"), "utf8");
  /** The fenced block after an HTML comment marker in docs/audit.md. */
  const blockAfter = (marker: string) => {
    const m = new RegExp(`<!-- ${marker}:[^\\n]*-->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(docs());
    assert.ok(m, `docs/audit.md: no block after <!-- ${marker}: -->`);
    return m[1].trim();
  };

  it("the flags are the document's (maxage 30, maxbackup 10, maxsize 100, the log path and the policy file) and docs/audit.md shows exactly them", () => {
    const flags = apiServerAuditFlags(auditSchema.parse(undefined));
    assert.deepEqual(flags, [
      "--audit-policy-file=/etc/kubernetes/audit-policy.yaml",
      "--audit-log-path=/var/log/kubernetes/audit.log",
      "--audit-log-maxage=30",
      "--audit-log-maxbackup=10",
      "--audit-log-maxsize=100",
    ]);
    assert.equal(blockAfter("audit-flags"), flags.join("\n"));
    assert.deepEqual(apiServerAuditMounts(auditSchema.parse(undefined)).volumes, [
      { name: "audit-policy", hostPath: { path: "/etc/kubernetes/audit-policy.yaml", type: "File" } },
      { name: "audit-logs", hostPath: { path: "/var/log/kubernetes", type: "DirectoryOrCreate" } },
    ]);
  });

  it("docs/audit.md's EKS command is the one production's stack outputs, enabling all five log types", async () => {
    const run = await runStack("production");
    const command = run.outputs.eksControlPlaneLoggingCommand as string;
    assert.equal(command, eksLoggingCommand("ecommerce-production", "eu-west-1"));
    assert.equal(blockAfter("eks-logging"), command);
    const logging = JSON.parse(/--logging '(.*)'$/.exec(command)![1]);
    assert.deepEqual(logging, { clusterLogging: [{ types: [...EKS_CONTROL_PLANE_LOG_TYPES], enabled: true }] });
    assert.equal(run.outputs.auditApiServerFlags, undefined, "EKS runs the API server: no flags to set");
  });

  it("a self-managed control plane gets the flags as an output, and Fluent Bit ships its audit log to the same store", async () => {
    // A self-managed cluster has no IRSA: the AWS resources go with EKS.
    const run = await runStack("staging", { overrides: { cluster: { flavor: "generic" }, features: { awsResources: false }, audit: { maxAgeDays: 45 } } });
    assert.ok((run.outputs.auditApiServerFlags as string[]).includes("--audit-log-maxage=45"));
    assert.equal(run.outputs.eksControlPlaneLoggingCommand, undefined);
    const config = objectNamed<KubernetesObject & { data: Record<string, string> }>(
      run,
      "ConfigMap",
      "fluent-bit-config",
      run.config.logging.fluentBit.namespace,
    ).data;
    const conf = config["fluent-bit.conf"];
    assert.match(
      conf,
      /\[INPUT\]\n {4}Name {17}tail\n {4}Tag {18}kube-apiserver-audit\n {4}Path {17}\/var\/log\/kubernetes\/audit\.log\n {4}Parser {15}k8s-audit/,
    );
    const outputs = conf.split("[OUTPUT]").slice(1);
    assert.equal(outputs.length, 2);
    const audit = outputs.find((o) => /Match {16}kube-apiserver-audit/.test(o))!;
    assert.match(audit, new RegExp(`Logstash_Prefix {6}${run.config.logging.indexPrefix}-audit\\n`));
    // The same store, user and TLS as the container logs.
    const strip = (o: string) => o.replace(/ {4}(Match|Logstash_Prefix) .*\n/g, "").trim();
    assert.equal(strip(audit), strip(outputs.find((o) => o !== audit)!));
    assert.match(config["parsers.conf"], /Name {8}k8s-audit\n {4}Format {6}json\n {4}Time_Key {4}stageTimestamp/);
    // Fluent Bit already reads /var/log read-only and runs on every node (control planes included).
    const ds = objectNamed<any>(run, "DaemonSet", "fluent-bit", run.config.logging.fluentBit.namespace); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(ds.spec.template.spec.tolerations, [{ operator: "Exists" }]);
  });

  it("EKS stacks ship no audit file (AWS keeps the API server's log), and an audit log outside /var/log is refused", async () => {
    for (const stack of realStacks) {
      const run = await runStack(stack);
      const conf = objectNamed<KubernetesObject & { data: Record<string, string> }>(
        run,
        "ConfigMap",
        "fluent-bit-config",
        run.config.logging.fluentBit.namespace,
      ).data;
      assert.doesNotMatch(conf["fluent-bit.conf"], /kube-apiserver-audit/, stack);
    }
    assert.match(
      configErrorWith("staging", { cluster: { flavor: "generic" }, features: { awsResources: false }, audit: { logPath: "/srv/audit.log" } }).message,
      /audit\.logPath: must be under \/var\/log\/ with features\.logging on/,
    );
  });
});

import { strict as assert } from "node:assert";
import { evaluatePodSecurity } from "@ecommerce-security/pod-security";
import { curlUserConfig } from "../../core/curl-config";
import { derivePassword } from "../../core/derived-passwords";
import { SETUP_FILES, securitySetupFiles } from "./security-setup";
import { realStacks, resourceOfObject, runStack, type StackRun } from "../../tests/harness";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { analyzeWithRepresentativePods } from "../../platform/offline/network-report";
import { ConnectionSet, allowed, connectionsTo } from "@ecommerce-security/netpol";
import { objectsOf, one, plainInputs, podSpecOf, resourcesOf } from "../../tests/harness/observability";

/* eslint-disable @typescript-eslint/no-explicit-any */
const logging = (run: StackRun) => objectsOf(run, "Logging");
const fluentBitConf = (run: StackRun) => one<any>(logging(run), "ConfigMap", "fluent-bit-config").data["fluent-bit.conf"] as string;
const setting = (conf: string, key: string) => new RegExp(`^\\s*${key.replace(/\./g, "\\.")}\\s+(.+)$`, "m").exec(conf)?.[1];
const expected = { staging: { replicas: 1, size: "30Gi" }, production: { replicas: 3, size: "200Gi" } } as Record<string, { replicas: number; size: string }>;

describe("logging", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("Fluent Bit mounts the node's logs read-only and drops everything it does not need", async () => {
        const ds = one<any>(logging(await runStack(stack)), "DaemonSet", "fluent-bit");
        const spec = podSpecOf(ds);
        const c = spec.containers[0];
        const hostVolumes = spec.volumes.filter((v: any) => v.hostPath);
        assert.deepEqual(hostVolumes.map((v: any) => v.hostPath.path).sort(), ["/var/lib/fluent-bit", "/var/log"]);
        const mount = (name: string) => c.volumeMounts.find((m: any) => m.name === name);
        assert.equal(mount(hostVolumes.find((v: any) => v.hostPath.path === "/var/log").name).readOnly, true);
        assert.equal(c.securityContext.privileged, false);
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
        assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
        assert.equal(c.securityContext.seccompProfile.type, "RuntimeDefault");
        assert.ok(!spec.hostNetwork && !spec.hostPID && !spec.hostIPC);
        assert.ok(!c.ports.some((p: any) => p.hostPort));
      });

      it("Fluent Bit breaks baseline only through its hostPath volumes, so privileged is the lowest level that admits it", async () => {
        const ds = one<any>(logging(await runStack(stack)), "DaemonSet", "fluent-bit");
        const checks = new Set(evaluatePodSecurity(ds, { level: "baseline" }).map((v) => v.check));
        assert.deepEqual([...checks], ["hostPathVolumes"]);
      });

      it("Fluent Bit runs alone in its own privileged namespace (reason recorded); the logging namespace is restricted", async () => {
        const run = await runStack(stack);
        const nsOf = (name: string) =>
          run.resources.find((r) => (r.inputs as any).kind === "Namespace" && (r.inputs as any).metadata.name === name)!.inputs as any;
        const collector = nsOf("fluent-bit");
        assert.equal(collector.metadata.labels["pod-security.kubernetes.io/enforce"], "privileged");
        assert.equal(collector.metadata.labels["pod-security.kubernetes.io/audit"], "restricted");
        assert.match(collector.metadata.annotations["ecommerce.example.com/pod-security-reason"], /hostPath/);
        assert.equal(nsOf("logging").metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        // Nothing but Fluent Bit's DaemonSet carries pods in the privileged namespace.
        const workloadKinds = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"];
        const pods = kubernetesObjects(run.resources).filter((o) => workloadKinds.includes(o.kind) && o.metadata.namespace === "fluent-bit");
        assert.deepEqual(
          pods.map((o) => `${o.kind}/${o.metadata.name}`),
          ["DaemonSet/fluent-bit"],
        );
        assert.deepEqual(
          logging(run)
            .filter((o) => ["StatefulSet", "Deployment", "Job"].includes(o.kind))
            .map((o) => o.metadata.namespace),
          ["logging", "logging", "logging"],
        );
      });

      it("no pod can hide its logs: Fluent Bit ignores the fluentbit.io/exclude annotation", async () => {
        assert.equal(setting(fluentBitConf(await runStack(stack)), "K8S-Logging.Exclude"), "Off");
      });

      it("the analyzer proves Fluent Bit reaches Elasticsearch on 9200 across the two namespaces, and nothing else of the store", async () => {
        const run = await runStack(stack);
        const result = analyzeWithRepresentativePods(run.config, kubernetesObjects(run.resources));
        const fluentBit = "fluent-bit/fluent-bit[DaemonSet]";
        const elasticsearch = "logging/elasticsearch[StatefulSet]";
        assert.ok(allowed(result, fluentBit, elasticsearch).equals(ConnectionSet.of({ TCP: [9200] })), "Fluent Bit -> Elasticsearch:9200");
        assert.ok(allowed(result, fluentBit, "logging/kibana[Deployment]").isEmpty(), "Fluent Bit -> Kibana");
        assert.ok(allowed(result, elasticsearch, fluentBit).isEmpty(), "Elasticsearch -> Fluent Bit");
        // Into Elasticsearch: its own nodes, Kibana, the setup job, Fluent Bit, the GDPR job and, on EKS, the audit
        // shipper (the API server's audit log from CloudWatch Logs) on 9200; no other workload.
        const callers = connectionsTo(result, elasticsearch).map((c) => c.src.id);
        assert.ok(callers.includes(fluentBit));
        const shipper = "audit/eks-audit-shipper[Deployment]";
        if (run.config.cluster.flavor === "eks")
          assert.ok(allowed(result, shipper, elasticsearch).equals(ConnectionSet.of({ TCP: [9200] })), "audit shipper -> Elasticsearch:9200");
        assert.deepEqual(
          callers.filter((id) => !/^logging\/|^fluent-bit\/fluent-bit\[|gdpr-retention/.test(id) && id !== shipper),
          [],
        );
        // Into Fluent Bit: only the scraper, on its metrics port.
        for (const c of connectionsTo(result, fluentBit)) assert.ok(c.conns.equals(ConnectionSet.of({ TCP: [2020] })), `${c.src.id} -> Fluent Bit`);
      });

      it("Fluent Bit ships over verified TLS with a password from a Secret, with bounded memory, disk queue and retries", async () => {
        const run = await runStack(stack);
        const conf = fluentBitConf(run);
        assert.equal(setting(conf, "Name"), "tail");
        assert.equal(setting(conf, "Path"), "/var/log/containers/*.log");
        assert.equal(setting(conf, "tls"), "On");
        assert.equal(setting(conf, "tls.verify"), "On");
        assert.equal(setting(conf, "tls.ca_file"), "/fluent-bit/tls/ca.crt");
        assert.equal(setting(conf, "Host"), "elasticsearch.logging.svc");
        assert.equal(setting(conf, "HTTP_User"), "fluent-bit");
        assert.equal(setting(conf, "HTTP_Passwd"), "${ES_PASSWORD}");
        assert.equal(setting(conf, "Mem_Buf_Limit"), "50MB");
        assert.equal(setting(conf, "Retry_Limit"), "10");
        assert.equal(setting(conf, "storage.total_limit_size"), "1G");
        assert.match(conf, /\[FILTER\]\n\s+Name\s+kubernetes/);
        const ds = one<any>(logging(run), "DaemonSet", "fluent-bit");
        const env = podSpecOf(ds).containers[0].env.find((e: any) => e.name === "ES_PASSWORD");
        assert.deepEqual(env.valueFrom.secretKeyRef, { name: "fluent-bit-credentials", key: "password" });
      });

      it("Fluent Bit's ClusterRole can only read pods and namespaces, bound to its own ServiceAccount", async () => {
        const objs = logging(await runStack(stack));
        const role = one<any>(objs, "ClusterRole", "logging-fluent-bit-read");
        assert.deepEqual(role.rules, [{ apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] }]);
        const binding = one<any>(objs, "ClusterRoleBinding", "logging-fluent-bit-read");
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "fluent-bit", namespace: "fluent-bit" }]);
      });

      it("Elasticsearch: replicas and PVCs per stack, security, audit and TLS on, elastic password from a Secret", async () => {
        const run = await runStack(stack);
        const objs = logging(run);
        const sts = one<any>(objs, "StatefulSet", "elasticsearch");
        assert.equal(sts.spec.replicas, expected[stack].replicas);
        const pvc = sts.spec.volumeClaimTemplates[0].spec;
        assert.equal(pvc.resources.requests.storage, expected[stack].size);
        assert.equal(pvc.storageClassName, "gp3");
        const yml = one<any>(objs, "ConfigMap", "elasticsearch-config").data["elasticsearch.yml"] as string;
        for (const line of [
          "xpack.security.enabled: true",
          "xpack.security.audit.enabled: true",
          "xpack.security.http.ssl.enabled: true",
          "xpack.security.transport.ssl.enabled: true",
          "node.store.allow_mmap: false",
        ]) {
          assert.ok(yml.split("\n").includes(line), line);
        }
        if (expected[stack].replicas === 1) assert.match(yml, /discovery\.type: single-node/);
        else assert.match(yml, /cluster\.initial_master_nodes: \["elasticsearch-0", "elasticsearch-1", "elasticsearch-2"\]/);
        const env = podSpecOf(sts).containers[0].env.find((e: any) => e.name === "ELASTIC_PASSWORD");
        assert.deepEqual(env.valueFrom.secretKeyRef, { name: "elasticsearch-elastic-credentials", key: "password" });
        assert.equal(resourceOfObject(run, "StatefulSet", "elasticsearch", "logging").protect, stack === "production");
        assert.equal(
          objs.some((o) => o.kind === "PodDisruptionBudget"),
          expected[stack].replicas > 1,
        );
      });

      it("Elasticsearch, Kibana and the setup job pass the restricted standard with numeric non-root users", async () => {
        const objs = logging(await runStack(stack));
        const workloads = objs.filter((o) => ["StatefulSet", "Deployment", "Job"].includes(o.kind));
        assert.deepEqual(workloads.map((o) => o.kind).sort(), ["Deployment", "Job", "StatefulSet"]);
        for (const w of workloads) {
          assert.deepEqual(evaluatePodSecurity(w, { level: "restricted" }), [], `${w.kind} ${w.metadata.name}`);
          const spec = podSpecOf(w);
          assert.equal(typeof spec.securityContext.runAsUser, "number");
          assert.ok(spec.securityContext.runAsUser > 0);
          for (const c of [...spec.containers, ...(spec.initContainers ?? [])])
            assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${w.metadata.name}/${c.name}`);
        }
      });

      it("Kibana talks to Elasticsearch as kibana_system over verified TLS; its secrets come from the environment", async () => {
        const objs = logging(await runStack(stack));
        const yml = one<any>(objs, "ConfigMap", "kibana-config").data["kibana.yml"] as string;
        assert.match(yml, /^elasticsearch\.hosts: \["https:\/\/elasticsearch\.logging\.svc:9200"\]$/m);
        assert.match(yml, /^elasticsearch\.username: kibana_system$/m);
        assert.match(yml, /^elasticsearch\.password: \$\{ELASTICSEARCH_PASSWORD\}$/m);
        assert.match(yml, /^elasticsearch\.ssl\.verificationMode: full$/m);
        assert.match(yml, /^xpack\.encryptedSavedObjects\.encryptionKey: \$\{KIBANA_ENCRYPTION_KEY\}$/m);
      });

      it("the certificate comes from the logging namespace's internal-CA Issuer after cert-manager, and Elasticsearch waits for it", async () => {
        const run = await runStack(stack);
        const cert = one<any>(logging(run), "Certificate", "elasticsearch-tls");
        assert.deepEqual(cert.spec.issuerRef, { name: "internal-ca-issuer", kind: "Issuer", group: "cert-manager.io" });
        assert.deepEqual(cert.spec.dnsNames, [
          "elasticsearch.logging",
          "elasticsearch.logging.svc",
          "elasticsearch-headless.logging",
          "elasticsearch-headless.logging.svc",
          "*.elasticsearch-headless.logging.svc",
        ]);
        assert.ok(resourceOfObject(run, "Certificate", "elasticsearch-tls", "logging").dependsOn.includes("ecommerce:security:Certificates::certificates"));
        const sts = resourceOfObject(run, "StatefulSet", "elasticsearch", "logging");
        assert.ok(sts.dependsOn.some((d) => d.endsWith("certificate-logging-elasticsearch-tls")));
      });

      it("transport: full verification of the name each node publishes, peers only from the logging namespace's own CA", async () => {
        const run = await runStack(stack);
        const yml = one<any>(logging(run), "ConfigMap", "elasticsearch-config").data["elasticsearch.yml"] as string;
        assert.match(yml, /^xpack\.security\.transport\.ssl\.verification_mode: full$/m);
        assert.match(yml, /^xpack\.security\.transport\.ssl\.client_authentication: required$/m);
        // The published name is one the certificate covers (*.elasticsearch-headless.logging.svc).
        assert.match(yml, /^network\.publish_host: \$\{NODE_NAME\}\.elasticsearch-headless\.logging\.svc$/m);
        assert.match(yml, /^xpack\.security\.transport\.ssl\.certificate_authorities: \[transport-ca\/ca\.crt\]$/m);
        const spec = podSpecOf(one<any>(logging(run), "StatefulSet", "elasticsearch"));
        assert.deepEqual(
          spec.volumes.find((v: any) => v.name === "transport-ca"),
          { name: "transport-ca", configMap: { name: "internal-ca", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        );
        assert.ok(
          spec.containers[0].volumeMounts.some((m: any) => m.name === "transport-ca" && m.mountPath === "/usr/share/elasticsearch/config/transport-ca"),
        );
      });

      it("Kibana serves its own certificate and never mounts Elasticsearch's TLS Secret", async () => {
        const run = await runStack(stack);
        const objs = logging(run);
        const cert = one<any>(objs, "Certificate", "kibana-tls");
        assert.deepEqual(cert.spec.dnsNames, ["kibana.logging", "kibana.logging.svc"]);
        assert.equal(cert.spec.issuerRef.kind, "Issuer");
        assert.deepEqual(cert.spec.usages, ["server auth", "digital signature"]);
        const spec = podSpecOf(one<any>(objs, "Deployment", "kibana"));
        const secrets = spec.volumes.filter((v: any) => v.secret).map((v: any) => v.secret.secretName);
        assert.deepEqual(secrets, ["kibana-tls"]);
        // Elasticsearch is verified against the root CA (Node.js accepts only complete chains), from the public ConfigMap.
        assert.deepEqual(
          spec.volumes.find((v: any) => v.name === "elasticsearch-ca"),
          { name: "elasticsearch-ca", configMap: { name: "internal-ca", items: [{ key: "root-ca.crt", path: "ca.crt" }] } },
        );
        const deps = resourceOfObject(run, "Deployment", "kibana", "logging").dependsOn;
        assert.ok(
          deps.some((d) => d.endsWith("certificate-logging-kibana-tls")),
          deps.join(", "),
        );
      });

      it("the setup job creates least-privilege users and a retention policy of logging.retentionDays", async () => {
        const run = await runStack(stack);
        const script = logging(run).find((o) => o.kind === "ConfigMap" && o.metadata.name === "elasticsearch-security-setup-script") as any;
        const sh = script.data["setup.sh"] as string;
        assert.match(
          sh,
          /_security\/role\/fluent-bit-writer -d '\{"cluster":\["monitor"\],"indices":\[\{"names":\["k8s-logs-\*"\],"privileges":\["create_doc","create_index","auto_configure"\]\}\]\}'/,
        );
        assert.match(sh, new RegExp(`"min_age":"${run.config.logging.retentionDays}d"`));
        assert.ok(!/password":"[A-Za-z0-9_-]{20,}/.test(sh), "no literal password in the script");
      });
    });
  }

  it("the setup job's credentials are files of its Secret: curl's config for elastic and the password bodies, each a Pulumi secret", async () => {
    const files = securitySetupFiles({ elastic: 'p"a\\ss', kibanaSystem: "k", writer: "w" });
    // curl unescapes \\ and \" inside a quoted config value: the password arrives as it is.
    assert.equal(files.curlConfig, 'user = "elastic:p\\"a\\\\ss"\n');
    assert.deepEqual(JSON.parse(files.writerUser), { password: "w", roles: ["fluent-bit-writer"] });
    assert.deepEqual(JSON.parse(files.kibanaSystemPassword), { password: "k" });
    assert.throws(() => curlUserConfig("elastic", "a\nheader = x"), /line break/);
    const run = await runStack("staging");
    const secret = resourceOfObject(run, "Secret", "elasticsearch-service-users", "logging");
    assert.deepEqual(Object.keys((plainInputs(secret) as any).stringData).sort(), Object.values(SETUP_FILES).sort());
    assert.ok(secret.secretPaths.every((p) => p.startsWith("stringData")) && secret.secretPaths.length > 0);
    const job = logging(run).find((o) => o.kind === "Job") as any;
    const container = podSpecOf(job).containers[0];
    assert.equal(container.env, undefined, "no credential in the environment");
    assert.deepEqual(
      podSpecOf(job).volumes.find((v: any) => v.name === "credentials"),
      { name: "credentials", secret: { secretName: "elasticsearch-service-users", defaultMode: 0o440 } },
    );
  });

  it("with a provided TLS Secret, Kibana mounts only its ca.crt (never its key) and serves its own Secret", async () => {
    const run = await runStack("staging", {
      overrides: {
        logging: { elasticsearch: { tlsSecretName: "es-provided", kibanaTlsSecretName: "kibana-provided" }, fluentBit: { caConfigMapName: "es-ca-provided" } },
      },
    });
    const spec = podSpecOf(one<any>(logging(run), "Deployment", "kibana"));
    const es = spec.volumes.find((v: any) => v.secret?.secretName === "es-provided");
    assert.deepEqual(es.secret.items, [{ key: "ca.crt", path: "ca.crt" }]);
    assert.ok(spec.volumes.some((v: any) => v.secret?.secretName === "kibana-provided"));
    assert.deepEqual(
      logging(run).filter((o) => o.kind === "Certificate"),
      [],
    );
    // Fluent Bit, in its own namespace, trusts the CA from the ConfigMap named for it there: never the logging namespace's Secret.
    const fluentBit = podSpecOf(one<any>(logging(run), "DaemonSet", "fluent-bit"));
    assert.deepEqual(fluentBit.volumes.find((v: any) => v.name === "es-ca").configMap, { name: "es-ca-provided", items: [{ key: "ca.crt", path: "ca.crt" }] });
  });

  it("derived service passwords are stable, distinct per user and differ from the master", () => {
    const a = derivePassword("master-secret", "fluent-bit");
    assert.equal(a, derivePassword("master-secret", "fluent-bit"));
    assert.notEqual(a, derivePassword("master-secret", "kibana_system"));
    assert.notEqual(a, derivePassword("other-secret", "fluent-bit"));
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.throws(() => derivePassword("", "fluent-bit"), /master secret is empty/);
  });

  it("logging.mode external ships to the endpoint and renders no Elasticsearch or Kibana", async () => {
    const run = await runStack("staging", {
      overrides: { logging: { mode: "external", external: { host: "logs.example.net", port: 9243, username: "shipper" } } },
    });
    const objs = logging(run);
    assert.deepEqual(
      objs.filter((o) => ["StatefulSet", "Deployment", "Job", "Certificate"].includes(o.kind)),
      [],
    );
    const conf = fluentBitConf(run);
    assert.equal(setting(conf, "Host"), "logs.example.net");
    assert.equal(setting(conf, "Port"), "9243");
    assert.equal(setting(conf, "HTTP_User"), "shipper");
    assert.equal(setting(conf, "tls.verify"), "On");
    assert.equal(setting(conf, "tls.ca_file"), undefined);
    // The external endpoint takes the configured password itself.
    const secret = resourceOfObject(run, "Secret", "fluent-bit-credentials", "fluent-bit");
    assert.equal((plainInputs(secret) as any).stringData.password, run.config.credentials.elasticsearchPassword);
    assert.deepEqual(secret.secretPaths, ["stringData"]);
    const policy = one<any>(objs, "NetworkPolicy", "fluent-bit");
    const store = policy.spec.egress.find((e: any) => e.ports.some((p: any) => p.port === 9243));
    assert.equal(store.to[0].ipBlock.cidr, "0.0.0.0/0");
    assert.ok(store.to[0].ipBlock.except.includes("10.0.0.0/8"));
  });

  it("features.logging off removes exactly the logging objects (and no GDPR log-retention job runs)", async () => {
    const on = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { logging: false } } });
    assert.ok(resourcesOf(on, "Logging").length > 10);
    assert.equal(resourcesOf(off, "Logging").length, 0);
    assert.ok(!off.resources.some((r) => (r.inputs as any).kind === "Namespace" && (r.inputs as any).metadata?.name === "logging"));
    assert.ok(!objectsOf(off, "Compliance").some((o) => o.kind === "CronJob" && o.metadata.name === "gdpr-retention"));
  });
});

// Workloads written to the architecture document (../shared/seed/) run on the platform as written: in the staging plan,
// a pod labelled and named exactly as the document's manifests, in the document's namespace, gets exactly the
// document's allowed flows, with the product's deliberate differences listed below (docs/architecture-mapping.md),
// proved by the NetworkPolicy analyzer over the plan's policies; and its ServiceAccount may read exactly the Secrets the
// document gives it, with the differences listed. Production chooses the separated layout (`naming.layout`): the same
// workloads under production's names get the same flows and the same Secrets.
import { strict as assert } from "node:assert";
import { analyze, connectionsFrom, parseCidr, type AnalysisResult, type Connection } from "@ecommerce-security/netpol";
import { NAMING_LAYOUTS, type ResolvedNaming } from "../../core/config/naming";
import { peerPod, platformPeers } from "../../components/network/representative-workloads";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { readAccess } from "../harness/rbac-access";
import { objectNamed, objectsOfKind, runStack, type KubernetesObject, type StackRun } from "../harness";

/**
 * The document's workloads: each Deployment's (or NetworkPolicy's) pod labels besides the selector label, its
 * ServiceAccount and its container ports, as its manifests write them. The document names the ServiceAccounts of
 * auth, orders, products and the gateway (`<name>-sa`, `gateway-sa`); the others follow the same pattern.
 */
const DOCUMENT_WORKLOADS: ReadonlyArray<{ name: string; labels: Record<string, string>; ports: number[] }> = [
  { name: "api-gateway", labels: {}, ports: [8100] },
  { name: "auth-service", labels: { tier: "backend" }, ports: [9000] },
  { name: "orders-service", labels: { tier: "backend" }, ports: [9000] },
  { name: "products-service", labels: { tier: "backend" }, ports: [9000] },
  { name: "payments-service", labels: { tier: "backend" }, ports: [9000] },
  { name: "orders-mysql", labels: {}, ports: [3306] },
  { name: "rabbitmq", labels: {}, ports: [5672, 15672] },
  { name: "minio", labels: {}, ports: [9000] },
];

/** The document's names, literally: what staging must carry. */
const DOCUMENT = {
  namespace: "e-commerce",
  selectorLabel: "app",
  serviceAccounts: {
    "api-gateway": "gateway-sa",
    "auth-service": "auth-service-sa",
    "orders-service": "orders-service-sa",
    "products-service": "products-service-sa",
  } as Record<string, string>,
  secrets: { mysql: "mysql-secret", ordersDb: "orders-db-secret", jwt: "jwt-secret", jwtKey: "JWT_SECRET", pull: "harbor-pull-secret" },
  gatewayConfigMap: "gateway-config",
};

/** A workload's namespace and ServiceAccount in a stack: where its catalog entry puts it. */
function placementOf(run: StackRun, name: string): { namespace: string; serviceAccount: string } {
  const entry = run.config.catalog.find((s) => s.name === name);
  assert.ok(entry, `the catalog has no ${name}`);
  return { namespace: entry.namespace, serviceAccount: entry.serviceAccount };
}

/** The pod of a document workload under a stack's names: its selector label, the document's other labels, its ServiceAccount. */
function documentPod(run: StackRun, workload: (typeof DOCUMENT_WORKLOADS)[number]): KubernetesObject {
  const { namespace, serviceAccount } = placementOf(run, workload.name);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: workload.name, namespace, labels: { [run.config.naming.selectorLabel]: workload.name, ...workload.labels } },
    spec: {
      serviceAccountName: serviceAccount,
      containers: [{ name: workload.name, image: `${workload.name}:v1.0.0`, ports: workload.ports.map((p) => ({ containerPort: p, protocol: "TCP" })) }],
    },
  };
}

const id = (namespace: string, name: string) => `${namespace}/${name}[Pod]`;

/**
 * The flows the document's NetworkPolicies allow between its workloads and the platform's peers, with the product's
 * deliberate differences, under a stack's names. External destinations are checked apart (the payment provider).
 */
function expectedFlows(run: StackRun): string[] {
  const at = (name: string) => id(placementOf(run, name).namespace, name);
  const { network } = run.config;
  const ingress = id(network.ingressController.namespace, "ingress-controller");
  const monitoring = id(network.monitoring.namespace, "monitoring");
  const dns = id(network.dns.namespace, "kube-dns");
  const flows = [
    // gateway-network-policy: from the ingress controller on 8100; to RabbitMQ on 5672; to the microservices on 9000.
    `${ingress} => ${at("api-gateway")} : TCP 8100`,
    `${at("api-gateway")} => ${at("rabbitmq")} : TCP 5672`,
    `${at("api-gateway")} => ${at("orders-service")} : TCP 9000`,
    // Difference: the document's gateway may send to every `tier: backend` pod on 9000, but only orders-service has a
    // policy admitting it, so auth, products and payments would refuse it; the product admits the gateway there.
    `${at("api-gateway")} => ${at("auth-service")} : TCP 9000`,
    `${at("api-gateway")} => ${at("products-service")} : TCP 9000`,
    `${at("api-gateway")} => ${at("payments-service")} : TCP 9000`,
    // orders-service-network-policy and mysql-network-policy: MySQL, RabbitMQ and MinIO, and only orders-service into MySQL.
    `${at("orders-service")} => ${at("orders-mysql")} : TCP 3306`,
    `${at("orders-service")} => ${at("rabbitmq")} : TCP 5672`,
    `${at("orders-service")} => ${at("minio")} : TCP 9000`,
    // Difference: RabbitMQ's management API (15672) is reachable from no pod; the monitoring scraper gets the
    // read-only metrics port 15692 (the document opens 15672 to the whole monitoring namespace). Difference: AMQP only
    // from the declared clients (the gateway and orders-service), not from every `tier: backend` pod.
    `${monitoring} => ${at("rabbitmq")} : TCP 15692`,
  ];
  for (const w of DOCUMENT_WORKLOADS) {
    // Difference: DNS over TCP as well as UDP (large answers), to the kube-dns pods only (the document's peer is every
    // pod of kube-system), and for every workload (the document's auth, products and MinIO have no policy and so no DNS).
    flows.push(`${at(w.name)} => ${dns} : TCP 53,UDP 53`);
    // Difference: the sidecars reach istiod for their mTLS certificates (the document's Istio mesh section).
    if (run.config.features.mesh) flows.push(`${at(w.name)} => ${id(run.config.mesh.istioNamespace, "istiod")} : TCP 15012`);
  }
  return flows.sort();
}

/** Every connection from or to a document workload, as connlist lines, except to external addresses and from the GDPR job. */
function flowsOf(result: AnalysisResult, podIds: ReadonlySet<string>): { flows: string[]; external: Connection[]; gdpr: Connection[] } {
  const touching = result.connections.filter((c) => podIds.has(c.src.id) || podIds.has(c.dst.id));
  const external = touching.filter((c) => c.dst.type === "external" || c.src.type === "external");
  const gdpr = touching.filter((c) => c.src.type === "workload" && c.src.name === "gdpr-data-cleanup");
  const flows = touching.filter((c) => !external.includes(c) && !gdpr.includes(c)).map((c) => `${c.src.id} => ${c.dst.id} : ${c.conns}`);
  return { flows: flows.sort(), external, gdpr };
}

function analyzeDocumentPods(run: StackRun, extra: KubernetesObject[] = []): { result: AnalysisResult; podIds: Set<string> } {
  const pods = DOCUMENT_WORKLOADS.map((w) => documentPod(run, w));
  const result = analyze([...kubernetesObjects(run.resources), ...pods, ...platformPeers(run.config).map(peerPod), ...extra]);
  return { result, podIds: new Set(pods.map((p) => id(p.metadata.namespace!, p.metadata.name!))) };
}

/**
 * The Secrets the document gives each workload's ServiceAccount (its Roles' resourceNames, its ExternalSecrets' and
 * SealedSecrets' targets), and what the product gives on top or instead, with the reason: the same list as
 * /tmp/notes/18-names.md and docs/architecture-mapping.md.
 */
function expectedSecrets(n: ResolvedNaming): Record<string, { document: string[]; differences: Record<string, string> }> {
  return {
    "api-gateway": {
      document: [n.jwtSecret],
      differences: {
        "api-gateway-rabbitmq-credentials": "the gateway publishes to RabbitMQ (its policy allows 5672) with its own login; the document's Role gives it none",
      },
    },
    "orders-service": {
      // orders-service-role: orders-db-secret and rabbitmq-credentials.
      document: [n.ordersDbSecret],
      differences: {
        "orders-service-rabbitmq-credentials": "its own RabbitMQ login instead of rabbitmq-credentials, the broker's own (administrator) document",
        "orders-service-minio-credentials": "its own MinIO keys: the document lets it reach MinIO but gives it no credentials",
        "orders-service-secrets": "its application secrets",
      },
    },
    "auth-service": {
      document: [],
      differences: {
        "jwt-signing-key": "the JWT private key: tokens are signed asymmetrically, by auth-service alone",
        "auth-service-secrets": "its application secrets",
      },
    },
    "products-service": { document: [], differences: { "products-service-secrets": "its application secrets" } },
    "payments-service": { document: [], differences: { "payments-service-secrets": "its application secrets" } },
    // The ExternalSecret mysql-credentials writes mysql-secret (username, password, root-password): the store's own.
    "orders-mysql": { document: [n.mysqlSecret], differences: {} },
    // The SealedSecret rabbitmq-credentials.
    rabbitmq: { document: ["rabbitmq-credentials"], differences: {} },
    minio: { document: [], differences: { "minio-credentials": "MinIO's own root keys" } },
  };
}

for (const stack of ["staging", "production"] as const) {
  describe(`the architecture document's workloads on ${stack}`, () => {
    let run: StackRun;
    let objects: KubernetesObject[];
    before(async () => {
      run = await runStack(stack);
      objects = kubernetesObjects(run.resources);
    });

    if (stack === "staging") {
      it("staging carries the document's names: namespace e-commerce, label app, <name>-sa and gateway-sa, its Secrets and ConfigMap", () => {
        assert.equal(run.config.naming.layout, "document");
        for (const s of run.config.catalog) assert.equal(s.namespace, DOCUMENT.namespace, `${s.name} runs outside the document's namespace`);
        assert.equal(run.config.naming.selectorLabel, DOCUMENT.selectorLabel);
        for (const [name, sa] of Object.entries(DOCUMENT.serviceAccounts)) {
          assert.equal(placementOf(run, name).serviceAccount, sa);
          objectNamed(run, "ServiceAccount", sa, DOCUMENT.namespace);
        }
        const n = run.config.naming;
        assert.deepEqual(
          { mysql: n.mysqlSecret, ordersDb: n.ordersDbSecret, jwt: n.jwtSecret, jwtKey: n.jwtSecretKey, pull: n.registryPullSecret },
          DOCUMENT.secrets,
        );
        assert.deepEqual(placementOf(run, "api-gateway") && run.config.catalog.find((s) => s.name === "api-gateway")!.configMaps, [DOCUMENT.gatewayConfigMap]);
        // The gateway's ExternalSecret writes jwt-secret with the key JWT_SECRET, as the document's does.
        const jwt = objectNamed<
          KubernetesObject & { spec: { target: { name: string }; data: Array<{ secretKey: string; remoteRef: { property?: string } }> } }
        >(run, "ExternalSecret", DOCUMENT.secrets.jwt, DOCUMENT.namespace);
        assert.equal(jwt.spec.target.name, DOCUMENT.secrets.jwt);
        assert.deepEqual(
          jwt.spec.data.map((d) => d.secretKey),
          [DOCUMENT.secrets.jwtKey],
        );
        objectNamed(run, "ExternalSecret", DOCUMENT.secrets.mysql, DOCUMENT.namespace);
        objectNamed(run, "ExternalSecret", DOCUMENT.secrets.pull, DOCUMENT.namespace);
      });
    } else {
      it("production chooses the separated layout: data stores in ecommerce-data, app.kubernetes.io/name, ServiceAccounts named like the service", () => {
        assert.equal(run.config.naming.layout, "separated");
        const { layout: _layout, ...names } = run.config.naming;
        assert.deepEqual(names, NAMING_LAYOUTS.separated);
        for (const name of ["orders-mysql", "rabbitmq", "minio"]) assert.equal(placementOf(run, name).namespace, "ecommerce-data");
        for (const s of run.config.catalog) assert.equal(s.serviceAccount, s.name);
      });
    }

    it("a pod labelled and named as the document's manifests gets exactly the document's flows, with the stated differences", () => {
      const { result, podIds } = analyzeDocumentPods(run);
      const { flows } = flowsOf(result, podIds);
      assert.deepEqual(flows, expectedFlows(run));
    });

    it("payments-service reaches only the payment provider's configured addresses on 443 (the document's `namespaceSelector: {}` reaches every pod and no address outside)", () => {
      const { result, podIds } = analyzeDocumentPods(run);
      const { external } = flowsOf(result, podIds);
      const payments = id(placementOf(run, "payments-service").namespace, "payments-service");
      const cidrs = run.config.network.externalCidrs["payment-provider"].map((c) => parseCidr(c)).map((p) => (p.ok ? [p.first, p.last] : [0, -1]));
      assert.ok(external.length > 0);
      for (const c of external) {
        assert.equal(c.src.id, payments, `${c.src.id} => ${c.dst.id}`);
        assert.equal(c.conns.toString(), "TCP 443");
        assert.ok(c.dst.type === "external" && cidrs.some(([f, l]) => c.dst.type === "external" && c.dst.first >= f && c.dst.last <= l), c.dst.id);
      }
    });

    it("besides the document's flows, only the GDPR clean-up job reaches a document pod, on the retention endpoints the catalog declares", () => {
      const { result, podIds } = analyzeDocumentPods(run);
      const { gdpr } = flowsOf(result, podIds);
      const expected = run.config.catalog
        .filter((s) => s.retention)
        .map((s) => `${id(s.namespace, s.name)} : TCP ${s.ports.find((p) => p.name === s.retention!.port)!.port}`);
      assert.deepEqual(gdpr.map((c) => `${c.dst.id} : ${c.conns}`).sort(), gdpr.length === 0 ? [] : expected.sort());
    });

    it("a pod in the application namespace labelled like the ingress controller does not reach the gateway (the document's two peers are ORed; the product ANDs namespace and pod)", () => {
      const namespace = placementOf(run, "api-gateway").namespace;
      const impostor: KubernetesObject = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "impostor", namespace, labels: { ...run.config.network.ingressController.podLabels } },
        spec: { containers: [{ name: "main", image: "busybox:1.37" }] },
      };
      const { result } = analyzeDocumentPods(run, [impostor]);
      assert.deepEqual(
        connectionsFrom(result, id(namespace, "impostor")).map((c) => c.dst.id),
        [],
      );
    });

    it("each document workload's ServiceAccount may read exactly the document's Secrets and the stated differences, no others", () => {
      const expected = expectedSecrets(run.config.naming);
      assert.deepEqual(Object.keys(expected).sort(), DOCUMENT_WORKLOADS.map((w) => w.name).sort());
      for (const w of DOCUMENT_WORKLOADS) {
        const { namespace, serviceAccount } = placementOf(run, w.name);
        const access = readAccess(objects, { namespace, name: serviceAccount }, "secrets");
        const { document, differences } = expected[w.name];
        assert.deepEqual(access, { all: false, names: [...document, ...Object.keys(differences)].sort() }, `${namespace}/${serviceAccount} (${w.name})`);
        // Every Secret it may read is delivered into its namespace by an ExternalSecret of the plan.
        for (const name of [...document, ...Object.keys(differences)]) objectNamed(run, "ExternalSecret", name, namespace);
      }
    });

    it("no document workload may read the registry pull secret, the store's own MySQL document or the JWT private key unless the document gives it", () => {
      const n = run.config.naming;
      for (const w of DOCUMENT_WORKLOADS) {
        const { namespace, serviceAccount } = placementOf(run, w.name);
        const access = readAccess(objects, { namespace, name: serviceAccount }, "secrets");
        assert.ok(!access.all && !access.names.includes(n.registryPullSecret), `${w.name} reads the pull secret`);
        if (w.name !== "orders-mysql") assert.ok(!access.all && !access.names.includes(n.mysqlSecret), `${w.name} reads MySQL's own document`);
        if (w.name !== "auth-service") assert.ok(!access.all && !access.names.includes("jwt-signing-key"), `${w.name} reads the JWT private key`);
      }
    });

    it("the gateway's ServiceAccount reads its ConfigMap by name, and every workload's ServiceAccount pulls with the registry's pull secret", () => {
      const n = run.config.naming;
      const gateway = placementOf(run, "api-gateway");
      assert.deepEqual(readAccess(objects, { namespace: gateway.namespace, name: gateway.serviceAccount }, "configmaps"), {
        all: false,
        names: [n.gatewayConfigMap],
      });
      for (const w of DOCUMENT_WORKLOADS) {
        const { namespace, serviceAccount } = placementOf(run, w.name);
        const sa = objectNamed<KubernetesObject & { imagePullSecrets?: Array<{ name: string }> }>(run, "ServiceAccount", serviceAccount, namespace);
        assert.deepEqual(sa.imagePullSecrets, [{ name: n.registryPullSecret }], `${namespace}/${serviceAccount}`);
        objectNamed(run, "ExternalSecret", n.registryPullSecret, namespace);
      }
    });

    it("the mesh admits the document's workloads by their ServiceAccounts and selects them by the stack's selector label", () => {
      const policies = objectsOfKind<
        KubernetesObject & {
          spec: { selector?: { matchLabels: Record<string, string> }; rules?: Array<{ from?: Array<{ source: { principals?: string[] } }> }> };
        }
      >(run, "AuthorizationPolicy");
      const orders = placementOf(run, "orders-service");
      const policy = policies.find((p) => p.metadata.name === "orders-service" && p.metadata.namespace === orders.namespace);
      assert.ok(policy, "orders-service has no AuthorizationPolicy");
      assert.deepEqual(policy.spec.selector, { matchLabels: { [run.config.naming.selectorLabel]: "orders-service" } });
      const gateway = placementOf(run, "api-gateway");
      const principals = (policy.spec.rules ?? []).flatMap((r) => (r.from ?? []).flatMap((f) => f.source.principals ?? []));
      assert.ok(principals.includes(`${run.config.mesh.trustDomain}/ns/${gateway.namespace}/sa/${gateway.serviceAccount}`), principals.join(", "));
    });
  });
}

import { strict as assert } from "node:assert";
import { analyze, ConnectionSet, type AnalysisResult } from "@ecommerce-security/netpol";
import { chartPins } from "../../core/charts";
import { HARBOR_CREDENTIAL_KEYS } from "../../core/hosted-registry";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { objectNamed, objectsOfKind, resourcesOfType, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { configErrorWith, stackConfigWith } from "../../tests/harness/config";
import { registryIssues } from "./checks";
import { HARBOR_COMPONENTS, harborPodLabels, type HarborComponent } from "./names";
import { HARBOR_FLOWS, INGRESS_TARGETS } from "./network-policies";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const HOST = "registry.staging.shop.example.com";
const S3 = {
  type: "s3",
  bucket: "shop-staging-harbor",
  region: "eu-west-1",
  kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
};

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const harborRelease = (run: StackRun) => {
  const found = resourcesOfType(run, RELEASE, (r) => r.inputs.chart === "harbor" || String(r.inputs.chart).endsWith("/harbor-1.19.1.tgz"));
  assert.equal(found.length, 1, `one harbor release in ${run.stack}`);
  return found[0];
};
const valuesOf = (run: StackRun) => harborRelease(run).inputs.values as Values;

/** A pod of each Harbor component as the chart labels them, plus the ingress controller and DNS: what the analyzer reasons about. */
function representativePods(run: StackRun): KubernetesObject[] {
  const deployment = (name: string, namespace: string, labels: Record<string, string>) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: "x" }] } } },
  });
  const components: HarborComponent[] = ["core", "portal", "jobservice", "registry", "trivy", "database", "redis"];
  const { ingressController, dns } = run.config.network;
  return [
    ...components.map((c) => deployment(`harbor-${c}`, "harbor", harborPodLabels(c))),
    deployment("ingress-controller", ingressController.namespace, ingressController.podLabels),
    deployment("kube-dns", dns.namespace, dns.podLabels),
    // Any other pod of the cluster: the shop's gateway, reaching nothing of Harbor's.
    deployment("other", "e-commerce", { app: "api-gateway" }),
  ] as unknown as KubernetesObject[];
}

function harborAnalysis(run: StackRun): AnalysisResult {
  return analyze([...kubernetesObjects(run.resources), ...(representativePods(run) as never[])]);
}
const tcp = (ports: number[]) => ConnectionSet.of({ TCP: ports });

describe("registry: Harbor, the stack's own private registry", () => {
  it("is off unless a stack turns it on: production installs no Harbor", async () => {
    const run = await runStack("production");
    assert.deepEqual(
      resourcesOfType(run, RELEASE, (r) => String(r.inputs.chart).includes("harbor")),
      [],
    );
  });

  it("staging installs the pinned chart at the pull secret's registry, behind the shop's ingress with harbor-tls from letsencrypt-prod", async () => {
    const run = await runStack("staging");
    const release = harborRelease(run);
    assert.deepEqual([release.inputs.chart, release.inputs.version, release.inputs.namespace], ["harbor", chartPins.harbor.version, "harbor"]);
    assert.equal(chartPins.harbor.version, "1.19.1");
    const values = valuesOf(run);
    assert.deepEqual(values.expose.tls, { enabled: true, certSource: "secret", secret: { secretName: "harbor-tls" } });
    assert.deepEqual([values.expose.type, values.expose.ingress.hosts.core, values.externalURL], ["ingress", HOST, `https://${HOST}`]);
    const certificate = objectNamed<KubernetesObject & { spec: Values }>(run, "Certificate", "harbor", "harbor");
    assert.equal(certificate.spec.secretName, "harbor-tls");
    assert.deepEqual(certificate.spec.dnsNames, [HOST]);
    assert.deepEqual(certificate.spec.issuerRef, { name: "letsencrypt-prod", kind: "ClusterIssuer", group: "cert-manager.io" });
    // The ClusterIssuer it names is one the certificates concern creates.
    assert.ok(objectsOfKind(run, "ClusterIssuer").some((i) => i.metadata.name === "letsencrypt-prod"));
    // No ingress-shim annotation: it would make cert-manager create a second Certificate for harbor-tls.
    assert.equal(values.expose.ingress.annotations["cert-manager.io/cluster-issuer"], undefined);
  });

  it("scans with Trivy, keeps images and the database on the document's claims, and encrypts traffic between its components", async () => {
    const values = valuesOf(await runStack("staging"));
    assert.equal(values.trivy.enabled, true);
    assert.deepEqual(values.persistence.imageChartStorage, { type: "filesystem" });
    assert.equal(values.persistence.persistentVolumeClaim.registry.size, "100Gi");
    assert.equal(values.persistence.persistentVolumeClaim.database.size, "10Gi");
    assert.equal(values.persistence.resourcePolicy, "keep");
    assert.deepEqual(values.internalTLS, { enabled: true, strong_ssl_ciphers: true, certSource: "auto" });
  });

  it("reads every credential from the Secret External Secrets syncs from the backend, and generates the database password", async () => {
    const run = await runStack("staging");
    const values = valuesOf(run);
    const secret = "harbor-credentials";
    assert.deepEqual(
      [
        values.existingSecretAdminPassword,
        values.existingSecretSecretKey,
        values.core.existingSecret,
        values.core.existingXsrfSecret,
        values.jobservice.existingSecret,
        values.registry.existingSecret,
        values.registry.credentials.existingSecret,
      ],
      Array(7).fill(secret),
    );
    // None of the chart's plaintext credential values is set (its insecure defaults are then never rendered either).
    for (const key of ["harborAdminPassword", "secretKey"]) assert.equal(values[key], undefined, key);
    assert.equal(values.registry.credentials.password, undefined);
    const es = objectNamed<KubernetesObject & { spec: Values }>(run, "ExternalSecret", secret, "harbor");
    assert.deepEqual(
      es.spec.data.map((d: Values) => d.secretKey),
      [...HARBOR_CREDENTIAL_KEYS].sort(),
    );
    assert.ok(es.spec.data.every((d: Values) => d.remoteRef.key === "e-commerce/staging/harbor-credentials"));
    assert.equal(es.spec.secretStoreRef.name, "vault");
    assert.ok(objectsOfKind(run, "SecretStore", "harbor").length > 0, "a store in Harbor's namespace");
    // The internal PostgreSQL's password is the generated one (a secret output of the random provider), never configured.
    const [generated] = resourcesOfType(run, "random:index/randomPassword:RandomPassword", (r) => r.parent?.type === "ecommerce:security:Registry");
    assert.equal(generated.inputs.length, 32);
    assert.match(String(values.database.internal.password), /^mock-random-registry-/);
  });

  it("runs every container restricted and its namespace enforces restricted", async () => {
    const run = await runStack("staging");
    assert.deepEqual(valuesOf(run).containerSecurityContext, {
      privileged: false,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    const ns = objectNamed(run, "Namespace", "harbor");
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
    assert.ok(objectsOfKind(run, "NetworkPolicy", "harbor").some((p) => p.metadata.name === "default-deny-all"));
  });

  describe("its NetworkPolicies, proven with the reachability analyzer", () => {
    let result: AnalysisResult;
    let run: StackRun;
    before(async () => {
      run = await runStack("staging");
      result = harborAnalysis(run);
    });
    const id = (name: string, namespace = "harbor") => result.workloads.find((w) => w.name === name && w.namespace === namespace)?.id;

    it("allows exactly the flows among Harbor's components and from the ingress controller to core and the portal", () => {
      const harbor = result.workloads.filter((w) => w.namespace === "harbor");
      const { ingressController } = run.config.network;
      const expected = new Map<string, ConnectionSet>();
      for (const f of HARBOR_FLOWS) expected.set(`harbor-${f.from} -> harbor-${f.to}`, tcp(f.ports));
      for (const c of INGRESS_TARGETS) expected.set(`ingress-controller -> harbor-${c}`, tcp([HARBOR_COMPONENTS[c].port]));
      const actual = new Map<string, ConnectionSet>();
      for (const c of result.connections) {
        if (c.dst.type !== "workload" || !harbor.some((h) => h.id === c.dst.id) || c.src.type !== "workload" || c.src.id === c.dst.id) continue;
        actual.set(`${c.src.name} -> ${c.dst.name}`, c.conns);
      }
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
      for (const [flow, conns] of actual) assert.ok(conns.equals(expected.get(flow) as ConnectionSet), `${flow}: ${conns.toString()}`);
      assert.ok(id("ingress-controller", ingressController.namespace));
    });

    it("lets every Harbor pod resolve names, and only core, the job service and the scanner reach the internet, on HTTPS", () => {
      const dns = id("kube-dns", run.config.network.dns.namespace);
      for (const w of result.workloads.filter((x) => x.namespace === "harbor")) {
        assert.ok(
          result.connections.some((c) => c.src.id === w.id && c.dst.id === dns && c.conns.allows("UDP", 53)),
          `${w.name} cannot resolve names`,
        );
        const external = result.connections.filter((c) => c.src.id === w.id && c.dst.type === "external");
        if (["harbor-core", "harbor-jobservice", "harbor-trivy"].includes(w.name)) {
          assert.ok(external.length > 0 && external.every((c) => c.conns.equals(tcp([443]))), `${w.name}: ${external.map((c) => c.conns.toString())}`);
        } else {
          assert.deepEqual(
            external.map((c) => c.conns.toString()),
            [],
            `${w.name} reaches outside the cluster`,
          );
        }
      }
    });
  });

  describe("S3 storage", () => {
    let run: StackRun;
    before(async () => {
      // Production hosts no registry of its own: turned on here with S3, as it may be.
      run = await runStack("production", { overrides: { features: { registry: true }, registry: { storage: S3 } } });
    });

    it("stores images in the configured bucket through an IRSA role only Harbor's registry can assume, with no access key", () => {
      const values = valuesOf(run);
      assert.deepEqual(values.persistence.imageChartStorage, { type: "s3", s3: { region: S3.region, bucket: S3.bucket } });
      assert.equal(values.persistence.persistentVolumeClaim.registry, undefined, "no image claim");
      assert.equal(values.registry.serviceAccountName, "harbor-registry");
      const [role] = resourcesOfType(run, "aws:iam/role:Role", (r) => r.parent?.type === "ecommerce:security:Registry");
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
      assert.deepEqual(Object.values(trust.Statement[0].Condition.StringEquals).sort(), ["sts.amazonaws.com", "system:serviceaccount:harbor:harbor-registry"]);
      const [policy] = resourcesOfType(run, "aws:iam/rolePolicy:RolePolicy", (r) => r.parent?.type === "ecommerce:security:Registry");
      const statements = JSON.parse(policy.inputs.policy as string).Statement as Array<{ Resource: string; Condition?: unknown }>;
      assert.deepEqual(
        statements.map((s) => s.Resource),
        [`arn:aws:s3:::${S3.bucket}`, `arn:aws:s3:::${S3.bucket}/*`, S3.kmsKeyArn],
      );
      assert.deepEqual(statements[2].Condition, { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
      const sa = objectNamed(run, "ServiceAccount", "harbor-registry", "harbor");
      assert.equal(sa.metadata.annotations?.["eks.amazonaws.com/role-arn"], "arn:aws:iam::111122223333:role/ecommerce-production-harbor-registry");
    });

    it("lets the registry reach S3 on HTTPS, and nothing else new", () => {
      const result = harborAnalysis(run);
      const registry = result.workloads.find((w) => w.name === "harbor-registry")?.id;
      const external = result.connections.filter((c) => c.src.id === registry && c.dst.type === "external");
      assert.ok(external.length > 0 && external.every((c) => c.conns.equals(tcp([443]))));
    });
  });

  describe("configuration mistakes", () => {
    it("a host the platform's signature glob does not cover is refused, naming the key", () => {
      const error = configErrorWith("staging", { registry: { host: "harbor.other.example.net" } });
      assert.match(
        error.message,
        /registry\.host: is not covered by scanning\.signatures\.registryGlob registry\.staging\.shop\.example\.com\/\*\*.*\(got "harbor\.other\.example\.net"\)/s,
      );
    });

    it("without cert-manager or External Secrets Harbor still runs, on harbor-tls and harbor-credentials that must then exist", async () => {
      const run = await runStack("staging", {
        // Without cert-manager the stack issues no certificate for Elasticsearch either (the logging checks ask for one).
        overrides: { features: { certificates: false, externalSecrets: false }, logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } } },
      });
      const values = valuesOf(run);
      assert.equal(values.expose.tls.secret.secretName, "harbor-tls");
      assert.equal(values.existingSecretAdminPassword, "harbor-credentials");
      assert.deepEqual(objectsOfKind(run, "Certificate", "harbor"), []);
      assert.deepEqual(objectsOfKind(run, "ExternalSecret", "harbor"), []);
    });

    it("features.registry without a section or a host is refused", () => {
      assert.match(configErrorWith("production", { features: { registry: true } }).message, /registry: is required when features\.registry is on/);
      const config = stackConfigWith("production", { features: { registry: true }, registry: {} });
      const withoutPullRegistry = { ...config, secrets: { ...config.secrets, registry: undefined } };
      assert.deepEqual(
        registryIssues(withoutPullRegistry).map((i) => i.key),
        ["registry.host"],
      );
    });

    it("S3 storage without AWS resources is refused, naming the key", () => {
      const error = configErrorWith("production", { features: { registry: true, awsResources: false }, registry: { storage: S3 } });
      assert.match(error.message, /registry\.storage\.type: needs features\.awsResources.*\(got "s3"\)/s);
    });
  });
});

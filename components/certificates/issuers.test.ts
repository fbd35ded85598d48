import { strict as assert } from "node:assert";
import { ACME_ISSUERS, CLOUDFLARE_TOKEN_KEY, CLOUDFLARE_TOKEN_SECRET, PUBLIC_CERTIFICATE } from "./names";
import { objectNamed, realStacks, resourceOfObject, runStack, type KubernetesObject } from "../../tests/harness";
import { expectedPublicIssuer, tlsPlanOf } from "./test-fixtures";

interface Solver {
  selector?: { dnsNames?: string[]; dnsZones?: string[] };
  http01?: { ingress: { ingressClassName: string; podTemplate?: { metadata?: { annotations?: Record<string, string> } } } };
  dns01?: { cloudflare: { apiTokenSecretRef: { name: string; key: string } } };
}
type Issuer = KubernetesObject & { spec: { acme: { email: string; server: string; privateKeySecretRef: { name: string }; solvers: Solver[] } } };

describe("ACME ClusterIssuers", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it(`the public certificate is issued by ${expectedPublicIssuer[stack]}`, async () => {
        const run = await runStack(stack);
        const ns = run.config.catalog.find((s) => s.name === "api-gateway")!.namespace;
        const cert = objectNamed<KubernetesObject & { spec: { issuerRef: { name: string; kind: string } } }>(run, "Certificate", PUBLIC_CERTIFICATE, ns);
        assert.deepEqual(cert.spec.issuerRef, { name: expectedPublicIssuer[stack], kind: "ClusterIssuer", group: "cert-manager.io" });
      });

      it("declares letsencrypt-prod and letsencrypt-staging with the configured email and each one's directory", async () => {
        const run = await runStack(stack);
        for (const [name, server] of Object.entries(ACME_ISSUERS)) {
          const issuer = objectNamed<Issuer>(run, "ClusterIssuer", name);
          assert.equal(issuer.spec.acme.email, run.config.tls!.acmeEmail);
          assert.equal(issuer.spec.acme.server, server);
          assert.equal(issuer.spec.acme.privateKeySecretRef.name, `${name}-account-key`);
        }
        assert.match(ACME_ISSUERS["letsencrypt-staging"], /acme-staging-v02/);
        assert.doesNotMatch(ACME_ISSUERS["letsencrypt-prod"], /staging/);
      });

      it("solves the wildcard names by Cloudflare DNS-01 and everything else by HTTP-01 through the nginx class", async () => {
        const run = await runStack(stack);
        const pub = run.config.domains.public;
        for (const name of Object.keys(ACME_ISSUERS)) {
          const solvers = objectNamed<Issuer>(run, "ClusterIssuer", name).spec.acme.solvers;
          const dns = solvers.find((s) => s.dns01);
          assert.ok(dns, `${name} has no DNS-01 solver`);
          assert.deepEqual(dns.selector?.dnsNames, [pub, `*.${pub}`]);
          assert.deepEqual(dns.dns01!.cloudflare.apiTokenSecretRef, { name: CLOUDFLARE_TOKEN_SECRET, key: CLOUDFLARE_TOKEN_KEY });
          const http = solvers.find((s) => s.http01);
          assert.ok(http, `${name} has no HTTP-01 solver`);
          assert.equal(http.selector, undefined, "HTTP-01 is the catch-all solver");
          assert.equal(http.http01!.ingress.ingressClassName, run.config.tls!.ingress.className);
          assert.equal(http.http01!.ingress.podTemplate?.metadata?.annotations?.["sidecar.istio.io/inject"], "false");
        }
      });

      it("keeps the Cloudflare token in a Secret in cert-manager's namespace, only as a secret value", async () => {
        const run = await runStack(stack);
        const secret = objectNamed<KubernetesObject & { stringData: Record<string, string> }>(run, "Secret", CLOUDFLARE_TOKEN_SECRET, "cert-manager");
        assert.deepEqual(Object.keys(secret.stringData), [CLOUDFLARE_TOKEN_KEY]);
        assert.equal(secret.stringData[CLOUDFLARE_TOKEN_KEY], "[secret]", "the plan shows the token redacted");
        const resource = resourceOfObject(run, "Secret", CLOUDFLARE_TOKEN_SECRET, "cert-manager");
        assert.ok(
          resource.secretPaths.some((p) => p === "stringData" || p.startsWith("stringData.")),
          `secret paths: ${resource.secretPaths.join(", ")}`,
        );
        for (const issuer of Object.keys(ACME_ISSUERS)) {
          assert.ok(
            resourceOfObject(run, "ClusterIssuer", issuer).dependsOn.includes(`kubernetes:core/v1:Secret::${resource.name}`),
            `${issuer} is created before the token`,
          );
        }
      });
    });
  }

  it("tls.publicIssuer overrides the stack's default issuer", () => {
    assert.equal(tlsPlanOf("staging", { tls: { publicIssuer: "letsencrypt-prod" } }).publicIssuer, "letsencrypt-prod");
    assert.equal(tlsPlanOf("production", { tls: { publicIssuer: "letsencrypt-staging" } }).publicIssuer, "letsencrypt-staging");
    assert.equal(tlsPlanOf("staging").publicIssuer, "letsencrypt-staging");
    assert.equal(tlsPlanOf("production").publicIssuer, "letsencrypt-prod");
  });

  it("without tls.dns01 the issuers have HTTP-01 only and the public certificate names no wildcard", () => {
    const plan = tlsPlanOf("staging", { tls: { dns01: undefined }, cloudflareApiToken: undefined });
    assert.equal(plan.cloudflare, false);
    for (const issuer of plan.acmeIssuers) {
      const solvers = (issuer as unknown as Issuer).spec.acme.solvers;
      assert.equal(solvers.length, 1);
      assert.ok(solvers[0].http01);
    }
    const names = (plan.publicCertificate.spec as { dnsNames: string[] }).dnsNames;
    assert.ok(
      names.every((n) => !n.includes("*")),
      names.join(", "),
    );
    assert.ok(names.includes("api.staging.shop.example.com"));
  });
});

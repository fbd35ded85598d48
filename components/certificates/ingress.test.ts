import { strict as assert } from "node:assert";
import { isStrongCipher, oldestProtocolOf, STRONG_TLS12_CIPHERS } from "./ciphers";
import { coveredBy } from "./certificates";
import { ingressControllerRequirements, securityHeaders } from "./ingress";
import { PUBLIC_CERTIFICATE, PUBLIC_CERTIFICATE_SECRET } from "./names";
import { objectNamed, realStacks, resourceOfObject, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { tlsPlanOf } from "./test-fixtures";

const A = "nginx.ingress.kubernetes.io";

interface IngressSpec {
  ingressClassName: string;
  tls: Array<{ hosts: string[]; secretName: string }>;
  rules: Array<{ host: string; http: { paths: Array<{ path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }> } }>;
}
type Ingress = KubernetesObject & { spec: IngressSpec };

/** The annotations of a planned manifest. */
function annotationsOf(manifest: { metadata: object }): Record<string, string> {
  return (manifest.metadata as { annotations?: Record<string, string> }).annotations ?? {};
}

async function gatewayIngress(stack: string): Promise<{ run: StackRun; ingress: Ingress; annotations: Record<string, string> }> {
  const run = await runStack(stack);
  const edge = run.config.catalog.find((s) => s.name === run.config.tls!.ingress.service)!;
  const ingress = objectNamed<Ingress>(run, "Ingress", edge.name, edge.namespace);
  return { run, ingress, annotations: ingress.metadata.annotations ?? {} };
}

describe("public TLS ingress", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("routes the API host to the api-gateway's http port through the nginx class", async () => {
        const { run, ingress } = await gatewayIngress(stack);
        assert.equal(ingress.spec.ingressClassName, "nginx");
        assert.deepEqual(
          ingress.spec.rules.map((r) => r.host),
          [run.config.domains.api],
        );
        for (const rule of ingress.spec.rules) {
          for (const p of rule.http.paths) assert.deepEqual(p.backend.service, { name: "api-gateway", port: { name: "http" } });
        }
        const gateway = run.config.catalog.find((s) => s.name === "api-gateway")!;
        assert.ok(gateway.ports.some((p) => p.name === "http"));
      });

      it("serves TLS on every host with the public certificate's secret, which covers each host", async () => {
        const { run, ingress } = await gatewayIngress(stack);
        const tlsHosts = ingress.spec.tls.flatMap((t) => t.hosts);
        for (const rule of ingress.spec.rules) assert.ok(tlsHosts.includes(rule.host), `${rule.host} is served without TLS`);
        assert.deepEqual([...new Set(ingress.spec.tls.map((t) => t.secretName))], [PUBLIC_CERTIFICATE_SECRET]);
        const cert = objectNamed<KubernetesObject & { spec: { dnsNames: string[]; secretName: string } }>(
          run,
          "Certificate",
          PUBLIC_CERTIFICATE,
          ingress.metadata.namespace,
        );
        assert.equal(cert.spec.secretName, PUBLIC_CERTIFICATE_SECRET);
        for (const host of tlsHosts) assert.ok(coveredBy(host, cert.spec.dnsNames), `${host} not in ${cert.spec.dnsNames}`);
        const deps = resourceOfObject(run, "Ingress", ingress.metadata.name!, ingress.metadata.namespace).dependsOn;
        assert.ok(deps.includes("kubernetes:cert-manager.io/v1:Certificate::certificate-ecommerce-public-wildcard"), deps.join(", "));
      });

      it("forces HTTPS", async () => {
        const { annotations } = await gatewayIngress(stack);
        assert.equal(annotations[`${A}/ssl-redirect`], "true");
        assert.equal(annotations[`${A}/force-ssl-redirect`], "true");
      });

      it("sends HSTS with the configured max-age, including subdomains, from the headers ConfigMap", async () => {
        const { run, ingress, annotations } = await gatewayIngress(stack);
        const [ns, name] = annotations[`${A}/custom-headers`].split("/");
        assert.equal(ns, ingress.metadata.namespace);
        const headers = objectNamed<KubernetesObject & { data: Record<string, string> }>(run, "ConfigMap", name, ns).data;
        assert.equal(headers["Strict-Transport-Security"], `max-age=${run.config.tls!.ingress.hstsMaxAgeSeconds}; includeSubDomains`);
        assert.ok(run.config.tls!.ingress.hstsMaxAgeSeconds >= 31536000, "HSTS should last at least a year");
        assert.equal(headers["X-Content-Type-Options"], "nosniff");
        const deps = resourceOfObject(run, "Ingress", ingress.metadata.name!, ns).dependsOn;
        assert.ok(deps.includes(`kubernetes:core/v1:ConfigMap::configmap-${ns}-${name}`), "the Ingress may exist before its headers");
      });

      it("offers only TLS 1.2+ strong ciphers (ECDHE with AEAD), preferring the server's order", async () => {
        const { annotations } = await gatewayIngress(stack);
        const ciphers = annotations[`${A}/ssl-ciphers`].split(":");
        assert.ok(ciphers.length >= 4);
        for (const c of ciphers) {
          assert.ok(isStrongCipher(c), `${c} is not ECDHE + AEAD`);
          assert.equal(oldestProtocolOf(c), "TLSv1.2", `${c} can be negotiated below TLS 1.2`);
        }
        assert.equal(annotations[`${A}/ssl-prefer-server-ciphers`], "true");
      });

      it("switches on ModSecurity with the OWASP core rule set", async () => {
        const { annotations } = await gatewayIngress(stack);
        assert.equal(annotations[`${A}/enable-modsecurity`], "true");
        assert.equal(annotations[`${A}/enable-owasp-core-rules`], "true");
      });

      it("limits the request body and the request rate per client as configured", async () => {
        const { run, annotations } = await gatewayIngress(stack);
        const cfg = run.config.tls!.ingress;
        assert.equal(annotations[`${A}/proxy-body-size`], cfg.maxBodySize);
        assert.equal(annotations[`${A}/limit-rps`], String(cfg.rateLimitRps));
        assert.equal(annotations[`${A}/limit-connections`], String(cfg.rateLimitConnections));
      });

      it("uses no snippet annotation (refused by ingress-nginx's default risk level and an injection risk)", async () => {
        const { annotations } = await gatewayIngress(stack);
        assert.deepEqual(
          Object.keys(annotations).filter((k) => k.endsWith("-snippet")),
          [],
        );
      });
    });
  }

  it("rate limits differ per stack as their files say (production 50 rps, staging 20 rps)", async () => {
    assert.equal((await gatewayIngress("production")).annotations[`${A}/limit-rps`], "50");
    assert.equal((await gatewayIngress("staging")).annotations[`${A}/limit-rps`], "20");
  });

  it("ingress limits and HSTS follow config", () => {
    const plan = tlsPlanOf("staging", { tls: { ingress: { maxBodySize: "2m", rateLimitRps: 5, hstsMaxAgeSeconds: 63072000, hstsPreload: true } } });
    const annotations = annotationsOf(plan.ingress);
    assert.equal(annotations[`${A}/proxy-body-size`], "2m");
    assert.equal(annotations[`${A}/limit-rps`], "5");
    assert.equal((plan.securityHeaders.data as Record<string, string>)["Strict-Transport-Security"], "max-age=63072000; includeSubDomains; preload");
  });

  it("tls.ingress.waf: false leaves ModSecurity off and keeps everything else", () => {
    const annotations = annotationsOf(tlsPlanOf("staging", { tls: { ingress: { waf: false } } }).ingress);
    assert.equal(annotations[`${A}/enable-modsecurity`], undefined);
    assert.equal(annotations[`${A}/enable-owasp-core-rules`], undefined);
    assert.equal(annotations[`${A}/force-ssl-redirect`], "true");
  });

  it("the cipher classification rejects weak suites", () => {
    for (const weak of [
      "AES128-GCM-SHA256",
      "ECDHE-RSA-AES128-SHA",
      "ECDHE-RSA-AES256-SHA384",
      "DHE-RSA-AES128-GCM-SHA256",
      "ECDHE-RSA-DES-CBC3-SHA",
      "RC4-SHA",
    ]) {
      assert.ok(!isStrongCipher(weak), weak);
    }
    assert.equal(oldestProtocolOf("ECDHE-RSA-AES128-SHA"), "TLSv1.0");
    assert.equal(oldestProtocolOf("AES256-SHA"), "TLSv1.0");
    assert.ok(STRONG_TLS12_CIPHERS.every(isStrongCipher));
  });

  it("the controller requirements allow every header the Ingress sends and pin TLS 1.2/1.3", () => {
    const headers = Object.keys(securityHeaders({ hstsMaxAgeSeconds: 31536000, hstsPreload: false }));
    const req = ingressControllerRequirements(headers);
    assert.deepEqual(req["global-allowed-response-headers"].split(","), headers);
    assert.equal(req["ssl-protocols"], "TLSv1.2 TLSv1.3");
    assert.match(req["modsecurity-snippet"], /SecRuleEngine On/);
  });
});

import { strict as assert } from "node:assert";
import { isStrongCipher, oldestProtocolOf, STRONG_TLS12_CIPHERS } from "./ciphers";
import { coveredBy } from "./certificates";
import { ingressControllerRequirements, securityHeaders } from "./ingress";
import { INGRESS_SNIPPET_POLICY } from "./admission-policies";
import { PUBLIC_CERTIFICATE, PUBLIC_CERTIFICATE_SECRET } from "./names";
import { objectNamed, realStacks, resourceOfObject, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { refusals } from "../../tests/harness/admission";
import { tlsPlanOf } from "./test-fixtures";
import { configErrorWith } from "../../tests/harness/config";

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
  const ingress = objectNamed<Ingress>(run, "Ingress", run.config.tls!.ingress.name, edge.namespace);
  return { run, ingress, annotations: ingress.metadata.annotations ?? {} };
}

describe("public TLS ingress", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("the document's ecommerce-ingress routes the API host and the www host to the api-gateway's http port through the nginx class", async () => {
        const { run, ingress } = await gatewayIngress(stack);
        assert.equal(ingress.metadata.name, "ecommerce-ingress");
        assert.equal(ingress.spec.ingressClassName, "nginx");
        assert.deepEqual(
          ingress.spec.rules.map((r) => r.host),
          [run.config.domains.api, `www.${run.config.domains.public}`],
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
        assert.ok(deps.includes(`kubernetes:cert-manager.io/v1:Certificate::certificate-${ingress.metadata.namespace}-public-wildcard`), deps.join(", "));
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

      it("blocks what the OWASP core rule set matches: ModSecurity on with the rule set and SecRuleEngine On, last", async () => {
        const { annotations } = await gatewayIngress(stack);
        assert.equal(annotations[`${A}/enable-modsecurity`], "true");
        const directives = modsecurityDirectives(annotations);
        assert.ok(directives.includes("Include /etc/nginx/owasp-modsecurity-crs/nginx-modsecurity.conf"), directives.join(" | "));
        // The last SecRuleEngine wins: nothing after it may switch blocking back to DetectionOnly.
        assert.equal(directives.filter((d) => d.startsWith("SecRuleEngine")).pop(), "SecRuleEngine On");
      });

      it("limits the request body and the request rate per client as configured", async () => {
        const { run, annotations } = await gatewayIngress(stack);
        const cfg = run.config.tls!.ingress;
        assert.equal(annotations[`${A}/proxy-body-size`], cfg.maxBodySize);
        assert.equal(annotations[`${A}/limit-rps`], String(cfg.rateLimitRps));
        assert.equal(annotations[`${A}/limit-connections`], String(cfg.rateLimitConnections));
      });

      it("carries no snippet annotation but the ModSecurity mode, and the admission policy admits it", async () => {
        const { run, ingress, annotations } = await gatewayIngress(stack);
        assert.deepEqual(
          Object.keys(annotations).filter((k) => k.endsWith("-snippet")),
          [`${A}/modsecurity-snippet`],
        );
        const policy = objectNamed(run, "ValidatingAdmissionPolicy", INGRESS_SNIPPET_POLICY);
        assert.deepEqual(await refusals(policy, ingressRequest(ingress)), []);
        const binding = objectNamed<KubernetesObject & { spec: { policyName: string; validationActions: string[] } }>(
          run,
          "ValidatingAdmissionPolicyBinding",
          INGRESS_SNIPPET_POLICY,
        );
        assert.deepEqual(binding.spec, { policyName: INGRESS_SNIPPET_POLICY, validationActions: ["Deny"] });
        const deps = resourceOfObject(run, "Ingress", ingress.metadata.name!, ingress.metadata.namespace).dependsOn;
        assert.ok(
          deps.some((d) => d.endsWith(`validatingadmissionpolicybinding-${INGRESS_SNIPPET_POLICY}`)),
          deps.join(", "),
        );
      });

      it("the admission policy refuses any Ingress with another snippet, or a ModSecurity snippet that does more than set the mode", async () => {
        const { run, ingress, annotations } = await gatewayIngress(stack);
        const policy = objectNamed(run, "ValidatingAdmissionPolicy", INGRESS_SNIPPET_POLICY);
        const withAnnotations = (extra: Record<string, string>) =>
          ingressRequest({ ...ingress, metadata: { ...ingress.metadata, name: "other", annotations: { ...annotations, ...extra } } });
        for (const extra of <Array<Record<string, string>>>[
          { [`${A}/configuration-snippet`]: "more_set_headers 'X: y';" },
          { [`${A}/server-snippet`]: "location /admin { }" },
          { [`${A}/modsecurity-snippet`]: "SecRuleEngine Off\n" },
          { [`${A}/modsecurity-snippet`]: `${annotations[`${A}/modsecurity-snippet`]}';\nlocation /x { }` },
        ]) {
          assert.equal((await refusals(policy, withAnnotations(extra)))?.length, 1, JSON.stringify(extra));
        }
        // An Ingress without annotations is none of its business.
        assert.deepEqual(await refusals(policy, ingressRequest({ ...ingress, metadata: { name: "bare", namespace: "shop" } })), []);
      });
    });
  }

  it("rate limits differ per stack as their files say (production 50 rps, staging 20 rps)", async () => {
    assert.equal((await gatewayIngress("production")).annotations[`${A}/limit-rps`], "50");
    assert.equal((await gatewayIngress("staging")).annotations[`${A}/limit-rps`], "20");
  });

  it("domains.www and tls.ingress.name follow config; the public certificate covers the www host", () => {
    const plan = tlsPlanOf("staging", { domains: { www: "shop.example.org" }, tls: { ingress: { name: "storefront" } } });
    const ingress = plan.ingress as unknown as Ingress;
    assert.equal(ingress.metadata.name, "storefront");
    assert.ok(ingress.spec.rules.some((r) => r.host === "shop.example.org"));
    assert.ok(ingress.spec.tls[0].hosts.includes("shop.example.org"));
    assert.ok(coveredBy("shop.example.org", (plan.publicCertificate as unknown as { spec: { dnsNames: string[] } }).spec.dnsNames));
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
    assert.equal(annotations[`${A}/modsecurity-snippet`], undefined);
    assert.equal(annotations[`${A}/force-ssl-redirect`], "true");
  });

  it("tls.ingress.wafMode: detection-only only logs (SecRuleEngine DetectionOnly), still with the rule set; the policy admits it", async () => {
    const plan = tlsPlanOf("staging", { tls: { ingress: { wafMode: "detection-only" } } });
    const directives = modsecurityDirectives(annotationsOf(plan.ingress));
    assert.equal(directives.filter((d) => d.startsWith("SecRuleEngine")).pop(), "SecRuleEngine DetectionOnly");
    assert.ok(directives.some((d) => d.startsWith("Include /etc/nginx/owasp-modsecurity-crs/")));
    const policy = plan.admissionPolicies.find((m) => m.kind === "ValidatingAdmissionPolicy")!;
    assert.deepEqual(await refusals(policy as KubernetesObject, ingressRequest(plan.ingress as KubernetesObject)), []);
  });

  it("tls.ingress.wafMode takes blocking or detection-only and nothing else", () => {
    assert.match(configErrorWith("staging", { tls: { ingress: { wafMode: "off" } } }).message, /tls\.ingress\.wafMode/);
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
    // The Ingress's ModSecurity snippet is a Critical-risk snippet annotation: ignored unless the controller allows it.
    assert.equal(req["allow-snippet-annotations"], "true");
    assert.equal(req["annotations-risk-level"], "Critical");
  });
});

/** The ModSecurity directives of the Ingress's modsecurity-snippet, one per line. */
function modsecurityDirectives(annotations: Record<string, string>): string[] {
  return (annotations[`${A}/modsecurity-snippet`] ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** The admission request that creates an Ingress. */
function ingressRequest(ingress: { metadata: object }) {
  return { group: "networking.k8s.io", resource: "ingresses", operation: "CREATE" as const, object: ingress as Record<string, unknown> };
}

import { strict as assert } from "node:assert";
import { INTERNAL_CA_ISSUER } from "../../core/internal-ca";
import { INTERNAL_CA_POLICIES } from "./admission-policies";
import { objectNamed, objectsOfKind, realStacks, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { refusals, type AdmissionRequest } from "../../tests/harness/admission";

/** A Certificate in `namespace` from that namespace's internal-CA Issuer, with the given spec fields. */
function certificate(namespace: string, spec: Record<string, unknown>): AdmissionRequest {
  return {
    group: "cert-manager.io",
    resource: "certificates",
    operation: "CREATE",
    object: {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "mine", namespace },
      spec: { secretName: "mine-tls", issuerRef: { name: INTERNAL_CA_ISSUER, kind: "Issuer", group: "cert-manager.io" }, ...spec },
    },
  };
}

const policyOf = (run: StackRun, name: string) => objectNamed(run, "ValidatingAdmissionPolicy", name);

describe("internal CA: what a namespace can obtain (the admission policies' CEL, evaluated)", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("every internal-CA Certificate the stack renders is admitted", async () => {
        const run = await runStack(stack);
        const policy = policyOf(run, INTERNAL_CA_POLICIES.ownNames);
        const internal = objectsOfKind<KubernetesObject & { spec: { issuerRef: { name: string } } }>(run, "Certificate").filter(
          (c) => c.spec.issuerRef.name === INTERNAL_CA_ISSUER,
        );
        // The services', Elasticsearch's and Kibana's.
        assert.ok(internal.length >= run.config.catalog.length + 2, `${internal.length} internal-CA certificates`);
        for (const cert of internal) {
          const request = { group: "cert-manager.io", resource: "certificates", operation: "CREATE" as const, object: cert as Record<string, unknown> };
          assert.deepEqual(await refusals(policy, request), [], `${cert.metadata.namespace}/${cert.metadata.name}`);
        }
      });

      it("another namespace cannot get payments-service's SPIFFE identity or Elasticsearch's name; a bare name, a CA, an IP are refused", async () => {
        const run = await runStack(stack);
        const policy = policyOf(run, INTERNAL_CA_POLICIES.ownNames);
        const td = run.config.mesh.trustDomain;
        const payments = run.config.catalog.find((s) => s.name === "payments-service")!;
        const logging = run.config.logging.namespace;
        const other = run.config.compliance.namespace;
        const refused = async (request: AdmissionRequest) => (await refusals(policy, request))?.length ?? 0;
        // Its own namespace may.
        assert.equal(await refused(certificate(payments.namespace, { uris: [`spiffe://${td}/ns/${payments.namespace}/sa/${payments.serviceAccount}`] })), 0);
        assert.equal(await refused(certificate(logging, { dnsNames: [`elasticsearch.${logging}.svc`], commonName: `elasticsearch.${logging}.svc` })), 0);
        // Any other may not.
        assert.equal(await refused(certificate(other, { uris: [`spiffe://${td}/ns/${payments.namespace}/sa/${payments.serviceAccount}`] })), 1);
        assert.equal(await refused(certificate(logging, { uris: [`spiffe://${td}/ns/${payments.namespace}/sa/${payments.serviceAccount}`] })), 1);
        assert.equal(await refused(certificate(payments.namespace, { dnsNames: [`elasticsearch.${logging}.svc`] })), 1);
        assert.equal(await refused(certificate(payments.namespace, { commonName: `elasticsearch.${logging}.svc` })), 1);
        assert.equal(await refused(certificate(other, { dnsNames: [`x.${other}.svc`, `elasticsearch.${logging}.svc.cluster.local`] })), 1);
        // A SPIFFE ID of another trust domain, or with a path beyond the service account.
        assert.equal(await refused(certificate(other, { uris: [`spiffe://evil.example/ns/${other}/sa/x`] })), 1);
        assert.equal(await refused(certificate(other, { uris: [`spiffe://${td}/ns/${other}/sa/x/../../ns/${payments.namespace}/sa/y`] })), 1);
        // Names that belong to no namespace, a CA, addresses.
        assert.equal(await refused(certificate(other, { dnsNames: ["payments-service"] })), 1);
        assert.equal(await refused(certificate(other, { dnsNames: ["api.shop.example.com"] })), 1);
        assert.equal(await refused(certificate(other, { isCA: true, dnsNames: [`ca.${other}.svc`] })), 1);
        assert.equal(await refused(certificate(other, { ipAddresses: ["10.0.0.1"] })), 1);
        assert.equal(await refused(certificate(other, { literalSubject: "CN=elasticsearch.logging.svc" })), 1);
        // The issuerRef's kind defaults to Issuer: leaving it out does not escape the policy.
        const noKind = certificate(other, { dnsNames: [`elasticsearch.${logging}.svc`], issuerRef: { name: INTERNAL_CA_ISSUER } });
        assert.equal(await refused(noKind), 1);
        // A Certificate from another issuer is none of its business.
        assert.equal(
          await refusals(policy, certificate(other, { dnsNames: ["shop.example.com"], issuerRef: { name: "letsencrypt-prod", kind: "ClusterIssuer" } })),
          undefined,
        );
      });

      it("only cert-manager's controller may create CertificateRequests for the internal CA (a CSR's names cannot be checked)", async () => {
        const run = await runStack(stack);
        const policy = policyOf(run, INTERNAL_CA_POLICIES.requests);
        const request = (username: string): AdmissionRequest => ({
          group: "cert-manager.io",
          resource: "certificaterequests",
          operation: "CREATE",
          object: {
            kind: "CertificateRequest",
            metadata: { name: "r", namespace: "ecommerce" },
            spec: { request: "LS0t", issuerRef: { name: INTERNAL_CA_ISSUER, kind: "Issuer" } },
          },
          userInfo: { username },
        });
        assert.deepEqual(await refusals(policy, request("system:serviceaccount:cert-manager:cert-manager")), []);
        assert.equal((await refusals(policy, request("system:serviceaccount:ecommerce:api-gateway")))?.length, 1);
        assert.equal((await refusals(policy, request("jane@example.com")))?.length, 1);
      });

      it("no other issuer may sign with an intermediate's Secret", async () => {
        const run = await runStack(stack);
        const policy = policyOf(run, INTERNAL_CA_POLICIES.issuers);
        const issuer = (kind: string, name: string): AdmissionRequest => ({
          group: "cert-manager.io",
          resource: kind === "Issuer" ? "issuers" : "clusterissuers",
          operation: "CREATE",
          object: { kind, metadata: { name, namespace: "ecommerce" }, spec: { ca: { secretName: "internal-ca" } } },
        });
        for (const ours of objectsOfKind(run, "Issuer")) {
          const request = { group: "cert-manager.io", resource: "issuers", operation: "CREATE" as const, object: ours as Record<string, unknown> };
          assert.deepEqual(await refusals(policy, request), []);
        }
        assert.equal((await refusals(policy, issuer("Issuer", "my-own")))?.length, 1);
        assert.equal((await refusals(policy, issuer("ClusterIssuer", INTERNAL_CA_ISSUER)))?.length, 1);
      });

      it("each policy is bound with Deny and fails closed", async () => {
        const run = await runStack(stack);
        for (const name of Object.values(INTERNAL_CA_POLICIES)) {
          assert.equal((policyOf(run, name).spec as { failurePolicy: string }).failurePolicy, "Fail");
          const binding = objectNamed<KubernetesObject & { spec: unknown }>(run, "ValidatingAdmissionPolicyBinding", name);
          assert.deepEqual(binding.spec, { policyName: name, validationActions: ["Deny"] });
        }
      });
    });
  }
});

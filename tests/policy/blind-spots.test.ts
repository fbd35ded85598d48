// The blind spots the pack used to have: each case passed policy:check with zero mandatory findings. Each is now a
// mandatory finding of the rule named, with a fix, and each rule is exact about what it claims.
import { strict as assert } from "node:assert";
import { fromManifest, PolicyConfigError, runPolicies, type Finding } from "@ecommerce-security/policy-rules";
import {
  clusterRoleBinding,
  configMapWith,
  deploymentWith,
  goodContainer,
  ingressWith,
  istioObject,
  merged,
  namespaceWith,
  networkPolicyWith,
  peerAuthentication,
  roleBinding,
  roleWith,
  serviceWith,
  webhookWith,
  type ManifestFixture,
} from "./builders";

/** The mandatory findings of the pack's default configuration over a manifest set. */
function mandatory(...manifests: ManifestFixture[]): Finding[] {
  return runPolicies(manifests.map((m, i) => fromManifest(m, i))).filter((f) => f.enforcementLevel === "mandatory");
}

const annotated = (ingress: ManifestFixture, annotations: Record<string, string>) => merged(ingress, { metadata: { annotations } });

const CASES: Array<{ name: string; set: ManifestFixture[]; rule: string }> = [
  {
    name: "a namespace that labels itself privileged",
    set: [namespaceWith("agents", "privileged")],
    rule: "pss-restricted",
  },
  { name: "a NetworkPolicy with ingress: [{}]", set: [networkPolicyWith({ ingress: [{}] })], rule: "networkpolicy-no-allow-all" },
  {
    name: "egress to 0.0.0.0/0, the metadata address included",
    set: [networkPolicyWith({ egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] })],
    rule: "networkpolicy-no-metadata-egress",
  },
  {
    name: "an Istio ALLOW AuthorizationPolicy with rules: [{}]",
    set: [istioObject("AuthorizationPolicy", { rules: [{}] })],
    rule: "mesh-authorization-no-allow-all",
  },
  {
    name: "a DestinationRule with tls.mode DISABLE",
    set: [istioObject("DestinationRule", { host: "web", trafficPolicy: { tls: { mode: "DISABLE" } } })],
    rule: "mesh-destination-rule-tls",
  },
  {
    name: "a PERMISSIVE PeerAuthentication in a namespace declared without injection labels",
    set: [peerAuthentication("shop", "PERMISSIVE"), namespaceWith("shop")],
    rule: "mesh-mtls-strict",
  },
  { name: "an admission webhook with failurePolicy Ignore", set: [webhookWith({ failurePolicy: "Ignore" })], rule: "admission-webhook-fail-closed" },
  {
    name: "an admission webhook at an http:// URL",
    set: [webhookWith({ clientConfig: { service: null, url: "http://policy.example.com/" } })],
    rule: "admission-webhook-tls",
  },
  { name: "get on every Secret", set: [roleWith([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }])], rule: "rbac-secret-get-by-name" },
  { name: "pods/exec", set: [roleWith([{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }])], rule: "rbac-no-pod-exec" },
  { name: "pods/attach", set: [roleWith([{ apiGroups: [""], resources: ["pods/attach"], verbs: ["get"] }])], rule: "rbac-no-pod-exec" },
  {
    name: "serviceaccounts/token create",
    set: [roleWith([{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] }])],
    rule: "rbac-no-token-request",
  },
  { name: "nodes/proxy", set: [roleWith([{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }], undefined)], rule: "rbac-no-node-proxy" },
  { name: 'apiGroups: ["*"]', set: [roleWith([{ apiGroups: ["*"], resources: ["deployments"], verbs: ["get"] }])], rule: "rbac-no-wildcards" },
  { name: 'nonResourceURLs: ["*"]', set: [roleWith([{ nonResourceURLs: ["*"], verbs: ["get"] }], undefined)], rule: "rbac-no-wildcards" },
  ...["system:authenticated", "system:unauthenticated", "system:serviceaccounts"].map((group) => ({
    name: `a binding to ${group}`,
    set: [clusterRoleBinding("view", [{ kind: "Group", name: group, apiGroup: "rbac.authorization.k8s.io" }])],
    rule: "rbac-no-broad-subjects",
  })),
  ...["admin", "edit"].map((role) => ({
    name: `a binding to the built-in ${role} role`,
    set: [roleBinding("shop", "web", { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role })],
    rule: "rbac-no-builtin-role-binding",
  })),
  {
    name: "approving certificate signing requests",
    set: [roleWith([{ apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["approve"] }], undefined)],
    rule: "rbac-no-csr-approval",
  },
  {
    name: "editing admission webhook configurations",
    set: [roleWith([{ apiGroups: ["admissionregistration.k8s.io"], resources: ["mutatingwebhookconfigurations"], verbs: ["update"] }], undefined)],
    rule: "rbac-no-admission-config-edit",
  },
  { name: "a password in a ConfigMap", set: [configMapWith({ DB_PASSWORD: "hunter2" })], rule: "secret-not-in-configmap" },
  {
    name: "a password in a container's env[].value",
    set: [deploymentWith({ containers: [goodContainer({ env: [{ name: "PAYMENT_API_TOKEN", value: "tok_live_abc" }] })] })],
    rule: "secret-not-in-env",
  },
  ...(
    [
      { "nginx.ingress.kubernetes.io/ssl-redirect": "false" },
      { "nginx.ingress.kubernetes.io/ssl-protocols": "TLSv1 TLSv1.2" },
      { "nginx.ingress.kubernetes.io/server-snippet": "return 200;" },
    ] as Array<Record<string, string>>
  ).map((annotations) => ({
    name: `an Ingress annotated ${Object.keys(annotations)[0].split("/")[1]}`,
    set: [annotated(ingressWith(["shop.example.com"], ["shop.example.com"]), annotations)],
    rule: "ingress-nginx-annotations",
  })),
  { name: "a Service with externalIPs", set: [serviceWith({ externalIPs: ["203.0.113.5"] })], rule: "service-no-external-ips" },
  { name: "an open LoadBalancer", set: [serviceWith({ type: "LoadBalancer" })], rule: "service-load-balancer-source-ranges" },
  {
    name: "an image from docker.io/attacker",
    set: [deploymentWith({ containers: [goodContainer({ image: "docker.io/attacker/miner:1.0" })] })],
    rule: "image-registry-allowed",
  },
  {
    name: "a sysctl value that smuggles kernel.core_pattern",
    set: [deploymentWith({ securityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "0+kernel.core_pattern=|/x" }] } })],
    rule: "workload-sysctl-values",
  },
  {
    name: 'sidecar.istio.io/inject: "false" in a meshed namespace',
    set: [
      merged(deploymentWith(), { spec: { template: { metadata: { labels: { "sidecar.istio.io/inject": "false" } } } } }),
      namespaceWith("shop", "restricted", { "istio-injection": "enabled" }),
    ],
    rule: "mesh-sidecar-injection",
  },
  { name: "shareProcessNamespace", set: [deploymentWith({ shareProcessNamespace: true })], rule: "workload-no-share-process-namespace" },
  {
    name: "a hostPath PersistentVolume (the node's files through a claim, which Pod Security admits)",
    set: [{ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv" }, spec: { hostPath: { path: "/" } } }],
    rule: "persistentvolume-no-hostpath",
  },
  {
    name: "a long-lived service account token Secret",
    set: [{ apiVersion: "v1", kind: "Secret", metadata: { name: "t", namespace: "shop" }, type: "kubernetes.io/service-account-token" }],
    rule: "secret-no-service-account-token",
  },
];

describe("the blind spots of the pack", () => {
  for (const { name, set, rule } of CASES) {
    it(`${name}: a mandatory ${rule} finding with a fix`, () => {
      const found = mandatory(...set).filter((f) => f.policy === rule);
      assert.ok(found.length > 0, `no ${rule} finding`);
      assert.ok(found.every((f) => f.fix.length > 10));
    });
  }

  it("the same workload gets the same Pod Security findings in a restricted namespace and in a relaxed, unlisted one", () => {
    const daemon = merged(
      deploymentWith({
        hostPID: true,
        hostNetwork: true,
        volumes: [{ name: "root", hostPath: { path: "/" } }],
        containers: [goodContainer({ securityContext: { privileged: true }, volumeMounts: [{ name: "root", mountPath: "/host" }] })],
      }),
      { kind: "DaemonSet", metadata: { namespace: "agents" } },
    );
    const workload = (findings: Finding[]) => findings.filter((f) => f.policy.startsWith("pss-") && f.resource.kind === "DaemonSet");
    const restricted = workload(mandatory(daemon, namespaceWith("agents", "restricted")));
    assert.ok(restricted.length >= 5);
    assert.deepEqual(workload(mandatory(daemon, namespaceWith("agents", "privileged"))), restricted);
  });

  it('escalate, bind and impersonate are reported only where they exist: "*" on configmaps or */scale is a wildcard, not an escalation', () => {
    const rules = (role: ManifestFixture) => [...new Set(mandatory(role).map((f) => f.policy))].sort();
    assert.deepEqual(rules(roleWith([{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }])), ["rbac-no-wildcards"]);
    assert.deepEqual(rules(roleWith([{ apiGroups: ["apps"], resources: ["*/scale"], verbs: ["*"] }])), ["rbac-no-wildcards"]);
    const escalation = mandatory(roleWith([{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["*"] }])).find(
      (f) => f.policy === "rbac-no-escalation-verbs",
    );
    assert.equal(escalation?.message, 'rules[0] grants "*", which includes impersonate on serviceaccounts');
  });

  it("the registry allow-list refuses a whole public registry, and matches prefixes at a path boundary", () => {
    for (const entry of ["docker.io", "docker.io/", "ghcr.io", "quay.io", "index.docker.io"]) {
      assert.throws(
        () => runPolicies([], { config: { "image-registry-allowed": { allowedRegistries: [entry] } } }),
        (error: unknown) => error instanceof PolicyConfigError && /allowedRegistries\.0: admits every image anyone can push/.test(error.message),
        entry,
      );
    }
    const config = { "image-registry-allowed": { allowedRegistries: ["docker.io/bitnami/", "registry.k8s.io/"] } };
    const verdict = (image: string) =>
      runPolicies([fromManifest(deploymentWith({ containers: [goodContainer({ image })] }))], { config, only: ["images"] }).filter(
        (f) => f.policy === "image-registry-allowed",
      ).length;
    assert.equal(verdict("bitnami/redis:7.4.1"), 0);
    assert.equal(verdict("registry.k8s.io/pause:3.10"), 0);
    assert.equal(verdict("docker.io/bitnamifake/redis:7.4.1"), 1);
    assert.equal(verdict("docker.io/library/redis:7.4.1"), 1);
  });
});

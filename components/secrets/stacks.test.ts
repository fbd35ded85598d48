import { strict as assert } from "node:assert";
import { chartPins } from "../../core/charts";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, resourcesOfType, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { childrenOfType, componentOf, idOf, listOf, policyOf, subtree, unsecret, vaultPolicyPaths } from "./test-helpers";
import { assertOperatorEgress, type NetpolSpec } from "../../tests/harness/operator-network";

const AWS_BACKEND = "ecommerce:security:AwsSecretsBackend";
const VAULT_BACKEND = "ecommerce:security:VaultBackend";
const OPERATOR = "ecommerce:security:ExternalSecretsOperator";
const SEALED = "ecommerce:security:SealedSecrets";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const specOf = (o: KubernetesObject): Spec => o.spec as Spec;

/**
 * Per namespace, the catalog's secrets and the registry pull secret, computed from the run's config directly; the
 * pull secret also goes into trivy-operator's namespace when the operator runs (it scans private images with it).
 */
function expectedSecrets(run: StackRun): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of run.config.catalog) {
    const set = out.get(s.namespace) ?? new Set<string>();
    s.secrets.forEach((x) => set.add(x));
    if (run.config.secrets.registry) set.add(run.config.secrets.registry.secretName);
    out.set(s.namespace, set);
  }
  if (run.config.secrets.registry && run.config.features.scanning && run.config.capabilities.helm) {
    out.set(run.config.scanning.namespace, new Set([run.config.secrets.registry.secretName]));
  }
  // A stack hosting its own registry (staging) syncs Harbor's credentials into Harbor's namespace.
  const hosted = run.config.registry;
  if (run.config.features.registry && hosted && run.config.capabilities.helm) out.set(hosted.namespace, new Set([hosted.credentialsSecret]));
  return out;
}

/** Which store an ExternalSecret reads from: the backend of its SecretStore. */
function backendOfExternalSecret(run: StackRun, es: KubernetesObject): "vault" | "aws" {
  if (generatorOf(es)) return "vault";
  const store = objectNamed(run, "SecretStore", specOf(es).secretStoreRef.name, es.metadata.namespace);
  return specOf(store).provider.vault ? "vault" : "aws";
}

/** The Vault database engine generator an ExternalSecret reads (secrets.vault.mysqlDynamicCredentials), if any. */
function generatorOf(es: KubernetesObject): Spec | undefined {
  return (specOf(es).dataFrom as Spec[] | undefined)?.find((d) => d.sourceRef?.generatorRef)?.sourceRef.generatorRef;
}

describe("secrets layer: the jwtSigningKey credential", () => {
  it("a jwtSigningKey secret is written as the private key, its public half derived from it, and nothing is generated", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\ntest-fixture-jwt-private-key\n-----END PRIVATE KEY-----\n";
    const run = await runStack("production", { secrets: { jwtSigningKey: key } });
    assert.equal(childrenOfType(run, AWS_BACKEND, "tls:index/privateKey:PrivateKey").length, 0);
    const versions = childrenOfType(run, AWS_BACKEND, "aws:secretsmanager/secretVersion:SecretVersion");
    const signing = versions.find((v) => v.name.endsWith("-jwt-signing-key"))!;
    assert.deepEqual(signing.secretPaths, ["secretString"]);
    const pair = JSON.parse(unsecret<string>(signing.inputs.secretString));
    assert.equal(pair["private-key"], key);
    // The mock's public key of the given private key (tls.getPublicKey).
    assert.match(pair["public-key"], /MOCK-public-key-of-the-given-private-key/);
    const verifying = versions.find((v) => v.name.endsWith("-jwt-public-key"))!;
    assert.doesNotMatch(JSON.stringify(verifying.inputs), /test-fixture-jwt-private-key/);
  });
});

describe("secrets layer, per real stack", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      let run: StackRun;
      before(async () => {
        run = await runStack(stack);
      });

      it("each IRSA role trusts only its store service account (sub) with the STS audience (aud), through the cluster's OIDC provider", () => {
        const roles = childrenOfType(run, AWS_BACKEND, "aws:iam/role:Role");
        assert.ok(roles.length > 0);
        const sa = run.config.secrets.storeServiceAccount;
        const issuer = run.config.cluster.oidcProviderArn!.split(":oidc-provider/")[1];
        for (const role of roles) {
          const trust = policyOf(role, "assumeRolePolicy");
          assert.equal(trust.Statement.length, 1, idOf(role));
          const st = trust.Statement[0];
          assert.equal(st.Effect, "Allow");
          assert.equal(st.Action, "sts:AssumeRoleWithWebIdentity");
          assert.deepEqual(st.Principal, { Federated: run.config.cluster.oidcProviderArn });
          const namespace = /-eso-(.+)$/.exec(role.inputs.name as string)![1];
          assert.deepEqual(st.Condition, {
            StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${sa}`, [`${issuer}:aud`]: "sts.amazonaws.com" },
          });
        }
      });

      it("each store role may read exactly the secrets its namespace syncs from AWS, and decrypt with their KMS key through Secrets Manager", () => {
        const [key] = childrenOfType(run, AWS_BACKEND, "aws:kms/key:Key");
        const keyArn = `arn:aws:kms:eu-west-1:111122223333:key/${key.name}`; // the mock's ARN of that key
        const region = run.config.secrets.aws!.region;
        const roles = childrenOfType(run, AWS_BACKEND, "aws:iam/role:Role");
        const policies = childrenOfType(run, AWS_BACKEND, "aws:iam/policy:Policy");
        const attachments = childrenOfType(run, AWS_BACKEND, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.equal(policies.length, roles.length, "one read policy per store role");
        for (const role of roles) {
          const namespace = /-eso-(.+)$/.exec(role.inputs.name as string)![1];
          const [attachment] = attachments.filter((a) => a.inputs.role === role.inputs.name);
          const policy = policies.find((p) => attachment.inputs.policyArn === `arn:aws:iam::111122223333:policy/${p.inputs.name}`)!;
          const fromAws = objectsOfKind(run, "ExternalSecret", namespace)
            .filter((es) => backendOfExternalSecret(run, es) === "aws")
            .map((es) => es.metadata.name!);
          assert.ok(fromAws.length > 0);
          const doc = policyOf(policy, "policy");
          assert.deepEqual(
            doc.Statement.map((s) => [s.Effect, listOf(s.Action).sort(), listOf(s.Resource)]),
            [
              [
                "Allow",
                ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                fromAws.sort().map((n) => `arn:aws:secretsmanager:${region}:111122223333:secret:/e-commerce/${run.config.environment}/${n}-??????`),
              ],
              ["Allow", ["kms:Decrypt"], [keyArn]],
            ],
          );
          assert.deepEqual(doc.Statement[1].Condition, { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } });
        }
      });

      it("the JWT private and public keys are two Secrets Manager secrets under /e-commerce/<env>/, encrypted with a rotating customer-managed key", () => {
        const [key] = childrenOfType(run, AWS_BACKEND, "aws:kms/key:Key");
        assert.equal(key.inputs.enableKeyRotation, true);
        const aws = run.config.secrets.aws!;
        const secrets = childrenOfType(run, AWS_BACKEND, "aws:secretsmanager/secret:Secret");
        assert.deepEqual(
          secrets.map((s) => s.inputs.name).sort(),
          [aws.jwtPublicKeySecretName, aws.jwtSigningKeySecretName].map((n) => `/e-commerce/${run.config.environment}/${n}`).sort(),
        );
        for (const secret of secrets) {
          assert.equal(secret.inputs.kmsKeyId, `arn:aws:kms:eu-west-1:111122223333:key/${key.name}`);
          assert.equal(secret.protect, stack === "production");
        }
        assert.equal(key.protect, stack === "production");
        const versions = childrenOfType(run, AWS_BACKEND, "aws:secretsmanager/secretVersion:SecretVersion");
        const signing = versions.find((v) => v.name.endsWith("-jwt-signing-key"))!;
        assert.deepEqual(signing.secretPaths, ["secretString"]);
        const pair = JSON.parse(unsecret<string>(signing.inputs.secretString));
        assert.deepEqual(Object.keys(pair).sort(), ["private-key", "public-key"]);
        assert.match(pair["private-key"], /BEGIN PRIVATE KEY/);
        // The verifiers' document holds the public key and nothing else.
        const verifying = JSON.parse(unsecret<string>(versions.find((v) => v.name.endsWith("-jwt-public-key"))!.inputs.secretString));
        // Under the stack's key for it: the document's JWT_SECRET in staging, public-key in production's separated layout.
        assert.deepEqual(verifying, { [stack === "production" ? "public-key" : "JWT_SECRET"]: pair["public-key"] });
        assert.doesNotMatch(JSON.stringify(verifying), /PRIVATE KEY/);
      });

      it("the key pair is generated (ES256: ECDSA P-256) unless the stack sets jwtSigningKey", () => {
        const generated = childrenOfType(run, AWS_BACKEND, "tls:index/privateKey:PrivateKey");
        assert.equal(generated.length, run.config.credentials.jwtSigningKey ? 0 : 1);
        if (generated.length === 1) assert.deepEqual({ ...generated[0].inputs }, { algorithm: "ECDSA", ecdsaCurve: "P256" });
        assert.equal(childrenOfType(run, AWS_BACKEND, "random:index/randomPassword:RandomPassword").length, 0, "no symmetric key any more");
      });

      it("each Vault policy grants read on exactly the KV v2 paths of the secrets its namespace syncs from Vault", () => {
        const policies = childrenOfType(run, VAULT_BACKEND, "vault:index/policy:Policy");
        const expected = expectedSecrets(run);
        const v = run.config.secrets.vault!;
        assert.deepEqual(policies.map((p) => p.inputs.name).sort(), [...expected.keys()].map((ns) => `${v.role}-${ns}`).sort());
        for (const policy of policies) {
          const namespace = (policy.inputs.name as string).slice(v.role.length + 1);
          const fromVault = objectsOfKind(run, "ExternalSecret", namespace).filter((es) => backendOfExternalSecret(run, es) === "vault");
          const paths = vaultPolicyPaths(policy.inputs.policy as string);
          // A KV document per synced secret, or a generated secret's credentials path (its generator's).
          const pathOf = (es: KubernetesObject) =>
            generatorOf(es)
              ? specOf(objectNamed(run, "VaultDynamicSecret", generatorOf(es)!.name, namespace)).path
              : `${v.kvMount}/data/e-commerce/${run.config.environment}/${es.metadata.name}`;
          assert.deepEqual(paths.map((p) => p.path).sort(), fromVault.map(pathOf).sort());
          assert.ok(
            paths.every((p) => p.capabilities.length === 1 && p.capabilities[0] === "read"),
            policy.inputs.policy as string,
          );
          // The catalog's secrets of that namespace are all covered, by Vault or by AWS.
          const covered = new Set(objectsOfKind(run, "ExternalSecret", namespace).map((es) => es.metadata.name));
          assert.deepEqual([...covered].sort(), [...expected.get(namespace)!].sort());
        }
      });

      it("each Vault role is bound to exactly one namespace's store service account, the audience and its own policy", () => {
        const v = run.config.secrets.vault!;
        const [mount] = childrenOfType(run, VAULT_BACKEND, "vault:index/mount:Mount");
        assert.deepEqual([mount.inputs.path, mount.inputs.type, mount.inputs.options], [v.kvMount, "kv", { version: "2" }]);
        assert.equal(mount.protect, stack === "production");
        const [auth] = childrenOfType(run, VAULT_BACKEND, "vault:index/authBackend:AuthBackend");
        assert.deepEqual([auth.inputs.type, auth.inputs.path], ["kubernetes", v.authMount]);
        for (const role of childrenOfType(run, VAULT_BACKEND, "vault:kubernetes/authBackendRole:AuthBackendRole")) {
          const namespace = (role.inputs.roleName as string).slice(v.role.length + 1);
          assert.equal(role.inputs.backend, v.authMount);
          assert.deepEqual(role.inputs.boundServiceAccountNames, [run.config.secrets.storeServiceAccount]);
          assert.deepEqual(role.inputs.boundServiceAccountNamespaces, [namespace]);
          assert.equal(role.inputs.audience, v.audience);
          assert.deepEqual(role.inputs.tokenPolicies, [role.inputs.roleName]);
          assert.equal(role.inputs.tokenNoDefaultPolicy, true);
        }
      });

      it("each Vault store authenticates with kubernetes auth as the namespace's store service account, for the audience, with its role", () => {
        const v = run.config.secrets.vault!;
        const roles = new Map(
          childrenOfType(run, VAULT_BACKEND, "vault:kubernetes/authBackendRole:AuthBackendRole").map((r) => [r.inputs.roleName as string, r]),
        );
        const stores = objectsOfKind(run, "SecretStore").filter((s) => specOf(s).provider.vault);
        assert.equal(stores.length, expectedSecrets(run).size);
        for (const store of stores) {
          const vault = specOf(store).provider.vault;
          assert.deepEqual([vault.server, vault.path, vault.version], [v.address, v.kvMount, "v2"]);
          const k = vault.auth.kubernetes;
          assert.equal(k.mountPath, v.authMount);
          assert.deepEqual(k.serviceAccountRef, { name: run.config.secrets.storeServiceAccount, audiences: [v.audience] });
          const role = roles.get(k.role);
          assert.ok(role, `store ${store.metadata.namespace}/${store.metadata.name} uses role ${k.role}, which Vault does not have`);
          assert.deepEqual(role.inputs.boundServiceAccountNamespaces, [store.metadata.namespace]);
          objectNamed(run, "ServiceAccount", run.config.secrets.storeServiceAccount, store.metadata.namespace);
        }
        const review = objectNamed(run, "ClusterRoleBinding", `${run.config.secrets.storeServiceAccount}-vault-token-review`);
        assert.equal((review as Spec).roleRef.name, "system:auth-delegator");
      });

      it("each AWS store uses JWT auth through a service account annotated with the IRSA role that trusts exactly it", () => {
        const roles = childrenOfType(run, AWS_BACKEND, "aws:iam/role:Role");
        const stores = objectsOfKind(run, "SecretStore").filter((s) => specOf(s).provider.aws);
        assert.ok(stores.length > 0);
        for (const store of stores) {
          const aws = specOf(store).provider.aws;
          assert.deepEqual([aws.service, aws.region], ["SecretsManager", run.config.secrets.aws!.region]);
          assert.deepEqual(aws.auth, { jwt: { serviceAccountRef: { name: run.config.secrets.storeServiceAccount } } });
          const sa = objectNamed(run, "ServiceAccount", run.config.secrets.storeServiceAccount, store.metadata.namespace);
          const arn = sa.metadata.annotations?.["eks.amazonaws.com/role-arn"];
          const role = roles.find((r) => arn === `arn:aws:iam::111122223333:role/${r.inputs.name}`);
          assert.ok(role, `${store.metadata.namespace}: service account annotated with ${arn}, no such store role`);
          const sub = Object.entries(policyOf(role, "assumeRolePolicy").Statement[0].Condition!.StringEquals).find(([k]) => k.endsWith(":sub"))![1];
          assert.equal(sub, `system:serviceaccount:${store.metadata.namespace}:${run.config.secrets.storeServiceAccount}`);
          assert.equal((sa as Spec).automountServiceAccountToken, false);
        }
      });

      it("the JWT secrets are read from AWS at the Secrets Manager secrets this stack creates, only the properties each service lists", () => {
        const aws = run.config.secrets.aws!;
        const secrets = childrenOfType(run, AWS_BACKEND, "aws:secretsmanager/secret:Secret");
        for (const name of [aws.jwtSigningKeySecretName, aws.jwtPublicKeySecretName]) {
          const remote = `/e-commerce/${run.config.environment}/${name}`;
          assert.ok(
            secrets.some((s) => s.inputs.name === remote),
            `no Secrets Manager secret ${remote}`,
          );
          const synced = objectsOfKind(run, "ExternalSecret").filter((e) => e.metadata.name === name);
          assert.ok(synced.length > 0, `${name} is not synced`);
          for (const es of synced) {
            assert.equal(backendOfExternalSecret(run, es), "aws");
            assert.ok((specOf(es).data as Spec[]).every((d) => d.remoteRef.key === remote));
          }
        }
      });

      it("every ExternalSecret refreshes at the configured interval, marks its Secret for Reloader and waits for the operator release", () => {
        const release = resourcesOfType(run, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "external-secrets")!;
        const all = objectsOfKind(run, "ExternalSecret");
        assert.equal(
          all.length,
          [...expectedSecrets(run).values()].reduce((n, s) => n + s.size, 0),
        );
        for (const es of all) {
          // A generated MySQL user is fetched anew at half its lease.
          const dynamic = run.config.secrets.vault?.mysqlDynamicCredentials;
          const expected = generatorOf(es) ? `${dynamic!.ttlSeconds / 2}s` : run.config.secrets.refreshInterval;
          assert.equal(specOf(es).refreshInterval, expected);
          assert.equal(specOf(es).target.template.metadata.annotations["reloader.stakater.com/match"], "true");
          const r = resourceOfObject(run, "ExternalSecret", es.metadata.name!, es.metadata.namespace);
          assert.ok(r.dependsOn.includes(idOf(release)), `${es.metadata.namespace}/${es.metadata.name} does not wait for the operator`);
        }
        for (const store of [...objectsOfKind(run, "SecretStore"), ...objectsOfKind(run, "ClusterSecretStore")]) {
          assert.ok(resourceOfObject(run, store.kind, store.metadata.name!, store.metadata.namespace).dependsOn.includes(idOf(release)));
        }
      });

      it("each app namespace gets the registry pull secret and the catalog's service accounts reference it", () => {
        const registry = run.config.secrets.registry!;
        // Harbor's namespace (staging) receives its credentials only: its images are its chart's, pulled from upstream.
        for (const namespace of [...expectedSecrets(run).keys()].filter((ns) => ns !== run.config.registry?.namespace)) {
          const es = objectNamed(run, "ExternalSecret", registry.secretName, namespace);
          assert.equal(specOf(es).target.template.type, "kubernetes.io/dockerconfigjson");
          assert.deepEqual(specOf(es).data, [
            { secretKey: ".dockerconfigjson", remoteRef: { key: specOf(es).data[0].remoteRef.key, property: "dockerconfigjson" } },
          ]);
          assert.match(specOf(es).data[0].remoteRef.key, new RegExp(`e-commerce/${run.config.environment}/${registry.secretName}$`));
        }
        for (const service of run.config.catalog) {
          const sa = objectNamed(run, "ServiceAccount", service.serviceAccount, service.namespace) as Spec;
          assert.deepEqual(sa.imagePullSecrets, [{ name: registry.secretName }], `${service.namespace}/${service.serviceAccount}`);
        }
      });

      it("the operator namespace lets its pods reach DNS, the internet on HTTPS and the API server, the API server reach the webhook pods, the scraper the metrics ports", () => {
        const ns = run.config.secrets.operatorNamespace;
        const outsidePods = [{ ipBlock: { cidr: "0.0.0.0/0", except: run.config.cluster.podCidrs } }];
        const egress = specOf(objectNamed(run, "NetworkPolicy", "external-secrets-operator", ns));
        // Every pod of the namespace but one under incident isolation.
        assert.deepEqual(
          [egress.podSelector, egress.policyTypes],
          [{ matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }] }, ["Egress"]],
        );
        assertOperatorEgress(egress as unknown as NetpolSpec, run);
        // The API server calls the webhook's pods only, from outside the pod network.
        const webhook = specOf(objectNamed(run, "NetworkPolicy", "external-secrets-webhook-ingress", ns));
        assert.deepEqual(webhook.podSelector, {
          matchLabels: { "app.kubernetes.io/name": "external-secrets-webhook", "app.kubernetes.io/instance": "external-secrets" },
          matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }],
        });
        assert.deepEqual(webhook.ingress, [{ from: outsidePods, ports: [{ protocol: "TCP", port: 10250 }] }]);
        // The scraper reads each chart's own metrics port on that chart's pods.
        const monitoring = run.config.network.monitoring;
        const scraper = {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": monitoring.namespace } },
          podSelector: { matchLabels: monitoring.podLabels },
        };
        const metrics = objectsOfKind(run, "NetworkPolicy", ns)
          .filter((p) => p.metadata.name!.endsWith("-metrics-ingress"))
          .map((p) => [specOf(p).podSelector.matchLabels, specOf(p).ingress]);
        assert.deepEqual(
          metrics,
          run.config.secrets.operator.serviceMonitor
            ? [
                [{ "app.kubernetes.io/instance": "external-secrets" }, [{ from: [scraper], ports: [{ protocol: "TCP", port: 8080 }] }]],
                [
                  { "app.kubernetes.io/name": "reloader", "app.kubernetes.io/instance": "reloader" },
                  [{ from: [scraper], ports: [{ protocol: "TCP", port: 9090 }] }],
                ],
              ]
            : [],
        );
        const release = childrenOfType(run, OPERATOR, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "external-secrets")!;
        // Every allow policy exists before the release (the deny policies, the namespace's and the isolation one, need not).
        for (const policy of objectsOfKind(run, "NetworkPolicy", ns).filter((p) => !["default-deny-all", "incident-isolation"].includes(p.metadata.name!))) {
          assert.ok(release.dependsOn.includes(idOf(resourceOfObject(run, "NetworkPolicy", policy.metadata.name!, ns))), policy.metadata.name);
        }
      });

      it("the operator and Reloader releases are pinned and run restricted, with resources and PDBs when replicated", () => {
        const releases = childrenOfType(run, OPERATOR, "kubernetes:helm.sh/v3:Release");
        const eso = releases.find((r) => r.inputs.chart === "external-secrets")!;
        assert.equal(eso.inputs.version, chartPins["external-secrets"].version);
        const values = eso.inputs.values as Spec;
        assert.equal(values.installCRDs, true);
        const replicas = run.config.secrets.operator.replicas;
        for (const part of [values, values.webhook, values.certController]) {
          assert.equal(part.securityContext.allowPrivilegeEscalation, false);
          assert.deepEqual(part.securityContext.capabilities, { drop: ["ALL"] });
          assert.equal(part.securityContext.runAsNonRoot, true);
          assert.deepEqual(part.podSecurityContext.seccompProfile, { type: "RuntimeDefault" });
          assert.ok(part.resources.limits.memory && part.resources.requests.cpu);
          assert.equal(part.replicaCount, replicas);
          assert.equal(part.podDisruptionBudget.enabled, replicas > 1);
        }
        assert.equal(values.serviceMonitor.enabled, run.config.secrets.operator.serviceMonitor);
        const reloader = releases.find((r) => r.inputs.chart === "reloader")!;
        assert.equal(reloader.inputs.version, chartPins.reloader.version);
        const d = (reloader.inputs.values as Spec).reloader.deployment;
        assert.equal(d.containerSecurityContext.allowPrivilegeEscalation, false);
        assert.deepEqual(d.securityContext.seccompProfile, { type: "RuntimeDefault" });
      });

      it("the sealing key is a kubernetes.io/tls Secret labelled active, created before the controller, every value a Pulumi secret", () => {
        const generations = run.config.secrets.sealedSecrets.keyGenerations;
        const namespace = run.config.secrets.sealedSecrets.namespace;
        const release = childrenOfType(run, SEALED, "kubernetes:helm.sh/v3:Release")[0];
        for (const generation of generations) {
          const secret = objectNamed(run, "Secret", `sealed-secrets-key-${generation}`, namespace);
          assert.equal((secret as Spec).type, "kubernetes.io/tls");
          assert.equal(secret.metadata.labels?.["sealedsecrets.bitnami.com/sealed-secrets-key"], "active");
          const r = resourceOfObject(run, "Secret", secret.metadata.name!, namespace);
          assert.deepEqual(Object.keys(unsecret<object>(r.inputs.stringData)).sort(), ["tls.crt", "tls.key"]);
          assert.ok(
            ["tls.crt", "tls.key"].every((k) => r.secretPaths.some((p) => p === "stringData" || p === `stringData.${k}`)),
            `secret paths: ${r.secretPaths.join(", ")}`,
          );
          assert.ok(release.dependsOn.includes(idOf(r)));
        }
        const values = release.inputs.values as Spec;
        assert.equal(values.fullnameOverride, "sealed-secrets-controller");
        assert.equal(values.keyrenewperiod, run.config.secrets.sealedSecrets.keyRenewPeriod);
        assert.equal(values.containerSecurityContext.allowPrivilegeEscalation, false);
        assert.deepEqual(values.containerSecurityContext.seccompProfile, { type: "RuntimeDefault" });
        assert.equal(release.inputs.namespace, "kube-system");
      });

      it("the newest sealing certificate is the sealedSecretsCertificate stack output, in plaintext", () => {
        const newest = run.config.secrets.sealedSecrets.keyGenerations.at(-1)!;
        const cert = childrenOfType(run, SEALED, "tls:index/selfSignedCert:SelfSignedCert").find((r) => r.name.endsWith(`-cert-${newest}`))!;
        assert.equal(run.outputs.sealedSecretsCertificate, `-----BEGIN CERTIFICATE-----\nMOCK-${cert.name}\n-----END CERTIFICATE-----\n`);
        const key = childrenOfType(run, SEALED, "tls:index/privateKey:PrivateKey").find((r) => r.name.endsWith(`-key-${newest}`))!;
        assert.deepEqual([key.inputs.algorithm, key.inputs.rsaBits], ["RSA", run.config.secrets.sealedSecrets.rsaBits]);
      });

      it("no input of a secrets resource holds a credential in plaintext", () => {
        const root = componentOf(run, "ecommerce:security:SecretsManagement");
        const credentialFields: Record<string, string[]> = {
          "kubernetes:core/v1:Secret": ["stringData", "data"],
          "aws:secretsmanager/secretVersion:SecretVersion": ["secretString"],
        };
        for (const r of subtree(run, root)) {
          for (const field of credentialFields[r.type] ?? []) {
            if (r.inputs[field] === undefined) continue;
            assert.ok(
              r.secretPaths.some((p) => p === field || p.startsWith(`${field}.`)),
              `${idOf(r)}.${field} is not a Pulumi secret`,
            );
          }
        }
      });
    });
  }
});

// The secrets group: a credential written as a literal where Kubernetes keeps it in plain text for anyone who can
// read workloads or ConfigMaps (the view role reads both, Secrets not): a container's env[].value, or a ConfigMap.
// Secrets belong in Secret objects (from an external store), referenced by secretKeyRef or mounted.
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { exemptNamespaces, matchesNamePattern, namePatterns } from "./config";
import { carriesPod, containersOf, podOf } from "./containers";
import { isKind } from "./context";
import type { PolicyRule, Violation } from "./types";
import { childPath, isUnknown } from "./unknown";

/** Words of a key name that say it holds a credential. */
const SECRET_WORDS = new Set(["password", "passwd", "pwd", "secret", "token", "apikey", "credential", "credentials", "privatekey", "passphrase"]);
/** Two-word spellings of the same (`api_key`, `private-key`, `access.key`). */
const SECRET_PAIRS = [
  ["api", "key"],
  ["private", "key"],
  ["access", "key"],
  ["secret", "key"],
  ["client", "secret"],
];
/** A last word that makes the key about a credential rather than the credential itself (`PASSWORD_FILE`, `token_url`). */
const REFERENCE_WORDS = new Set(
  (
    "file path dir name names url uri endpoint host port ref id type length ttl expiry expiration lifetime duration timeout enabled header field " +
    "key audience issuer mount mode algorithm scope scopes provider policy source store version format namespace region size count interval rotation"
  ).split(" "),
);

/** The words of a key: `DB_PASSWORD` -> [db, password], `apiKey` -> [api, key], `auth.token` -> [auth, token]. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Whether a key names a credential (and not a reference to one). */
export function namesSecret(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  const pairAt = (i: number) => SECRET_PAIRS.some(([a, b]) => words[i] === a && words[i + 1] === b);
  const pairEnds = words.some((_, i) => pairAt(i) && i + 2 === words.length);
  if (REFERENCE_WORDS.has(last) && !pairEnds) return false;
  return words.some((w, i) => SECRET_WORDS.has(w) || pairAt(i));
}

/** Values that are not a credential whatever the key says: empty, a switch, a placeholder for a value given elsewhere. */
function isLiteralCredential(value: string): boolean {
  const v = value.trim();
  if (v === "" || /^(true|false|yes|no|on|off|none|null|enabled|disabled|required|optional)$/i.test(v)) return false;
  // References resolved elsewhere: ${VAR}, $(VAR), {{ template }}, %(name)s, a file path, a secret store reference.
  if (/^\$\{[^}]*\}$|^\$\([^)]*\)$|^\{\{.*\}\}$|^%\([^)]*\)s$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return false;
  if (v.startsWith("/") || /^(vault|secretsmanager|arn|k8s|file|env):/i.test(v)) return false;
  return true;
}

/** Credential material recognisable by its shape, whatever its key: a private key block, an AWS access key ID. */
const CREDENTIAL_SHAPES: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: "a private key", pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { what: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
];

/** `key = value`, `key: value`, `"key": "value"` lines of a configuration file held in one ConfigMap value. */
const ASSIGNMENT = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'#\s][^"'#]*?)["']?\s*,?\s*$/;

const envConfig = z.strictObject({
  exempt: namePatterns("Workloads (namespace/name, * as a wildcard) allowed to carry literal credentials in env."),
  exemptNamespaces,
});

/** No literal credential in a container's environment. */
export const secretNotInEnv: PolicyRule<z.infer<typeof envConfig>> = {
  name: "secret-not-in-env",
  group: "secrets",
  description:
    "No container sets a credential (an env var named like a password, token, secret or key) as a literal env[].value: it is stored in plain text in the workload, readable by anyone who can read the workload; reference a Secret (valueFrom.secretKeyRef) instead.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: envConfig,
  appliesTo: carriesPod,
  check(resource, config) {
    const pod = podOf(resource);
    const namespace = resource.ref.namespace;
    if (pod === undefined || (namespace !== null && config.exemptNamespaces.includes(namespace))) return [];
    if (matchesNamePattern(config.exempt, namespace, resource.ref.name)) return [];
    const violations: Violation[] = [];
    for (const c of containersOf(pod)) {
      listOf(c.container.env).forEach((item, index) => {
        const env = fieldsOf(item);
        const name = env?.name;
        const value = env?.value;
        if (typeof name !== "string" || typeof value !== "string" || isUnknown(value)) return;
        const shape = CREDENTIAL_SHAPES.find((s) => s.pattern.test(value));
        if (shape === undefined && !(namesSecret(name) && isLiteralCredential(value))) return;
        violations.push({
          path: `${c.path}.env[${index}].value`,
          message: `container "${c.name}" sets ${name} to a literal ${shape === undefined ? "credential" : shape.what}`,
          fix: `store it in a Secret and use env[].valueFrom.secretKeyRef (or mount the Secret as a file)`,
        });
      });
    }
    return violations;
  },
};

const configMapConfig = z.strictObject({
  exempt: namePatterns("ConfigMaps (namespace/name, * as a wildcard) allowed to hold what looks like a credential."),
  exemptNamespaces,
});

/** What in one ConfigMap entry looks like a credential: the entry itself, or a `key = value` line of a file it holds. */
function credentialIn(key: string, value: string): string | undefined {
  const shape = CREDENTIAL_SHAPES.find((s) => s.pattern.test(value));
  if (shape !== undefined) return `holds ${shape.what}`;
  if (!value.includes("\n")) return namesSecret(key) && isLiteralCredential(value) ? `holds a literal credential under ${key}` : undefined;
  for (const [index, line] of value.split("\n").entries()) {
    const match = ASSIGNMENT.exec(line);
    if (match !== null && namesSecret(match[1]) && isLiteralCredential(match[2])) return `sets ${match[1]} to a literal credential on line ${index + 1}`;
  }
  return undefined;
}

/** No credential in a ConfigMap. */
export const secretNotInConfigMap: PolicyRule<z.infer<typeof configMapConfig>> = {
  name: "secret-not-in-configmap",
  group: "secrets",
  description:
    "No ConfigMap holds a credential (a key or a `key = value` line named like a password, token or secret with a literal value, a private key, an access key ID): ConfigMaps are not encrypted at rest and whoever may view the namespace reads them.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: configMapConfig,
  appliesTo: (resource) => isKind(resource, "", "ConfigMap"),
  check(resource, config) {
    const namespace = resource.ref.namespace;
    if (namespace !== null && config.exemptNamespaces.includes(namespace)) return [];
    if (matchesNamePattern(config.exempt, namespace, resource.ref.name)) return [];
    const data = fieldsOf(resource.props.data);
    if (data === undefined) return [];
    const violations: Violation[] = [];
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== "string" || isUnknown(value)) continue;
      const found = credentialIn(key, value);
      if (found === undefined) continue;
      violations.push({
        path: childPath("data", key),
        message: `entry "${key}" ${found}`,
        fix: "move the credential into a Secret (from the external store) and mount or reference it; keep only its reference here",
      });
    }
    return violations;
  },
};

const tokenSecretConfig = z.strictObject({
  allowed: namePatterns("Secrets (namespace/name, * as a wildcard) allowed to hold a long-lived service account token."),
});

/** No long-lived service account token Secrets. */
export const secretNoServiceAccountToken: PolicyRule<z.infer<typeof tokenSecretConfig>> = {
  name: "secret-no-service-account-token",
  group: "secrets",
  description:
    "No Secret of type kubernetes.io/service-account-token: the token controller fills it with a token of the service account that never expires and is not bound to a pod; pods get short-lived projected tokens.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: tokenSecretConfig,
  appliesTo: (resource) => isKind(resource, "", "Secret"),
  check(resource, config) {
    if (resource.props.type !== "kubernetes.io/service-account-token") return [];
    if (matchesNamePattern(config.allowed, resource.ref.namespace, resource.ref.name)) return [];
    const account = fieldsOf(fieldsOf(resource.props.metadata)?.annotations)?.["kubernetes.io/service-account.name"];
    return [
      {
        path: "type",
        message: `the Secret asks for a token of service account ${typeof account === "string" ? `"${account}"` : "(unnamed)"} that never expires`,
        fix: "remove it; pods use projected service account tokens, and a client outside the cluster gets a bounded one from the TokenRequest API (kubectl create token)",
      },
    ];
  },
};

/** The rules of the secrets group. */
export const secretRules: readonly PolicyRule[] = [secretNotInEnv, secretNotInConfigMap, secretNoServiceAccountToken] as PolicyRule[];

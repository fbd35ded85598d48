// The mesh group: mutual TLS is never relaxed (PeerAuthentication here; authorization, destination rules and sidecar
// injection in mesh-policies.ts), and certificates have strong keys and bounded lifetimes.
import { z } from "zod";
import { fieldsOf } from "@ecommerce-security/pod-security";
import { matchesNamePattern, namePatterns } from "./config";
import { isKind } from "./context";
import { meshPolicyRules } from "./mesh-policies";
import type { PolicyResource, PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

const RELAXED_MODES = ["PERMISSIVE", "DISABLE"];

const peerAuthConfig = z.strictObject({
  exempt: namePatterns("PeerAuthentications (namespace/name, * as a wildcard) allowed to accept plaintext, e.g. during a migration to the mesh."),
});

/** PeerAuthentication never PERMISSIVE or DISABLE. */
export const meshMtlsStrict: PolicyRule<z.infer<typeof peerAuthConfig>> = {
  name: "mesh-mtls-strict",
  group: "mesh",
  description:
    "No PeerAuthentication sets mTLS mode PERMISSIVE or DISABLE (for the workload or any port), whatever its namespace's labels say (pods join the mesh by their own labels too): plaintext would be accepted beside mutual TLS.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: peerAuthConfig,
  appliesTo: (resource) => isKind(resource, "security.istio.io", "PeerAuthentication"),
  check(resource, config) {
    const namespace = resource.ref.namespace;
    if (matchesNamePattern(config.exempt, namespace, resource.ref.name)) return [];
    const spec = fieldsOf(resource.props.spec);
    const violations: Violation[] = [];
    const mode = fieldsOf(spec?.mtls)?.mode;
    if (typeof mode === "string" && RELAXED_MODES.includes(mode)) {
      violations.push({
        path: "spec.mtls.mode",
        message: `mTLS mode ${mode} accepts plaintext traffic in namespace "${namespace ?? "(none)"}"`,
        fix: "set spec.mtls.mode: STRICT (or UNSET to inherit the mesh-wide STRICT policy)",
      });
    }
    for (const [port, value] of Object.entries(fieldsOf(spec?.portLevelMtls) ?? {})) {
      const portMode = fieldsOf(value)?.mode;
      if (typeof portMode === "string" && RELAXED_MODES.includes(portMode)) {
        violations.push({
          path: `spec.portLevelMtls["${port}"].mode`,
          message: `mTLS mode ${portMode} on port ${port} accepts plaintext traffic`,
          fix: "remove the port-level exception or set it to STRICT",
        });
      }
    }
    return violations;
  },
};

const keyConfig = z.strictObject({
  minRsaBits: z.number().int().min(1024).default(2048).describe("Smallest RSA key size accepted."),
  minEcdsaBits: z.number().int().min(256).default(256).describe("Smallest ECDSA curve size accepted."),
});

/** cert-manager's default key: RSA 2048 (ECDSA defaults to 256). */
const DEFAULT_SIZES: Record<string, number> = { RSA: 2048, ECDSA: 256 };

const isCertificate = (resource: PolicyResource) => isKind(resource, "cert-manager.io", "Certificate");

/** Strong keys on Certificates. */
export const certificateKeyStrength: PolicyRule<z.infer<typeof keyConfig>> = {
  name: "certificate-key-strength",
  group: "mesh",
  description: "Every cert-manager Certificate uses an RSA key of at least 2048 bits, an ECDSA key of at least 256 bits, or Ed25519.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: keyConfig,
  appliesTo: isCertificate,
  check(resource, config) {
    const privateKey = fieldsOf(fieldsOf(resource.props.spec)?.privateKey);
    const algorithm = privateKey?.algorithm ?? "RSA";
    const size = privateKey?.size;
    if (isUnknown(algorithm) || isUnknown(size) || typeof algorithm !== "string") return [];
    if (algorithm === "Ed25519") return [];
    const minimum = algorithm === "RSA" ? config.minRsaBits : algorithm === "ECDSA" ? config.minEcdsaBits : undefined;
    if (minimum === undefined) {
      return [{ path: "spec.privateKey.algorithm", message: `unknown key algorithm "${algorithm}"`, fix: "use RSA, ECDSA or Ed25519" }];
    }
    const bits = typeof size === "number" ? size : DEFAULT_SIZES[algorithm];
    if (bits >= minimum) return [];
    return [
      {
        path: "spec.privateKey.size",
        message: `${algorithm} key of ${bits} bits is weaker than the ${minimum} bits required`,
        fix: `set spec.privateKey.size to ${minimum} or more (or use ECDSA 256/384)`,
      },
    ];
  },
};

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };

/** Seconds in a Go duration (`2160h`, `1h30m`, `90s`), as cert-manager reads durations; undefined when invalid. */
export function durationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(match[1]) * UNIT_SECONDS[match[2]];
  return total;
}

const durationConfig = z.strictObject({
  maxDuration: z
    .string()
    .refine((s) => durationSeconds(s) !== undefined, "must be a Go duration such as 2160h")
    .default("2160h")
    .describe("Longest lifetime of a leaf certificate (Go duration)."),
  maxCaDuration: z
    .string()
    .refine((s) => durationSeconds(s) !== undefined, "must be a Go duration such as 87600h")
    .default("87600h")
    .describe("Longest lifetime of a CA certificate (isCA: true)."),
  exempt: namePatterns("Certificates (namespace/name) whose lifetime is not bounded by this rule."),
});

/** cert-manager's default certificate lifetime. */
const DEFAULT_DURATION = "2160h";

/** Bounded Certificate lifetimes. */
export const certificateDurationBounded: PolicyRule<z.infer<typeof durationConfig>> = {
  name: "certificate-duration-bounded",
  group: "mesh",
  description:
    "Every cert-manager Certificate has a bounded lifetime (spec.duration at most 90 days for leaves, 10 years for CAs, by default), so a leaked key expires.",
  enforcementLevel: "advisory",
  scope: "resource",
  config: durationConfig,
  appliesTo: isCertificate,
  check(resource, config) {
    if (matchesNamePattern(config.exempt, resource.ref.namespace, resource.ref.name)) return [];
    const spec = fieldsOf(resource.props.spec);
    const duration = spec?.duration ?? DEFAULT_DURATION;
    if (isUnknown(duration) || isUnknown(spec?.isCA)) return [];
    const limit = spec?.isCA === true ? config.maxCaDuration : config.maxDuration;
    const seconds = typeof duration === "string" ? durationSeconds(duration) : undefined;
    if (seconds === undefined) {
      return [
        {
          path: "spec.duration",
          message: `duration ${JSON.stringify(duration)} is not a Go duration`,
          fix: `set spec.duration to a Go duration such as ${DEFAULT_DURATION}`,
        },
      ];
    }
    if (seconds <= (durationSeconds(limit) ?? 0)) return [];
    return [
      {
        path: "spec.duration",
        message: `duration ${String(duration)} is longer than the ${limit} allowed for ${spec?.isCA === true ? "a CA" : "a leaf"} certificate`,
        fix: `set spec.duration to ${limit} or less and let cert-manager renew it`,
      },
    ];
  },
};

/** The rules of the mesh group. */
export const meshRules: readonly PolicyRule[] = [meshMtlsStrict, ...meshPolicyRules, certificateKeyStrength, certificateDurationBounded] as PolicyRule[];

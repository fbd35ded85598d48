/** `tls`: ACME issuers, the internal CA, certificate defaults and the public ingress. */
import { z } from "zod";
import { email, goDuration } from "./primitives";

const keyAlgorithm = z.enum(["RSA", "ECDSA"]);

export const tlsSchema = z
  .strictObject({
    /** ACME account email (expiry notices). */
    acmeEmail: email,
    /** Issuer of public certificates; defaults to letsencrypt-staging on non-production stacks. */
    publicIssuer: z.enum(["letsencrypt-prod", "letsencrypt-staging"]).optional(),
    /** Cloudflare DNS-01 solver for wildcard names; needs the `cloudflareApiToken` secret. */
    dns01: z.strictObject({ provider: z.literal("cloudflare"), zone: z.string().min(1) }).optional(),
    /** The internal CA created with @pulumi/tls. */
    ca: z
      .strictObject({
        commonName: z.string().default("ecommerce internal CA"),
        algorithm: keyAlgorithm.default("ECDSA"),
        rsaBits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).default(4096),
        ecdsaCurve: z.enum(["P256", "P384"]).default("P384"),
        validityHours: z.number().int().min(24 * 30).max(24 * 3650).default(24 * 365 * 5),
      })
      .prefault({}),
    /** Per-service mTLS certificates. */
    certificates: z
      .strictObject({
        keyAlgorithm: keyAlgorithm.default("ECDSA"),
        keySize: z.number().int().default(256),
        duration: goDuration.default("2160h"),
        renewBefore: goDuration.default("360h"),
      })
      .prefault({}),
    /** The public Ingress to the api-gateway. */
    ingress: z
      .strictObject({
        className: z.string().default("nginx"),
        maxBodySize: z.string().regex(/^[0-9]+[kmg]?$/, "must be an nginx size such as 8m").default("8m"),
        rateLimitRps: z.number().int().positive().default(20),
        hstsMaxAgeSeconds: z.number().int().min(86400).default(31536000),
        waf: z.boolean().default(true),
      })
      .prefault({}),
  })
  .superRefine((t, ctx) => {
    if (t.certificates.keyAlgorithm === "RSA" && t.certificates.keySize < 2048) {
      ctx.addIssue({ code: "custom", path: ["certificates", "keySize"], message: "RSA keys must be at least 2048 bits" });
    }
    if (t.certificates.keyAlgorithm === "ECDSA" && ![256, 384].includes(t.certificates.keySize)) {
      ctx.addIssue({ code: "custom", path: ["certificates", "keySize"], message: "ECDSA key size must be 256 or 384" });
    }
  });

export type TlsConfig = z.infer<typeof tlsSchema>;

/**
 * `scanning.signatures`: image signature admission (sigstore policy-controller). The key sits in the `scanning`
 * section, whose schema (components/scanning/schema.ts) composes this one; components/image-signatures reads it.
 * Declared here so the two concerns share it without importing each other.
 */
import { z } from "zod";

/** A PEM public key. */
const pemPublicKey = z.string().regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, "must be a PEM public key");

/**
 * Who signs a third-party image: its publisher's cosign public key (Istio publishes https://istio.io/misc/istio-key.pub,
 * cert-manager https://cert-manager.io/public-keys/cert-manager-pubkey-2021-09-20.pem) or its keyless (Fulcio) identity.
 */
export const thirdPartySignerSchema = z.union([
  z.strictObject({
    /** The publisher's public key (PEM). Public, so plain config. */
    key: pemPublicKey,
    /** The digest algorithm the publisher signs with (cert-manager: sha512). */
    hashAlgorithm: z.enum(["sha256", "sha384", "sha512"]).default("sha256"),
  }),
  z.strictObject({
    /** The publisher's keyless identity: the OIDC issuer and the certificate subject (or a regular expression of it). */
    keyless: z
      .strictObject({
        /** OIDC issuer of the signing certificate (GitHub Actions: https://token.actions.githubusercontent.com). */
        issuer: z.url({ protocol: /^https$/, error: "must be an https:// URL" }),
        /** Exact certificate subject (the release workflow's URI or an email). */
        subject: z.string().min(1).optional(),
        /** Regular expression the certificate subject must match, when the subject varies per release. */
        subjectRegExp: z.string().min(1).optional(),
      })
      .refine((k) => (k.subject === undefined) !== (k.subjectRegExp === undefined), "set exactly one of subject and subjectRegExp"),
  }),
]);
export type ThirdPartySigner = z.infer<typeof thirdPartySignerSchema>;

export const signaturesSchema = z.strictObject({
  /** Images under this registry prefix must be signed (glob as ClusterImagePolicy takes it, e.g. registry.example.com/**). */
  registryGlob: z.string().min(1),
  /** The platform's cosign public key (PEM). Public, so plain config. */
  cosignPublicKey: pemPublicKey,
  /** `enforce` rejects unsigned images; `warn` admits them with a warning (for a rollout). */
  mode: z.enum(["enforce", "warn"]).default("enforce"),
  /**
   * What happens to an image no ClusterImagePolicy matches in an opted-in namespace: `deny` (an image from anywhere
   * else never runs there); `warn` or `allow` only for a rollout, set explicitly. Every image the platform itself runs
   * there (the mesh proxy, the ACME solver, Velero's restore helper) has its own ClusterImagePolicy.
   */
  unmatchedImages: z.enum(["deny", "warn", "allow"]).default("deny"),
  /**
   * The signers of the third-party images the platform runs in the opted-in namespaces, by image (`istio-proxy`,
   * `cert-manager-acmesolver`, `velero`): each gets a ClusterImagePolicy requiring its publisher's signature. An image
   * without a signer here needs `countersignatures`.
   */
  thirdPartySigners: z
    .strictObject({
      /** The mesh proxy (and its init container): Istio's key. */
      "istio-proxy": thirdPartySignerSchema.optional(),
      /** cert-manager's ACME HTTP-01 solver, started in the edge namespace: cert-manager's key (sha512). */
      "cert-manager-acmesolver": thirdPartySignerSchema.optional(),
      /** Velero's image as the restore helper init container of restored pods (with `backup.fileSystemBackup`). */
      velero: thirdPartySignerSchema.optional(),
    })
    .default({}),
  /**
   * The OCI repository where the platform keeps its own signatures of the third-party digests it approved (signed with
   * the platform's key: `COSIGN_REPOSITORY=<this> cosign sign --key ... docker.io/istio/proxyv2@sha256:...`, after
   * verifying the publisher's signature): each third-party policy also accepts those. Required for a third-party
   * image without a signer in `thirdPartySigners`.
   */
  countersignatures: z
    .string()
    .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/, "must be an OCI repository such as registry.example.com/platform/countersignatures")
    .optional(),
  /** Webhook replicas: it fails closed, so one replica down must not block every deployment. */
  webhookReplicas: z.number().int().min(1).max(10).default(2),
});

/** Config `scanning.signatures` after its defaults. */
export type SignaturesConfig = z.infer<typeof signaturesSchema>;

/** The part of the configuration holding it: the `scanning` section (always present once parsed), as far as signatures go. */
export interface SignaturesInput {
  scanning: { signatures?: SignaturesConfig };
}

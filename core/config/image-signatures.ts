/**
 * `scanning.signatures`: image signature admission (sigstore policy-controller). The key sits in the `scanning`
 * section, whose schema (components/scanning/schema.ts) composes this one; components/image-signatures reads it.
 * Declared here so the two concerns share it without importing each other.
 */
import { z } from "zod";

export const signaturesSchema = z.strictObject({
  /** Images under this registry prefix must be signed (glob as ClusterImagePolicy takes it, e.g. registry.example.com/**). */
  registryGlob: z.string().min(1),
  /** The platform's cosign public key (PEM). Public, so plain config. */
  cosignPublicKey: z.string().regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, "must be a PEM public key"),
  /** `enforce` rejects unsigned images; `warn` admits them with a warning (for a rollout). */
  mode: z.enum(["enforce", "warn"]).default("enforce"),
  /**
   * What happens to an image no ClusterImagePolicy matches (outside registryGlob) in an opted-in namespace:
   * `deny` once every image, the Istio proxy included, is mirrored into the private registry; `warn` until then.
   */
  unmatchedImages: z.enum(["deny", "warn", "allow"]).default("warn"),
  /** Webhook replicas: it fails closed, so one replica down must not block every deployment. */
  webhookReplicas: z.number().int().min(1).max(10).default(2),
});

/** Config `scanning.signatures` after its defaults. */
export type SignaturesConfig = z.infer<typeof signaturesSchema>;

/** The part of the configuration holding it: the `scanning` section (always present once parsed), as far as signatures go. */
export interface SignaturesInput {
  scanning: { signatures?: SignaturesConfig };
}

/**
 * `registry`: the stack's own private registry, Harbor from the pinned chart (`features.registry`, off by default):
 * its public name, where it stores images, its credentials' Secret and its vulnerability scanner.
 */
import { z } from "zod";
import { acmeIssuerNames } from "../../core/acme-issuers";
import { dnsLabel, hostname, quantity } from "../../core/config/primitives";

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, "must be an AWS region such as eu-west-1");

/** Images and the database on PersistentVolumeClaims (the architecture document's sizes). */
const filesystemStorage = z.strictObject({
  /** Images, indexes and the database on PersistentVolumeClaims. */
  type: z.literal("filesystem"),
  /** StorageClass of every claim; the cluster's default class when omitted. */
  storageClass: dnsLabel.optional(),
  /** Size of the image store's claim (the document: 100Gi). */
  registrySize: quantity.default("100Gi"),
});

/** Images in an S3 bucket, reached through IRSA (no static keys); the database, Redis and the scanner's cache still on claims. */
const s3Storage = z.strictObject({
  /** Images in an existing S3 bucket. */
  type: z.literal("s3"),
  /** The bucket (created and encrypted outside this program, like the document's storage). */
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
  /** The bucket's region. */
  region: awsRegion,
  /**
   * ARN of the bucket's customer-managed KMS key (its default encryption), when it has one: the registry's role may use
   * it through S3 in this region only. S3 encrypts with it by itself; Harbor names no key.
   */
  kmsKeyArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/, "must be a KMS key ARN such as arn:aws:kms:eu-west-1:111122223333:key/...")
    .optional(),
  /** StorageClass of the remaining claims (database, Redis, scanner cache, job logs); the cluster's default when omitted. */
  storageClass: dnsLabel.optional(),
});

export const registrySchema = z
  .strictObject({
    /**
     * Public host name of the registry (the document's registry.example.com): the Ingress host, the certificate's name
     * and Harbor's external URL. Defaults to `secrets.registry.server`, the registry the shop pulls from.
     */
    host: hostname.optional(),
    /** Namespace of Harbor. */
    namespace: dnsLabel.default("harbor"),
    /** Where images are kept: `filesystem` (claims, the document's) or `s3` (a bucket through IRSA). */
    storage: z.discriminatedUnion("type", [filesystemStorage, s3Storage]).prefault({ type: "filesystem" }),
    /** Size of the database's claim (the document: 10Gi). */
    databaseSize: quantity.default("10Gi"),
    /**
     * The ACME ClusterIssuer of `harbor-tls` (the document's letsencrypt-prod in every stack: kubelets and docker clients
     * must trust the registry's certificate, which Let's Encrypt's staging CA is not).
     */
    issuer: z.enum(acmeIssuerNames).default("letsencrypt-prod"),
    /**
     * The Secret, synced by External Secrets from the backend (`<prefix>/<name>` like every credential), whose keys
     * Harbor reads through its `existingSecret*` values: HARBOR_ADMIN_PASSWORD, secretKey (16 characters), secret,
     * CSRF_KEY (32 characters), JOBSERVICE_SECRET, REGISTRY_HTTP_SECRET, REGISTRY_PASSWD and REGISTRY_HTPASSWD (bcrypt
     * htpasswd line of the user `harbor_registry_user` with REGISTRY_PASSWD).
     */
    credentialsSecret: dnsLabel.default("harbor-credentials"),
    /** Backend of that Secret; `secrets.defaultBackend` when omitted. */
    credentialsBackend: z.enum(["vault", "aws"]).optional(),
  })
  .optional();

export type RegistryConfig = z.infer<typeof registrySchema>;

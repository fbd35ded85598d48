/**
 * `tls`: cert-manager, the ACME issuers, the internal CA, the per-service mTLS certificates and the public
 * TLS ingress to the edge service. Components read it through components/certificates (see docs/configuration.md#tls).
 */
import { z } from "zod";
import { dnsLabel, durationSeconds, email, goDurationWithin, hostname } from "../../core/config/primitives";

const keyAlgorithm = z.enum(["RSA", "ECDSA"]);

/** Hours in a Go duration such as `2160h` or `90h30m` (what cert-manager parses). */
export function durationHours(d: string): number {
  return durationSeconds(d) / 3600;
}

export const tlsSchema = z
  .strictObject({
    /** ACME account email: Let's Encrypt sends expiry and policy notices there. */
    acmeEmail: email,
    /** Issuer of the public certificate; defaults to letsencrypt-prod in production and letsencrypt-staging elsewhere. */
    publicIssuer: z.enum(["letsencrypt-prod", "letsencrypt-staging"]).optional(),
    /**
     * DNS-01 through Cloudflare for the wildcard names (`<domains.public>` and `*.<domains.public>`); needs the
     * `cloudflareApiToken` secret. Without it the public certificate names its hosts one by one and is solved by HTTP-01.
     */
    dns01: z
      .strictObject({
        /** DNS provider; Cloudflare is the one wired (API token with Zone:DNS:Edit). */
        provider: z.literal("cloudflare"),
        /** The Cloudflare zone holding `domains.public` (the zone itself or a parent of it). */
        zone: hostname,
      })
      .optional(),
    /** cert-manager itself. */
    certManager: z
      .strictObject({
        /** Two replicas of controller, webhook and cainjector with PodDisruptionBudgets; defaults to on in production. */
        highAvailability: z.boolean().optional(),
        /** Create ServiceMonitors for Prometheus (the prometheus-operator CRDs must exist). */
        serviceMonitor: z.boolean().default(false),
      })
      .prefault({}),
    /** The internal CA, created with @pulumi/tls (features.tlsResources): its root signs one intermediate per namespace, which signs that namespace's certificates. */
    ca: z
      .strictObject({
        /** Subject common name of the CA certificate. */
        commonName: z.string().min(1).default("ecommerce internal CA"),
        /** Subject organization of the CA certificate. */
        organization: z.string().min(1).default("ecommerce"),
        /** Key algorithm of the CA key. */
        algorithm: keyAlgorithm.default("ECDSA"),
        /** RSA key size (algorithm RSA). */
        rsaBits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).default(4096),
        /** ECDSA curve (algorithm ECDSA). */
        ecdsaCurve: z.enum(["P256", "P384", "P521"]).default("P384"),
        /** Validity of the CA certificate in hours (30 days to 10 years; default 5 years). */
        validityHours: z
          .number()
          .int()
          .min(24 * 30)
          .max(24 * 3650)
          .default(24 * 365 * 5),
        /** Hours before expiry at which `pulumi up` re-issues the CA certificate (same key, so issued certificates stay valid). */
        earlyRenewalHours: z
          .number()
          .int()
          .min(0)
          .default(24 * 60),
      })
      .prefault({}),
    /** The mTLS Certificate every catalog service gets from the internal CA. */
    certificates: z
      .strictObject({
        /** Private key algorithm. */
        keyAlgorithm: keyAlgorithm.default("ECDSA"),
        /** Key size: 256, 384 or 521 for ECDSA; 2048 to 8192 for RSA. Defaults to 256 (ECDSA) or 3072 (RSA). */
        keySize: z.number().int().optional(),
        /** Certificate lifetime (Go duration); 90 days by default. */
        duration: goDurationWithin({ min: "1h", why: "cert-manager's minimum certificate duration" }).default("2160h"),
        /** Renew this long before expiry; 15 days by default. */
        renewBefore: goDurationWithin({ min: "5m", why: "cert-manager's minimum renewBefore" }).default("360h"),
        /** The cluster's DNS domain, for the `<svc>.<ns>.svc.<clusterDomain>` name. */
        clusterDomain: hostname.or(z.literal("cluster.local")).default("cluster.local"),
      })
      .prefault({}),
    /** The public Ingress to the edge service (ingress-nginx). */
    ingress: z
      .strictObject({
        /** Name of the public Ingress (the architecture document's `ecommerce-ingress`). */
        name: dnsLabel.default("ecommerce-ingress"),
        /** IngressClass of the ingress-nginx controller; also the HTTP-01 solver's class. */
        className: dnsLabel.default("nginx"),
        /** Catalog service the Ingress routes to. */
        service: dnsLabel.default("api-gateway"),
        /** Name of that service's port the Ingress routes to. */
        port: dnsLabel.default("http"),
        /** Largest request body accepted (nginx size: `8m`, `512k`). */
        maxBodySize: z
          .string()
          .regex(/^[0-9]+[kmg]?$/, "must be an nginx size such as 8m")
          .default("8m"),
        /** Requests per second accepted from one client address (bursts up to 5x are queued). */
        rateLimitRps: z.number().int().positive().default(20),
        /** Concurrent connections accepted from one client address. */
        rateLimitConnections: z.number().int().positive().default(50),
        /** HSTS max-age in seconds (at least one day; one year by default). */
        hstsMaxAgeSeconds: z.number().int().min(86400).default(31536000),
        /** Add `preload` to HSTS (only once the domain is submitted to the browsers' preload list). */
        hstsPreload: z.boolean().default(false),
        /** ModSecurity with the OWASP core rule set on the Ingress. */
        waf: z.boolean().default(true),
        /**
         * What ModSecurity does with a request the rules match: `blocking` refuses it (403); `detection-only` only logs
         * it (while tuning false positives: attacks then reach the api-gateway).
         */
        wafMode: z.enum(["blocking", "detection-only"]).default("blocking"),
      })
      .prefault({}),
  })
  .superRefine((t, ctx) => {
    const c = t.certificates;
    if (c.keySize !== undefined && c.keyAlgorithm === "RSA" && (c.keySize < 2048 || c.keySize > 8192)) {
      ctx.addIssue({ code: "custom", path: ["certificates", "keySize"], input: c.keySize, message: "RSA keys must be 2048 to 8192 bits" });
    }
    if (c.keySize !== undefined && c.keyAlgorithm === "ECDSA" && ![256, 384, 521].includes(c.keySize)) {
      ctx.addIssue({ code: "custom", path: ["certificates", "keySize"], input: c.keySize, message: "ECDSA key size must be 256, 384 or 521" });
    }
    if (durationHours(c.renewBefore) >= durationHours(c.duration)) {
      ctx.addIssue({
        code: "custom",
        path: ["certificates", "renewBefore"],
        input: c.renewBefore,
        message: `must be shorter than certificates.duration (${c.duration})`,
      });
    }
    if (t.ca.earlyRenewalHours >= t.ca.validityHours) {
      ctx.addIssue({
        code: "custom",
        path: ["ca", "earlyRenewalHours"],
        input: t.ca.earlyRenewalHours,
        message: `must be below ca.validityHours (${t.ca.validityHours})`,
      });
    }
  });

export type TlsConfig = z.infer<typeof tlsSchema>;

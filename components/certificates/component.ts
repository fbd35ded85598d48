/**
 * Certificates: TLS everywhere. cert-manager (Helm), the Let's Encrypt ClusterIssuers, the internal CA and its
 * CA ClusterIssuer, one mTLS Certificate per catalog service, the public certificate and the public TLS Ingress.
 * What is declared comes from components/certificates (pure); this component registers it in order: every Issuer, ClusterIssuer
 * and Certificate depends on the release that installs their CRDs and waits for the webhook.
 */
import * as pulumi from "@pulumi/pulumi";
import type { TlsConfig } from "./schema";
import { internalCaSecretManifest } from "./internal-ca-manifests";
import { cloudflareTokenSecretManifest } from "./issuers";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE } from "./names";
import { planTls } from "./plan";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";
import { InternalCa } from "./internal-ca";

/** Arguments of {@link Certificates}. */
export interface CertificatesArgs {
  /** The platform context: configuration, declared namespaces and providers. */
  ctx: PlatformContext;
  /** The stack's `tls` section (required when features.certificates is on). */
  tls: TlsConfig;
  /** Seconds Pulumi waits for the cert-manager release (its pods and the startup API check). */
  releaseTimeoutSeconds?: number;
}

const defaults = { releaseTimeoutSeconds: 600 } as const;

/** cert-manager, issuers, the internal CA, certificates and the public TLS Ingress. */
export class Certificates extends pulumi.ComponentResource {
  /** PEM of the internal CA certificate (undefined when features.tlsResources is off). */
  readonly caCertificatePem?: pulumi.Output<string>;
  /** The ACME ClusterIssuer of the public certificate on this stack. */
  readonly publicIssuer: string;
  /** Hosts the public Ingress serves over TLS. */
  readonly publicHosts: string[];
  /** The cert-manager release (features.helmReleases on): other components' cert-manager objects depend on it. */
  readonly release?: pulumi.Resource;
  /** The `internal-ca-issuer` ClusterIssuer (helmReleases and tlsResources on): Certificates from the internal CA depend on it. */
  readonly internalCaIssuer?: pulumi.Resource;

  constructor(name: string, args: CertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Certificates", name, {}, opts);
    const a = { ...defaults, ...args };
    const { config } = a.ctx;
    const f = config.features;
    const plan = planTls({ ...config, tls: a.tls });
    const child = { parent: this };
    const present = (...rs: Array<pulumi.Resource | undefined>) => rs.filter((r): r is pulumi.Resource => r !== undefined);
    const namespaceOf = (ns: string | undefined) => (ns ? a.ctx.namespaces.get(ns)?.namespace : undefined);
    const edgeNamespace = namespaceOf(plan.edge.namespace);

    // The internal CA needs only the TLS provider; handing it to cert-manager needs the release (below).
    const ca = f.tlsResources ? new InternalCa(`${name}-internal-ca`, { ca: a.tls.ca, protect: config.protect }, child) : undefined;

    let publicCertificate: pulumi.Resource | undefined;
    let release: pulumi.Resource | undefined;
    let internalCaIssuer: pulumi.Resource | undefined;
    if (f.helmReleases) {
      const certManagerNamespace = namespaceOf(CERT_MANAGER_NAMESPACE);
      const inCertManagerNamespace = { ...child, dependsOn: present(certManagerNamespace) };
      // Before the release: under default-deny the webhook would be unreachable and the release never ready.
      const policies = plan.certManagerPolicies.map((m) => createObject(m, inCertManagerNamespace));
      release = hardenedRelease(
        `${name}-cert-manager`,
        {
          chart: "cert-manager",
          namespace: CERT_MANAGER_NAMESPACE,
          releaseName: CERT_MANAGER_RELEASE,
          values: plan.releaseValues,
          overrides: config.charts,
          waitForReady: true,
          timeoutSeconds: a.releaseTimeoutSeconds,
        },
        { ...child, dependsOn: present(certManagerNamespace, ...policies) },
      );
      const afterRelease = (...more: Array<pulumi.Resource | undefined>) => ({ ...child, dependsOn: present(release, ...more) });

      let cloudflareToken: pulumi.Resource | undefined;
      if (plan.cloudflare) {
        const token = config.credentials.cloudflareApiToken;
        if (!token) throw new Error("cloudflareApiToken: required (as a secret) when tls.dns01 is set");
        cloudflareToken = createObject(cloudflareTokenSecretManifest(pulumi.secret(token)), inCertManagerNamespace);
      }
      const acmeIssuers = plan.acmeIssuers.map((m) => createObject(m, afterRelease(cloudflareToken)));

      if (ca) {
        const caSecret = createObject(internalCaSecretManifest(ca.certificatePem, ca.privateKeyPem), inCertManagerNamespace);
        internalCaIssuer = createObject(plan.caIssuer, afterRelease(caSecret));
        for (const cert of plan.serviceCertificates) createObject(cert, afterRelease(internalCaIssuer, namespaceOf(cert.metadata.namespace)));
      }
      publicCertificate = createObject(plan.publicCertificate, afterRelease(edgeNamespace, ...acmeIssuers));
      createObject(plan.solverPolicy, { ...child, dependsOn: present(edgeNamespace) });
    }

    // The Ingress is a core object: it is declared even without the release (its controller is installed elsewhere).
    const headers = createObject(plan.securityHeaders, { ...child, dependsOn: present(edgeNamespace) });
    createObject(plan.ingress, { ...child, dependsOn: present(edgeNamespace, headers, publicCertificate) });

    this.caCertificatePem = ca?.certificatePem;
    this.release = release;
    this.internalCaIssuer = internalCaIssuer;
    this.publicIssuer = plan.publicIssuer;
    this.publicHosts = (plan.ingress.spec as { tls: Array<{ hosts: string[] }> }).tls.flatMap((t) => t.hosts);
    this.registerOutputs({ caCertificatePem: this.caCertificatePem, publicIssuer: this.publicIssuer, publicHosts: this.publicHosts });
  }
}

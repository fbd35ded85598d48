/**
 * Certificates: TLS everywhere. cert-manager (Helm), the Let's Encrypt ClusterIssuers, the internal CA with one
 * intermediate and namespaced CA Issuer per namespace (and the admission policies holding each to its namespace's
 * names), one mTLS Certificate per catalog service, the public certificate and the public TLS Ingress.
 * What is declared comes from the pure plan (./plan); this component registers it in order: every Issuer, ClusterIssuer
 * and Certificate depends on the release that installs their CRDs and waits for the webhook.
 */
import * as pulumi from "@pulumi/pulumi";
import { hardenedRelease } from "../../core/helm-release";
import type { PlatformHandles } from "../../core/handles";
import { createObject } from "../../core/kubernetes-object";
import { InternalCa } from "./internal-ca";
import { intermediateChain, internalCaConfigMapManifest, internalCaSecretManifest, internalCaTrustConfigMapManifest } from "./internal-ca-manifests";
import { cloudflareTokenSecretManifest } from "./issuers";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE } from "./names";
import { planTls } from "./plan";
import type { ResolvedCertificates } from "./settings";

/** Arguments of {@link Certificates}: the resolved certificates settings and the handles it needs. */
export interface CertificatesArgs {
  /** Resolved settings: every default already filled in by the resolve step (./settings). */
  settings: ResolvedCertificates;
  /** Providers and namespaces the platform owns. */
  handles: PlatformHandles;
}

/** cert-manager, issuers, the internal CA, certificates and the public TLS Ingress. */
export class Certificates extends pulumi.ComponentResource {
  /** PEM of the internal CA certificate (undefined when the stack may not use the TLS provider). */
  readonly caCertificatePem?: pulumi.Output<string>;
  /** The ACME ClusterIssuer of the public certificate on this stack. */
  readonly publicIssuer: string;
  /** Hosts the public Ingress serves over TLS. */
  readonly publicHosts: string[];
  /** The cert-manager release (when the stack installs Helm releases): other components' cert-manager objects depend on it. */
  readonly release?: pulumi.Resource;
  /** The namespaced `internal-ca-issuer` Issuers (Helm and TLS provider both available): Certificates from the internal CA depend on them. */
  readonly internalCaIssuers?: pulumi.Resource[];

  constructor(name: string, { settings, handles }: CertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Certificates", name, {}, opts);
    const plan = planTls(settings);
    const child = { parent: this };
    const present = (...rs: Array<pulumi.Resource | undefined>) => rs.filter((r): r is pulumi.Resource => r !== undefined);
    const namespaceOf = (ns: string | undefined) => (ns ? handles.namespaces.get(ns)?.namespace : undefined);
    const edgeNamespace = namespaceOf(plan.edge.namespace);

    // The internal CA needs only the TLS provider; handing it to cert-manager needs the release (below).
    const ca = settings.createInternalCa
      ? new InternalCa(`${name}-internal-ca`, { ca: settings.ca, protect: settings.protect, namespaces: settings.issuerNamespaces }, child)
      : undefined;
    // Each namespace's CA certificates, public: its own intermediate and the root.
    for (const [ns, intermediate] of ca?.intermediates ?? []) {
      createObject(internalCaConfigMapManifest(ns, intermediate.certificatePem, ca!.certificatePem), { ...child, dependsOn: present(namespaceOf(ns)) });
    }
    // Namespaces that only verify internal-CA certificates (Fluent Bit's): the root, nothing to issue with.
    for (const ns of ca ? settings.trustNamespaces : []) {
      createObject(internalCaTrustConfigMapManifest(ns, ca!.certificatePem), { ...child, dependsOn: present(namespaceOf(ns)) });
    }

    let publicCertificate: pulumi.Resource | undefined;
    let release: pulumi.Resource | undefined;
    let internalCaIssuers: pulumi.Resource[] | undefined;
    if (settings.installCertManager) {
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
          overrides: settings.chartOverrides,
          waitForReady: true,
          timeoutSeconds: settings.releaseTimeoutSeconds,
        },
        { ...child, dependsOn: present(certManagerNamespace, ...policies) },
      );
      const afterRelease = (...more: Array<pulumi.Resource | undefined>) => ({ ...child, dependsOn: present(release, ...more) });

      const cloudflareToken = settings.dns01
        ? createObject(cloudflareTokenSecretManifest(pulumi.secret(settings.dns01.cloudflareApiToken)), inCertManagerNamespace)
        : undefined;
      const acmeIssuers = plan.acmeIssuers.map((m) => createObject(m, afterRelease(cloudflareToken)));

      if (ca) {
        // The policies first: no Issuer signs before its names are restricted.
        const policies = plan.caPolicies.map((m) => createObject(m, child));
        const issuers = new Map<string, pulumi.Resource>();
        for (const issuer of plan.caIssuers) {
          const ns = issuer.metadata.namespace!;
          const intermediate = ca.intermediates.get(ns)!;
          const chain = pulumi.all([intermediate.certificatePem, ca.certificatePem]).apply(([i, r]) => intermediateChain(i, r));
          const secret = createObject(internalCaSecretManifest(ns, chain, intermediate.privateKeyPem, ca.certificatePem), {
            ...child,
            dependsOn: present(namespaceOf(ns)),
          });
          issuers.set(ns, createObject(issuer, afterRelease(secret, ...policies)));
        }
        internalCaIssuers = [...issuers.values()];
        for (const cert of plan.serviceCertificates) {
          createObject(cert, afterRelease(issuers.get(cert.metadata.namespace!), namespaceOf(cert.metadata.namespace)));
        }
      }
      publicCertificate = createObject(plan.publicCertificate, afterRelease(edgeNamespace, ...acmeIssuers));
      createObject(plan.solverPolicy, { ...child, dependsOn: present(edgeNamespace) });
    }

    // The Ingress is a core object: it is declared even without the release (its controller is installed elsewhere).
    // The admission policies come first: the snippet policy must be in force before an Ingress with a snippet exists.
    const admission = plan.admissionPolicies.map((m) => createObject(m, child));
    const headers = createObject(plan.securityHeaders, { ...child, dependsOn: present(edgeNamespace) });
    createObject(plan.ingress, { ...child, dependsOn: present(edgeNamespace, headers, publicCertificate, ...admission) });

    this.caCertificatePem = ca?.certificatePem;
    this.release = release;
    this.internalCaIssuers = internalCaIssuers;
    this.publicIssuer = plan.publicIssuer;
    this.publicHosts = (plan.ingress.spec as { tls: Array<{ hosts: string[] }> }).tls.flatMap((t) => t.hosts);
    this.registerOutputs({ caCertificatePem: this.caCertificatePem, publicIssuer: this.publicIssuer, publicHosts: this.publicHosts });
  }
}

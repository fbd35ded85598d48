/**
 * Compliance: the compliance profile ConfigMap, the GDPR retention CronJob over the log store (with its
 * credentials, CA and NetworkPolicy), and, when PCI-DSS is on, the payment-only role in the PCI zone namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import { gdprRetentionManifests, GDPR_JOB } from "./gdpr-retention";
import { gdprRetentionNetworkPolicy } from "./network-policies";
import { pciZoneManifests } from "./pci-zone";
import { complianceProfile } from "./profile";
import { derivePassword } from "../logging/credentials";
import { nonInternetRanges } from "../logging/cluster-ranges";
import { logStoreEndpoint } from "../logging/endpoint";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Compliance}. */
export interface ComplianceArgs {
  /** The platform context (config, namespaces, credentials). */
  ctx: PlatformContext;
  /** Whether the stack issues certificates from the internal CA (then the GDPR job gets its CA bundle from a Certificate). */
  issueCertificates: boolean;
  /** What that Certificate must wait for (cert-manager and the `internal-ca-issuer`). */
  certificateDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** ClusterIssuer of the internal CA. */
  internalIssuer?: string;
  /** The logging stack the GDPR job purges, when features.logging is on (it waits for it). */
  logging?: pulumi.Resource;
}

const defaults = { internalIssuer: "internal-ca-issuer" } as const;

/** The compliance profile and the controls it promises. */
export class Compliance extends pulumi.ComponentResource {
  /** Namespace of the profile and the GDPR job. */
  readonly namespace: string;

  constructor(name: string, args: ComplianceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Compliance", name, {}, opts);
    const a = { ...defaults, ...args };
    const config = a.ctx.config;
    const c = config.compliance;
    const inNamespace = (ns: string, m: Manifest, extra: pulumi.Resource[] = []) => {
      const namespace = a.ctx.namespaces.get(ns)?.namespace;
      return createObject(m, { parent: this, dependsOn: [...(namespace ? [namespace] : []), ...extra] });
    };
    this.namespace = c.namespace;

    inNamespace(
      c.namespace,
      complianceProfile({
        namespace: c.namespace,
        environment: config.environment,
        gdprRetentionDays: c.gdprRetentionDays,
        gdprRetentionSchedule: c.gdprRetentionSchedule,
        logRetentionDays: config.features.logging ? config.logging.retentionDays : undefined,
        pciDss: c.pciDss,
        pciNamespace: c.pciNamespace,
        iso27001: c.iso27001,
        soc2: c.soc2,
      }),
    );

    // The personal data this platform holds is in the logs: without a log store there is nothing to purge.
    if (config.features.logging) {
      const master = config.credentials.elasticsearchPassword;
      if (!master) throw new Error("elasticsearchPassword: is required (as a secret) when features.logging is on");
      const endpoint = logStoreEndpoint(config.logging);
      let caSecretName: string | undefined;
      const tls: pulumi.Resource[] = [];
      if (endpoint.inCluster) {
        caSecretName = config.logging.elasticsearch.tlsSecretName;
        if (!caSecretName && a.issueCertificates) {
          // A client certificate from the same CA puts that CA's ca.crt in this namespace, where the job can mount it.
          caSecretName = `${GDPR_JOB}-tls`;
          tls.push(
            inNamespace(
              c.namespace,
              {
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                metadata: { name: caSecretName, namespace: c.namespace },
                spec: {
                  secretName: caSecretName,
                  commonName: `${GDPR_JOB}.${c.namespace}`,
                  duration: "2160h",
                  renewBefore: "360h",
                  privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
                  usages: ["client auth", "digital signature"],
                  issuerRef: { name: a.internalIssuer, kind: "ClusterIssuer", group: "cert-manager.io" },
                },
              },
              (a.certificateDependsOn ?? []) as pulumi.Resource[],
            ),
          );
        }
      }
      const password = endpoint.inCluster ? pulumi.secret(master.apply((p) => derivePassword(p, "gdpr-retention"))) : master;
      const job = gdprRetentionManifests({
        namespace: c.namespace,
        image: c.gdprJobImage,
        schedule: c.gdprRetentionSchedule,
        retentionDays: c.gdprRetentionDays,
        endpoint,
        indexPrefix: config.logging.indexPrefix,
        password,
        caSecretName,
      });
      const policy = inNamespace(
        c.namespace,
        gdprRetentionNetworkPolicy(c.namespace, endpoint, config.logging.namespace, config.network.dns, nonInternetRanges(config.cluster)),
      );
      const inputs = [inNamespace(c.namespace, job.secret), inNamespace(c.namespace, job.serviceAccount), policy, ...tls];
      inNamespace(c.namespace, job.cronJob, [...inputs, ...(a.logging ? [a.logging] : [])]);
    }

    if (c.pciDss) {
      const services = c.pciServices.map((name) => {
        const svc = config.catalog.find((s) => s.name === name);
        if (!svc) throw new Error(`compliance.pciServices: unknown service "${name}"`);
        return svc;
      });
      const pci = pciZoneManifests(c.pciNamespace, services);
      const role = inNamespace(c.pciNamespace, pci.role);
      inNamespace(c.pciNamespace, pci.binding, [role]);
    }
    this.registerOutputs({ namespace: this.namespace });
  }
}

/**
 * The compliance concern's resolved settings: the `compliance` section with every default filled, the payment
 * services of the PCI zone looked up in the catalog, and the log store the GDPR retention job purges (its facts from
 * core/log-store.ts). Pure: tested without Pulumi.
 */
import { nonInternetRanges } from "../../core/cluster-ranges";
import type { Environment, PlatformConfig } from "../../core/config/platform";
import { GDPR_JOB } from "../../core/gdpr";
import { logStoreOf, type LogStore, type LogStoreSection } from "../../core/log-store";
import type { PeerPods } from "../../core/operator-network-policy";
import type { SecretCredential } from "../../core/secret-credentials";
import type { PciService } from "./pci-zone";
import type { ComplianceConfig } from "./schema";

/** The configuration the compliance concern reads: the platform-wide keys, its section and the log store's facts. */
export type ComplianceStackConfig<Credential = string> = PlatformConfig<Credential> & { compliance: ComplianceConfig; logging: LogStoreSection };

/** Where the GDPR job's CA bundle (ca.crt verifying the in-cluster Elasticsearch) comes from. */
export interface GdprCaSecret {
  /** Secret in the compliance namespace whose `ca.crt` the job mounts. */
  name: string;
  /** Issue a client Certificate from the internal CA into it (which puts that CA's ca.crt there); else it is provided. */
  issueFromInternalCa: boolean;
}

/**
 * The compliance concern as this stack deploys it.
 * @typeParam Credential  a Pulumi secret in the program; plaintext in the tests of {@link resolveCompliance}.
 */
export interface ResolvedCompliance<Credential = SecretCredential> {
  /** Namespace of the compliance profile and the GDPR retention job (restricted). */
  namespace: string;
  /** Where the stack runs (recorded in the profile). */
  environment: Environment;
  /** Days personal data may be kept; the GDPR job deletes anything older. */
  gdprRetentionDays: number;
  /** When the GDPR job runs (cron, UTC). */
  gdprRetentionSchedule: string;
  /** Image of the GDPR job (curl). */
  gdprJobImage: string;
  /** PCI-DSS scope: the PCI zone namespace and its payment-only role. */
  pciDss: boolean;
  /** Namespace of the PCI zone (declared when `pciDss`). */
  pciNamespace: string;
  /**
   * The catalog services whose ServiceAccounts get the payment-only role, in `compliance.pciServices` order: placed in
   * the PCI zone (the compliance feature's `placeServices`), with the Secrets and ConfigMaps the catalog gives them.
   */
  pciServices: PciService[];
  /** The PCI zone's own Secrets the payment services may also read (`get` by name), in `compliance.pciSecrets` order. */
  pciSecrets: string[];
  /** ISO/IEC 27001 controls claimed (recorded in the profile). */
  iso27001: boolean;
  /** SOC 2 controls claimed (recorded in the profile). */
  soc2: boolean;
  /** The log store the GDPR job purges; undefined when `features.logging` is off (no personal data kept, no job). */
  logStore?: LogStore<Credential>;
  /** The GDPR job's CA bundle: for the in-cluster store, when a TLS Secret is provided or the stack issues certificates. */
  gdprCaSecret?: GdprCaSecret;
  /** Cluster DNS (`network.dns`): the GDPR job's only egress besides the log store. */
  dns: PeerPods;
  /** Ranges that are not "the internet": excluded from the job's egress to an external store. */
  clusterCidrs: string[];
}

/** The GDPR job's CA bundle for a log store (see {@link ResolvedCompliance.gdprCaSecret}). */
function gdprCaSecretOf(store: LogStore<unknown>): GdprCaSecret | undefined {
  if (!store.endpoint.inCluster) return undefined;
  if (store.providedTlsSecretName) return { name: store.providedTlsSecretName, issueFromInternalCa: false };
  return store.stackIssuesCertificates ? { name: `${GDPR_JOB}-tls`, issueFromInternalCa: true } : undefined;
}

/**
 * The compliance settings, or undefined when `features.compliance` is off. Every `compliance.pciServices` entry is
 * a catalog service: the checks refuse any other.
 */
export function resolveCompliance<Credential>(c: ComplianceStackConfig<Credential>): ResolvedCompliance<Credential> | undefined {
  if (!c.features.compliance) return undefined;
  const compliance = c.compliance;
  const logStore = logStoreOf(c);
  return {
    namespace: compliance.namespace,
    environment: c.environment,
    gdprRetentionDays: compliance.gdprRetentionDays,
    gdprRetentionSchedule: compliance.gdprRetentionSchedule,
    gdprJobImage: compliance.gdprJobImage,
    pciDss: compliance.pciDss,
    pciNamespace: compliance.pciNamespace,
    pciServices: compliance.pciServices.flatMap((name) => c.catalog.filter((s) => s.name === name)),
    pciSecrets: compliance.pciSecrets,
    iso27001: compliance.iso27001,
    soc2: compliance.soc2,
    logStore,
    gdprCaSecret: logStore && gdprCaSecretOf(logStore),
    dns: c.network.dns,
    clusterCidrs: nonInternetRanges(c.cluster),
  };
}

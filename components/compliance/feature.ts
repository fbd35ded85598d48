/** The compliance concern: compliance-config and the profile, the GDPR jobs and the optional PCI-DSS zone. */
import type { Feature } from "../../core/feature";
import type { SecretCredential } from "../../core/secret-credentials";
import { complianceIssues } from "./checks";
import { pciZoneIssues, pciZonePlacements, type PciZoneConfig } from "./pci-zone-checks";
import { Compliance } from "./component";
import { complianceSchema } from "./schema";
import { resolveCompliance, type ComplianceStackConfig, type ResolvedCompliance } from "./settings";

export const complianceFeature: Feature<ComplianceStackConfig<SecretCredential> & Pick<PciZoneConfig, "scanning">, ResolvedCompliance> & {
  readonly sections: { compliance: typeof complianceSchema };
} = {
  name: "compliance",
  switches: { compliance: { description: "compliance-config, the GDPR clean-up and log-retention jobs and the optional PCI zone.", default: true } },
  sections: { compliance: complianceSchema },
  // The PCI zone's payment services run in the zone: every layer derives from the catalog they are placed in.
  placeServices: pciZonePlacements,
  checks: (c: ComplianceStackConfig & Pick<PciZoneConfig, "scanning">) => [...complianceIssues(c), ...pciZoneIssues(c)],
  resolve: resolveCompliance,
  namespaces: (settings) => [
    { name: settings.namespace, purpose: "compliance profile and the GDPR jobs (application data clean-up, external log retention)" },
    ...(settings.pciDss ? [{ name: settings.pciNamespace, purpose: "PCI-DSS cardholder-data zone" }] : []),
  ],
  // The GDPR retention job runs only where there is a log store to purge.
  images: (settings) => [...(settings.dataCleanup ? [settings.dataCleanup.image] : []), ...(settings.logStore ? [settings.gdprJobImage] : [])],
  create: (settings, handles, opts) => ({ component: new Compliance("compliance", { settings, handles }, opts) }),
};

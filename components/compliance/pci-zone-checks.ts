/**
 * What the PCI-DSS zone needs of the rest of the stack (when `compliance.pciDss` is on): the zone is in the mesh
 * (STRICT mutual TLS, sidecars), under image signature admission that refuses what it cannot verify (enforce mode, no
 * unmatched image admitted), and holds the payment services only.
 */
import type { ConfigIssue } from "../../core/config/errors";
import type { SignaturesInput } from "../../core/config/image-signatures";
import type { ServicePlacement } from "../../core/feature";
import type { ComplianceStackConfig } from "./settings";

/** The configuration these checks read: the compliance section, the switches, the catalog and `scanning.signatures`. */
export type PciZoneConfig = Pick<ComplianceStackConfig<unknown>, "features" | "compliance" | "catalog"> & SignaturesInput;

/** The payment services the zone takes in: each `compliance.pciServices` entry of the catalog, into `compliance.pciNamespace`. */
export function pciZonePlacements(c: Pick<ComplianceStackConfig<unknown>, "features" | "compliance" | "catalog">): ServicePlacement[] {
  if (!c.features.compliance || !c.compliance.pciDss) return [];
  const known = new Set(c.catalog.map((s) => s.name));
  return c.compliance.pciServices
    .filter((name) => known.has(name))
    .map((service) => ({ service, namespace: c.compliance.pciNamespace, reason: "compliance.pciDss (compliance.pciServices)" }));
}

/** Problems of a stack whose PCI zone would not be what PCI-DSS scope asks. */
export function pciZoneIssues(c: PciZoneConfig): ConfigIssue[] {
  if (!c.features.compliance || !c.compliance.pciDss) return [];
  const zone = c.compliance.pciNamespace;
  const issues: ConfigIssue[] = [];
  if (!c.features.mesh) {
    issues.push({
      key: "features.mesh",
      value: false,
      message: `must be on when compliance.pciDss is on: the PCI zone (${zone}) accepts mutual TLS only (STRICT, sidecars)`,
    });
  }
  if (!c.features.imageSignatures) {
    issues.push({
      key: "features.imageSignatures",
      value: false,
      message: `must be on when compliance.pciDss is on: the PCI zone (${zone}) runs signed images only`,
    });
  }
  const signatures = c.scanning.signatures;
  if (c.features.imageSignatures && signatures) {
    if (signatures.mode !== "enforce") {
      issues.push({
        key: "scanning.signatures.mode",
        value: signatures.mode,
        message: `must be enforce when compliance.pciDss is on: the PCI zone (${zone}) refuses unsigned images`,
      });
    }
    if (signatures.unmatchedImages !== "deny") {
      issues.push({
        key: "scanning.signatures.unmatchedImages",
        value: signatures.unmatchedImages,
        message: `must be deny when compliance.pciDss is on: the PCI zone (${zone}) refuses images no policy verifies`,
      });
    }
  }
  const payment = new Set(c.compliance.pciServices);
  for (const s of c.catalog.filter((x) => x.namespace === zone && !payment.has(x.name))) {
    issues.push({
      key: `services.${s.name}.namespace`,
      value: zone,
      message: `is the PCI zone (compliance.pciNamespace): only compliance.pciServices (${[...payment].join(", ")}) run there; add ${s.name} to them or choose another namespace`,
    });
  }
  return issues;
}

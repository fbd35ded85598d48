/**
 * The security concerns of the platform, in the order they are created: identities and the network first (the
 * operators below need their namespaces' allow rules), then secrets and TLS, then scanning and backups, then
 * observability and response. The configuration schema, the checks, the namespaces and the components all come from
 * this list: adding a concern is one folder under components/ and one line here.
 */
import { alertingFeature } from "../components/alerting/feature";
import { auditFeature } from "../components/audit/feature";
import { backupFeature } from "../components/backup/feature";
import { certificatesFeature } from "../components/certificates/feature";
import { complianceFeature } from "../components/compliance/feature";
import { imageSignaturesFeature } from "../components/image-signatures/feature";
import { incidentResponseFeature } from "../components/incident-response/feature";
import { loggingFeature } from "../components/logging/feature";
import { meshFeature } from "../components/mesh/feature";
import { networkFeature } from "../components/network/feature";
import { rbacFeature } from "../components/rbac/feature";
import { reconciliationFeature } from "../components/reconciliation/feature";
import { registryFeature } from "../components/registry/feature";
import { scanningFeature } from "../components/scanning/feature";
import { secretsFeature } from "../components/secrets/feature";

export const features = [
  rbacFeature,
  networkFeature,
  meshFeature,
  secretsFeature,
  certificatesFeature,
  scanningFeature,
  imageSignaturesFeature,
  registryFeature,
  backupFeature,
  loggingFeature,
  auditFeature,
  alertingFeature,
  incidentResponseFeature,
  complianceFeature,
  reconciliationFeature,
] as const;

/** The type of the feature list (its sections compose the configuration schema's type). */
export type FeatureList = typeof features;

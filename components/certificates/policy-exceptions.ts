/**
 * The reviewed exceptions cert-manager's chart needs: its controllers read and write the Secrets that hold the
 * certificates they issue and the keys of the issuers they use, in every namespace a Certificate lives in, through
 * informers (list and watch), and cainjector writes CA bundles into webhook configurations. No value of the chart
 * narrows them; the objects are named as the release renders them.
 */
import type { FeaturePolicyException } from "../../core/feature";
import { READS_ALL_SECRETS, reviewedExceptions } from "../../core/reviewed-exceptions";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE } from "./names";

const clusterRole = (suffix: string) => `ClusterRole ${CERT_MANAGER_RELEASE}-${suffix}`;

/** cert-manager's exceptions, when this stack installs it. */
export function certManagerPolicyExceptions(): FeaturePolicyException[] {
  return reviewedExceptions(CERT_MANAGER_RELEASE, [
    {
      resource: clusterRole("cainjector"),
      rules: [...READS_ALL_SECRETS, "rbac-no-admission-config-edit"],
      reason:
        "cainjector copies the CA of certificate Secrets (the webhook's, the internal CA's) into the caBundle of webhook configurations and CRDs that ask for it by annotation, watching those Secrets to keep the bundles current",
    },
    {
      resource: clusterRole("controller-issuers"),
      rules: READS_ALL_SECRETS,
      reason: "the issuers controller reads the keys Issuers reference (CA key pairs, ACME account keys, DNS-01 API tokens) in their namespaces",
    },
    {
      resource: clusterRole("controller-clusterissuers"),
      rules: READS_ALL_SECRETS,
      reason: `the ClusterIssuer controller reads the internal CA key, the ACME account keys and the Cloudflare token in ${CERT_MANAGER_NAMESPACE}, its cluster resource namespace`,
    },
    {
      resource: clusterRole("controller-certificates"),
      rules: READS_ALL_SECRETS,
      reason:
        "the certificates controller writes each Certificate's key pair into its Secret and watches those Secrets to renew and repair them, in every namespace with a Certificate (the app namespaces' mTLS certificates)",
    },
    {
      resource: clusterRole("controller-orders"),
      rules: READS_ALL_SECRETS,
      reason: "the ACME orders controller reads the ACME account key Secret of the issuer an Order belongs to",
    },
    {
      resource: clusterRole("controller-challenges"),
      rules: READS_ALL_SECRETS,
      reason: "the ACME challenges controller reads the account key and the DNS-01 solver's API token Secrets to present and clean up challenges",
    },
    {
      resource: `Role ${CERT_MANAGER_NAMESPACE}/${CERT_MANAGER_RELEASE}-webhook:dynamic-serving`,
      rules: READS_ALL_SECRETS,
      reason: `the webhook watches only its own CA Secret (resourceNames: ${CERT_MANAGER_RELEASE}-webhook-ca) in ${CERT_MANAGER_NAMESPACE} to serve with a certificate it renews itself`,
    },
  ]);
}

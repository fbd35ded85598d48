/** The provider switches of `features` and the capabilities they resolve to. */
import type { FeatureSwitch } from "../feature";
import type { Capabilities } from "./platform";

/** The `features.*` switches that say which providers a stack may use, in stack-file order. */
export const capabilitySwitches = {
  helmReleases: {
    description:
      "Helm releases. Off where no chart repository is reachable; the CRD-backed objects of a disabled release go too (one release alone: charts.<release>.install).",
    default: true,
  },
  awsResources: { description: "Resources of the AWS provider (KMS, S3, IAM, Secrets Manager).", default: true },
  vaultResources: { description: "Resources of the Vault provider (KV mount, auth backend, policy).", default: true },
  tlsResources: { description: "Resources of the TLS provider (internal CA, sealing key).", default: true },
} as const satisfies Record<string, FeatureSwitch>;

/** The capabilities of a stack from its `features` switches. */
export function capabilitiesOf(features: Readonly<Record<string, boolean>>): Capabilities {
  return { helm: features.helmReleases, aws: features.awsResources, vault: features.vaultResources, tls: features.tlsResources };
}

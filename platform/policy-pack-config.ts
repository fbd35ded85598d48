/**
 * The policy pack configuration a stack needs: the reviewed exceptions its present concerns declare, grouped under
 * each rule, and its Pod Security relaxations: every namespace it runs below restricted (with the reason) listed as a
 * relaxed namespace, and the per-workload exemptions its concerns declare (the `--policy-pack-config` shape). The
 * offline plan's report runs with it and the plan writes it as policy-pack-config.json, so
 * `pulumi preview --policy-pack policy --policy-pack-config <plan>/policy-pack-config.json` judges the stack exactly
 * as the report did.
 */
import * as path from "node:path";
import { RELEASE_RENDERED_POLICY, type PackConfig, type PolicyException, type ReleaseRenderingConfig } from "@ecommerce-security/policy-rules";
import type { ClusterConfig } from "../core/config/cluster";
import type { NamespaceSpec } from "../components/namespaces/manifests";
import type { FeaturePodSecurityExemption, FeaturePolicyException } from "../core/feature";

/** What a stack relaxes of Pod Security: its namespaces (with their levels and reasons) and its workloads' exemptions. */
export interface StackPodSecurity {
  /** Every namespace the stack declares (platform/resolve.ts); those below restricted become relaxed namespaces. */
  namespaces: readonly NamespaceSpec[];
  /** The per-workload exemptions the present concerns declare. */
  podSecurityExemptions: readonly FeaturePodSecurityExemption[];
}

/** What else of the stack the pack reads: the image allow-list under a registry mirror (platform/resolve.ts). */
export interface StackImages {
  /** The repository prefixes images may come from; undefined keeps the pack's default allow-list. */
  allowedRegistries?: readonly string[];
}

/** The rules that read the relaxed namespaces; the first two also read the workload exemptions. */
const POD_SECURITY_RULES = ["pss-baseline", "pss-restricted"] as const;
const RELAXED_NAMESPACE_RULES = [...POD_SECURITY_RULES, "helm-security-values"] as const;

/** The reason a namespace runs below restricted, as the pack wants it (at least 20 characters). */
function relaxationReason(ns: NamespaceSpec): string {
  const reason = ns.reason ?? `the stack's podSecurity.defaultLevel is ${ns.level}`;
  return reason.length >= 20 ? reason : `namespace ${ns.name} runs ${ns.level}: ${reason}`;
}

/**
 * Pack configuration of a stack: `{ <rule>: { exceptions: [{ resource, reason }] } }` for the reviewed exceptions,
 * plus `relaxedNamespaces` (pss-baseline, pss-restricted, helm-security-values) and `workloadExemptions` (pss-*),
 * and under a registry mirror `allowedRegistries` (image-registry-allowed).
 */
export function policyPackConfig(exceptions: readonly FeaturePolicyException[], podSecurity: StackPodSecurity & StackImages): PackConfig {
  const byRule: Record<string, Record<string, unknown> & { exceptions?: PolicyException[] }> = {};
  for (const { rule, resource, reason } of exceptions) ((byRule[rule] ??= {}).exceptions ??= []).push({ resource, reason });
  const relaxedNamespaces = podSecurity.namespaces
    .filter((ns) => ns.level !== "restricted")
    .map((ns) => ({ namespace: ns.name, level: ns.level, reason: relaxationReason(ns) }));
  if (relaxedNamespaces.length > 0) for (const rule of RELAXED_NAMESPACE_RULES) (byRule[rule] ??= {}).relaxedNamespaces = relaxedNamespaces;
  const workloadExemptions = podSecurity.podSecurityExemptions.map(({ namespace, workload, controls, hostPaths, reason }) => ({
    namespace,
    workload,
    controls: [...controls],
    ...(hostPaths === undefined ? {} : { hostPaths: hostPaths.map((h) => ({ ...h })) }),
    reason,
  }));
  if (workloadExemptions.length > 0) for (const rule of POD_SECURITY_RULES) (byRule[rule] ??= {}).workloadExemptions = workloadExemptions;
  // With images.registryMirror, images come from the mirror (every chart's) or the program's own repositories only.
  if (podSecurity.allowedRegistries !== undefined) (byRule["image-registry-allowed"] ??= {}).allowedRegistries = [...podSecurity.allowedRegistries];
  return byRule;
}

/**
 * How the pack renders the stack's Helm releases at preview (helm-release-rendered): against the cluster's Kubernetes
 * version and API versions, as the plan renders them. With the plan's chart rendering (`--render-charts`) the preview
 * must render too (`required`), from the same local charts folder when one was given (as an absolute path: the pack
 * runs in its own folder); otherwise it renders when it can (`auto`: helm found, the chart pulled), and notes when not.
 */
export function releaseRenderingSettings(
  cluster: Pick<ClusterConfig, "kubernetesVersion" | "apiVersions">,
  rendering: { chartsDir?: string } | undefined,
): Pick<ReleaseRenderingConfig, "helmRender" | "chartsDir" | "kubeVersion" | "apiVersions"> {
  return {
    helmRender: rendering === undefined ? "auto" : "required",
    ...(rendering?.chartsDir === undefined ? {} : { chartsDir: path.resolve(rendering.chartsDir) }),
    kubeVersion: cluster.kubernetesVersion,
    apiVersions: [...cluster.apiVersions],
  };
}

/** The stack's pack configuration with the rendering settings of {@link releaseRenderingSettings} (policy-pack-config.json). */
export function withReleaseRendering(config: PackConfig, settings: ReturnType<typeof releaseRenderingSettings>): PackConfig {
  return { ...config, [RELEASE_RENDERED_POLICY]: settings };
}

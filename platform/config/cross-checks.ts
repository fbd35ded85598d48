/**
 * Checks that span sections: each feature's own checks (components/<concern>/checks.ts), then the platform-wide
 * ones. What only resolved settings show (Pod Security needs) is checked by the resolve step (platform/resolve.ts).
 */
import { cidrsOverlap } from "../../core/cluster-ranges";
import type { ConfigIssue } from "../../core/config/errors";
import { features } from "../features";
import type { AnyFeature } from "../resolve";
import type { StackConfig } from "./parse";
import { UncheckableValue } from "./partial-config";

/**
 * Every problem of the configuration across sections. After a partial parse some values are fenced off
 * (./partial-config.ts): a check that reads one is skipped, the others run.
 */
export function crossSectionIssues(c: StackConfig, list: readonly AnyFeature[] = features): ConfigIssue[] {
  const issues = list.flatMap((f) => unlessUncheckable(() => (f.checks?.(c) as ConfigIssue[] | undefined) ?? []));
  issues.push(...unlessUncheckable(() => applicationNamespaceIssues(c)));
  issues.push(...unlessUncheckable(() => privateDestinationIssues(c)));
  // Two concerns may find the same problem (IRSA needs EKS for backups and for AWS Secrets Manager): say it once.
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.key}\0${i.message}`) && seen.add(`${i.key}\0${i.message}`));
}

/** Application namespaces (those running catalog services) stay restricted. */
function applicationNamespaceIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const ns of Object.keys(c.podSecurity.namespaces)) {
    const app = c.catalog.find((s) => s.namespace === ns);
    if (app && c.podSecurity.namespaces[ns].level !== "restricted") {
      issues.push({
        key: `podSecurity.namespaces.${ns}.level`,
        value: c.podSecurity.namespaces[ns].level,
        message: `namespace ${ns} runs catalog service ${app.name}; application namespaces must stay restricted`,
      });
    }
  }
  return issues;
}

/**
 * The private destinations operators may reach (`network.apiServer`, `network.vpcEndpoints`) are known and never the
 * pod network: without them an operator would need "anywhere" again, and with a pod range it could reach the shop.
 */
function privateDestinationIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!c.network.apiServer.cidrs && c.cluster.nodeCidrs.length === 0) {
    issues.push({
      key: "network.apiServer.cidrs",
      message:
        "is required when cluster.nodeCidrs is empty: operators reach the API server only at its declared addresses (its endpoints' ranges, e.g. the control plane's subnets)",
    });
  }
  const declared: Array<[string, string[]]> = [
    ["network.apiServer.cidrs", c.network.apiServer.cidrs ?? []],
    ["network.vpcEndpoints", c.network.vpcEndpoints],
  ];
  for (const [key, cidrs] of declared) {
    cidrs.forEach((cidr, i) => {
      const pods = c.cluster.podCidrs.filter((p) => cidrsOverlap(cidr, p));
      if (pods.length > 0)
        issues.push({
          key: `${key}[${i}]`,
          value: cidr,
          message: `overlaps the pod network (${pods.join(", ")}): operators must never reach the shop's pods by address`,
        });
    });
  }
  return issues;
}

/** The issues a check finds, or none when it reads a value that is already reported as wrong. */
function unlessUncheckable(check: () => ConfigIssue[]): ConfigIssue[] {
  try {
    return check();
  } catch (e) {
    if (e instanceof UncheckableValue) return [];
    throw e;
  }
}

// How the pack renders Helm releases before judging their objects: the configuration of the policy
// `helm-release-rendered` (helmRender, chartsDir, repositoryMirrors, the cluster's capabilities), validated with
// messages that name the key, what was wrong and what is allowed. A Helm Release hides its objects from CrossGuard;
// rendering it with helm shows them to every rule. The rendering itself is in @ecommerce-security/helm-charts (it runs
// helm); this is only the configuration, so that policy:check and the plan validate a pack configuration the same way.
import * as path from "node:path";
import { z } from "zod";

/** The CrossGuard policy that carries the rendering configuration and reports, mandatory, a release `required` cannot render. */
export const RELEASE_RENDERED_POLICY = "helm-release-rendered";

/** The CrossGuard policy that notes, advisory, a release `auto` could not render (what is missing and how to fix it). */
export const RELEASE_NOT_RENDERED_POLICY = "helm-release-not-rendered";

/** What the pack does with a Helm Release's chart. */
export const HELM_RENDER_MODES = ["auto", "required", "off"] as const;

/** A rendering mode. */
export type HelmRenderMode = (typeof HELM_RENDER_MODES)[number];

const REPOSITORY_URL = /^(https?|oci):\/\/\S+$/;

/** The configuration of {@link RELEASE_RENDERED_POLICY}, every key with its default. */
export const releaseRenderingConfig = z.strictObject({
  helmRender: z
    .enum(HELM_RENDER_MODES, { error: `must be one of ${HELM_RENDER_MODES.join(", ")}` })
    .default("auto")
    .describe(
      "auto: render each release when helm and its chart are found, else an advisory note says what is missing; required: a release that cannot be rendered is a mandatory violation; off: judge the release's values only.",
    ),
  chartsDir: z
    .string()
    .refine(
      (dir) => path.isAbsolute(dir),
      "must be an absolute path (the pack runs in its own folder, so a relative path would not mean what it means in your shell)",
    )
    .optional()
    .describe(
      "A local chart repository (with `index.yaml`, as `../shared/charts`) or folder of `<chart>-<version>.tgz` packages: charts come only from there, never from the network (a release installed from a local package path is found there by its name and version).",
    ),
  repositoryMirrors: z
    .record(
      z.string().regex(REPOSITORY_URL, "must be a chart repository URL (https://, http:// or oci://)"),
      z.string().regex(REPOSITORY_URL, "must be the mirror's chart repository URL (https://, http:// or oci://)"),
    )
    .default({})
    .describe(
      "Without `chartsDir`: chart repository URL as a release names it -> the mirror `helm pull` fetches it from instead (the release still names, and is judged by, its own repository).",
    ),
  cacheDir: z
    .string()
    .refine((dir) => path.isAbsolute(dir), "must be an absolute path")
    .optional()
    .describe("Where pulled chart packages are kept; default the tool cache (`$ES_CACHE_DIR`, else `~/.cache/ecommerce-security`)."),
  kubeVersion: z
    .string()
    .regex(/^v?1\.\d+\.\d+$/, "must be a Kubernetes version such as 1.34.0")
    .optional()
    .describe(
      "Kubernetes version charts are rendered against (`helm template --kube-version`); the plan writes the stack's `cluster.kubernetesVersion`. Default: helm's own.",
    ),
  apiVersions: z
    .array(z.string().regex(/^[a-z0-9.-]+\/v[0-9a-z]+(\/[A-Za-z]+)?$/, "must be group/version (monitoring.coreos.com/v1) or group/version/Kind"))
    .default([])
    .describe("API versions the cluster serves besides the built-in ones (`helm template --api-versions`); the plan writes the stack's `cluster.apiVersions`."),
});

/** The rendering configuration, defaults applied. */
export type ReleaseRenderingConfig = z.infer<typeof releaseRenderingConfig>;

/** The configuration the pack renders with when nothing is configured. */
export const DEFAULT_RELEASE_RENDERING: ReleaseRenderingConfig = releaseRenderingConfig.parse({});

/** The problems of a rendering configuration, each `helm-release-rendered.<key>: <what is wrong> (got <value>)`. */
export function releaseRenderingProblems(properties: unknown): string[] {
  const parsed = releaseRenderingConfig.safeParse(properties ?? {});
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const key = [RELEASE_RENDERED_POLICY, ...issue.path.map(String)].join(".");
    const got = issue.path.reduce<unknown>((node, segment) => (node as Record<PropertyKey, unknown> | undefined)?.[segment as PropertyKey], properties);
    // An unknown key gets the keys that exist; a bad mode already lists the allowed ones.
    const allowed = issue.code === "unrecognized_keys" ? `; known keys: ${Object.keys(releaseRenderingConfig.shape).join(", ")}` : "";
    return `${key}: ${issue.message}${allowed}${got === undefined || issue.code === "unrecognized_keys" ? "" : ` (got ${JSON.stringify(got)})`}`;
  });
}

/** The rendering configuration of `properties` (CrossGuard's getConfig() of the policy), or an error naming every problem. */
export function parseReleaseRendering(properties: unknown): ReleaseRenderingConfig {
  const problems = releaseRenderingProblems(properties);
  if (problems.length > 0) throw new ReleaseRenderingConfigError(problems);
  return releaseRenderingConfig.parse(properties ?? {});
}

/** A rendering configuration that does not validate. */
export class ReleaseRenderingConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid policy configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ReleaseRenderingConfigError";
  }
}

/** The JSON schema of the rendering configuration, as CrossGuard's `configSchema` takes it. */
export function releaseRenderingJsonSchema(): { properties: Record<string, object> } {
  const schema = z.toJSONSchema(releaseRenderingConfig, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, object> };
  return { properties: schema.properties ?? {} };
}

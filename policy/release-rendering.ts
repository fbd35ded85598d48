// The pack's Helm rendering state. CrossGuard gives a policy its own configuration only, so the rendering settings
// live on one policy, helm-release-rendered, which the analyzer runs first on every Release (policies run in the
// pack's order for each resource): it renders the release with those settings and keeps the result by URN. Every rule's
// policy then judges that release's rendered objects from here (the resource phase on the same call, the stack phase
// at the end), so each release is rendered once per pack run, whatever the number of rules.
import {
  evaluateReleases,
  releaseFromInputs,
  ReleaseRenderer,
  renderedPolicyResource,
  toolCacheDir,
  type JudgedRelease,
  type ReleaseFinding,
  type ReleaseRendering,
} from "@ecommerce-security/helm-charts";
import {
  DEFAULT_RELEASE_RENDERING,
  type ConfiguredRule,
  type PolicyException,
  type PolicyResource,
  type PolicyRule,
  type ReleaseRenderingConfig,
} from "@ecommerce-security/policy-rules";

/** What became of one Release in this pack run. */
export interface ReleaseState {
  /** The settings it was rendered with. */
  config: ReleaseRenderingConfig;
  /** The inputs it was rendered from (to tell a stale entry in tests, where URNs repeat). */
  inputsKey: string;
  /** The rendering, or "off". */
  rendering: ReleaseRendering | "off";
  /** The rendered objects as rules read them (when rendered). */
  judged?: JudgedRelease;
}

const renderers = new Map<string, ReleaseRenderer>();
const byUrn = new Map<string, ReleaseState>();

/** One renderer per distinct configuration (one in a real run), so its caches serve every release. */
function rendererFor(config: ReleaseRenderingConfig): ReleaseRenderer {
  const key = JSON.stringify(config);
  let renderer = renderers.get(key);
  if (renderer === undefined) {
    renderer = new ReleaseRenderer({
      chartsDir: config.chartsDir,
      repositoryMirrors: config.repositoryMirrors,
      cacheDir: config.cacheDir ?? toolCacheDir(),
      capabilities: { kubernetesVersion: config.kubeVersion, apiVersions: config.apiVersions },
      // No rule judges a CRD, and they are most of some charts' output: left unparsed (faster previews).
      omitKinds: ["CustomResourceDefinition"],
    });
    renderers.set(key, renderer);
  }
  return renderer;
}

/** A stable key of a release's inputs (unknowns included). */
function inputsKeyOf(resource: PolicyResource): string {
  return JSON.stringify(resource.props, (_key, value: unknown) => (typeof value === "symbol" ? "<unknown>" : value));
}

/** Renders a Release with `config` (once per configuration and inputs) and keeps the result for the other policies. */
export function renderRelease(urn: string | undefined, resource: PolicyResource, config: ReleaseRenderingConfig): ReleaseState {
  const inputsKey = inputsKeyOf(resource);
  const known = urn === undefined ? undefined : byUrn.get(urn);
  if (known !== undefined && known.inputsKey === inputsKey && JSON.stringify(known.config) === JSON.stringify(config)) return known;
  let state: ReleaseState;
  if (config.helmRender === "off") {
    state = { config, inputsKey, rendering: "off" };
  } else {
    const rendering = rendererFor(config).outcome(releaseFromInputs(resource.props, resource.name));
    state = { config, inputsKey, rendering };
    if (rendering.status === "rendered") {
      const variants = rendering.variants.map((objects) => objects.map((o) => renderedPolicyResource(o.object)));
      state.judged = { release: rendering.spec.release, urn, variants };
    }
  }
  if (urn !== undefined) byUrn.set(urn, state);
  return state;
}

/**
 * The rendering of a Release for a rule's policy: what helm-release-rendered made of it in this run, else (that policy
 * disabled, or a test calling one policy alone) a rendering with the default settings. `phase` "stack" accepts
 * helm-release-rendered's result whatever the props (the stack phase sees outputs, the resource phase inputs).
 */
export function releaseState(urn: string | undefined, resource: PolicyResource, phase: "resource" | "stack"): ReleaseState {
  const known = urn === undefined ? undefined : byUrn.get(urn);
  if (known !== undefined && (phase === "stack" || known.inputsKey === inputsKeyOf(resource))) return known;
  return renderRelease(urn, resource, DEFAULT_RELEASE_RENDERING);
}

/** Forgets every rendering (tests: URNs repeat across cases). */
export function forgetRenderings(): void {
  byUrn.clear();
  renderers.clear();
}

/** The findings one rule makes on the objects of some releases, judged beside the stack's resources (`program`). */
export function ruleFindingsOnReleases(
  rule: PolicyRule,
  config: object,
  exceptions: PolicyException[],
  program: readonly PolicyResource[],
  releases: readonly JudgedRelease[],
): ReleaseFinding[] {
  if (releases.length === 0) return [];
  const configured: ConfiguredRule = { rule, config, level: rule.enforcementLevel, exceptions };
  return evaluateReleases([configured], program, releases, { judgeProgram: false }).releaseFindings;
}

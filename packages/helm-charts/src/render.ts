// `helm template` of one release: every object the chart produces with the release's values and the cluster's
// capabilities, each with the template it came from, namespaced objects placed in the release namespace.
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import type { HelmCli } from "./helm-cli";
import { isClusterScoped } from "./scope";

/** A release as the program declares it. */
export interface ReleaseToRender {
  /** Release name (`cert-manager`). */
  name: string;
  /** Namespace it installs into. */
  namespace: string;
  /** Local path of the chart package. */
  chartPath: string;
  /** The values the release is installed with. */
  values: Record<string, unknown>;
}

/** What the chart may assume of the cluster (helm's `.Capabilities`). */
export interface ClusterCapabilities {
  /** Kubernetes version, e.g. `1.33.0`; helm's own default when absent. */
  kubernetesVersion?: string;
  /** Extra API versions the cluster serves (`monitoring.coreos.com/v1`), as `helm template --api-versions`. */
  apiVersions: readonly string[];
}

/** A Kubernetes object a chart renders. */
export interface RenderedObject {
  /** The object, namespace filled in for namespaced kinds. */
  object: Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown } };
  /** The template it came from (`cert-manager/templates/deployment.yaml`), from helm's `# Source:` line. */
  source: string;
}

/** helm template failed: the message has helm's own error. */
export class RenderError extends Error {
  constructor(release: string, detail: string) {
    super(`helm template of release ${release} failed: ${detail}`);
    this.name = "RenderError";
  }
}

/** The arguments of `helm template` for a release (values read from stdin). */
export function templateArguments(release: ReleaseToRender, capabilities: ClusterCapabilities): string[] {
  return [
    "template",
    release.name,
    release.chartPath,
    "--namespace",
    release.namespace,
    "--values",
    "-",
    "--include-crds",
    // Test pods only run on `helm test`, never on install.
    "--skip-tests",
    ...(capabilities.kubernetesVersion === undefined ? [] : ["--kube-version", capabilities.kubernetesVersion]),
    ...capabilities.apiVersions.flatMap((v) => ["--api-versions", v]),
  ];
}

/** helm template's output without the documents of some kinds, found by their top-level `kind:` line before any parsing. */
function withoutKinds(output: string, kinds: ReadonlySet<string>): string {
  // A `---` line at column 0 always starts a document (it even ends a block scalar), so splitting on it is exact.
  return output
    .split(/^---[ \t]*$/m)
    .filter((doc) => !kinds.has(/^kind:[ \t]*["']?([\w.-]+)/m.exec(doc)?.[1] ?? ""))
    .join("---");
}

/** The objects of helm template's output, in order; `omitKinds` are left out unparsed (CRDs are most of some charts' output). */
export function parseRendered(output: string, namespace: string, omitKinds: ReadonlySet<string> = new Set()): RenderedObject[] {
  const objects: RenderedObject[] = [];
  for (const doc of parseAllDocuments(omitKinds.size === 0 ? output : withoutKinds(output, omitKinds))) {
    if (doc.errors.length > 0) throw new Error(`unparsable document in helm output: ${doc.errors[0].message}`);
    const object = doc.toJS() as RenderedObject["object"] | null;
    if (object === null || typeof object !== "object") continue;
    // After a `---` line the comment belongs to the document's root node; before the first document, to the document.
    const comments = `${doc.commentBefore ?? ""}\n${doc.contents?.commentBefore ?? ""}`;
    const source = /Source: (\S+)/.exec(comments)?.[1] ?? "";
    const metadata = { ...object.metadata };
    if (isClusterScoped(object.kind)) delete metadata.namespace;
    else metadata.namespace ??= namespace;
    objects.push({ object: { ...object, metadata }, source });
  }
  return objects;
}

/** Renders one release (without the objects of `omitKinds`). @throws {RenderError} with helm's message. */
export function renderRelease(release: ReleaseToRender, capabilities: ClusterCapabilities, helm: HelmCli, omitKinds?: ReadonlySet<string>): RenderedObject[] {
  let output: string;
  try {
    output = execFileSync(helm.path, templateArguments(release, capabilities), {
      input: JSON.stringify(release.values),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (e) {
    throw new RenderError(release.name, (e as { stderr?: string }).stderr?.trim() || String(e));
  }
  return parseRendered(output, release.namespace, omitKinds);
}

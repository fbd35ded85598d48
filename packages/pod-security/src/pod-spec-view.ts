// A read-only view of one pod spec and its metadata with field paths, so that every check
// walks the same containers (containers, initContainers and ephemeralContainers) and reports
// paths from the object root.
import { type Fields, fieldsOf, joinPath, listOf } from "./unstructured";

/** The three lists of a pod spec that hold containers; PSA checks all of them. */
export const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

/** Which list of the pod spec a container belongs to. */
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** One container of a pod with its own field path. */
export class ContainerView {
  /** The container's name; when it has none, its position (e.g. `containers[0]`). */
  readonly name: string;
  /** The container's securityContext, when it sets one. */
  readonly securityContext: Fields | undefined;
  private readonly basePath: string;

  /**
   * @param raw the container object as written in the manifest
   * @param list the pod spec field holding the container
   * @param index its position in that list
   * @param specPath field path of the pod spec from the object root
   */
  constructor(
    readonly raw: Fields,
    readonly list: ContainerList,
    readonly index: number,
    specPath: string,
  ) {
    this.basePath = joinPath(specPath, `${list}[${index}]`);
    this.name = typeof raw.name === "string" && raw.name !== "" ? raw.name : `${list}[${index}]`;
    this.securityContext = fieldsOf(raw.securityContext);
  }

  /** Field path of `sub` inside this container, e.g. `spec.containers[0].securityContext.privileged`. */
  path(sub: string): string {
    return `${this.basePath}.${sub}`;
  }
}

/** Derives the pod metadata path from the pod spec path: `spec.template.spec` -> `spec.template.metadata`. */
export function metadataPathFor(specPath: string): string {
  if (specPath === "spec" || specPath === "") return "metadata";
  return specPath.endsWith(".spec") ? `${specPath.slice(0, -".spec".length)}.metadata` : joinPath(specPath, "metadata");
}

/** A pod spec and its metadata as PSA checks see them. Built once per pod and shared by all checks. */
export class PodSpecView {
  /** The pod spec (empty when the input has none). */
  readonly spec: Fields;
  /** The pod-level securityContext, when set. */
  readonly securityContext: Fields | undefined;
  /** The pod's annotations, when set. */
  readonly annotations: Fields | undefined;
  /** Field path of the pod spec from the object root, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** Field path of the pod metadata from the object root, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
  /** `spec.os.name` is "windows": several restricted controls exempt such pods (policy v1.25+). */
  readonly isWindows: boolean;
  /** `spec.hostUsers` is explicitly false: the pod runs in a user namespace (relaxations at policy v1.35+). */
  readonly inUserNamespace: boolean;
  private containers: ContainerView[] | undefined;

  /**
   * @param metadata the pod metadata (or a template's metadata)
   * @param spec the pod spec (or a template's spec)
   * @param specPath field path of `spec` from the object root; default "spec" (a Pod)
   * @param metadataPath field path of `metadata`; default derived from `specPath`
   */
  constructor(metadata: unknown, spec: unknown, specPath = "spec", metadataPath = metadataPathFor(specPath)) {
    this.spec = fieldsOf(spec) ?? {};
    this.securityContext = fieldsOf(this.spec.securityContext);
    this.annotations = fieldsOf(fieldsOf(metadata)?.annotations);
    this.specPath = specPath;
    this.metadataPath = metadataPath;
    this.isWindows = fieldsOf(this.spec.os)?.name === "windows";
    this.inUserNamespace = this.spec.hostUsers === false;
  }

  /** Containers, initContainers and ephemeralContainers, each with its field path. */
  allContainers(): readonly ContainerView[] {
    if (this.containers === undefined) {
      const all: ContainerView[] = [];
      for (const list of CONTAINER_LISTS) {
        const items = listOf(this.spec[list]);
        for (let i = 0; i < items.length; i++) {
          const raw = fieldsOf(items[i]);
          if (raw !== undefined) all.push(new ContainerView(raw, list, i, this.specPath));
        }
      }
      this.containers = all;
    }
    return this.containers;
  }

  /** Field path of `sub` inside the pod spec, e.g. `spec.securityContext.runAsNonRoot`. */
  path(sub: string): string {
    return joinPath(this.specPath, sub);
  }

  /** Field path of one annotation of the pod, e.g. `metadata.annotations["key"]`. */
  annotationPath(key: string): string {
    return `${this.metadataPath}.annotations[${JSON.stringify(key)}]`;
  }
}

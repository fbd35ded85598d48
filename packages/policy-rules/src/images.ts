// The images group: what every container of every pod-carrying object runs. A mutable tag (`latest`, or none,
// which means latest) lets the image change under a running deployment; an image from an unknown registry escapes
// scanning and signature checks; a digest pins the exact bytes.
import { z } from "zod";
import { carriesPod, containersOf, podOf } from "./containers";
import type { PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

/** An image reference split the way container runtimes read it. */
export interface ImageReference {
  /** Registry host (with port), `docker.io` when the reference names none. */
  registry: string;
  /** Repository path inside the registry (`library/nginx` for `nginx`). */
  repository: string;
  /** Tag, when the reference has one. */
  tag?: string;
  /** Digest (`sha256:...`), when the reference has one. */
  digest?: string;
}

/** Docker Hub's other names: an image reference under them is a Docker Hub image. */
const DOCKER_HUB_ALIASES = new Set(["index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

/**
 * Parses an image reference as the Docker reference grammar does: the first path component is a registry when it
 * contains a `.` or a `:` or is `localhost`; otherwise the image is on Docker Hub (`library/` for official images).
 */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const tag = colon > lastSlash ? name.slice(colon + 1) : undefined;
  const path = colon > lastSlash ? name.slice(0, colon) : name;
  const firstSlash = path.indexOf("/");
  const first = firstSlash < 0 ? "" : path.slice(0, firstSlash);
  const hasRegistry = first !== "" && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = hasRegistry ? (DOCKER_HUB_ALIASES.has(first) ? "docker.io" : first) : "docker.io";
  let repository = hasRegistry ? path.slice(firstSlash + 1) : path;
  if (registry === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  return { registry, repository, tag: tag === "" ? undefined : tag, digest: digest === "" ? undefined : digest };
}

/** Each container's image with its path, skipping containers whose image is unknown (preview) or not a string. */
function imagesOf(resource: Parameters<PolicyRule["check"]>[0]): Array<{ image: string; path: string; name: string }> {
  const pod = podOf(resource);
  if (pod === undefined) return [];
  return containersOf(pod)
    .filter((c) => typeof c.container.image === "string" && !isUnknown(c.container.image))
    .map((c) => ({ image: c.container.image as string, path: `${c.path}.image`, name: c.name }));
}

const tagConfig = z.strictObject({
  forbiddenTags: z.array(z.string().min(1)).default(["latest"]).describe("Tags treated as mutable, besides no tag at all (which means latest)."),
});

/** No `latest` tag and no missing tag. */
export const imageTagNotLatest: PolicyRule<z.infer<typeof tagConfig>> = {
  name: "image-tag-not-latest",
  group: "images",
  description:
    "Every container image names a version tag or a digest, never `latest` or no tag (which means latest): a mutable tag lets the image change without a deployment.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: tagConfig,
  appliesTo: carriesPod,
  check(resource, config) {
    const violations: Violation[] = [];
    for (const { image, path, name } of imagesOf(resource)) {
      const ref = parseImageReference(image);
      if (ref.digest !== undefined) continue;
      if (ref.tag === undefined) {
        violations.push({
          path,
          message: `container "${name}" image "${image}" has no tag (pulls latest)`,
          fix: `pin a version tag or a digest, e.g. ${image}:<version>`,
        });
      } else if (config.forbiddenTags.includes(ref.tag)) {
        violations.push({
          path,
          message: `container "${name}" image "${image}" uses the mutable tag "${ref.tag}"`,
          fix: "pin a version tag or a digest (image@sha256:...)",
        });
      }
    }
    return violations;
  },
};

/**
 * Repository prefixes of the images this platform runs: the shop's private registries (production's, and staging's own
 * Harbor) and, on the public registries, the organisations of the pinned components (Elastic's Elasticsearch, Kibana and Filebeat, Fluent Bit, Aqua's trivy, Velero, curl for the GDPR job; the
 * charts' cert-manager, External Secrets, trivy-operator, Sealed Secrets, Reloader, policy-controller, Harbor, kubectl).
 */
export const DEFAULT_ALLOWED_REGISTRIES = [
  "registry.shop.example.com/",
  "registry.staging.shop.example.com/",
  "docker.elastic.co/elasticsearch/",
  "docker.elastic.co/kibana/",
  "docker.elastic.co/beats/",
  "cr.fluentbit.io/fluent/",
  "docker.io/aquasec/",
  "docker.io/velero/",
  "docker.io/curlimages/",
  "docker.io/bitnami/",
  "docker.io/goharbor/",
  "ghcr.io/aquasecurity/",
  "ghcr.io/external-secrets/",
  "ghcr.io/stakater/",
  "ghcr.io/sigstore/",
  "quay.io/jetstack/",
  "registry.k8s.io/",
];

/**
 * Registries where anyone can publish under a name of their own: allowing the whole host admits every image of every
 * stranger. Curated registries (registry.k8s.io, mcr.microsoft.com, a vendor's own host) and private ones are not here.
 */
const OPEN_REGISTRIES = new Set([
  "docker.io",
  "ghcr.io",
  "quay.io",
  "public.ecr.aws",
  "gcr.io",
  "mirror.gcr.io",
  "registry.gitlab.com",
  "cgr.dev",
  "nvcr.io",
  "ttl.sh",
]);

/** Whether a registry host lets anyone publish (including the regional gcr.io hosts and Artifact Registry). */
export function isOpenRegistry(host: string): boolean {
  return OPEN_REGISTRIES.has(host) || DOCKER_HUB_ALIASES.has(host) || host.endsWith(".gcr.io") || host.endsWith(".pkg.dev");
}

/** What is wrong with an allow-list entry, or undefined: it must be a prefix that stops short of a whole open registry. */
function allowListEntryProblem(entry: string): string | undefined {
  if (entry.includes("*")) return "must be a repository prefix such as docker.io/bitnami/, without wildcards";
  if (/^[a-z]+:\/\//i.test(entry)) return "must be a registry host and path without a scheme, e.g. registry.k8s.io/";
  const trimmed = entry.replace(/\/+$/, "");
  const slash = trimmed.indexOf("/");
  const host = slash < 0 ? trimmed : trimmed.slice(0, slash);
  if (slash < 0 && isOpenRegistry(host)) {
    return `admits every image anyone can push to ${host}; allow the organisations you use instead, e.g. ${host}/<organisation>/`;
  }
  return undefined;
}

const registryConfig = z.strictObject({
  allowedRegistries: z
    .array(
      z
        .string()
        .min(1)
        .superRefine((entry, ctx) => {
          const problem = allowListEntryProblem(entry);
          if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
        }),
    )
    .default(DEFAULT_ALLOWED_REGISTRIES)
    .describe(
      "Repository prefixes images may come from (registry.shop.example.com/, docker.io/bitnami/); a whole public registry where anyone can publish (docker.io, ghcr.io, quay.io, ...) is refused. Docker Hub images without a registry are docker.io/..., official ones docker.io/library/...",
    ),
});

/** Whether an image matches an allow-list entry: the entry is a prefix of `registry/repository`, ending at a `/`. */
export function registryAllowed(ref: ImageReference, allowed: readonly string[]): boolean {
  const full = `${ref.registry}/${ref.repository}`;
  return allowed.some((entry) => {
    const prefix = entry.replace(/\/+$/, "");
    return full.startsWith(`${prefix}/`);
  });
}

/** Images only from the allow-listed registries. */
export const imageRegistryAllowed: PolicyRule<z.infer<typeof registryConfig>> = {
  name: "image-registry-allowed",
  group: "images",
  description:
    "Every container image comes from an allow-listed repository prefix (configuration), so that it is scanned and its signature checked; a whole public registry where anyone can publish is never allowed.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: registryConfig,
  appliesTo: carriesPod,
  check(resource, config) {
    return imagesOf(resource)
      .filter(({ image }) => !registryAllowed(parseImageReference(image), config.allowedRegistries))
      .map(({ image, path, name }) => ({
        path,
        message: `container "${name}" image "${image}" is from registry "${parseImageReference(image).registry}", which is not allow-listed`,
        fix: `mirror the image into an allowed repository (${config.allowedRegistries.join(", ")}) or add its organisation's prefix to allowedRegistries`,
      }));
  },
};

const digestConfig = z.strictObject({});

/** Digest pinning (advisory). */
export const imageDigestPinned: PolicyRule<z.infer<typeof digestConfig>> = {
  name: "image-digest-pinned",
  group: "images",
  description: "Every container image is pinned by digest (image@sha256:...), so the exact bytes that were scanned and signed are the ones that run.",
  enforcementLevel: "advisory",
  scope: "resource",
  config: digestConfig,
  appliesTo: carriesPod,
  check(resource) {
    return imagesOf(resource)
      .filter(({ image }) => parseImageReference(image).digest === undefined)
      .map(({ image, path, name }) => ({
        path,
        message: `container "${name}" image "${image}" is not pinned by digest`,
        fix: `append the digest of the tested image: ${image}@sha256:<digest>`,
      }));
  },
};

/** The rules of the images group. */
export const imageRules: readonly PolicyRule[] = [imageTagNotLatest, imageRegistryAllowed, imageDigestPinned] as PolicyRule[];

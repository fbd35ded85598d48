/**
 * How sigstore policy-controller matches an image reference against a ClusterImagePolicy glob. Declared here so the
 * image-signatures concern (its policies) and the registry concern (its host must be under the platform's glob) share
 * one matcher.
 */

/**
 * Whether an image reference matches a ClusterImagePolicy glob, with policy-controller's rules: `**` any characters,
 * `*` any but `/`, the whole reference, Docker Hub references fully qualified (`index.docker.io/library/...`).
 */
export function globMatches(glob: string, image: string): boolean {
  const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const pattern = glob
    .split("**")
    .map((part) => part.split("*").map(escape).join("[^/]*"))
    .join(".*");
  const re = new RegExp(`^${pattern}$`);
  return re.test(qualifiedImage(image)) || re.test(image);
}

/** An image reference with its registry written out as policy-controller resolves it (Docker Hub's implied parts). */
export function qualifiedImage(image: string): string {
  const first = image.split("/")[0];
  const hasRegistry = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasRegistry) return `index.docker.io/${image.includes("/") ? image : `library/${image}`}`;
  return first === "docker.io" ? `index.${image}` : image;
}

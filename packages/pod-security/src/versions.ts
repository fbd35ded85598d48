// Pod Security Standards policy versions. PSA names a policy version "v1.<minor>" or "latest";
// every check has revisions keyed by the minor version they start at.

/** Minor version of the newest policy revision in this library (sysctls gained entries at v1.37). */
export const LATEST_MINOR = 37;

/** The policy version that "latest" means here. */
export const LATEST_PSS_VERSION = `v1.${LATEST_MINOR}`;

const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;
const parsed = new Map<string, number>();

/**
 * The minor number of a policy version. Accepts "latest" (= {@link LATEST_PSS_VERSION}) and "v1.N";
 * like PSA, a version newer than the newest revision evaluates as the newest.
 * @throws Error naming the value and the accepted forms.
 */
export function policyMinor(version: string | undefined): number {
  if (version === undefined || version === "latest") return LATEST_MINOR;
  const known = parsed.get(version);
  if (known !== undefined) return known;
  const match = typeof version === "string" ? VERSION_PATTERN.exec(version) : null;
  if (match === null) {
    throw new Error(
      `invalid Pod Security Standards version ${JSON.stringify(version)}: expected "latest" or "v1.<minor>" (e.g. "v1.30", "${LATEST_PSS_VERSION}")`,
    );
  }
  const minor = Math.min(Number(match[1]), LATEST_MINOR);
  parsed.set(version, minor);
  return minor;
}

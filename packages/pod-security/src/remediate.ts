// Safe, mechanical remediations of the restricted level, for the policy pack's `remediate` enforcement and for
// tools. Pure: the input is never mutated; the result shares every object the fix did not need to change.
import { podTemplateOf } from "./pod-template";
import { CONTAINER_LISTS } from "./pod-spec-view";
import { type Fields, fieldsOf, isSet, listOf } from "./unstructured";

/** Rebuilds `obj` with the value at `segments` replaced, copying only the objects on that path. */
function replaceAt(obj: Fields, segments: readonly string[], value: Fields): Fields {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments;
  return { ...obj, [head]: replaceAt(fieldsOf(obj[head]) ?? {}, rest, value) };
}

/**
 * Applies `fix` to the pod spec of a manifest. Manifests without a pod spec, Windows pods (exempt from these
 * controls since policy v1.25, and the API forbids the fields on them) and specs the fix leaves unchanged come back
 * as the very same object, so callers can detect "nothing to do" by identity.
 */
function fixPodSpec<T>(manifest: T, fix: (spec: Fields) => Fields): T {
  const location = podTemplateOf(manifest);
  if (location === undefined || fieldsOf(location.spec.os)?.name === "windows") return manifest;
  const fixed = fix(location.spec);
  return fixed === location.spec ? manifest : (replaceAt(manifest as Fields, location.specSegments, fixed) as T);
}

/** Applies `fix` to every container, initContainer and ephemeralContainer; unchanged lists are kept as they are. */
function fixContainers(spec: Fields, fix: (container: Fields, securityContext: Fields) => Fields): Fields {
  let result = spec;
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    let changed = false;
    const fixedItems = items.map((item: unknown) => {
      const container = fieldsOf(item);
      if (container === undefined) return item;
      const fixed = fix(container, fieldsOf(container.securityContext) ?? {});
      changed ||= fixed !== container;
      return fixed;
    });
    if (changed) result = { ...result, [list]: fixedItems };
  }
  return result;
}

/**
 * Sets `spec.securityContext.seccompProfile: {type: RuntimeDefault}` when the pod sets no seccomp profile
 * (restricted "Seccomp"). An explicit profile, even a forbidden one, is left for a person to change.
 * @returns a fixed copy, or `manifest` itself when there is nothing to fix.
 */
export function addRuntimeDefaultSeccomp<T>(manifest: T): T {
  return fixPodSpec(manifest, (spec) => {
    const securityContext = fieldsOf(spec.securityContext) ?? {};
    if (isSet(securityContext.seccompProfile)) return spec;
    return { ...spec, securityContext: { ...securityContext, seccompProfile: { type: "RuntimeDefault" } } };
  });
}

/**
 * Sets `securityContext.capabilities.drop: ["ALL"]` on every container that does not drop ALL yet (restricted
 * "Capabilities"); "ALL" subsumes whatever the container dropped before. Added capabilities are left as they are.
 * @returns a fixed copy, or `manifest` itself when there is nothing to fix.
 */
export function dropAllCapabilities<T>(manifest: T): T {
  return fixPodSpec(manifest, (spec) =>
    fixContainers(spec, (container, securityContext) => {
      const capabilities = fieldsOf(securityContext.capabilities) ?? {};
      if (listOf(capabilities.drop).includes("ALL")) return container;
      return { ...container, securityContext: { ...securityContext, capabilities: { ...capabilities, drop: ["ALL"] } } };
    }),
  );
}

/** The API rejects allowPrivilegeEscalation=false together with privileged=true or an added CAP_SYS_ADMIN. */
function needsEscalation(securityContext: Fields): boolean {
  if (securityContext.privileged === true) return true;
  const added = listOf(fieldsOf(securityContext.capabilities)?.add);
  return added.includes("SYS_ADMIN") || added.includes("CAP_SYS_ADMIN");
}

/**
 * Sets `securityContext.allowPrivilegeEscalation: false` on every container that does not set it (restricted
 * "Privilege Escalation"). Containers that are privileged or add SYS_ADMIN are left alone: the API server would
 * reject the combination, and the privileged/capabilities violations still report them.
 * @returns a fixed copy, or `manifest` itself when there is nothing to fix.
 */
export function disallowPrivilegeEscalation<T>(manifest: T): T {
  return fixPodSpec(manifest, (spec) =>
    fixContainers(spec, (container, securityContext) => {
      if (securityContext.allowPrivilegeEscalation === false || needsEscalation(securityContext)) return container;
      return { ...container, securityContext: { ...securityContext, allowPrivilegeEscalation: false } };
    }),
  );
}

/**
 * All three remediations: RuntimeDefault seccomp at pod level, drop ALL and allowPrivilegeEscalation=false on
 * every container. Windows pods are left alone.
 * @returns a fixed copy, or `manifest` itself when there is nothing to fix.
 */
export function remediatePodSecurity<T>(manifest: T): T {
  return disallowPrivilegeEscalation(dropAllCapabilities(addRuntimeDefaultSeccomp(manifest)));
}

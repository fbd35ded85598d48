import type { PodSpecView } from "./pod-spec-view";
import type { Finding, PodSecurityCheck } from "./types";
import { type Fields, fieldsOf, isSet } from "./unstructured";

/** SELinux types baseline allows from policy v1.0 ("" means unset). */
export const SELINUX_TYPES_V1_0: ReadonlySet<unknown> = new Set(["", "container_t", "container_init_t", "container_kvm_t"]);
/** SELinux types baseline allows from policy v1.31: adds container_engine_t. */
export const SELINUX_TYPES_V1_31: ReadonlySet<unknown> = new Set([...SELINUX_TYPES_V1_0, "container_engine_t"]);

function seLinuxOptionsWith(allowedTypes: ReadonlySet<unknown>): PodSecurityCheck {
  const typeFix = `remove seLinuxOptions.type or set it to one of ${[...allowedTypes].filter((t) => t !== "").join(", ")}`;
  const inspect = (options: Fields | undefined, setter: string, path: (sub: string) => string, out: Finding[]): void => {
    if (options === undefined) return;
    const type = options.type ?? "";
    if (!allowedTypes.has(type)) {
      out.push({
        path: path("securityContext.seLinuxOptions.type"),
        message: `seLinuxOptions (${setter} set forbidden securityContext.seLinuxOptions: type "${String(type)}")`,
        fix: typeFix,
      });
    }
    for (const field of ["user", "role"] as const) {
      if (isSet(options[field]) && options[field] !== "") {
        out.push({
          path: path(`securityContext.seLinuxOptions.${field}`),
          message: `seLinuxOptions (${setter} set forbidden securityContext.seLinuxOptions: ${field} "${String(options[field])}")`,
          fix: `remove seLinuxOptions.${field}; only type and level may be set`,
        });
      }
    }
  };
  return (pod: PodSpecView): Finding[] => {
    const findings: Finding[] = [];
    inspect(fieldsOf(pod.securityContext?.seLinuxOptions), "pod", (sub) => pod.path(sub), findings);
    for (const c of pod.allContainers()) {
      inspect(fieldsOf(c.securityContext?.seLinuxOptions), `container "${c.name}"`, (sub) => c.path(sub), findings);
    }
    return findings;
  };
}

/**
 * Baseline, since v1.0 ("SELinux"): "Setting the SELinux type is restricted, and setting a custom SELinux user
 * or role option is forbidden." seLinuxOptions.type at pod and container level must be undefined/"", container_t,
 * container_init_t or container_kvm_t; seLinuxOptions.user and .role must be undefined/"". level is unrestricted.
 */
export const seLinuxOptionsV1_0: PodSecurityCheck = seLinuxOptionsWith(SELINUX_TYPES_V1_0);

/** Baseline, since v1.31 ("SELinux"): as v1.0, and container_engine_t is also an allowed type. */
export const seLinuxOptionsV1_31: PodSecurityCheck = seLinuxOptionsWith(SELINUX_TYPES_V1_31);

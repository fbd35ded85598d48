import type { PodSpecView } from "./pod-spec-view";
import type { Finding, PodSecurityCheck } from "./types";
import { fieldsOf, listOf } from "./unstructured";

/** Safe sysctls at policy v1.0. */
export const SAFE_SYSCTLS_V1_0: ReadonlySet<unknown> = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
]);
/** Safe sysctls at policy v1.27: adds net.ipv4.ip_local_reserved_ports. */
export const SAFE_SYSCTLS_V1_27: ReadonlySet<unknown> = new Set([...SAFE_SYSCTLS_V1_0, "net.ipv4.ip_local_reserved_ports"]);
/** Safe sysctls at policy v1.29: adds the TCP keepalive and FIN timeout sysctls. */
export const SAFE_SYSCTLS_V1_29: ReadonlySet<unknown> = new Set([
  ...SAFE_SYSCTLS_V1_27,
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
/** Safe sysctls at policy v1.32: adds the TCP buffer sizes. */
export const SAFE_SYSCTLS_V1_32: ReadonlySet<unknown> = new Set([...SAFE_SYSCTLS_V1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]);
/** Safe sysctls at policy v1.37: adds tcp_slow_start_after_idle and tcp_notsent_lowat. */
export const SAFE_SYSCTLS_V1_37: ReadonlySet<unknown> = new Set([...SAFE_SYSCTLS_V1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]);

function sysctlsWithin(safe: ReadonlySet<unknown>, version: string): PodSecurityCheck {
  const fix = `remove the sysctl; at policy ${version} only these are allowed: ${[...safe].join(", ")}`;
  return (pod: PodSpecView): Finding[] => {
    const findings: Finding[] = [];
    const sysctls = listOf(pod.securityContext?.sysctls);
    for (let i = 0; i < sysctls.length; i++) {
      const name = fieldsOf(sysctls[i])?.name;
      if (!safe.has(name)) {
        findings.push({ path: pod.path(`securityContext.sysctls[${i}].name`), message: `forbidden sysctls (${String(name)})`, fix });
      }
    }
    return findings;
  };
}

/**
 * Baseline, since v1.0 ("Sysctls"): "Sysctls can disable security mechanisms or affect all containers on a host,
 * and should be disallowed except for an allowed 'safe' subset." spec.securityContext.sysctls[*].name must be one of
 * kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range,
 * net.ipv4.ip_unprivileged_port_start.
 */
export const sysctlsV1_0: PodSecurityCheck = sysctlsWithin(SAFE_SYSCTLS_V1_0, "v1.0");
/** Baseline, since v1.27 ("Sysctls"): v1.0's list plus net.ipv4.ip_local_reserved_ports. */
export const sysctlsV1_27: PodSecurityCheck = sysctlsWithin(SAFE_SYSCTLS_V1_27, "v1.27");
/** Baseline, since v1.29 ("Sysctls"): plus net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl, tcp_keepalive_probes. */
export const sysctlsV1_29: PodSecurityCheck = sysctlsWithin(SAFE_SYSCTLS_V1_29, "v1.29");
/** Baseline, since v1.32 ("Sysctls"): plus net.ipv4.tcp_rmem and net.ipv4.tcp_wmem. */
export const sysctlsV1_32: PodSecurityCheck = sysctlsWithin(SAFE_SYSCTLS_V1_32, "v1.32");
/** Baseline, since v1.37 ("Sysctls"): plus net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat. */
export const sysctlsV1_37: PodSecurityCheck = sysctlsWithin(SAFE_SYSCTLS_V1_37, "v1.37");

/**
 * Small reusable zod types for the stack configuration. What has a grammar of its own (cron, CIDRs, DNS names, URLs)
 * is checked by a library made for it, so a value passes here only if the component that reads it accepts it too.
 */
import { Cron, CronPattern } from "croner";
import * as ipaddr from "ipaddr.js";
import isFQDN from "validator/lib/isFQDN";
import { z } from "zod";

/** A Kubernetes object name / label value: DNS-1123 label. */
export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric")
  .max(63);

/** Whether `value` is a fully qualified DNS name in lowercase (labels of letters, digits and inner '-', a top-level domain of letters). */
export function isDnsName(value: string): boolean {
  return value === value.toLowerCase() && isFQDN(value, { require_tld: true, allow_underscores: false, allow_trailing_dot: false, allow_numeric_tld: false });
}

/** A DNS name such as `shop.example.com` (wildcards are derived, never configured). */
export const hostname = z.string().refine(isDnsName, "must be a lowercase DNS name such as shop.example.com");

/** A host to connect to: a DNS name or an IPv4 address. */
export const hostOrAddress = z
  .string()
  .refine((v) => isDnsName(v) || ipaddr.IPv4.isValidFourPartDecimal(v), "must be a lowercase DNS name such as smtp.example.com or an IPv4 address");

/**
 * An IPv4 CIDR such as 10.0.0.0/16, in dotted decimal, with no host bits set: `203.0.113.7/24` is refused with the
 * network address to write instead (a NetworkPolicy ipBlock must name the network).
 */
export const ipv4Cidr = z.string().superRefine((value, ctx) => {
  const [address] = value.split("/");
  let prefix: number;
  try {
    [, prefix] = ipaddr.IPv4.parseCIDR(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be an IPv4 CIDR such as 10.0.0.0/16" });
    return;
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
    ctx.addIssue({ code: "custom", message: "must be an IPv4 CIDR in dotted decimal such as 10.0.0.0/16" });
    return;
  }
  const network = `${ipaddr.IPv4.networkAddressFromCIDR(value).toString()}/${prefix}`;
  if (network !== value) ctx.addIssue({ code: "custom", message: `has host bits set; use the network address ${network}` });
});

/** A TCP/UDP port number. */
export const portNumber = z.number().int().min(1).max(65535);

/** A Kubernetes quantity such as 500m, 2Gi, 10. */
export const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, "must be a Kubernetes quantity such as 500m, 512Mi or 2");

/** The duration grammar accepted here: whole hours, minutes and seconds (`1h`, `90m`, `1h30m`), a subset of Go's. */
const goDurationPattern = /^([0-9]+(h|m|s))+$/;

/** Seconds in a duration such as `2160h` or `1h30m` (what Kubernetes operators parse with Go's time.ParseDuration). */
export function durationSeconds(duration: string): number {
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1 };
  let seconds = 0;
  for (const [, n, u] of duration.matchAll(/([0-9]+)(h|m|s)/g)) seconds += Number(n) * unit[u];
  return seconds;
}

/**
 * A duration as Kubernetes operators take it (`1h`, `30m`, `2160h`), longer than zero (`0s` would mean "never" or
 * "always" to the component), and within the component's own bounds when it has them.
 */
export function goDurationWithin(bounds: { min?: string; max?: string; why?: string } = {}) {
  const because = bounds.why ? ` (${bounds.why})` : "";
  return z.string().superRefine((value, ctx) => {
    if (!goDurationPattern.test(value)) {
      ctx.addIssue({ code: "custom", message: "must be a duration such as 1h, 30m or 2160h" });
      return;
    }
    const seconds = durationSeconds(value);
    if (seconds <= 0) ctx.addIssue({ code: "custom", message: "must be longer than 0s" });
    else if (bounds.min && seconds < durationSeconds(bounds.min)) ctx.addIssue({ code: "custom", message: `must be at least ${bounds.min}${because}` });
    else if (bounds.max && seconds > durationSeconds(bounds.max)) ctx.addIssue({ code: "custom", message: `must be at most ${bounds.max}${because}` });
  });
}

/** A duration longer than zero such as 1h, 30m or 2160h. */
export const goDuration = goDurationWithin();

/**
 * A five-field cron expression as Kubernetes CronJobs and Velero schedules read it (minute hour day-of-month month
 * day-of-week, or a descriptor such as @daily): every field in range, some date matching (not `0 1 31 2 *`), and
 * none of the Quartz extensions (L, W, #) their parser does not know.
 */
export const cron = z.string().superRefine((value, ctx) => {
  let pattern: CronPattern;
  try {
    pattern = new CronPattern(value, undefined, { mode: "5-part" });
  } catch (e) {
    const reason = (e as Error).message.replace(/^CronPattern: /, "").replace(/^./, (c) => c.toLowerCase());
    ctx.addIssue({
      code: "custom",
      message: `must be a five-field cron expression (minute hour day-of-month month day-of-week) such as "0 1 * * *": ${reason}`,
    });
    return;
  }
  const nth = pattern.dayOfWeek.some((v) => v !== 0 && v !== 0b111111);
  if (pattern.lastDayOfMonth || pattern.lastWeekday || pattern.nearestWeekdays.some(Boolean) || nth) {
    ctx.addIssue({ code: "custom", message: "uses L, W or # (Quartz extensions), which Kubernetes CronJobs and Velero do not accept" });
  } else if (new Cron(value, { mode: "5-part", timezone: "UTC" }).nextRun() === null) {
    ctx.addIssue({ code: "custom", message: "never runs: no date matches its day and month" });
  }
});

/** Pod Security Admission level. */
export const podSecurityLevel = z.enum(["privileged", "baseline", "restricted"]);

/** Pod Security Admission version label value. */
export const podSecurityVersion = z.string().regex(/^(latest|v1\.[0-9]+)$/, 'must be "latest" or a version such as v1.34');

/** An email address. */
export const email = z.email("must be an email address");

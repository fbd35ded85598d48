/** Small reusable zod types for the stack configuration. */
import { z } from "zod";

/** A Kubernetes object name / label value: DNS-1123 label. */
export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric")
  .max(63);

/** A DNS name such as `shop.example.com` (wildcards are derived, never configured). */
export const hostname = z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, "must be a lowercase DNS name such as shop.example.com");

/** An IPv4 CIDR such as 10.0.0.0/16. */
export const ipv4Cidr = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/, "must be an IPv4 CIDR such as 10.0.0.0/16");

/** A TCP/UDP port number. */
export const portNumber = z.number().int().min(1).max(65535);

/** A Kubernetes quantity such as 500m, 2Gi, 10. */
export const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, "must be a Kubernetes quantity such as 500m, 512Mi or 2");

/** A Go duration as Kubernetes operators take it: 1h, 30m, 2160h. */
export const goDuration = z.string().regex(/^([0-9]+(h|m|s))+$/, "must be a duration such as 1h, 30m or 2160h");

/** A five-field cron expression. */
export const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression such as "0 1 * * *"');

/** Pod Security Admission level. */
export const podSecurityLevel = z.enum(["privileged", "baseline", "restricted"]);

/** Pod Security Admission version label value. */
export const podSecurityVersion = z.string().regex(/^(latest|v1\.[0-9]+)$/, 'must be "latest" or a version such as v1.34');

/** An email address. */
export const email = z.email("must be an email address");

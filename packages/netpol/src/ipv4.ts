// IPv4 addresses as unsigned 32-bit integers, CIDR blocks as inclusive integer intervals.
import { IntervalList, intervalsOf } from "./intervals";

/** The last IPv4 address, 255.255.255.255, as an integer. */
export const maxIPv4 = 0xffffffff;

/** The whole IPv4 address space 0.0.0.0-255.255.255.255 as an interval list. */
export const allIPv4: IntervalList = Object.freeze([0, maxIPv4]) as IntervalList;

const octet = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ipv4Pattern = new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}$`);

/** Parses dotted-quad IPv4 (`10.1.2.3`) into an integer; undefined when the text is not one. */
export function parseIPv4(text: string): number | undefined {
  const match = ipv4Pattern.exec(text);
  if (!match) return undefined;
  // Multiplication instead of `<<` keeps the value unsigned (`<<` works on signed 32-bit integers).
  return ((Number(match[1]) * 256 + Number(match[2])) * 256 + Number(match[3])) * 256 + Number(match[4]);
}

/** Formats an integer as dotted-quad IPv4. */
export function formatIPv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff].join(".");
}

/** Result of {@link parseCidr}: the block's addresses, or why the text is not an IPv4 CIDR. */
export type CidrParseResult = { ok: true; first: number; last: number } | { ok: false; ipv6: boolean };

/**
 * Parses `a.b.c.d/n` into its first and last address. Host bits are ignored (`10.1.2.3/8` is 10.0.0.0/8),
 * which is what the Kubernetes network plugins do with such blocks. IPv6 blocks are reported as such so that
 * callers can skip them (the analyzer models IPv4 only).
 */
export function parseCidr(text: string): CidrParseResult {
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? "" : text.slice(slash + 1);
  const address = parseIPv4(addressText);
  if (address === undefined || !/^(3[0-2]|[12]?\d)$/.test(prefixText)) return { ok: false, ipv6: text.includes(":") };
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return { ok: true, first, last: first + size - 1 };
}

/** The addresses of a CIDR block as an interval list (see {@link parseCidr}); undefined when it does not parse. */
export function cidrIntervals(text: string): IntervalList | undefined {
  const parsed = parseCidr(text);
  return parsed.ok ? intervalsOf([[parsed.first, parsed.last]]) : undefined;
}

/** The external peer name of an address range, `first-last`, always as a range (`49.50.0.0-49.50.0.0`). */
export function formatIPv4Range(first: number, last: number): string {
  return `${formatIPv4(first)}-${formatIPv4(last)}`;
}

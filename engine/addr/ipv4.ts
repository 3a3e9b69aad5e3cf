/**
 * IPv4 addresses as iptables reads and prints them. Addresses are unsigned 32-bit numbers
 * (10.0.0.1 = 0x0a000001), as in engine/netfilter/packetMeta.ts.
 *
 * Parsing follows libxtables (xtables.c __numeric_to_ipaddr, parse_ipmask,
 * xtables_ipparse_multiple): each byte is read with strtoul base 0, so `0x0a.1.2.3` and
 * `012.0.0.1` are accepted; an address with fewer than four parts is completed with zero bytes
 * (`10.0.0` = 10.0.0.0, `10` = 10.0.0.0); a mask is a prefix length or a dotted mask, which
 * need not be contiguous.
 */
import { strtouiWhole } from './cnum.ts';

/** Unsigned 32-bit from any number (`x >>> 0`). */
export function u32(n: number): number {
  return n >>> 0;
}

export function formatIpv4(addr: number): string {
  return `${(addr >>> 24) & 255}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/**
 * The common a.b.c.d in plain decimal (no octal `0`-led or hex parts, each at most 255), read
 * by char codes; -1 when the text is anything else (the general reading below decides).
 */
function plainQuad(text: string): number {
  if (text.length > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || ++parts > 4) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      digits++;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

/**
 * __numeric_to_ipaddr: up to four dot-separated bytes; with `isMask` all four are required.
 * iptables copies the text into a 20-byte buffer first, so longer input is cut to 19 chars.
 */
export function parseIpv4Numeric(text: string, isMask = false): number | undefined {
  const plain = plainQuad(text);
  if (plain >= 0) return plain;
  const parts = text.slice(0, 19).split('.');
  const bytes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const isLast = i === 3 || i === parts.length - 1;
    if (isLast && i < 3 && isMask) return undefined;
    const chunk = isLast ? parts.slice(i).join('.') : (parts[i] as string);
    const v = strtouiWhole(chunk, 0, 255);
    if (v === undefined) return undefined;
    bytes.push(v);
    if (isLast) break;
  }
  while (bytes.length < 4) bytes.push(0);
  return u32((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!);
}

/** A prefix length 0..32 as a mask. */
export function prefixToMask(bits: number): number {
  return bits <= 0 ? 0 : u32(0xffffffff << (32 - bits));
}

/** The prefix length of a contiguous mask, or undefined for a non-contiguous one. */
export function maskToPrefix(mask: number): number | undefined {
  const m = u32(mask);
  const inv = u32(~m);
  if ((inv & (inv + 1)) !== 0) return undefined;
  let bits = 0;
  for (let x = m; x !== 0; x = u32(x << 1)) bits++;
  return bits;
}

/** `a.b.c.d/N`, or `a.b.c.d/w.x.y.z` for a non-contiguous mask (xtables_ipmask_to_numeric). */
export function formatAddrMask(addr: number, mask: number): string {
  const bits = maskToPrefix(mask);
  return `${formatIpv4(addr)}/${bits === undefined ? formatIpv4(mask) : bits}`;
}

/** The mask text after `/`, as parse_ipmask reads it; undefined = "invalid mask". */
export function parseMask(text: string): number | undefined {
  // A prefix length in plain decimal, as most masks are written.
  const c0 = text.charCodeAt(0) - 48;
  const c1 = text.length === 2 ? text.charCodeAt(1) - 48 : 0;
  if (text.length === 1 && c0 >= 0 && c0 <= 9) return prefixToMask(c0);
  if (text.length === 2 && c0 >= 1 && c0 <= 3 && c1 >= 0 && c1 <= 9 && c0 * 10 + c1 <= 32)
    return prefixToMask(c0 * 10 + c1);
  const dotted = parseIpv4Numeric(text, true);
  if (dotted !== undefined) return dotted;
  const bits = strtouiWhole(text, 0, 32);
  return bits === undefined ? undefined : prefixToMask(bits);
}

/**
 * Host names iptables can resolve inside a fresh network namespace: only what /etc/hosts
 * gives for IPv4 (glibc compares names case-insensitively). There is no DNS.
 */
export function resolveHostName(name: string): number | undefined {
  return name.toLowerCase() === 'localhost' ? 0x7f000001 : undefined;
}

/** ipparse_hostnetwork: a numeric address, else a host name. */
export function parseHostNetwork(text: string): number | undefined {
  return parseIpv4Numeric(text) ?? resolveHostName(text);
}

/**
 * The little IP handling kube-proxy's inputs need: IPv4 text as netutils.ParseIPSloppy reads
 * it (dotted quad, leading zeros read as decimal) printed back canonically, and CIDRs for the
 * local-traffic detector and loadBalancerSourceRanges.
 */

/** Canonical dotted quad of an IPv4 address, or undefined when `text` is not one. */
export function parseIPv4(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes.join('.');
}

export function isIPv6Text(text: string): boolean {
  return text.includes(':');
}

function toU32(dotted: string): number {
  return dotted.split('.').reduce((acc, b) => ((acc << 8) | Number(b)) >>> 0, 0);
}

function fromU32(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface CIDR {
  readonly network: number;
  readonly prefix: number;
  /** As Go's (*net.IPNet).String() prints it: the masked network, a slash and the prefix. */
  readonly text: string;
}

/** An IPv4 CIDR as net.ParseCIDR reads it (host bits dropped), or undefined. */
export function parseCIDRv4(text: string): CIDR | undefined {
  const m = /^([^/]+)\/([0-9]{1,2})$/.exec(text);
  if (!m) return undefined;
  const ip = parseIPv4(m[1]!);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (toU32(ip) & mask) >>> 0;
  return { network, prefix, text: `${fromU32(network)}/${prefix}` };
}

export function cidrContains(cidr: CIDR, ip: string): boolean {
  const mask = cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0;
  return (toU32(ip) & mask) >>> 0 === cidr.network;
}

export function ipv4ToU32(dotted: string): number {
  return toU32(dotted);
}

export function u32ToIPv4(n: number): string {
  return fromU32(n);
}

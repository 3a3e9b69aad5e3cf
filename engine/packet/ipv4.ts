/**
 * IPv4 addresses as unsigned 32-bit numbers, the form the packet path compares and masks
 * (10.0.0.1 = 0x0a000001). Parsing is strict dotted-quad, as the scenario and `ip` accept it;
 * prefixes are parsed once at load time (routing/prefix.ts uses ip-num there), never per packet.
 */

/** Parses "a.b.c.d" (each 0..255, no leading '+', no empty parts); undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value >>> 0;
}

export function formatIpv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/** The network mask of a prefix length (0..32) as u32. */
export function prefixMask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

export function inPrefix(addr: number, net: number, len: number): boolean {
  return (addr & prefixMask(len)) >>> 0 === net;
}

/** 127.0.0.0/8 (martian on the wire unless route_localnet). */
export function isLoopback(addr: number): boolean {
  return addr >>> 24 === 127;
}

export function isMulticast(addr: number): boolean {
  return addr >>> 28 === 0xe;
}

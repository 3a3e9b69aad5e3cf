/**
 * Prefix parsing for routes and addresses, done once when a route or address is added (ip-num
 * validates; the hot path only compares u32 numbers).
 */
// ip-num's index is CommonJS that requires all of it (IPRange, IPPool…: ~10 KB gzip in the
// browser); Validator's own module needs only its three helpers (~3 KB).
import { Validator } from 'ip-num/dist/src/Validator.js';
import { parseIpv4 } from '../packet/ipv4.ts';

export interface Prefix {
  readonly addr: number;
  readonly len: number;
}

/** "A/len" or "A" (a host, /32). With `strict`, host bits must be zero, as `ip route` demands. */
export function parsePrefix(text: string, strict: boolean): Prefix | { error: string } {
  const [addrText, lenText, ...rest] = text.split('/');
  if (rest.length > 0 || addrText === undefined) return { error: `invalid prefix "${text}"` };
  const addr = parseIpv4(addrText);
  if (addr === undefined) return { error: `invalid address "${addrText}"` };
  if (lenText === undefined) return { addr, len: 32 };
  if (!/^\d{1,2}$/.test(lenText) || Number(lenText) > 32) {
    return { error: `invalid prefix length "${lenText}"` };
  }
  const cidr = `${addrText}/${Number(lenText)}`;
  if (!Validator.isValidIPv4CidrNotation(cidr)[0]) return { error: `invalid prefix "${text}"` };
  if (strict && !Validator.isValidIPv4CidrRange(cidr)[0]) {
    return { error: `invalid prefix for given prefix length "${text}"` };
  }
  return { addr, len: Number(lenText) };
}

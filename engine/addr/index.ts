/** engine/addr: IPv4 primitives with iptables' own parsing quirks. */
export { strtoul, strtouiWhole, strtouiPrefix } from './cnum.ts';
export type { StrtoulResult } from './cnum.ts';
export {
  u32,
  formatIpv4,
  parseIpv4Numeric,
  prefixToMask,
  maskToPrefix,
  formatAddrMask,
  parseMask,
  resolveHostName,
  parseHostNetwork,
} from './ipv4.ts';
export { parseAddrList, parseAddrMask } from './addrList.ts';
export type { AddrMask, AddrListResult } from './addrList.ts';

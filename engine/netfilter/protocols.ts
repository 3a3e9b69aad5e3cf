/**
 * Protocol names as iptables reads and prints them: xtables_parse_protocol (a number 0..255,
 * `all`, getprotobyname from Debian's /etc/protocols, then xtables_chain_protos) and
 * proto_to_name (getprotobynumber first, then xtables_chain_protos).
 */
import { strtouiWhole } from '../addr/cnum.ts';

/** xtables_chain_protos (libxtables/xtables.c), consulted before /etc/protocols when printing. */
const CHAIN_PROTOS: readonly (readonly [string, number])[] = [
  ['tcp', 6],
  ['sctp', 132],
  ['udp', 17],
  ['udplite', 136],
  ['icmp', 1],
  ['icmpv6', 58],
  ['esp', 50],
  ['ah', 51],
  ['mh', 135],
  ['all', 0],
];

/** Debian netbase /etc/protocols (names only; the aliases are the upper-case names). */
const ETC_PROTOCOLS =
  'ip 0;hopopt 0;icmp 1;igmp 2;ggp 3;ipencap 4;st 5;tcp 6;egp 8;igp 9;pup 12;udp 17;hmp 20;' +
  'xns-idp 22;rdp 27;iso-tp4 29;dccp 33;xtp 36;ddp 37;idpr-cmtp 38;ipv6 41;ipv6-route 43;' +
  'ipv6-frag 44;idrp 45;rsvp 46;gre 47;esp 50;ah 51;skip 57;ipv6-icmp 58;ipv6-nonxt 59;' +
  'ipv6-opts 60;rspf 73;vmtp 81;eigrp 88;ospf 89;ax.25 93;ipip 94;etherip 97;encap 98;pim 103;' +
  'ipcomp 108;vrrp 112;l2tp 115;isis 124;sctp 132;fc 133;mobility-header 135;udplite 136;' +
  'mpls-in-ip 137;manet 138;hip 139;shim6 140;wesp 141;rohc 142;ethernet 143';

const byName = new Map<string, number>();
const byNumber = new Map<number, string>();
for (const item of ETC_PROTOCOLS.split(';')) {
  const [name = '', num = ''] = item.split(' ');
  if (!byName.has(name)) byName.set(name, Number(num));
  if (!byNumber.has(Number(num))) byNumber.set(Number(num), name);
}

/** The protocol number of `-p TEXT` (TEXT already lower-cased), or undefined. */
export function parseProtocol(text: string): number | undefined {
  const n = strtouiWhole(text, 0, 255);
  if (n !== undefined) return n;
  if (text === 'all') return 0;
  const p = byName.get(text);
  if (p !== undefined) return p;
  return CHAIN_PROTOS.find(([name]) => name === text)?.[1];
}

/** proto_to_name: the name iptables-save prints for a protocol number, or undefined. */
export function protocolName(proto: number, noLookup = false): string | undefined {
  if (proto !== 0 && !noLookup) {
    const name = byNumber.get(proto);
    if (name !== undefined) return name;
  }
  return CHAIN_PROTOS.find(([, num]) => num === proto)?.[0];
}

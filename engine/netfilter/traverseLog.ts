/**
 * The kernel log line the LOG target writes, field for field as net/netfilter/nf_log_syslog.c
 * builds it: nf_log_dump_packet_common (prefix, IN=, OUT=, PHYSIN=, PHYSOUT=), dump_mac_header
 * (only with an input device), dump_ipv4_packet with nf_log_dump_tcp_header and
 * nf_log_dump_udp_header, the ICMP error's quoted packet once in brackets, then UID=/GID=
 * (--log-uid) and MARK=. Every field is followed by a space, so the line ends with one, as
 * printk receives it. The syslog level (--log-level) is not part of the text: it travels in
 * the trace event.
 *
 * What the packet model does not carry is left out rather than made up: TCP sequence numbers
 * (--log-tcp-sequence prints SEQ= ACK= in the kernel; the ISNs are random, secure_tcp_seq) and
 * TCP option bytes (--log-tcp-options; the timestamp values are random too). Simulated packets
 * carry no IP options, so --log-ip-options adds nothing, as in the kernel for a 20-byte header.
 */
import { formatIpv4 } from '../packet/ipv4.ts';
import type { Ipv4Packet, TcpSegment, UdpDatagram } from '../packet/packet.ts';
import { l4Len } from '../packet/packet.ts';
import type { LogTarget } from './model.ts';
import { TCP_FLAG, type PacketMeta } from './packetMeta.ts';

/** nf_log_dump_tcp_header's order (th->cwr ... th->fin). */
const FLAGS: ReadonlyArray<readonly [number, string]> = [
  [TCP_FLAG.CWR, 'CWR'],
  [TCP_FLAG.ECE, 'ECE'],
  [TCP_FLAG.URG, 'URG'],
  [TCP_FLAG.ACK, 'ACK'],
  [TCP_FLAG.PSH, 'PSH'],
  [TCP_FLAG.RST, 'RST'],
  [TCP_FLAG.SYN, 'SYN'],
  [TCP_FLAG.FIN, 'FIN'],
];

/** ICMP types whose message quotes the offending packet (dump_ipv4_packet recurses once). */
const QUOTING_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11]);

export function logLine(t: LogTarget, m: PacketMeta): string {
  let s = `${t.prefix}IN=${m.inIface ?? ''} OUT=${m.outIface ?? ''} `;
  if (m.physIn !== undefined && m.physIn !== m.inIface) s += `PHYSIN=${m.physIn} `;
  if (m.physOut !== undefined && m.physOut !== m.outIface) s += `PHYSOUT=${m.physOut} `;
  if (m.inIface !== undefined) s += macHeader(t, m);
  s += ipv4Dump(m.packet, false);
  if (t.uid && m.sockUid !== undefined) s += `UID=${m.sockUid} GID=${m.sockUid} `;
  if (m.mark !== 0) s += `MARK=0x${m.mark.toString(16)} `;
  return s;
}

/**
 * dump_mac_header: --log-macdecode spells out an Ethernet header (every device here but lo is
 * ARPHRD_ETHER); otherwise, and on lo, the raw header: destination, source, ethertype.
 */
function macHeader(t: LogTarget, m: PacketMeta): string {
  const src = m.macSrc ?? '';
  const dst = m.macDst ?? '';
  if (t.macDecode && m.inIface !== 'lo') return `MACSRC=${src} MACDST=${dst} MACPROTO=0800 `;
  return `MAC=${dst}:${src}:08:00 `;
}

/** dump_ipv4_packet; `quoted` is the one level of recursion for an ICMP error's contents. */
function ipv4Dump(p: Ipv4Packet, quoted: boolean): string {
  let s =
    `SRC=${formatIpv4(p.src)} DST=${formatIpv4(p.dst)} ` +
    `LEN=${p.len} TOS=0x00 PREC=0x00 TTL=${p.ttl} ID=${p.id} `;
  if (p.df) s += 'DF ';
  const l4 = p.l4;
  switch (l4.kind) {
    case 'tcp':
      return s + tcpDump(l4);
    case 'udp':
      return s + udpDump(l4);
    case 'icmp': {
      s += `PROTO=ICMP TYPE=${l4.type} CODE=${l4.code} `;
      if (l4.type === 0 || l4.type === 8) return s + `ID=${l4.id ?? 0} SEQ=${l4.seq ?? 0} `;
      if (QUOTING_TYPES.has(l4.type) && l4.quoted && !quoted)
        s += `[${ipv4Dump(l4.quoted, true)}] `;
      return s;
    }
  }
}

function tcpDump(t: TcpSegment): string {
  let s = `PROTO=TCP SPT=${t.sport} DPT=${t.dport} WINDOW=${t.window} RES=0x00 `;
  for (const [bit, name] of FLAGS) if (t.flags & bit) s += `${name} `;
  return s + 'URGP=0 ';
}

function udpDump(u: UdpDatagram): string {
  return `PROTO=UDP SPT=${u.sport} DPT=${u.dport} LEN=${l4Len(u)} `;
}

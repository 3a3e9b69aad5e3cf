/**
 * The kernel log line the LOG target writes (nf_log_syslog.c dump_ipv4_packet), without the
 * MAC= part and with the fields the simulator knows.
 */
import { formatIpv4 } from '../packet/ipv4.ts';
import { IPPROTO, TCP_FLAG, type PacketMeta } from './packetMeta.ts';

const FLAGS: ReadonlyArray<[number, string]> = [
  [TCP_FLAG.CWR, 'CWR'],
  [TCP_FLAG.ECE, 'ECE'],
  [TCP_FLAG.URG, 'URG'],
  [TCP_FLAG.ACK, 'ACK'],
  [TCP_FLAG.PSH, 'PSH'],
  [TCP_FLAG.RST, 'RST'],
  [TCP_FLAG.SYN, 'SYN'],
  [TCP_FLAG.FIN, 'FIN'],
];

export function logLine(prefix: string, m: PacketMeta): string {
  const parts = [`${prefix}IN=${m.inIface ?? ''}`, `OUT=${m.outIface ?? ''}`];
  if (m.physIn) parts.push(`PHYSIN=${m.physIn}`);
  if (m.physOut) parts.push(`PHYSOUT=${m.physOut}`);
  parts.push(
    `SRC=${formatIpv4(m.src)}`,
    `DST=${formatIpv4(m.dst)}`,
    `LEN=${m.len}`,
    'TOS=0x00',
    'PREC=0x00',
  );
  if (m.proto === IPPROTO.TCP) {
    parts.push('PROTO=TCP', `SPT=${m.sport}`, `DPT=${m.dport}`);
    for (const [bit, name] of FLAGS) if ((m.tcpFlags ?? 0) & bit) parts.push(name);
  } else if (m.proto === IPPROTO.UDP) {
    parts.push('PROTO=UDP', `SPT=${m.sport}`, `DPT=${m.dport}`, `LEN=${m.len - 20}`);
  } else if (m.proto === IPPROTO.ICMP) {
    parts.push('PROTO=ICMP', `TYPE=${m.icmpType}`, `CODE=${m.icmpCode}`);
  } else {
    parts.push(`PROTO=${m.proto}`);
  }
  if (m.mark !== 0) parts.push(`MARK=0x${m.mark.toString(16)}`);
  return parts.join(' ');
}

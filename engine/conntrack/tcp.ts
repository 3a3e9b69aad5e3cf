/**
 * The part of nf_conntrack_proto_tcp's state table a connect exercises: SYN opens SYN_SENT,
 * SYN-ACK in reply gives SYN_RECV, the final ACK ESTABLISHED (and ASSURED), FIN/RST close.
 * A RST that is the first answer deletes the entry at once ("If only reply is a RST, we can
 * consider ourselves not to have an established connection", tcp_packet()).
 */
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import type { CtEntry, TcpCtState } from './entry.ts';

export type Dir = 'ORIGINAL' | 'REPLY';

/** State for a packet that creates the entry; undefined = INVALID, no entry (tcp_new). */
export function tcpNewState(flags: number, loose: boolean): TcpCtState | undefined {
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const ack = (flags & TCP_FLAG.ACK) !== 0;
  if (flags & (TCP_FLAG.RST | TCP_FLAG.FIN)) return undefined;
  if (syn && !ack) return 'SYN_SENT';
  if (!syn && ack && loose) return 'ESTABLISHED';
  return undefined;
}

/** Updates `e` for a packet of an existing TCP connection; returns false if it is INVALID. */
export function tcpUpdate(e: CtEntry, dir: Dir, flags: number): boolean {
  const old = e.tcpState ?? 'SYN_SENT';
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const ack = (flags & TCP_FLAG.ACK) !== 0;
  if (flags & TCP_FLAG.RST) {
    e.tcpState = 'CLOSE';
    if (dir === 'REPLY' && !e.seenReply) e.dead = true;
    return true;
  }
  if (flags & TCP_FLAG.FIN) {
    e.tcpState = old === 'ESTABLISHED' ? 'FIN_WAIT' : old === 'FIN_WAIT' ? 'LAST_ACK' : old;
    return true;
  }
  if (syn && ack) {
    if (dir === 'REPLY' && (old === 'SYN_SENT' || old === 'SYN_RECV')) e.tcpState = 'SYN_RECV';
    return dir === 'REPLY';
  }
  if (syn) return dir === 'ORIGINAL' && old === 'SYN_SENT';
  // tcp_conntracks, ACK in either direction: LAST_ACK -> TIME_WAIT (the close's last ACK).
  if (ack && old === 'LAST_ACK') e.tcpState = 'TIME_WAIT';
  if (ack && old === 'SYN_RECV' && dir === 'ORIGINAL') {
    e.tcpState = 'ESTABLISHED';
    e.assured = true;
  }
  return true;
}

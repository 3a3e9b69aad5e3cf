/**
 * One connection as nf_conntrack keeps it. `reply` starts as the inverted original tuple; NAT
 * bindings rewrite it (nf_nat_setup_info), which is how replies find their way back un-NATed.
 */
import type { Tuple } from './tuple.ts';
import { invert } from './tuple.ts';

/** TCP conntrack states (nf_conntrack_proto_tcp.c tcp_conntrack_names). */
export type TcpCtState =
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'ESTABLISHED'
  | 'FIN_WAIT'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'CLOSE';

export interface CtEntry {
  readonly id: number;
  readonly orig: Tuple;
  reply: Tuple;
  /** TCP only. */
  tcpState?: TcpCtState;
  seenReply: boolean;
  assured: boolean;
  confirmed: boolean;
  /** Killed (e.g. a RST as the only reply): no longer listed, never confirmed. */
  dead: boolean;
  mark: number;
  /** Whether the nat chains have run for each manipulation type (nf_nat_initialized). */
  natInit: { src: boolean; dst: boolean };
  snat: boolean;
  dnat: boolean;
  /** Simulated ms when the entry was made (UDP turns ASSURED 2 s later, nf_conntrack_proto_udp). */
  readonly created: number;
  /** Simulated ms when the entry times out unless another packet refreshes it. */
  expires: number;
}

/** Default timeouts in seconds (nf_conntrack_proto_{tcp,udp,icmp}.c, sysctl defaults). */
const TCP_TIMEOUTS: Readonly<Record<TcpCtState, number>> = {
  SYN_SENT: 120,
  SYN_RECV: 60,
  ESTABLISHED: 432000,
  FIN_WAIT: 120,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  TIME_WAIT: 120,
  CLOSE: 10,
};

/** nf_ct_refresh: the entry lives this long after its latest packet (ms). */
export function timeoutMs(e: CtEntry): number {
  if (e.tcpState !== undefined) return TCP_TIMEOUTS[e.tcpState] * 1000;
  if (e.orig.proto === 17) return (e.seenReply ? 120 : 30) * 1000;
  return 30_000;
}

export function newEntry(id: number, orig: Tuple, created = 0): CtEntry {
  return {
    id,
    orig,
    reply: invert(orig),
    seenReply: false,
    assured: false,
    confirmed: false,
    dead: false,
    mark: 0,
    natInit: { src: false, dst: false },
    snat: false,
    dnat: false,
    created,
    expires: created,
  };
}

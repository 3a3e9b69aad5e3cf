/**
 * Packets as immutable values, with the lengths Linux puts on the wire:
 * a SYN or SYN-ACK carries 20 bytes of options (MSS, SACK_PERM, timestamps, window scale) so
 * its IP length is 60; later segments carry the 12-byte timestamp option (ACK = 52); a RST made
 * by tcp_v4_send_reset or nf_send_reset has no options (40); an echo request from ping or the
 * probe carries 56 bytes of data (84); an ICMP error quotes the offending packet up to the
 * 576-byte limit of icmp_send (RFC 1812 4.3.2.3).
 */
import { IPPROTO, TCP_FLAG } from '../netfilter/packetMeta.ts';

export interface TcpSegment {
  readonly kind: 'tcp';
  readonly sport: number;
  readonly dport: number;
  /** TCP_FLAG bits. */
  readonly flags: number;
  /** Header length including options (20..60). */
  readonly headerLen: number;
  readonly payloadLen: number;
  /** The window field as Linux fills it (WINDOW= of a LOG line); see tcpWindow. */
  readonly window: number;
}

export interface UdpDatagram {
  readonly kind: 'udp';
  readonly sport: number;
  readonly dport: number;
  readonly payload: string;
}

export interface IcmpMessage {
  readonly kind: 'icmp';
  readonly type: number;
  readonly code: number;
  /** Echo request/reply only. */
  readonly id?: number;
  readonly seq?: number;
  /** Errors (types 3, 4, 5, 11, 12): the packet that caused it, as it was when the error was made. */
  readonly quoted?: Ipv4Packet;
  /** Bytes after the 8-byte ICMP header. */
  readonly dataLen: number;
}

export type Transport = TcpSegment | UdpDatagram | IcmpMessage;

export interface Ipv4Packet {
  readonly src: number;
  readonly dst: number;
  readonly ttl: number;
  /** The identification field and the Don't Fragment bit (see IpIdent). */
  readonly id: number;
  readonly df: boolean;
  readonly proto: number;
  /** IP total length (what rule byte counters add and what `len` reports). */
  readonly len: number;
  readonly l4: Transport;
}

export const DEFAULT_TTL = 64;

/**
 * The IP id and DF bit a sender puts on a packet (ip_select_ident_segs, include/net/ip.h).
 * Sockets set DF (path MTU discovery, IP_PMTUDISC_WANT, is the default) and so do
 * nf_reject_iphdr_put and tcp_v4_send_reset's control socket; the kernel's ICMP socket does not
 * (icmp_sk_init: IP_PMTUDISC_DONT). A DF packet from a socket that is not connected gets id 0
 * (SYN-ACKs via ip_build_and_send_pkt, resets, an unconnected UDP reply, a raw-socket echo
 * request); the rest take a number the kernel makes unpredictable on purpose (see
 * Netns.nextIpId).
 */
export interface IpIdent {
  readonly id: number;
  readonly df: boolean;
}

/** DF with id 0: what an unconnected socket or a reset sender writes. */
export const DF_ID0: IpIdent = { id: 0, df: true };
/** icmp_send never builds an error larger than this (net/ipv4/icmp.c, 576 - headers). */
const ICMP_ERROR_MAX = 576;
const utf8 = new TextEncoder();

export function protoOf(l4: Transport): number {
  return l4.kind === 'tcp' ? IPPROTO.TCP : l4.kind === 'udp' ? IPPROTO.UDP : IPPROTO.ICMP;
}

export function l4Len(l4: Transport): number {
  switch (l4.kind) {
    case 'tcp':
      return l4.headerLen + l4.payloadLen;
    case 'udp':
      return 8 + utf8.encode(l4.payload).length;
    case 'icmp':
      return 8 + l4.dataLen;
  }
}

export function ipv4(
  src: number,
  dst: number,
  l4: Transport,
  ttl = DEFAULT_TTL,
  ident: IpIdent = DF_ID0,
): Ipv4Packet {
  return { src, dst, ttl, id: ident.id, df: ident.df, proto: protoOf(l4), len: 20 + l4Len(l4), l4 };
}

/**
 * The window Linux writes, on a 1500-byte-MTU Ethernet path (veth, bridge): a SYN offers
 * 64240 (tcp_select_initial_window: 65535 rounded down to 44 MSS of 1460), a SYN-ACK 65160
 * (45 MSS of 1448, timestamps on), later segments 502 (64256 scaled by wscale 7), a reset that
 * answers a segment 0 (tcp_v4_send_reset, nf_reject_ip_tcphdr_put). Over lo (MTU 65536) Linux
 * offers larger windows; the model does not follow the MTU there.
 */
function tcpWindow(flags: number): number {
  const { SYN, ACK, RST } = TCP_FLAG;
  if (flags & RST) return 0;
  if (flags & SYN) return flags & ACK ? 65160 : 64240;
  return 502;
}

/** The segment kinds a TCP connect exchanges, with Linux's option lengths. */
export function tcpSegment(
  sport: number,
  dport: number,
  flags: number,
  window = tcpWindow(flags),
): TcpSegment {
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const rst = (flags & TCP_FLAG.RST) !== 0;
  const headerLen = syn ? 40 : rst ? 20 : 32;
  return { kind: 'tcp', sport, dport, flags, headerLen, payloadLen: 0, window };
}

export function udpDatagram(sport: number, dport: number, payload: string): UdpDatagram {
  return { kind: 'udp', sport, dport, payload };
}

export function icmpEcho(type: 0 | 8, id: number, seq: number, dataLen = 56): IcmpMessage {
  return { kind: 'icmp', type, code: 0, id, seq, dataLen };
}

/** An ICMP error quoting `offending` (as much as fits in 576 bytes). */
export function icmpError(type: number, code: number, offending: Ipv4Packet): IcmpMessage {
  const room = ICMP_ERROR_MAX - 20 - 8;
  return { kind: 'icmp', type, code, quoted: offending, dataLen: Math.min(offending.len, room) };
}

export function isIcmpError(l4: Transport): l4 is IcmpMessage & { quoted: Ipv4Packet } {
  return l4.kind === 'icmp' && l4.quoted !== undefined;
}

export function ports(p: Ipv4Packet): { sport: number; dport: number } | undefined {
  return p.l4.kind === 'icmp' ? undefined : { sport: p.l4.sport, dport: p.l4.dport };
}

export function withTtl(p: Ipv4Packet, ttl: number): Ipv4Packet {
  return { ...p, ttl };
}

/** Rewrites the source address and, for TCP/UDP, the source port (NAT). */
export function withSource(p: Ipv4Packet, addr: number, port?: number): Ipv4Packet {
  if (port === undefined || p.l4.kind === 'icmp') return { ...p, src: addr };
  return { ...p, src: addr, l4: { ...p.l4, sport: port } };
}

export function withDestination(p: Ipv4Packet, addr: number, port?: number): Ipv4Packet {
  if (port === undefined || p.l4.kind === 'icmp') return { ...p, dst: addr };
  return { ...p, dst: addr, l4: { ...p.l4, dport: port } };
}

const FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [TCP_FLAG.FIN, 'FIN'],
  [TCP_FLAG.SYN, 'SYN'],
  [TCP_FLAG.RST, 'RST'],
  [TCP_FLAG.PSH, 'PSH'],
  [TCP_FLAG.ACK, 'ACK'],
  [TCP_FLAG.URG, 'URG'],
];

/** "SYN,ACK" as the recording agent prints the flags (bit order FIN..URG). */
export function formatTcpFlags(flags: number): string {
  const bits = flags & 0x3f;
  return (FLAG_TEXT[bits] ??= FLAG_NAMES.filter(([bit]) => (bits & bit) !== 0)
    .map(([, name]) => name)
    .join(','));
}

/** formatTcpFlags' answers, made once each: every traced packet asks. */
const FLAG_TEXT: (string | undefined)[] = [];

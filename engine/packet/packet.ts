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
  readonly proto: number;
  /** IP total length (what rule byte counters add and what `len` reports). */
  readonly len: number;
  readonly l4: Transport;
}

export const DEFAULT_TTL = 64;
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

export function ipv4(src: number, dst: number, l4: Transport, ttl = DEFAULT_TTL): Ipv4Packet {
  return { src, dst, ttl, proto: protoOf(l4), len: 20 + l4Len(l4), l4 };
}

/** The segment kinds a TCP connect exchanges, with Linux's option lengths. */
export function tcpSegment(sport: number, dport: number, flags: number): TcpSegment {
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const rst = (flags & TCP_FLAG.RST) !== 0;
  return { kind: 'tcp', sport, dport, flags, headerLen: syn ? 40 : rst ? 20 : 32, payloadLen: 0 };
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
  return FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0)
    .map(([, name]) => name)
    .join(',');
}

/**
 * What a locally delivered packet does to the sockets of a namespace (tcp_v4_rcv, udp_rcv,
 * icmp_rcv): a SYN to a listener gets a SYN-ACK, a SYN-ACK completes a connect with an ACK, a
 * segment for no socket gets a RST (tcp_v4_send_reset), a datagram for no socket an ICMP
 * port-unreachable, an echo request an echo reply; ICMP errors reach the socket whose packet
 * they quote (tcp_v4_err, __udp4_lib_err with icmp_err_convert).
 */
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import type { Ipv4Packet, TcpSegment } from '../packet/packet.ts';
import {
  DEFAULT_TTL,
  icmpEcho,
  icmpError,
  ipv4,
  tcpSegment,
  udpDatagram,
} from '../packet/packet.ts';
import type { Netns } from './netns.ts';
import type { TcpConnection } from './sockets.ts';
import { udpReplyPayload } from './udpEcho.ts';
import type { World } from './world.ts';

/** Sends from this namespace; `bySocket` when a process's socket owns the packet (--log-uid). */
type Send = (p: Ipv4Packet, bySocket?: boolean) => unknown;

/** icmp_err_convert (net/ipv4/icmp.c): errno and whether the error is fatal, per unreachable code. */
const UNREACH: ReadonlyArray<readonly [string, boolean]> = [
  ['ENETUNREACH', false],
  ['EHOSTUNREACH', false],
  ['ENOPROTOOPT', true],
  ['ECONNREFUSED', true],
  ['EMSGSIZE', false],
  ['EOPNOTSUPP', false],
  ['ENETUNREACH', true],
  ['EHOSTDOWN', true],
  ['ENONET', true],
  ['ENETUNREACH', true],
  ['EHOSTUNREACH', true],
  ['ENETUNREACH', false],
  ['EHOSTUNREACH', false],
  ['EHOSTUNREACH', true],
  ['EHOSTUNREACH', true],
  ['EHOSTUNREACH', true],
];

export function icmpErrno(type: number, code: number): { errno: string; fatal: boolean } {
  if (type === 3) {
    const [errno, fatal] = UNREACH[code] ?? ['EHOSTUNREACH', false];
    return { errno, fatal };
  }
  if (type === 11) return { errno: 'EHOSTUNREACH', fatal: false };
  if (type === 12) return { errno: 'EPROTO', fatal: true };
  return { errno: 'EHOSTUNREACH', fatal: false };
}

export function deliverLocal(w: World, ns: Netns, p: Ipv4Packet, send: Send): void {
  switch (p.l4.kind) {
    case 'tcp':
      return tcpRcv(w, ns, p, p.l4, send);
    case 'udp':
      return udpRcv(w, ns, p, send);
    case 'icmp':
      return icmpRcv(ns, p, send);
  }
}

function tcpRcv(w: World, ns: Netns, p: Ipv4Packet, t: TcpSegment, send: Send): void {
  const { SYN, ACK, RST } = TCP_FLAG;
  const conn = ns.sockets.findTcp([p.dst, t.dport], [p.src, t.sport]);
  if (conn) return tcpConnRcv(w, ns, conn, p, t, send);
  if ((t.flags & (SYN | ACK | RST)) === SYN && ns.sockets.listensTcp([p.dst, t.dport])) {
    const c: TcpConnection = {
      role: 'server',
      local: [p.dst, t.dport],
      remote: [p.src, t.sport],
      state: 'SYN_RECV',
      synAcks: 1,
    };
    ns.sockets.tcp.push(c);
    w.trace({ type: 'deliver', ns: ns.name, to: `listener on port ${t.dport}: SYN-ACK` });
    // ip_build_and_send_pkt: DF with id 0; skb->sk is the request socket (no UID).
    send(ipv4(p.dst, p.src, tcpSegment(t.dport, t.sport, SYN | ACK)));
    return;
  }
  if (t.flags & RST) return;
  w.trace({ type: 'deliver', ns: ns.name, to: `no socket for port ${t.dport}: RST` });
  // tcp_v4_send_reset's control socket: IP_PMTUDISC_DO, not connected, so DF with id 0.
  send(ipv4(p.dst, p.src, tcpSegment(t.dport, t.sport, t.flags & ACK ? RST : RST | ACK)));
}

function tcpConnRcv(
  w: World,
  ns: Netns,
  c: TcpConnection,
  p: Ipv4Packet,
  t: TcpSegment,
  send: Send,
): void {
  const { SYN, ACK, RST } = TCP_FLAG;
  if (t.flags & RST) {
    if (c.state === 'SYN_SENT') c.error = 'ECONNREFUSED';
    c.state = 'CLOSED';
    return;
  }
  if (c.state === 'SYN_SENT' && (t.flags & (SYN | ACK)) === (SYN | ACK)) {
    c.state = 'ESTABLISHED';
    w.trace({ type: 'deliver', ns: ns.name, to: 'connect() completes: ACK' });
    send(
      ipv4(p.dst, p.src, tcpSegment(t.dport, t.sport, ACK), DEFAULT_TTL, ns.connectedIdent()),
      true,
    );
    return;
  }
  if (c.state === 'SYN_RECV' && (t.flags & (SYN | ACK)) === ACK) {
    c.state = 'ESTABLISHED';
    w.trace({ type: 'deliver', ns: ns.name, to: 'accept() returns the connection' });
    return;
  }
  if (t.flags & TCP_FLAG.FIN) return tcpFinRcv(w, ns, c, p, t, send);
  if (c.state === 'LAST_ACK' && t.flags & ACK) {
    c.state = 'CLOSED';
    return;
  }
  if (c.state === 'ESTABLISHED' && t.flags & SYN && t.flags & ACK) {
    // A retransmitted SYN-ACK after our ACK was lost: ACK it again (tcp_rcv_state_process).
    send(
      ipv4(p.dst, p.src, tcpSegment(t.dport, t.sport, ACK), DEFAULT_TTL, ns.connectedIdent()),
      true,
    );
  }
}

/**
 * An orderly close (RFC 793 3.5): the application at the end that gets the first FIN closes as
 * soon as it reads EOF (nc's or http.server's peer after nc -z, curl after http.server answered
 * and closed), so its ACK of the FIN carries its own FIN (LAST_ACK); the end that closed first
 * ACKs that and stays in TIME_WAIT.
 */
function tcpFinRcv(
  w: World,
  ns: Netns,
  c: TcpConnection,
  p: Ipv4Packet,
  t: TcpSegment,
  send: Send,
): void {
  const { FIN, ACK } = TCP_FLAG;
  const reply = (flags: number) =>
    send(
      ipv4(p.dst, p.src, tcpSegment(t.dport, t.sport, flags), DEFAULT_TTL, ns.connectedIdent()),
      true,
    );
  if (c.state === 'ESTABLISHED') {
    c.state = 'LAST_ACK';
    w.trace({ type: 'deliver', ns: ns.name, to: 'read() returns EOF; close(): FIN' });
    reply(FIN | ACK);
  } else if (c.state === 'FIN_WAIT1') {
    c.state = 'TIME_WAIT';
    w.trace({ type: 'deliver', ns: ns.name, to: 'the peer closed too: ACK, TIME_WAIT' });
    reply(ACK);
  }
}

function udpRcv(w: World, ns: Netns, p: Ipv4Packet, send: Send): void {
  if (p.l4.kind !== 'udp') return;
  const u = p.l4;
  const sock = ns.sockets.findUdp([p.dst, u.dport], [p.src, u.sport]);
  if (!sock) {
    w.trace({
      type: 'deliver',
      ns: ns.name,
      dev: '',
      to: `no socket for UDP port ${u.dport}: ICMP port unreachable`,
    });
    send(ipv4(p.dst, p.src, icmpError(3, 3, p), DEFAULT_TTL, ns.icmpIdent()));
    return;
  }
  sock.received.push({ from: [p.src, u.sport], to: [p.dst, u.dport], payload: u.payload });
  if (sock.role === 'listener' && sock.silent !== true && sock.received.length === 1) {
    // The probe's listener echoes what it got, from the address it arrived at (IP_PKTINFO),
    // through its unconnected socket: DF with id 0.
    const reply = udpReplyPayload(p.src, u.sport, p.dst, u.dport, u.payload);
    send(ipv4(p.dst, p.src, udpDatagram(u.dport, u.sport, reply)), true);
  }
}

function icmpRcv(ns: Netns, p: Ipv4Packet, send: Send): void {
  const m = p.l4;
  if (m.kind !== 'icmp') return;
  if (m.type === 8) {
    if (!ns.sysctls.flag('net.ipv4.icmp_echo_ignore_all'))
      send(
        ipv4(
          p.dst,
          p.src,
          icmpEcho(0, m.id ?? 0, m.seq ?? 0, m.dataLen),
          DEFAULT_TTL,
          ns.icmpIdent(),
        ),
      );
    return;
  }
  if (m.type === 0) {
    const s = ns.sockets.icmp.find((x) => x.ident === m.id && x.result === undefined);
    if (s) s.result = { kind: 'reply', from: p.src, to: p.dst };
    return;
  }
  if (m.quoted) icmpErrorRcv(ns, p, m.type, m.code, m.quoted);
}

function icmpErrorRcv(ns: Netns, p: Ipv4Packet, type: number, code: number, q: Ipv4Packet): void {
  const { errno, fatal } = icmpErrno(type, code);
  const ql = q.l4;
  if (ql.kind === 'tcp') {
    const c = ns.sockets.findTcp([q.src, ql.sport], [q.dst, ql.dport]);
    // tcp_v4_err: in SYN_SENT any destination-unreachable or time-exceeded aborts the connect.
    if (c && (c.state === 'SYN_SENT' || c.state === 'SYN_RECV') && (type === 3 || type === 11)) {
      c.error = errno;
      c.state = 'CLOSED';
    }
  } else if (ql.kind === 'udp') {
    const s = ns.sockets.udp.find(
      (x) =>
        x.role === 'client' &&
        x.local[1] === ql.sport &&
        x.remote?.[0] === q.dst &&
        x.remote[1] === ql.dport,
    );
    // __udp4_lib_err: without IP_RECVERR only fatal errors reach a connected socket.
    if (s && fatal && s.error === undefined) s.error = errno;
  } else if (ql.type === 8) {
    const s = ns.sockets.icmp.find((x) => x.ident === ql.id && x.result === undefined);
    if (s)
      s.result = { kind: 'error', from: p.src, type, code, quotedSrc: q.src, quotedDst: q.dst };
  }
}

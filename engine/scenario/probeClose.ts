/**
 * How a probe's TCP connection ends once its snapshot is taken (probe.ts): the recording
 * agent's RST, or an orderly close with FIN as curl and nc do, from whichever end closes first.
 */
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import { formatIpv4 } from '../packet/ipv4.ts';
import { DEFAULT_TTL, ipv4, tcpSegment } from '../packet/packet.ts';
import { pump, socketOut } from '../stack/ip.ts';
import type { Netns } from '../stack/netns.ts';
import type { TcpConnection } from '../stack/sockets.ts';
import type { World } from '../stack/world.ts';
import type { TraceEvent } from '../trace/events.ts';
import type { ProbeOptions } from './probe.ts';
import type { ProbeSpec } from './types.ts';

const endpoint = (e: readonly [number, number]): [string, number] => [formatIpv4(e[0]), e[1]];

/**
 * After the snapshot the agent closes a connected client with SO_LINGER 0 (a RST): counted by
 * no probe, but the connection's conntrack entry goes to CLOSE and the server socket closes,
 * which a following keep_conntrack probe sees. A shell probe (`close: 'fin'`) closes as curl
 * and nc do, with FIN (finClose).
 */
export function closeAfterSnapshot(
  w: World,
  from: Netns,
  spec: ProbeSpec,
  serverClosesFirst: ProbeOptions['serverClosesFirst'],
): TraceEvent[] {
  if (spec.proto !== 'tcp') return [];
  if (spec.close === 'fin') {
    // The closing segments belong to the shell probe's trace (tcpdump shows them), not to its
    // snapshot (seen, hits): a recorder of their own.
    w.recorder = { events: [], seen: new Map(), hits: new Map() };
    for (const c of from.sockets.tcp) {
      if (c.role !== 'client' || c.state !== 'ESTABLISHED') continue;
      const server = serverEnd(w, c);
      if (server && serverClosesFirst?.(server.ns.name, endpoint(server.conn.local)))
        finClose(w, server.ns, server.conn);
      else finClose(w, from, c);
    }
    const events = w.recorder.events;
    w.recorder = undefined;
    return events;
  }
  for (const c of from.sockets.tcp) {
    if (c.role !== 'client' || c.state !== 'ESTABLISHED') continue;
    c.state = 'CLOSED';
    socketOut(
      w,
      from,
      ipv4(
        c.local[0],
        c.remote[0],
        // tcp_send_active_reset goes through tcp_transmit_skb: the socket's own window.
        tcpSegment(c.local[1], c.remote[1], TCP_FLAG.RST | TCP_FLAG.ACK, 502),
        DEFAULT_TTL,
        from.connectedIdent(),
      ),
    );
    pump(w);
  }
  return [];
}

/**
 * The accepted end of a client's connection: sockets are cleared when a probe starts, so the
 * one established server connection is this probe's (behind DNAT its addresses differ).
 */
function serverEnd(
  w: World,
  client: TcpConnection,
): { ns: Netns; conn: TcpConnection } | undefined {
  for (const ns of w.namespaces.values())
    for (const conn of ns.sockets.tcp)
      if (conn !== client && conn.role === 'server' && conn.state === 'ESTABLISHED')
        return { ns, conn };
  return undefined;
}

/** close() on one end: FIN|ACK, then the peer's FIN (it reads EOF and closes) and the last ACK. */
function finClose(w: World, from: Netns, c: TcpConnection): void {
  c.state = 'FIN_WAIT1';
  const fin = tcpSegment(c.local[1], c.remote[1], TCP_FLAG.FIN | TCP_FLAG.ACK);
  socketOut(w, from, ipv4(c.local[0], c.remote[0], fin, DEFAULT_TTL, from.connectedIdent()));
  pump(w);
}

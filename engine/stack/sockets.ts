/**
 * The sockets the probes open in one namespace: TCP listeners and connections, UDP listeners
 * and connected client sockets, and the raw ICMP socket of an echo probe. State only; what a
 * packet does to them is transport.ts.
 */

export type Endpoint = readonly [addr: number, port: number];

/** FIN_WAIT1, LAST_ACK and TIME_WAIT only occur when a shell probe closes with FIN. */
export type TcpState =
  'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT1' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSED';

export interface TcpConnection {
  readonly role: 'client' | 'server';
  readonly local: Endpoint;
  readonly remote: Endpoint;
  state: TcpState;
  /** errno name once the connect failed (ECONNREFUSED, EHOSTUNREACH…). */
  error?: string;
  /** SYN-ACKs a server sent (the first and retransmissions). */
  synAcks: number;
}

export interface UdpSocket {
  readonly role: 'client' | 'listener';
  /** A listener's port with address 0 (INADDR_ANY); a client's bound address and port. */
  readonly local: Endpoint;
  /** Connected sockets only. */
  readonly remote?: Endpoint;
  received: { from: Endpoint; to: Endpoint; payload: string }[];
  error?: string;
  /**
   * A listener that only reads, as the shell's `nc -lu` does (netcat prints what arrives and
   * answers nothing); without it a listener answers its first datagram as the recording agent
   * does (udpEcho.ts).
   */
  readonly silent?: boolean;
}

export interface IcmpProbeSocket {
  readonly ident: number;
  result?:
    | { kind: 'reply'; from: number; to: number }
    | {
        kind: 'error';
        from: number;
        type: number;
        code: number;
        quotedSrc: number;
        quotedDst: number;
      };
}

export class SocketTable {
  /**
   * Listening TCP sockets as [address, port]; address 0 is INADDR_ANY. A socket bound to one
   * address takes only SYNs to that address, a wildcard one takes any (__inet_lookup_listener).
   */
  readonly tcpListeners: Endpoint[] = [];
  readonly tcp: TcpConnection[] = [];
  readonly udp: UdpSocket[] = [];
  readonly icmp: IcmpProbeSocket[] = [];

  clear(): void {
    this.tcpListeners.length = 0;
    this.tcp.length = 0;
    this.udp.length = 0;
    this.icmp.length = 0;
  }

  /** A listener for a SYN to `local`: bound to its address or to 0.0.0.0. */
  listensTcp(local: Endpoint): boolean {
    return this.tcpListeners.some((l) => bindMatches(l, local));
  }

  findTcp(local: Endpoint, remote: Endpoint): TcpConnection | undefined {
    return this.tcp.find(
      (c) => c.state !== 'CLOSED' && same(c.local, local) && same(c.remote, remote),
    );
  }

  /** udp4_lib_lookup: a connected socket must match the peer too; a listener takes any peer. */
  findUdp(local: Endpoint, remote: Endpoint): UdpSocket | undefined {
    const connected = this.udp.find(
      (s) => s.remote !== undefined && same(s.local, local) && same(s.remote, remote),
    );
    return connected ?? this.udp.find((s) => s.role === 'listener' && bindMatches(s.local, local));
  }
}

/** A socket bound to `bound` (address 0 = INADDR_ANY) receives what is sent to `to`. */
function bindMatches(bound: Endpoint, to: Endpoint): boolean {
  return bound[1] === to[1] && (bound[0] === 0 || bound[0] === to[0]);
}

export function same(a: Endpoint, b: Endpoint): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

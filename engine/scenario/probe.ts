/**
 * One probe, as the recording harness runs it (oracle-tools/trace.py probe, agent.py): flush
 * conntrack unless kept, start the listeners, send from the client, let every packet settle,
 * and read what the client, the listeners, the raw sockets (`seen`), conntrack and the rule
 * counters (`hits`) show. The client waits 0.8 s, so a lost SYN is never retransmitted; a
 * server whose SYN-ACK was lost retransmits it once before the result is taken (the timed-out
 * snapshot is taken 1.5 s after connect(): after the 1 s SYN-ACK retransmission, before the
 * next one at 3 s; verify/late.ts re-records a measurement that misses that window).
 */
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import { formatIpv4, parseIpv4 } from '../packet/ipv4.ts';
import { DEFAULT_TTL, icmpEcho, ipv4, tcpSegment, udpDatagram } from '../packet/packet.ts';
import { lookupRoute } from '../routing/table.ts';
import { localOut, pump, routeErrno, socketOut } from '../stack/ip.ts';
import { routeSource } from '../stack/source.ts';
import type { Netns } from '../stack/netns.ts';
import type { Endpoint } from '../stack/sockets.ts';
import type { World } from '../stack/world.ts';
import type { TraceEvent } from '../trace/events.ts';
import { collectConntrack, collectHits, type HitEntry } from './observe.ts';
import { closeAfterSnapshot } from './probeClose.ts';
import type { ProbeSpec } from './types.ts';
import { ScenarioError } from './types.ts';
import type { CtListEntry } from '../conntrack/list.ts';

export type ClientResult = Record<string, unknown> & { result: string };

export interface ProbeResult {
  [key: string]: unknown;
  client: ClientResult;
  server: Record<string, Record<string, unknown>>;
  delivered: string[];
  seen: Record<string, Record<string, unknown>[]>;
  conntrack: Record<string, CtListEntry[]>;
  hits: Record<string, HitEntry[]>;
}

/**
 * How the shell's programs differ from the recording agent; the shell's probes
 * (engine/shell/commands/probe) set them, scenario probes never do.
 */
export interface ProbeOptions {
  /** The listeners only read, as `nc -lu` does: no UDP answer (the agent echoes, udpEcho.ts). */
  readonly quietListeners?: boolean;
  /**
   * The UDP client is netcat-openbsd's udptest (`nc -zvu [-w S]`): it writes one byte "X"
   * twice at once, then once a second for S seconds (UDP_SCAN_TIMEOUT 3 without -w), instead
   * of the agent's one datagram.
   */
  readonly udptestSeconds?: number;
  /**
   * With `close: 'fin'`: whether the server closes first, given the namespace that accepted
   * the connection and the server's own end of it (address, port: behind DNAT not the probe's). An HTTP/1.0 server (python's http.server) closes once it has answered, so
   * the server sends the first FIN and ends in TIME_WAIT; nc -z's peer waits for the client.
   */
  readonly serverClosesFirst?: (serverNs: string, local: readonly [string, number]) => boolean;
}

/** Simulated time between the starts of two probes. */
export const PROBE_SPACING_MS = 3000;

interface Listener {
  readonly ns: string;
  readonly port: number;
}

const ep = (e: readonly [number, number]): [string, number] => [formatIpv4(e[0]), e[1]];

/** `index` is 1-based, as the defaults (sport 40000+index, ident 0x4000+index) count. */
export function runProbe(
  w: World,
  spec: ProbeSpec,
  index: number,
  path = `probes[${index - 1}]`,
  opts: ProbeOptions = {},
): { result: ProbeResult; trace: TraceEvent[] } {
  const from = w.namespaces.get(spec.from);
  if (!from) throw new ScenarioError(`${path}.from`, `unknown namespace "${spec.from}"`);
  const dst = parseIpv4(spec.dst)!;
  // Each probe takes a few seconds on the kernel (agents start, the client waits, the harness
  // settles and reads counters); conntrack's and xt_recent's clocks see that gap.
  w.now += PROBE_SPACING_MS;
  for (const ns of w.namespaces.values()) {
    if (!spec.keepConntrack) ns.conntrack.flush();
    ns.sockets.clear();
  }
  const listeners = startListeners(w, spec, dst, path, opts.quietListeners === true);
  w.recorder = { events: [], seen: new Map(), hits: new Map() };
  for (const late of w.deferred.splice(0)) late();
  pump(w);
  const head: Record<string, unknown> = {
    name: spec.name,
    from: spec.from,
    proto: spec.proto,
    dst: spec.dst,
  };
  if (spec.dport !== undefined) head.dport = spec.dport;
  if (spec.src !== undefined) head.src = spec.src;
  const sport = spec.sport ?? 40000 + index;
  const ident = spec.ident ?? 0x4000 + index;
  if (spec.proto === 'icmp') head.ident = ident;
  else head.sport = sport;
  if (spec.keepConntrack) head.keep_conntrack = true;
  if (spec.proto !== 'icmp') head.listen = listeners.map((l) => ({ ns: l.ns, port: l.port }));
  const client = runClient(w, from, spec, dst, { sport, ident, udptest: opts.udptestSeconds });
  const server = serverView(w, spec, listeners);
  const recorder = w.recorder;
  w.recorder = undefined;
  const seen: Record<string, Record<string, unknown>[]> = {};
  for (const name of w.namespaces.keys()) {
    const list = recorder.seen.get(name);
    if (list) seen[name] = list as Record<string, unknown>[];
  }
  const delivered =
    spec.proto === 'icmp'
      ? Object.keys(seen)
          .filter(
            (ns) =>
              ns !== spec.from &&
              seen[ns]!.some((p) => p.proto === 'icmp' && p.type === 8 && p.id === ident),
          )
          .sort()
      : Object.keys(server).sort();
  const result: ProbeResult = {
    ...head,
    client,
    server,
    delivered,
    seen: {},
    conntrack: {},
    hits: {},
  };
  if (spec.expect !== undefined) {
    result.expect = spec.expect;
    result.expect_met = client.result === spec.expect;
  }
  result.seen = seen;
  result.conntrack = collectConntrack(w);
  result.hits = collectHits(w, recorder.hits);
  const closing = closeAfterSnapshot(w, from, spec, opts.serverClosesFirst);
  return { result, trace: recorder.events.concat(closing) };
}

function startListeners(
  w: World,
  spec: ProbeSpec,
  dst: number,
  path: string,
  silent: boolean,
): Listener[] {
  if (spec.proto === 'icmp' || spec.listen === false) return [];
  const specs = spec.listen ?? [{}];
  return specs.map((l, i) => {
    const owner = l.ns ?? [...w.namespaces.values()].find((ns) => ns.isLocalAddress(dst))?.name;
    if (owner === undefined)
      throw new ScenarioError(
        `${path}.listen`,
        `cannot tell which namespace listens on ${spec.dst}; add listen.ns`,
      );
    const ns = w.namespaces.get(owner);
    if (!ns)
      throw new ScenarioError(
        `${path}.listen${spec.listen ? `[${i}]` : ''}.ns`,
        `unknown namespace "${owner}"`,
      );
    const port = l.port ?? spec.dport!;
    const addr = l.addr === undefined ? 0 : parseIpv4(l.addr)!;
    if (spec.proto === 'tcp') ns.sockets.tcpListeners.push([addr, port]);
    else ns.sockets.udp.push({ role: 'listener', local: [addr, port], received: [], silent });
    return { ns: owner, port };
  });
}

interface ClientIds {
  readonly sport: number;
  readonly ident: number;
  /** Set: the UDP client is netcat's udptest writing for this many seconds (ProbeOptions). */
  readonly udptest: number | undefined;
}

function runClient(
  w: World,
  from: Netns,
  spec: ProbeSpec,
  dst: number,
  { sport, ident, udptest }: ClientIds,
): ClientResult {
  // bind() to an address the namespace does not have fails before connect() routes anything.
  if (spec.src !== undefined && !from.isLocalAddress(parseIpv4(spec.src)!))
    return failure('EADDRNOTAVAIL');
  const route = lookupRoute(from.routes(), dst);
  const routeErr = routeErrno(route);
  if (routeErr) return failure(routeErr);
  const src = spec.src !== undefined ? parseIpv4(spec.src)! : routeSource(from, route!, dst);
  if (src === undefined) return failure('EADDRNOTAVAIL');
  if (spec.proto === 'tcp') return tcpClient(w, from, src, dst, sport, spec.dport!);
  if (spec.proto === 'udp' && udptest !== undefined)
    return udptestClient(w, from, [src, sport], [dst, spec.dport!], udptest);
  if (spec.proto === 'udp') return udpClient(w, from, src, dst, sport, spec);
  return icmpClient(w, from, src, dst, ident);
}

function failure(errno: string): ClientResult {
  return {
    result:
      errno === 'ECONNREFUSED' ? 'refused' : errno.includes('UNREACH') ? 'unreachable' : 'error',
    errno,
  };
}

function tcpClient(
  w: World,
  ns: Netns,
  src: number,
  dst: number,
  sport: number,
  dport: number,
): ClientResult {
  const conn = {
    role: 'client' as const,
    local: [src, sport] as const,
    remote: [dst, dport] as const,
    state: 'SYN_SENT' as const,
    synAcks: 0,
  };
  ns.sockets.tcp.push(conn);
  const c = ns.sockets.tcp[ns.sockets.tcp.length - 1]!;
  const syn = tcpSegment(sport, dport, TCP_FLAG.SYN);
  const err = socketOut(w, ns, ipv4(src, dst, syn, DEFAULT_TTL, ns.connectedIdent()));
  pump(w);
  // tcp_connect ignores the EPERM of a SYN that OUTPUT dropped: connect() keeps waiting, and a
  // REJECT's answer (through the loopback) reaches the socket (recorded: own/22-output-rules).
  if (err && err !== 'EPERM') return failure(err);
  // The harness takes its snapshot 1.5 s after connect() when the client timed out, and also
  // when it connected but no listener accepted: after the 1 s SYN-ACK retransmission of a
  // half-open server (which a connected client ACKs again), before the next one at 3 s.
  const accepted = [...w.namespaces.values()].some((n) =>
    n.sockets.tcp.some((x) => x.role === 'server' && x.state === 'ESTABLISHED'),
  );
  if (c.state === 'SYN_SENT' || (c.state === 'ESTABLISHED' && !accepted)) retransmitSynAcks(w);
  if (c.state === 'ESTABLISHED')
    return { result: 'connected', local: ep(c.local), peer: ep(c.remote) };
  if (c.error !== undefined) return failure(c.error);
  return { result: 'timeout' };
}

/** The server's one SYN-ACK retransmission (at ~1 s) before a timed-out probe's snapshot. */
function retransmitSynAcks(w: World): void {
  for (const ns of w.namespaces.values()) {
    for (const s of ns.sockets.tcp) {
      if (s.role !== 'server' || s.state !== 'SYN_RECV' || s.synAcks !== 1) continue;
      s.synAcks++;
      // tcp_rtx_synack -> ip_build_and_send_pkt: DF, id 0, owned by a request socket (no UID).
      localOut(
        w,
        ns,
        ipv4(
          s.local[0],
          s.remote[0],
          tcpSegment(s.local[1], s.remote[1], TCP_FLAG.SYN | TCP_FLAG.ACK),
        ),
      );
      pump(w);
    }
  }
}

function udpClient(
  w: World,
  ns: Netns,
  src: number,
  dst: number,
  sport: number,
  spec: ProbeSpec,
): ClientResult {
  const sock = {
    role: 'client' as const,
    local: [src, sport] as const,
    remote: [dst, spec.dport!] as const,
    received: [],
  };
  ns.sockets.udp.push(sock);
  const s = ns.sockets.udp[ns.sockets.udp.length - 1]!;
  const local = ep(s.local);
  const payload = `probe ${spec.name ?? ''}`;
  const dgram = udpDatagram(sport, spec.dport!, payload);
  const err = socketOut(w, ns, ipv4(src, dst, dgram, DEFAULT_TTL, ns.connectedIdent()));
  pump(w);
  if (err) return { local, ...failure(err) };
  const got = s.received[0];
  if (got) return { local, result: 'reply', reply: JSON.parse(got.payload) as unknown };
  if (s.error !== undefined) return { local, ...failure(s.error) };
  return { local, result: 'timeout' };
}

/**
 * netcat-openbsd's udptest() on its connected socket: write "X", write "X" again, then once a
 * second for `seconds` seconds. It fails when the first write fails, or when a later one
 * returns ECONNREFUSED: an ICMP port unreachable answered an earlier datagram, and the kernel
 * hands that error to the next write (sock_alloc_send_pskb -> sock_error), which sends nothing
 * and clears it. Measured with netcat-openbsd 1.219: against a silent listener five datagrams
 * of length 1 (at 0, 0, 1, 2, 3 s); against a closed port one, then exit 1.
 */
function udptestClient(
  w: World,
  ns: Netns,
  local: Endpoint,
  remote: Endpoint,
  seconds: number,
): ClientResult {
  ns.sockets.udp.push({ role: 'client', local, remote, received: [] });
  const s = ns.sockets.udp[ns.sockets.udp.length - 1]!;
  const write = (): string | undefined => {
    const pending = s.error;
    if (pending !== undefined) {
      delete s.error;
      return pending;
    }
    const dgram = udpDatagram(local[1], remote[1], 'X');
    const err = socketOut(
      w,
      ns,
      ipv4(local[0], remote[0], dgram, DEFAULT_TTL, ns.connectedIdent()),
    );
    pump(w);
    return err;
  };
  const at = ep(local);
  const first = write();
  if (first !== undefined) return { local: at, ...failure(first) };
  for (let i = 0; i <= seconds; i++) {
    // Give the remote host some time to reply (netcat.c): a second between the later writes.
    if (i > 0) w.now += 1000;
    const err = write();
    if (err === 'ECONNREFUSED') return { local: at, ...failure(err) };
  }
  return { local: at, result: 'sent' };
}

function icmpClient(w: World, ns: Netns, src: number, dst: number, ident: number): ClientResult {
  ns.sockets.icmp.push({ ident });
  const s = ns.sockets.icmp[ns.sockets.icmp.length - 1]!;
  // The agent's raw socket is not connected and keeps IP_PMTUDISC_WANT: DF with id 0.
  const err = socketOut(w, ns, ipv4(src, dst, icmpEcho(8, ident, 1)));
  pump(w);
  if (err) return failure(err);
  const r = s.result;
  if (r?.kind === 'reply')
    return { result: 'reply', reply_from: formatIpv4(r.from), reply_to: formatIpv4(r.to) };
  if (r?.kind === 'error') {
    return {
      result: 'icmp-error',
      error_from: formatIpv4(r.from),
      type: r.type,
      code: r.code,
      quoted_src: formatIpv4(r.quotedSrc),
      quoted_dst: formatIpv4(r.quotedDst),
    };
  }
  return { result: 'timeout' };
}

function serverView(
  w: World,
  spec: ProbeSpec,
  listeners: readonly Listener[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const l of listeners) {
    const ns = w.namespaces.get(l.ns)!;
    if (spec.proto === 'tcp') {
      const c = ns.sockets.tcp.find(
        (x) => x.role === 'server' && x.local[1] === l.port && x.state === 'ESTABLISHED',
      );
      if (c) out[l.ns] = { accepted: true, peer: ep(c.remote), local: ep(c.local) };
    } else {
      const s = ns.sockets.udp.find((x) => x.role === 'listener' && x.local[1] === l.port);
      const got = s?.received[0];
      if (got)
        out[l.ns] = { received: true, peer: ep(got.from), local: ep(got.to), data: got.payload };
    }
  }
  return out;
}

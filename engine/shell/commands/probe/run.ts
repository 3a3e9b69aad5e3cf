/**
 * Probes from the shell: one connection attempt through the engine's packet path
 * (engine/scenario probe), from the namespace the command runs in. Conntrack is kept between
 * commands, as on a real host; each probing command's packets are kept for `tcpdump`.
 */
import type { DockerState } from '../../../generators/docker/index.ts';
import type { ProbeResult, ProbeSpec } from '../../../scenario/index.ts';
import { runProbe as scenarioProbe } from '../../../scenario/probe.ts';
import type { ListenSpec } from '../../../scenario/types.ts';
import type { TraceEvent } from '../../../trace/events.ts';
import type { CommandContext } from '../../types.ts';
import { HOST_KEY } from '../../net/state.ts';
import { formatIpv4, parseIpv4 } from '../../../packet/ipv4.ts';
import { lookupRoute } from '../../../routing/table.ts';
import { routeSource } from '../../../stack/source.ts';
import type { Netns } from '../../../stack/netns.ts';
import {
  replaceSocket,
  acceptingSocket,
  socketsIn,
  stopServer,
  type ListeningSocket,
  type ServerProcess,
} from './sockets.ts';
import { recordTimeWaits } from './timeWait.ts';

export interface ProbeLog {
  events: TraceEvent[];
  count: number;
}

export function probeLog(ctx: CommandContext): ProbeLog {
  return ctx.shell.world.globalState<ProbeLog>('probe-log', () => ({ events: [], count: 0 }));
}

/** Starts a new capture window: tcpdump shows the packets of the last probing command. */
export function newCapture(ctx: CommandContext): void {
  probeLog(ctx).events = [];
}

export type ShellProbe = Omit<ProbeSpec, 'from' | 'keepConntrack' | 'listen'>;

type EngineWorld = Parameters<typeof scenarioProbe>[0];

/**
 * Who accepts a TCP/UDP probe: the listening sockets the machine's servers opened (`nc -l`,
 * `python3 -m http.server`; sockets.ts), in every namespace and on every port, since DNAT may
 * send the packet elsewhere; plus, for ports a running container publishes, a server in the
 * container on the container port (images are not run, so the server they would start is
 * assumed) and docker-proxy on the host. No socket: the kernel answers a SYN with RST and a datagram with ICMP port
 * unreachable.
 */
function listeners(ctx: CommandContext, world: EngineWorld, spec: ShellProbe): ListenSpec[] {
  if (spec.proto === 'icmp' || spec.dport === undefined) return [];
  const out: ListenSpec[] = [];
  const add = (l: ListenSpec) => {
    if (!out.some((x) => x.ns === l.ns && x.port === l.port && x.addr === l.addr)) out.push(l);
  };
  for (const ns of world.namespaces.values()) {
    for (const { socket } of socketsIn(ctx.shell.world, ns)) {
      // A connected UDP socket takes datagrams from its peer only, and no probe comes from
      // there: each probe (each curl or nc run) sends from a fresh source port.
      if (socket.proto !== spec.proto || socket.peer !== undefined) continue;
      add({
        ns: ns.name,
        port: socket.port,
        ...(socket.addr === '0.0.0.0' ? {} : { addr: socket.addr }),
      });
    }
  }
  for (const l of containerServers(ctx, spec)) add(l);
  return out;
}

/**
 * The assumed server on each port a running container publishes (the image's server, e.g.
 * nginx on 80: images are not run), reached through DNAT or directly; and dockerd's
 * docker-proxy listeners on the host (HOST_KEY): a connection delivered locally on a published
 * port without DNAT (host -> 127.0.0.1:8080: OUTPUT's DNAT skips 127.0.0.0/8) is accepted by
 * docker-proxy (generators/docker dockerProxyListener; its relay is not simulated).
 */
function containerServers(ctx: CommandContext, spec: ShellProbe): ListenSpec[] {
  const out: ListenSpec[] = [];
  const docker = ctx.shell.world.peekState<DockerState>('docker');
  for (const p of docker?.proxies ?? []) {
    if (p.proto !== spec.proto || p.family !== 4) continue;
    const addr = p.hostIp === '0.0.0.0' ? {} : { addr: p.hostIp };
    out.push({ ns: HOST_KEY, port: p.hostPort, ...addr });
  }
  for (const c of docker?.containers ?? []) {
    if (c.status !== 'running' || c.sandbox === undefined) continue;
    for (const p of c.publish)
      if (p.proto === spec.proto) out.push({ ns: c.sandbox, port: p.port });
  }
  return out;
}

/** A server process whose socket took the probe: the connection or the first datagram. */
export interface Served {
  readonly process: ServerProcess;
  readonly socket: ListeningSocket;
  readonly netns: Netns;
  /** The client's address and port as the server sees them. */
  readonly peer: { readonly addr: string; readonly port: number };
}

/** The processes whose sockets took the probe, one per namespace (acceptingSocket). */
function servedBy(ctx: CommandContext, world: EngineWorld, result: ProbeResult): Served[] {
  const proto = result.proto === 'udp' ? 'udp' : 'tcp';
  const out: Served[] = [];
  for (const [nsName, view] of Object.entries(result.server)) {
    const netns = world.namespaces.get(nsName);
    const local = view.local as [string, number] | undefined;
    const peer = view.peer as [string, number] | undefined;
    const served = proto === 'tcp' ? view.accepted === true : view.received === true;
    if (!netns || !served || !local || !peer) continue;
    const chosen = acceptingSocket(ctx.shell.world, netns, proto, {
      addr: local[0],
      port: local[1],
    });
    if (chosen) out.push({ ...chosen, netns, peer: { addr: peer[0], port: peer[1] } });
  }
  return out;
}

/**
 * netcat without -k serves one peer (sockets.ts oneShot): the `nc -l` process that accepted
 * the probe's connection ends; the `nc -lu` socket that received the probe's datagram
 * connect()s to its sender.
 */
function endOneShotServers(ctx: CommandContext, served: readonly Served[]): void {
  for (const { process, socket, netns, peer } of served) {
    if (!process.oneShot) continue;
    if (socket.proto === 'tcp') stopServer(ctx.shell.world, process.pid);
    else replaceSocket(ctx.shell.world, process.pid, socket, connectUdp(netns, socket, peer));
  }
}

/**
 * connect() on a UDP socket (ip4_datagram_connect): the peer is fixed, and a socket bound to
 * 0.0.0.0 takes the source address of the route to the peer as its own.
 */
function connectUdp(
  netns: Netns,
  socket: ListeningSocket,
  peer: { addr: string; port: number },
): ListeningSocket {
  if (socket.addr !== '0.0.0.0') return { ...socket, peer };
  const dst = parseIpv4(peer.addr)!;
  const route = lookupRoute(netns.routes(), dst);
  const src = route === undefined ? undefined : routeSource(netns, route, dst);
  return { ...socket, addr: src === undefined ? socket.addr : formatIpv4(src), peer };
}

/** The engine's clock (ms), which probes advance; undefined in a world without a packet path. */
export function engineNow(ctx: CommandContext): number | undefined {
  return (ctx.shell.world as unknown as { engine?: EngineWorld }).engine?.now;
}

export function runProbe(
  ctx: CommandContext,
  spec: ShellProbe,
  udptestSeconds?: number,
): ProbeResult {
  return runProbeTraced(ctx, spec, { udptestSeconds }).result;
}

/** How a shell client talks: netcat's UDP test, or an HTTP request (curl). */
export interface ClientKind {
  /** nc -zvu: netcat's udptest writing for this many seconds. */
  readonly udptestSeconds?: number | undefined;
  /**
   * curl: the client sends an HTTP request, so an HTTP/1.0 server (python3 -m http.server)
   * answers and closes first (its FIN first, TIME_WAIT on its side, as measured with curl
   * 7.88.1 against Python 3.11); any other peer waits for the client to close.
   */
  readonly httpRequest?: boolean;
}

/** The probe's result and the server processes that took it (before a one-shot one ended). */
export function runProbeServed(
  ctx: CommandContext,
  spec: ShellProbe,
  kind: ClientKind = {},
): { result: ProbeResult; served: readonly Served[] } {
  const { result, served } = runProbeTraced(ctx, spec, kind);
  return { result, served };
}

/** Whether the process listening at the server's end answers HTTP/1.0 and then closes. */
function httpServerAt(
  ctx: CommandContext,
  world: EngineWorld,
  nsName: string,
  [addr, port]: readonly [string, number],
): boolean {
  const netns = world.namespaces.get(nsName);
  if (!netns) return false;
  return acceptingSocket(ctx.shell.world, netns, 'tcp', { addr, port })?.process.site !== undefined;
}

/**
 * runProbe with the probe's own trace events (also appended to the shell's probe log). The
 * machine's listeners only read, as nc -lu does (no UDP answer); `udptestSeconds` makes the
 * UDP client netcat's udptest (nc -zvu: scenario/probe.ts ProbeOptions).
 */
export function runProbeTraced(
  ctx: CommandContext,
  spec: ShellProbe,
  { udptestSeconds, httpRequest }: ClientKind = {},
): { result: ProbeResult; trace: readonly TraceEvent[]; served: readonly Served[] } {
  const log = probeLog(ctx);
  log.count++;
  const engineWorld = (ctx.shell.world as unknown as { engine?: EngineWorld }).engine;
  if (!engineWorld) throw new Error('this world has no packet path');
  const listen = listeners(ctx, engineWorld, spec);
  const full: ProbeSpec = {
    ...spec,
    from: ctx.ns.key,
    keepConntrack: true,
    // curl and nc end a connection with close(): FIN both ways, conntrack in TIME_WAIT.
    close: 'fin',
    ...(spec.proto === 'icmp' ? {} : { listen: listen.length > 0 ? listen : false }),
  };
  const { result, trace } = scenarioProbe(engineWorld, full, log.count, 'probe', {
    quietListeners: true,
    ...(udptestSeconds === undefined ? {} : { udptestSeconds }),
    ...(httpRequest
      ? { serverClosesFirst: (ns, local) => httpServerAt(ctx, engineWorld, ns, local) }
      : {}),
  });
  log.events.push(...trace);
  const served = servedBy(ctx, engineWorld, result);
  endOneShotServers(ctx, served);
  recordTimeWaits(ctx.shell.world, engineWorld);
  return { result, trace, served };
}

/** A dotted IPv4 address, the only kind of host the simulated tools resolve. */
export function isIpv4(text: string): boolean {
  return (
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) &&
    text.split('.').every((o) => Number(o) <= 255)
  );
}

/**
 * The machine's server processes and their listening sockets: what `nc -l … &` and
 * `python3 -m http.server … &` start, what `ss -l` lists and `kill` ends, and who answers a
 * probe (run.ts). Kept in the world, not the shell session: every shell on the machine sees the
 * same sockets, as on one Linux host. A socket belongs to the namespace object it was opened in;
 * a namespace deleted and added again under the same name is a new, empty one.
 */
import type { Netns } from '../../../stack/netns.ts';
import type { WorldHost } from '../../host.ts';
import type { CommandContext, JobOutput } from '../../types.ts';
import type { StaticSite } from './httpServer.ts';

export type SocketProto = 'tcp' | 'udp';

export interface Endpoint {
  readonly addr: string;
  readonly port: number;
}

export interface ListeningSocket {
  readonly proto: SocketProto;
  /** Dotted IPv4 address bound, '0.0.0.0' for INADDR_ANY. */
  readonly addr: string;
  readonly port: number;
  /** The file descriptor ss -p shows (both servers open their socket as fd 3). */
  readonly fd: number;
  /**
   * A UDP socket connect()ed to its first sender (`nc -lu` without -k): it takes datagrams
   * from that address and port only; ss shows it ESTAB, no longer among the listeners.
   */
  readonly peer?: Endpoint;
}

export interface ServerProcess {
  readonly pid: number;
  /** The program name ss -p shows (`nc`, `python3`). */
  readonly program: string;
  readonly netns: Netns;
  readonly sockets: readonly ListeningSocket[];
  /**
   * netcat without -k serves one peer: over TCP it exits once its first connection is over;
   * over UDP it connect()s its socket to the first datagram's sender (netcat.c, `uflag &&
   * !kflag`: recvfrom(MSG_PEEK) then connect()).
   */
  readonly oneShot: boolean;
  /** `python3 -m http.server`: the directory it serves (httpServer.ts). */
  readonly site?: StaticSite;
  /** Its stdout and stderr: the terminal it was started in, or the files it was sent to. */
  readonly output?: JobOutput;
}

interface ProcessTable {
  readonly byPid: Map<number, ServerProcess>;
}

function table(world: WorldHost): ProcessTable {
  return world.globalState<ProcessTable>('server-processes', () => ({
    byPid: new Map(),
  }));
}

/** The engine namespace a shell namespace runs on. */
export function netnsOf(ctx: CommandContext): Netns | undefined {
  return (ctx.ns as { netns?: Netns }).netns;
}

export function startServer(world: WorldHost, process: ServerProcess): void {
  table(world).byPid.set(process.pid, process);
}

export function serverByPid(world: WorldHost, pid: number): ServerProcess | undefined {
  return table(world).byPid.get(pid);
}

/** Ends the process and closes its sockets; false when no such process runs. */
export function stopServer(world: WorldHost, pid: number): boolean {
  return table(world).byPid.delete(pid);
}

/** Replaces one socket of a running process (a UDP socket that connected to its peer). */
export function replaceSocket(
  world: WorldHost,
  pid: number,
  old: ListeningSocket,
  next: ListeningSocket,
): void {
  const process = table(world).byPid.get(pid);
  if (!process) return;
  const sockets = process.sockets.map((s) => (s === old ? next : s));
  table(world).byPid.set(pid, { ...process, sockets });
}

/**
 * The listening socket (and its process) that takes a connection or datagram to `local` in
 * `netns`: one bound to that address before a wildcard one (__inet_lookup_listener's score,
 * compute_score for UDP), the oldest among equals.
 */
export function acceptingSocket(
  world: WorldHost,
  netns: Netns,
  proto: SocketProto,
  local: Endpoint,
): { socket: ListeningSocket; process: ServerProcess } | undefined {
  const candidates = socketsIn(world, netns).filter(
    ({ socket }) =>
      socket.proto === proto &&
      socket.peer === undefined &&
      socket.port === local.port &&
      (socket.addr === local.addr || socket.addr === '0.0.0.0'),
  );
  return candidates.find(({ socket }) => socket.addr === local.addr) ?? candidates[0];
}

/** Server processes in the order they started. */
export function servers(world: WorldHost): ServerProcess[] {
  return [...table(world).byPid.values()];
}

/** The live listening sockets of one engine namespace, oldest first, with their process. */
export function socketsIn(
  world: WorldHost,
  netns: Netns,
): { socket: ListeningSocket; process: ServerProcess }[] {
  return servers(world)
    .filter((p) => p.netns === netns)
    .flatMap((process) => process.sockets.map((socket) => ({ socket, process })));
}

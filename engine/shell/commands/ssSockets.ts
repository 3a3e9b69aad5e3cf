/**
 * The sockets `ss` lists, from the two places that open them: the machine's servers
 * (probe/sockets.ts: `nc -l`, `python3 -m http.server`) and dockerd's port publishing (the
 * docker model's proxy listeners, read only: docker-proxy with the userland proxy on, Docker's
 * default, one process per published port and family).
 */
import type { DockerState, ProxyListener } from '../../generators/docker/index.ts';
import type { WorldHost } from '../host.ts';
import { nextPid } from '../runtime/jobs.ts';
import type { Endpoint, ListeningSocket, ServerProcess, SocketProto } from './probe/sockets.ts';
import type { TimeWaitSocket } from './probe/timeWait.ts';

/** The backlog a listener's Send-Q shows: nc listen(s, 1), socketserver's request_queue_size 5. */
const BACKLOG: Readonly<Record<string, number>> = { nc: 1, python3: 5 };

/**
 * Go's net.Listen asks for net.core.somaxconn (4096 since Linux 5.4), which docker-proxy's
 * and dockerd's listeners show as Send-Q (measured: docker-proxy 20.10.24 in a namespace).
 */
const GO_BACKLOG = 4096;

export type SsState = 'LISTEN' | 'UNCONN' | 'ESTAB' | 'TIME-WAIT';

/** One socket as ss prints it. */
export interface SsSocket {
  readonly proto: SocketProto;
  readonly family: 4 | 6;
  readonly state: SsState;
  readonly local: Endpoint;
  readonly peer?: Endpoint;
  readonly sendQ: number;
  /** users:(("name",pid=…,fd=…)), or undefined when the simulator cannot name it. */
  readonly owner?: { readonly name: string; readonly pid: number; readonly fd: number };
}

export function serverSocket(s: ListeningSocket, p: ServerProcess): SsSocket {
  const listen = s.proto === 'tcp';
  return {
    proto: s.proto,
    family: 4,
    state: listen ? 'LISTEN' : s.peer === undefined ? 'UNCONN' : 'ESTAB',
    local: { addr: s.addr, port: s.port },
    ...(s.peer === undefined ? {} : { peer: s.peer }),
    sendQ: listen ? (BACKLOG[p.program] ?? 0) : 0,
    owner: { name: p.program, pid: p.pid, fd: s.fd },
  };
}

/** A connection in TIME_WAIT: no process owns it any more. */
export function timeWaitSocket(t: TimeWaitSocket): SsSocket {
  return { proto: 'tcp', family: 4, state: 'TIME-WAIT', local: t.local, peer: t.remote, sendQ: 0 };
}

/**
 * The docker-proxy processes' PIDs. The docker model keeps no PID per proxy, so each proxy gets
 * one from the machine's counter the first time something lists it, and keeps it while the
 * port stays published (a proxy is a new object each time a port is mapped).
 */
function proxyPid(world: WorldHost, p: ProxyListener): number {
  const pids = world.globalState('docker-proxy-pids', () => new WeakMap<ProxyListener, number>());
  let pid = pids.get(p);
  if (pid === undefined) pids.set(p, (pid = nextPid(world)));
  return pid;
}

/**
 * dockerd's listeners on the host for published ports. With the userland proxy (the default)
 * each is a docker-proxy process whose socket is fd 4 (measured: docker-proxy 20.10.24 run as
 * dockerd runs it, in a namespace): `0.0.0.0:8080` and `[::]:8080` for `-p 8080:80`. With
 * --userland-proxy=false dockerd holds the port itself (its dummy proxy); the fd dockerd uses
 * depends on everything else it has open, so no owner is shown for those.
 */
export function dockerProxySockets(world: WorldHost): SsSocket[] {
  const docker = world.peekState<DockerState>('docker');
  const out: SsSocket[] = [];
  for (const p of docker?.proxies ?? []) {
    if (p.proto === 'sctp') continue; // ss -S: not simulated
    const owner = p.forwards ? { name: 'docker-proxy', pid: proxyPid(world, p), fd: 4 } : undefined;
    out.push({
      proto: p.proto,
      family: p.family,
      state: p.proto === 'tcp' ? 'LISTEN' : 'UNCONN',
      local: { addr: p.hostIp, port: p.hostPort },
      sendQ: p.proto === 'tcp' ? GO_BACKLOG : 0,
      ...(owner ? { owner } : {}),
    });
  }
  return out.reverse();
}

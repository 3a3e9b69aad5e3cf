/**
 * The dockerd 20.10 rule generator: public API for the shell and the packet engine.
 *
 *   const docker = createDockerState({ host: worldDockerHost(world), seed: 1, now: () => clock });
 *   runDockerd(docker, ['--userland-proxy=false']);   // starts the daemon
 *   runDocker(docker, ['run', '-d', '-p', '8080:80', 'nginx']);
 *   stopDockerd(docker);                              // SIGTERM: nothing removed
 *   dockerProxyListener(docker, 'tcp', '127.0.0.1', 8080);   // who answers on the host
 */
import type { DockerHost } from './host.ts';
import { seededRng } from './rng.ts';
import type { DockerState, ProxyListener } from './state.ts';
import type { Proto } from './portSpec.ts';

export { runDocker } from './cli/docker.ts';
export { runDockerd, stopDockerd } from './cli/dockerd.ts';
export type { DockerHost, NetnsRef, RouteSpec } from './host.ts';
export { worldDockerHost } from './worldHost.ts';
export type { WorldLike, WorldNamespaceLike } from './worldHost.ts';
export type { DockerState, ProxyListener, Container, Network } from './state.ts';

export function createDockerState(opts: {
  host: DockerHost;
  seed?: number;
  now?: () => number;
}): DockerState {
  return {
    host: opts.host,
    rng: seededRng(opts.seed ?? 1),
    now: opts.now ?? (() => 0),
    networks: [],
    containers: [],
    ipam: { pools: [], predefinedStart: 0 },
    ports: new Map(),
    proxies: [],
    nextPid: 1000,
  };
}

/** Every docker-proxy listener (and dummy port holder with --userland-proxy=false). */
export function dockerProxyListeners(state: DockerState): readonly ProxyListener[] {
  return state.proxies;
}

/**
 * The listener a connection to dstIp:dstPort on the host reaches, if any: an exact address
 * match first, then a wildcard (0.0.0.0 / ::) of the same family, as the kernel's socket lookup
 * prefers. `forwards` false (dummy proxy) means the port is held but accepts nothing useful.
 */
export function dockerProxyListener(
  state: DockerState,
  proto: Proto,
  dstIp: string,
  dstPort: number,
): ProxyListener | undefined {
  const family = dstIp.includes(':') ? 6 : 4;
  const candidates = state.proxies.filter(
    (p) => p.proto === proto && p.family === family && p.hostPort === dstPort,
  );
  return (
    candidates.find((p) => p.hostIp === dstIp) ??
    candidates.find((p) => p.hostIp === '0.0.0.0' || p.hostIp === '::')
  );
}

/**
 * The dockerd 20.10 rule generator: public API for the shell and the packet engine.
 *
 *   const docker = createDockerState({ host: worldDockerHost(world), seed: 1, now: () => clock });
 *   runDockerd(docker, ['--userland-proxy=false']);   // starts the daemon
 *   runDocker(docker, ['run', '-d', '-p', '8080:80', 'nginx']);
 *   stopDockerd(docker);                              // SIGTERM: nothing removed
 *   dockerProxyListener(docker, 'tcp', '127.0.0.1', 8080);   // who answers on the host
 */
import type { DockerState, ProxyListener } from './state.ts';
import type { Proto } from './portSpec.ts';
import { findContainer } from './containers.ts';

export { createDockerState } from './createState.ts';
export { runDocker } from './cli/docker.ts';
export { runDockerd } from './cli/dockerd.ts';
export { stopDockerd } from './cli/dockerdStop.ts';
export type { DockerHost, NetnsRef, RouteSpec } from './host.ts';
export { worldDockerHost } from './worldHost.ts';
export type { WorldLike, WorldNamespaceLike } from './worldHost.ts';
export type { DockerState, ProxyListener, Container, Network } from './state.ts';

/** Every docker-proxy listener (and dummy port holder with --userland-proxy=false). */
export function dockerProxyListeners(state: DockerState): readonly ProxyListener[] {
  return state.proxies;
}

/**
 * The docker-proxy a connection to dstIp:dstPort on the daemon's host reaches, if any: an
 * exact address first, then a wildcard (0.0.0.0 / ::) of the same family, as the kernel's
 * socket lookup prefers.
 *
 * How the engine uses it (measured in shared/fixtures/docker/nft/06-probe.txt): a connection
 * that, after the nat OUTPUT/PREROUTING chains, is delivered locally to the host on a published
 * port lands on this listener. `forwards: true` (userland proxy, the default) means docker-proxy
 * accepts it and opens a NEW connection from the host to containerIp:containerPort (source: the
 * host's address on the route to the container, i.e. the bridge's gateway address), relaying
 * the data; that is why host → 127.0.0.1:8080 works (OUTPUT's DNAT skips 127.0.0.0/8) and
 * why web → 172.17.0.1:8080 works (`-i docker0 -j RETURN` skips the DNAT). A port bound to
 * 127.0.0.1 only has no listener on 172.17.0.1 (connection refused). `forwards: false`
 * (--userland-proxy=false) is dockerd's dummy proxy: the port is held (bound and listening, so
 * a handshake completes) but nothing is ever relayed; traffic reaches the container through the
 * DNAT rules instead (OUTPUT's jump then covers 127.0.0.0/8 and route_localnet is 1).
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

/** The sandbox namespace of a running container (for `docker exec`), by name or id prefix. */
export function containerNetns(state: DockerState, ref: string): string | undefined {
  const c = findContainer(state, ref);
  return c?.status === 'running' ? c.sandbox : undefined;
}

/** The simulated dockerd's PID while it runs (for `pidof dockerd`, `kill PID` → stopDockerd). */
export function dockerdPid(state: DockerState): number | undefined {
  return state.daemon?.pid;
}

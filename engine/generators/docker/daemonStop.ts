/**
 * dockerd's shutdown (SIGTERM), measured on 20.10.24: the running containers are stopped,
 * which releases their endpoints; no rule, chain, bridge or sysctl is removed. Apart from
 * daemon.ts so that starting the daemon (`dockerd`, a lesson's one docker command) does not
 * load the container code.
 */
import { stopContainer } from './containers.ts';
import type { DockerState } from './state.ts';

/** SIGTERM: containers stopped (their endpoints released); everything else stays. */
export function stopDaemon(state: DockerState): void {
  const daemon = state.daemon;
  if (daemon === undefined) return;
  for (const c of state.containers)
    if (c.status === 'running') stopContainer(state, daemon, c, 137);
  state.daemon = undefined;
}

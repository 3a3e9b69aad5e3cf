/**
 * A fresh dockerd state for one simulated machine: no daemon yet, no networks; its id
 * generator seeded so bridge names and ids repeat run to run.
 */
import type { DockerHost } from './host.ts';
import { seededRng } from './rng.ts';
import type { DockerState } from './state.ts';

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

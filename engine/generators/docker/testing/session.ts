/** A docker session over the fake host, for tests: run command lines, snapshot what they touch. */
import { createDockerState, runDocker, runDockerd } from '../index.ts';
import type { DockerState } from '../state.ts';
import type { CommandResult } from '../../../shell/types.ts';
import { fakeHost, type FakeHost } from './fakeHost.ts';

export interface Session {
  readonly host: FakeHost;
  readonly state: DockerState;
  sh(line: string): CommandResult;
  /** Everything a refused command must leave as it was. */
  snapshot(): string;
}

export function session(sysctls: Record<string, string> = {}, seed = 3): Session {
  const host = fakeHost(sysctls);
  let clock = 1_700_000_000_000;
  const state = createDockerState({ host, seed, now: () => clock });
  return {
    host,
    state,
    sh(line: string): CommandResult {
      clock += 1000;
      const [cmd, ...rest] = line.split(/\s+/).filter((w) => w !== '');
      return cmd === 'dockerd' ? runDockerd(state, rest) : runDocker(state, rest);
    },
    snapshot(): string {
      return JSON.stringify({
        save: host.iptablesOf().save(),
        links: [...host.links.keys()].sort(),
        netns: [...host.netns].sort(),
        nets: state.networks.map((n) => [n.name, n.id]),
        ctrs: state.containers.map((c) => [c.name, c.status]),
        proxies: state.proxies,
        pools: state.ipam.pools.map((p) => [p.subnet, [...p.allocated]]),
        ports: [...state.ports].map(([k, v]) => [k, [...v.used]]),
      });
    },
  };
}

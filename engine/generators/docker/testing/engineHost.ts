/**
 * A DockerHost whose iptables is the engine's real iptables command (engine/commands/iptables,
 * one ruleset per namespace); links, sysctls and routes come from the recording fake, which the
 * ruleset does not depend on. Used by the golden tests and the bench.
 */
import { emptyRuleset, runIptables, runIptablesSave } from '../../../commands/iptables/index.ts';
import type { Ruleset } from '../../../netfilter/model.ts';
import type { DockerHost, NetnsRef } from '../host.ts';
import { fakeHost } from './fakeHost.ts';

export interface EngineHost extends DockerHost {
  save(ns?: NetnsRef): string;
}

export function engineHost(sysctls: Record<string, string> = {}): EngineHost {
  const base = fakeHost(sysctls);
  const rulesets = new Map<string, Ruleset>();
  const rs = (ns?: NetnsRef): Ruleset => {
    const key = ns === undefined || ns.kind === 'host' ? '' : ns.name;
    let r = rulesets.get(key);
    if (r === undefined) {
      r = emptyRuleset();
      rulesets.set(key, r);
    }
    return r;
  };
  return {
    ...base,
    iptables: (argv, ns) => runIptables(rs(ns), argv),
    save: (ns) => runIptablesSave(rs(ns)).stdout,
  };
}

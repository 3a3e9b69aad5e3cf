/**
 * The iptables language as the scenario runner needs it: iptables-restore to load a
 * namespace's `iptables` lines and iptables-save to report the ruleset, both from the command
 * layer (engine/commands/iptables), so there is one parser and one printer.
 */
import { runIptablesSave } from '../commands/iptables/index.ts';
import { restoreRuleset } from './restoreAdapter.ts';
import type { RulesIo } from './run.ts';

export const SCENARIO_RULES: RulesIo = {
  // restoreAdapter.ts drives the command layer's parser linearly (its runIptablesRestore is
  // quadratic at kube-proxy scale); the same iptables-save on every fixture, tested.
  restore: restoreRuleset,
  save(rs) {
    return runIptablesSave(rs)
      .stdout.split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
  },
};

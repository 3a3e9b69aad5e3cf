/**
 * The iptables language as the scenario runner needs it: iptables-restore to load a
 * namespace's `iptables` lines and iptables-save to report the ruleset, both from the command
 * layer (engine/commands/iptables), so there is one parser and one printer.
 */
import { emptyRuleset, runIptablesRestore, runIptablesSave } from '../commands/iptables/index.ts';
import type { RulesIo } from './run.ts';

export const SCENARIO_RULES: RulesIo = {
  restore(lines) {
    const rs = emptyRuleset();
    const r = runIptablesRestore(rs, [], `${lines.join('\n')}\n`);
    if (r.exit !== 0) return { error: r.stderr.trim().split('\n').join('; ') };
    return { ruleset: rs };
  },
  save(rs) {
    return runIptablesSave(rs)
      .stdout.split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
  },
};

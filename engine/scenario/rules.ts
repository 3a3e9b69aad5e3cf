/**
 * The iptables language as the scenario runner needs it: iptables-restore to load a
 * namespace's `iptables` lines and iptables-save to report the ruleset, both from the command
 * layer (engine/commands/iptables), so there is one parser, one restore and one printer.
 */
import { emptyRuleset, runIptablesSave } from '../commands/iptables/index.ts';
import { runIptablesRestoreLines } from '../commands/iptables/restore.ts';
import type { RulesIo } from './run.ts';

export const SCENARIO_RULES: RulesIo = {
  restore(lines) {
    const ruleset = emptyRuleset();
    const r = runIptablesRestoreLines(ruleset, [], lines);
    if (r.exit === 0) return { ruleset };
    // One line for the scenario error (`namespaces.NS.iptables: ...`).
    return { error: r.stderr.trimEnd().split('\n').join('; ') };
  },
  save(rs) {
    return runIptablesSave(rs)
      .stdout.split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
  },
};

/**
 * Property tests: printing a rule and parsing the text back gives the same rule, and
 * iptables-save | iptables-restore | iptables-save is stable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRuleSpec } from '../../netfilter/print.ts';
import { parseIptables } from './parse.ts';
import { restoreWords } from './restoreTokens.ts';
import { ruleArb } from './arbitraries.ts';
import { emptyRuleset, runIptables, runIptablesRestore, runIptablesSave } from './index.ts';

describe('parse(print(rule)) = rule', () => {
  it('holds for random canonical rules', () => {
    fc.assert(
      fc.property(ruleArb, (rule) => {
        const { words } = restoreWords(formatRuleSpec(rule));
        const parsed = parseIptables(['iptables', '-A', 'FORWARD', ...words]);
        expect(parsed.rules).toHaveLength(1);
        expect(parsed.rules[0]).toEqual(rule);
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});

describe('iptables-save | iptables-restore | iptables-save', () => {
  it('is stable', () => {
    const chains: [string, string][] = [
      ['filter', 'INPUT'],
      ['filter', 'FORWARD'],
      ['filter', 'FOO'],
      ['nat', 'PREROUTING'],
      ['nat', 'POSTROUTING'],
      ['mangle', 'OUTPUT'],
      ['raw', 'PREROUTING'],
    ];
    const entry = fc.tuple(fc.constantFrom(...chains), ruleArb);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        const rs = emptyRuleset();
        runIptables(rs, ['-N', 'FOO']);
        for (const [[table, chain], rule] of entries) {
          const { words } = restoreWords(formatRuleSpec(rule));
          runIptables(rs, ['-t', table, '-A', chain, ...words]);
        }
        const first = runIptablesSave(rs, ['-c']).stdout;
        const again = emptyRuleset();
        expect(runIptablesRestore(again, ['-c'], first)).toEqual({
          exit: 0,
          stdout: '',
          stderr: '',
        });
        expect(runIptablesSave(again, ['-c']).stdout).toBe(first);
      }),
      { seed: 777, numRuns: 300 },
    );
  });
});

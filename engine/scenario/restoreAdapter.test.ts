import { describe, expect, it } from 'vitest';
import { emptyRuleset, runIptablesRestore, runIptablesSave } from '../commands/iptables/index.ts';
import { restoreRuleset, restoreWords } from './restoreAdapter.ts';

const files = import.meta.glob('./fixtures/*/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const rulesets: [string, string[]][] = [];
for (const [path, text] of Object.entries(files)) {
  if (path.endsWith('.expected.json')) continue;
  const sc = JSON.parse(text) as { namespaces: Record<string, { iptables?: string[] }> };
  for (const [ns, spec] of Object.entries(sc.namespaces))
    if (spec.iptables) rulesets.push([`${path} ${ns}`, spec.iptables]);
}

describe('restore adapter', () => {
  it.each(rulesets)(
    "loads %s exactly as the command layer's iptables-restore does",
    (_name, lines) => {
      const mine = restoreRuleset(lines);
      const rs = emptyRuleset();
      const theirs = runIptablesRestore(rs, [], `${lines.join('\n')}\n`);
      expect(theirs.exit).toBe(0);
      if ('error' in mine) throw new Error(mine.error);
      expect(runIptablesSave(mine.ruleset, ['-c']).stdout).toBe(runIptablesSave(rs, ['-c']).stdout);
    },
  );
  it('splits words as iptables-restore does', () => {
    expect(restoreWords('-A X -m comment --comment "a b" -j ACCEPT')).toEqual([
      '-A',
      'X',
      '-m',
      'comment',
      '--comment',
      'a b',
      '-j',
      'ACCEPT',
    ]);
    expect(restoreWords('-A X --comment a\\ b')).toEqual(['-A', 'X', '--comment', 'a b']);
  });
  it('refuses what iptables-restore refuses, naming the line', () => {
    expect(restoreRuleset(['*filter', '-A INPUT --bogus', 'COMMIT'])).toEqual({
      error: expect.stringMatching(/unknown option "--bogus".*line: 2/),
    });
    expect(restoreRuleset(['*filter', '-A INPUT -j NOPE', 'COMMIT'])).toEqual({
      error: expect.stringMatching(/line 3 failed/),
    });
    expect(restoreRuleset(['*filter', ':INPUT ACCEPT [0:0]'])).toEqual({
      error: expect.stringMatching(/COMMIT expected at line 3/),
    });
    expect(restoreRuleset(['*bogus', 'COMMIT'])).toEqual({
      error: 'iptables-restore: line 1 failed',
    });
    expect(restoreRuleset(['-A INPUT -j ACCEPT'])).toEqual({
      error: 'iptables-restore: line 1 failed',
    });
  });
});

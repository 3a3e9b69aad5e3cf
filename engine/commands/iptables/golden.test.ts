/**
 * Every recorded iptables 1.8.9 (nf_tables) case of fixtures/cases.jsonl, replayed in a fresh
 * ruleset: exit code, stderr and stdout of the last command, then iptables-save and
 * `iptables -t T -S` for each table, must equal the recording.
 */
import { describe, expect, it } from 'vitest';
import { emptyRuleset, runIptables, runIptablesSave, type CmdResult } from './index.ts';
import type { Ruleset } from '../../netfilter/model.ts';
import { shellWords } from './testShell.ts';
import casesText from './fixtures/cases.jsonl?raw';

interface Case {
  id: number;
  cmds: string[];
  exit: number;
  stderr: string;
  stdout: string;
  save: string[];
  S: Record<string, string[]>;
}

const cases: Case[] = casesText
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Case);

export function runLine(rs: Ruleset, line: string): CmdResult {
  const [prog, ...args] = shellWords(line);
  if (prog === 'iptables-save') return runIptablesSave(rs, args);
  return runIptables(rs, args);
}

function saveLines(rs: Ruleset): string[] {
  return runIptablesSave(rs)
    .stdout.split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
}

describe('iptables 1.8.9 recorded cases', () => {
  it('has all 223 cases', () => expect(cases.length).toBe(223));
  for (const c of cases) {
    it(`#${c.id} ${c.cmds.join(' ; ')}`, () => {
      const rs = emptyRuleset();
      let last: CmdResult = { exit: 0, stdout: '', stderr: '' };
      for (const cmd of c.cmds) last = runLine(rs, cmd);
      const stdout = last.stdout.replace(/^# (Generated|Completed) .*\n/gm, '');
      const want = c.stdout.replace(/^# (Generated|Completed) .*\n/gm, '');
      expect({ exit: last.exit, stderr: last.stderr, stdout }).toEqual({
        exit: c.exit,
        stderr: c.stderr,
        stdout: want,
      });
      expect(saveLines(rs)).toEqual(c.save);
      const S: Record<string, string[]> = {};
      for (const t of Object.keys(c.S)) {
        S[t] = runIptables(rs, ['-t', t, '-S'])
          .stdout.split('\n')
          .filter((l) => l !== '');
      }
      expect(S).toEqual(c.S);
    });
  }
});

/**
 * Test helper: replaying iptables 1.8.9 cases recorded with ../shared/oracle-tools/canon.py
 * (fixtures/*.jsonl): the commands run in a fresh ruleset, then the last command's exit,
 * stderr and stdout, iptables-save and `iptables -t T -S` per table are compared.
 */
import { expect } from 'vitest';
import { emptyRuleset, runIptables, runIptablesSave, type CmdResult } from './index.ts';
import type { Ruleset } from '../../netfilter/model.ts';
import { shellWords } from './testShell.ts';

export interface RecordedCase {
  id?: number;
  cmd?: string;
  cmds: string[];
  exit: number;
  stderr: string;
  stdout: string;
  save: string[];
  S: Record<string, string[]>;
}

export function parseCases(jsonl: string): RecordedCase[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RecordedCase);
}

/** iptables-save's dated comment lines differ from run to run. */
export const stripSaveComments = (s: string) => s.replace(/^# (Generated|Completed) .*\n/gm, '');
export const outputLines = (s: string) =>
  s.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

export function runLine(rs: Ruleset, line: string): CmdResult {
  const [prog, ...args] = shellWords(line);
  return prog === 'iptables-save' ? runIptablesSave(rs, args) : runIptables(rs, args);
}

/** Runs the case's commands in a fresh ruleset and expects every recorded field. */
export function expectRecorded(c: RecordedCase): void {
  const rs = emptyRuleset();
  let last: CmdResult = { exit: 0, stdout: '', stderr: '' };
  for (const cmd of c.cmds) last = runLine(rs, cmd);
  expect({ exit: last.exit, stderr: last.stderr, stdout: stripSaveComments(last.stdout) }).toEqual({
    exit: c.exit,
    stderr: c.stderr,
    stdout: stripSaveComments(c.stdout),
  });
  expect(outputLines(runIptablesSave(rs).stdout)).toEqual(c.save);
  const S: Record<string, string[]> = {};
  // -S output keeps '#' lines (iptables prints warnings there): only empty lines go.
  for (const t of Object.keys(c.S)) {
    S[t] = runIptables(rs, ['-t', t, '-S'])
      .stdout.split('\n')
      .filter((l) => l !== '');
  }
  expect(S).toEqual(c.S);
}

/**
 * More recorded iptables 1.8.9 (nf_tables) behaviour: 598 variations around the kinds of the
 * 223 cases (addresses, ports, matches, targets, chains, commit validation, listings,
 * abbreviations), recorded in throwaway namespaces with ../shared/oracle-tools/canon.py.
 * The few the simulator deliberately differs on are marked as known failures, with why.
 */
import { describe, expect, it } from 'vitest';
import { emptyRuleset, runIptables, runIptablesSave, type CmdResult } from './index.ts';
import type { Ruleset } from '../../netfilter/model.ts';
import { shellWords } from './testShell.ts';
import text from './fixtures/neighbours.jsonl?raw';

interface Case {
  cmd: string;
  cmds: string[];
  exit: number;
  stderr: string;
  stdout: string;
  save: string[];
  S: Record<string, string[]>;
}

/** Deliberate differences: the simulator refuses what it does not model, clearly. */
const KNOWN: Readonly<Record<string, string>> = {
  'iptables -t raw -A PREROUTING -j CT': 'only CT --notrack is modelled',
  'iptables -t raw -A PREROUTING -j CT --notrack --zone 1': 'CT --zone is not modelled',
  'iptables -A INPUT -j TCPMSS --clamp-mss-to-pmtu': 'TCPMSS is not modelled',
  'iptables -A INPUT -j ACCEPT ; iptables -E INPUT FOO': 'renamed base chains are nft-only objects',
  'iptables -AINPUT -jACCEPT': 'an argv quirk of 1.8.9 not reproduced',
};

const cases = text
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Case);

const strip = (s: string) => s.replace(/^# (Generated|Completed) .*\n/gm, '');
const lines = (s: string) => s.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

function run(rs: Ruleset, line: string): CmdResult {
  const [prog, ...args] = shellWords(line);
  return prog === 'iptables-save' ? runIptablesSave(rs, args) : runIptables(rs, args);
}

describe('iptables 1.8.9 neighbouring behaviour', () => {
  for (const c of cases) {
    const test = KNOWN[c.cmd] ? it.fails : it;
    test(`${c.cmd}${KNOWN[c.cmd] ? ` (known: ${KNOWN[c.cmd]})` : ''}`, () => {
      const rs = emptyRuleset();
      let last: CmdResult = { exit: 0, stdout: '', stderr: '' };
      for (const cmd of c.cmds) last = run(rs, cmd);
      expect({ exit: last.exit, stderr: last.stderr, stdout: strip(last.stdout) }).toEqual({
        exit: c.exit,
        stderr: c.stderr,
        stdout: strip(c.stdout),
      });
      expect(lines(runIptablesSave(rs).stdout)).toEqual(c.save);
      const S: Record<string, string[]> = {};
      for (const t of Object.keys(c.S)) S[t] = lines(runIptables(rs, ['-t', t, '-S']).stdout);
      expect(S).toEqual(c.S);
    });
  }
});

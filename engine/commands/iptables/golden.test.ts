/**
 * Every recorded iptables 1.8.9 (nf_tables) case of fixtures/cases.jsonl, replayed in a fresh
 * ruleset: exit code, stderr and stdout of the last command, then iptables-save and
 * `iptables -t T -S` for each table, must equal the recording.
 */
import { describe, expect, it } from 'vitest';
import { expectRecorded, parseCases } from './recordedCases.ts';
import casesText from './fixtures/cases.jsonl?raw';

const cases = parseCases(casesText);

describe('iptables 1.8.9 recorded cases', () => {
  it('has all 223 cases', () => expect(cases.length).toBe(223));
  for (const c of cases) {
    it(`#${c.id} ${c.cmds.join(' ; ')}`, () => expectRecorded(c));
  }
});

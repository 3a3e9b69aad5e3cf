/**
 * The sctp match, replayed against fixtures/sctp-cases.jsonl: 61 cases recorded with the real
 * iptables 1.8.9 (nf_tables) in throwaway namespaces (/work/shared/oracle-tools/canon.py).
 * Exit code, stderr and stdout of the last command, iptables-save and `-t T -S` must equal the
 * recording. One deliberate difference: a valid --chunk-types is refused, clearly, because the
 * simulator's SCTP packets carry ports only (no chunks to match); its bad input still gets the
 * real error texts, which the recording checks.
 */
import { describe, expect, it } from 'vitest';
import { emptyRuleset, runIptablesSave } from './index.ts';
import {
  expectRecorded,
  outputLines,
  parseCases,
  runLine,
  type RecordedCase as Case,
} from './recordedCases.ts';
import text from './fixtures/sctp-cases.jsonl?raw';

const cases = parseCases(text);

const REFUSAL =
  'iptables v1.8.9 (nf_tables): option --chunk-types is not supported by this simulator ' +
  '(its SCTP packets carry no chunks)\n' +
  "Try `iptables -h' or 'iptables --help' for more information.\n";

/** Accepted by the real tool, refused here (see the header). */
const refused = (c: Case) =>
  c.cmds.some((cmd) => cmd.includes('--chunk-types')) &&
  c.save.some((l) => l.includes('--chunk-types'));

describe('sctp match: recorded iptables 1.8.9 cases', () => {
  it('has all 61 cases, 13 of them a valid --chunk-types', () => {
    expect(cases.length).toBe(61);
    expect(cases.filter(refused).length).toBe(13);
  });

  for (const c of cases.filter((x) => !refused(x))) {
    it(c.cmd ?? c.cmds.join(' ; '), () => expectRecorded(c));
  }

  for (const c of cases.filter(refused)) {
    it(`${c.cmd} (refused: chunks are not modelled)`, () => {
      const rs = emptyRuleset();
      for (const cmd of c.cmds) {
        const r = runLine(rs, cmd);
        if (cmd.includes('--chunk-types')) {
          expect(r).toEqual({ exit: 2, stdout: '', stderr: REFUSAL });
        }
      }
      expect(outputLines(runIptablesSave(rs).stdout).filter((l) => l.startsWith('-A'))).toEqual([]);
    });
  }
});

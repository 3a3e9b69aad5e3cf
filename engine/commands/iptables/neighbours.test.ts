/**
 * More recorded iptables 1.8.9 (nf_tables) behaviour: 598 variations around the kinds of the
 * 223 cases (addresses, ports, matches, targets, chains, commit validation, listings,
 * abbreviations), recorded in throwaway namespaces with ../shared/oracle-tools/canon.py.
 * The few the simulator deliberately differs on are marked as known failures, with why.
 */
import { describe, it } from 'vitest';
import { expectRecorded, parseCases } from './recordedCases.ts';
import text from './fixtures/neighbours.jsonl?raw';

/** Deliberate differences: the simulator refuses what it does not model, clearly. */
const KNOWN: Readonly<Record<string, string>> = {
  'iptables -t raw -A PREROUTING -j CT': 'only CT --notrack is modelled',
  'iptables -t raw -A PREROUTING -j CT --notrack --zone 1': 'CT --zone is not modelled',
  'iptables -A INPUT -j TCPMSS --clamp-mss-to-pmtu': 'TCPMSS is not modelled',
  'iptables -A INPUT -j ACCEPT ; iptables -E INPUT FOO': 'renamed base chains are nft-only objects',
  'iptables -AINPUT -jACCEPT': 'an argv quirk of 1.8.9 not reproduced',
};

const cases = parseCases(text);

describe('iptables 1.8.9 neighbouring behaviour', () => {
  for (const c of cases) {
    const known = c.cmd !== undefined ? KNOWN[c.cmd] : undefined;
    const test = known ? it.fails : it;
    test(`${c.cmd}${known ? ` (known: ${known})` : ''}`, () => expectRecorded(c));
  }
});

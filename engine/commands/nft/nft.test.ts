/**
 * `nft list ruleset` against the real thing: a probe of Docker/kube-proxy style rules run
 * through iptables 1.8.9 in a namespace, and every dockerd capture of the shared fixtures.
 */
import { describe, expect, it } from 'vitest';
import { emptyRuleset, runIptables, runIptablesRestore } from '../iptables/index.ts';
import { shellWords } from '../iptables/testShell.ts';
import { listRuleset } from './index.ts';
import probeCmds from './fixtures/probe.cmds.txt?raw';
import probeNft from './fixtures/probe.nft-ruleset.txt?raw';

const files = import.meta.glob('./fixtures/*.txt', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** chain name → its lines (header and rules), per table, ignoring the order of chains. */
function chainsByTable(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let table = '';
  let chain = '';
  for (const line of text.split('\n')) {
    const t = /^table ip (\S+) \{$/.exec(line);
    const c = /^\tchain (\S+) \{$/.exec(line);
    if (t) out[(table = t[1] as string)] = {};
    else if (c) (out[table] as Record<string, string[]>)[(chain = c[1] as string)] = [];
    else if (line.startsWith('\t\t')) {
      // The captures' iptables-save has no counters: compare rules, not packet counts.
      const rule = line.trim().replace(/counter packets \d+ bytes \d+/, 'counter');
      (out[table] as Record<string, string[]>)[chain]?.push(rule);
    }
  }
  return out;
}

describe('nft list ruleset', () => {
  it('renders the probe exactly as nft 1.0 / iptables-nft 1.8.9 did', () => {
    const rs = emptyRuleset();
    for (const line of probeCmds.split('\n').filter((l) => l.trim())) {
      const [, ...args] = shellWords(line);
      runIptables(rs, args);
    }
    expect(listRuleset(rs)).toBe(probeNft);
  });

  const steps = Object.keys(files)
    .filter((f) => f.endsWith('.nft-ruleset.txt') && !f.includes('probe'))
    .map((f) => f.replace('.nft-ruleset.txt', ''));
  for (const step of steps) {
    const save = files[`${step}.iptables-save.txt`];
    if (save === undefined) continue;
    it(`matches the dockerd capture ${step.replace('./fixtures/', '')}`, () => {
      const rs = emptyRuleset();
      expect(runIptablesRestore(rs, ['-c'], save).exit).toBe(0);
      const want = chainsByTable(files[`${step}.nft-ruleset.txt`] as string);
      const got = chainsByTable(listRuleset(rs));
      for (const [table, chains] of Object.entries(want)) {
        for (const [chain, lines] of Object.entries(chains)) {
          expect({ table, chain, lines: got[table]?.[chain] }).toEqual({ table, chain, lines });
        }
      }
    });
  }
});

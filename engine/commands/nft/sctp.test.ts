/**
 * `nft list ruleset` for sctp rules, against a probe run through the real iptables 1.8.9 and
 * nft 1.0.6 in a throwaway namespace: libxt_sctp's xlate prints every given port range
 * (0-65535 too), and an sctp match without options shows as `xt match sctp`.
 */
import { describe, expect, it } from 'vitest';
import { emptyRuleset, runIptables } from '../iptables/index.ts';
import { shellWords } from '../iptables/testShell.ts';
import { listRuleset } from './index.ts';
import cmds from './fixtures/sctp-probe.cmds.txt?raw';
import want from './fixtures/sctp-probe.nft-ruleset.txt?raw';

describe('nft list ruleset: sctp', () => {
  it('renders the sctp probe exactly as nft did', () => {
    const rs = emptyRuleset();
    for (const line of cmds.split('\n').filter((l) => l.trim())) {
      const [, ...args] = shellWords(line);
      expect(runIptables(rs, args).exit).toBe(0);
    }
    expect(listRuleset(rs)).toBe(want);
  });
});

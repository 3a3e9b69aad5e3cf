/**
 * iptables-restore with its shortcut (fastRestore.ts, installed in Node) and through the parser
 * alone (the browser build): whole restore files, kube-proxy-shaped and random, give the same
 * answer (exit, stdout, stderr naming the same line) and the same ruleset either way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../netfilter/model.ts';
import { formatRuleSpec } from '../../netfilter/print.ts';
import { ruleArb } from './arbitraries.ts';
import { useFastRestore } from './fastRestore.ts';
import { batchReader, installRestoreShortcut } from './restoreShortcut.ts';
import { emptyRuleset, runIptables, runIptablesRestore } from './index.ts';

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

/** The restore's answer and ruleset, with or without the shortcut installed. */
function restoreWith(shortcut: boolean, text: string, args: readonly string[]) {
  if (shortcut) useFastRestore();
  else installRestoreShortcut(undefined);
  const rs = emptyRuleset();
  runIptables(rs, ['-t', 'nat', '-N', 'OLD']);
  runIptables(rs, ['-t', 'nat', '-A', 'OLD', '-j', 'RETURN']);
  return { result: runIptablesRestore(rs, [...args], text), rs };
}

function sameEitherWay(text: string, args: readonly string[]): void {
  const fast = restoreWith(true, text, args);
  const parser = restoreWith(false, text, args);
  expect(parser.result).toEqual(fast.result);
  expect(parser.rs).toEqual(fast.rs);
}

const CHAINS = ['KUBE-SVC-A', 'KUBE-SVC-B', 'KUBE-SEP-C', 'KUBE-MARK-MASQ'];
/** A chain the file declares, mostly; now and then one it may not (OLD: only with --noflush). */
const svc = fc.oneof(
  { weight: 12, arbitrary: pick(...CHAINS) },
  { weight: 1, arbitrary: pick('OLD', 'NOWHERE') },
);
const maybe = (text: string) => fc.option(fc.constant(text), { nil: '' });
/** kube-proxy's rule shapes (the shortcut's), its options in its order. */
const kubeRule = fc
  .tuple(
    maybe('-m comment --comment "ns/svc:http cluster IP"'),
    pick('', '-m tcp -p tcp', '-p tcp -m tcp --dport 80', '-m udp -p udp --dport 53'),
    fc.option(pick('-d 10.96.3.232/32', '-s 10.0.0.1', '! -s 10.244.0.0/16'), { nil: '' }),
    maybe('-m statistic --mode random --probability 0.5000000000'),
    fc.oneof(
      { weight: 10, arbitrary: svc.map((c) => `-j ${c}`) },
      { weight: 6, arbitrary: pick('-j DNAT --to-destination 10.244.7.208:8080', '-j RETURN') },
      { weight: 1, arbitrary: pick('-j DROP', '-j ACCEPT') },
    ),
  )
  .map((parts) => parts.filter((p) => p !== '').join(' '));
/** What the shortcut leaves to the parser: other options, bad values, other commands. */
const other = pick('-i eth0', '--dport 80', '-p udp', '-d 10.0.0.0/33', '--bogus', '-o cni0+');
const kubeLine = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.tuple(svc, kubeRule).map(([chain, rule]) => `-A ${chain} ${rule}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        pick('-A', '-I', '-N', '-X', '-F'),
        svc,
        fc.array(fc.oneof(kubeRule, other), { maxLength: 2 }),
      )
      .map(([cmd, chain, opts]) => [cmd, chain, ...opts].join(' ')),
  },
);
const randomLine = fc
  .tuple(pick('PREROUTING', 'POSTROUTING', 'OUTPUT', 'KUBE-SVC-A'), ruleArb)
  .map(([chain, rule]: [string, Rule]) => `-A ${chain}${formatRuleSpec(rule)}`);
const declare = fc
  .oneof(
    { weight: 4, arbitrary: fc.constant(CHAINS) },
    { weight: 1, arbitrary: fc.subarray(CHAINS) },
  )
  .map((cs) => cs.map((c) => `:${c} - [0:0]`));
const natFile = fc
  .tuple(
    declare,
    fc.array(fc.oneof({ weight: 25, arbitrary: kubeLine }, { weight: 1, arbitrary: randomLine }), {
      maxLength: 14,
    }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([chains, rules, counters, hooked]) => {
    // Hooked to PREROUTING, a loop among the chains is the kernel's to refuse (ELOOP), and
    // the refusal replays the batch (the shortcut's command()) to name its lines.
    const body = [...(hooked ? ['-A PREROUTING -j KUBE-SVC-A'] : []), ...rules];
    const lines = counters ? body.map((r) => `[3:180] ${r}`) : body;
    return ['*nat', ':PREROUTING ACCEPT [0:0]', ...chains, ...lines, 'COMMIT', ''].join('\n');
  });

describe('iptables-restore with its shortcut and through the parser alone', () => {
  it('the shortcut answers for the kube-proxy lines it is meant for', () => {
    useFastRestore();
    const reader = batchReader({ tables: {} }, 'nat');
    expect(
      reader?.rule('-A KUBE-SEP-C -m tcp -p tcp -j DNAT --to-destination 10.0.0.1:80'),
    ).toBeTruthy();
    installRestoreShortcut(undefined);
    expect(batchReader({ tables: {} }, 'nat')).toBeUndefined();
  });

  it('gives the same answer and ruleset for kube-proxy-shaped files, taken or refused', () => {
    fc.assert(
      fc.property(natFile, pick([], ['-c'], ['--noflush'], ['--test']), (text, args) =>
        sameEitherWay(text, args),
      ),
      { seed: 901, numRuns: 600 },
    );
  });
});

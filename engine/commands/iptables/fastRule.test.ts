/**
 * The restore shortcut (fastRule.ts) against the tokenizer and parser: whenever it answers
 * for a line, restoreWords then parseIptables read it to the same command and rule, without
 * an error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRuleSpec } from '../../netfilter/print.ts';
import { ruleArb } from './arbitraries.ts';
import { fastRuleLine } from './fastRule.ts';
import { parseIptables } from './parse.ts';
import { restoreWords } from './restoreTokens.ts';

const P = 'iptables-restore';
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

function sameAsParser(line: string, table: string): boolean {
  const fast = fastRuleLine(line, table);
  if (!fast) return false;
  const { words, unterminated } = restoreWords(line, [P]);
  expect(unterminated).toBe(false);
  const ref = parseIptables(words, true, table);
  expect(fast).toEqual({ ...ref, warnings: [] });
  expect(ref.warnings).toEqual([]);
  return true;
}

/** How a word is written in the line: plain, quoted, quoted with escapes, or mangled. */
const style = fc.oneof(
  { weight: 20, arbitrary: fc.constant('plain') },
  { weight: 3, arbitrary: fc.constant('quoted') },
  { weight: 1, arbitrary: fc.constant('escaped') },
  { weight: 1, arbitrary: fc.constant('glued') },
);
const sep = fc.oneof(
  { weight: 30, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: fc.constant('  ') },
  { weight: 1, arbitrary: fc.constant('	') },
);

/** A line holding `words` (not always the same words once split: that is the point). */
function lineOf(words: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(style, { minLength: words.length, maxLength: words.length }),
      fc.array(sep, { minLength: words.length, maxLength: words.length }),
      pick('', ' ', '"'),
    )
    .map(([styles, seps, tail]) => {
      const out = words.map((word, i) => {
        const st = styles[i];
        if (st === 'quoted' || (st === 'plain' && (word === '' || /[ "]/.test(word))))
          return `"${word}"`;
        if (st === 'escaped') return `"${word.replace(/(["\\])/g, '\\$1')}"`;
        if (st === 'glued') return `"${word}"x`;
        return word;
      });
      return out.map((w, i) => (i === 0 ? w : seps[i] + w)).join('') + tail;
    });
}

const addr = pick(
  '10.0.0.1',
  '10.0.0.0/8',
  '10.244.0.0/16',
  '1.2.3.4/0',
  '1.2.3.4/32',
  '1.2.3.4/33',
  '01.2.3.4',
  '1.2.3.4/033',
  '1.2.3.256',
  '1.2.3',
  '1.2.3.4,5.6.7.8',
  'localhost',
  '1.2.3.4/255.0.0.0',
  '',
);
const port = pick('80', '0', '65535', '65536', '080', '0x50', 'http', '80:90', '', ' 80');
const prob = pick('0.5', '0.50000000000', '1', '1.0', '1.5', '0', '.5', '5e-1', '', '1.');
const target = pick(
  'ACCEPT',
  'DROP',
  'RETURN',
  'KUBE-SVC-X',
  'a-chain-name-of-twenty-nine-c',
  'MASQUERADE',
  'QUEUE',
  'NFLOG',
  '',
  'a b',
);
const nat = pick('10.0.0.1:8080', '10.0.0.1', '10.0.0.1:080', ':80', '10.0.0.1-10.0.0.2:80');
const text = fc.oneof(
  fc.stringMatching(/^[ -~]{0,12}$/),
  pick('-j', '--dport', '!', 'x'.repeat(300)),
);
const chunk: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(pick('-s', '-d', '--src', '-s'), addr),
  fc.tuple(pick('!'), pick('-s', '-d'), addr),
  fc.tuple(pick('-p'), pick('tcp', 'udp', 'TCP', 'icmp', 'all')),
  fc.tuple(pick('!'), pick('-p'), pick('tcp', 'udp')),
  fc.tuple(pick('-m'), pick('comment'), pick('--comment', '--comm'), text),
  fc.tuple(pick('-m'), pick('tcp', 'udp', 'comment', 'statistic', 'multiport')),
  fc.tuple(pick('--comment'), text),
  fc.tuple(pick('--dport', '--sport', '--dports', '--destination-port'), port),
  fc.tuple(pick('!'), pick('--dport', '--sport'), port),
  fc.tuple(
    pick('-m'),
    pick('statistic'),
    pick('--mode'),
    pick('random', 'nth'),
    pick('--probability'),
    prob,
  ),
  fc.tuple(pick('-j', '-g', '--jump'), target),
  fc.tuple(pick('-j'), pick('DNAT'), pick('--to-destination', '--to'), nat),
  fc.tuple(pick('!', '-i', '-o', '-c', '-t', '--', '-f')),
  fc.tuple(pick('-i', '-o'), pick('eth0', 'cni0+')),
);
const chain = pick('KUBE-SVC-X', 'INPUT', 'PREROUTING', 'x'.repeat(29), '-s', '!');

describe('fastAppend', () => {
  it('agrees with parseIptables on random canonical rules', () => {
    let answered = 0;
    fc.assert(
      fc.property(ruleArb, pick('filter', 'nat'), (rule, table) => {
        if (sameAsParser(`-A FORWARD${formatRuleSpec(rule)}`, table)) answered++;
      }),
      { seed: 11, numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(0);
  });
  it('agrees with parseIptables on kube-proxy-like lines, good and bad', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc
          .tuple(pick('-A', '-A', '-I'), chain, fc.array(chunk, { maxLength: 7 }))
          .chain(([cmd, c, chunks]) => lineOf([cmd, c, ...chunks.flat()])),
        pick('filter', 'nat'),
        (line, table) => {
          if (sameAsParser(line, table)) answered++;
        },
      ),
      { seed: 12, numRuns: 30000 },
    );
    expect(answered).toBeGreaterThan(1200);
  });
  it('agrees with parseIptables on shuffled kube-proxy options, mostly well formed', () => {
    const good: string[][] = [
      ['-m', 'comment', '--comment', 'ns/svc:http cluster IP'],
      ['-m', 'tcp'],
      ['-m', 'udp'],
      ['-p', 'tcp'],
      ['!', '-p', 'udp'],
      ['-d', '10.96.3.232/32'],
      ['--dport', '80'],
      ['!', '--sport', '1024'],
      ['!', '-s', '10.244.0.0/16'],
      ['-m', 'statistic', '--mode', 'random', '--probability', '0.33333333349'],
      ['-j', 'KUBE-MARK-MASQ'],
      ['-j', 'DROP'],
      ['-j', 'DNAT', '--to-destination', '10.244.7.208:8080'],
    ];
    let answered = 0;
    fc.assert(
      fc.property(
        fc.shuffledSubarray(good).chain((chunks) => lineOf(['-A', 'KUBE-SVC-X', ...chunks.flat()])),
        pick('filter', 'nat'),
        (line, table) => {
          if (sameAsParser(line, table)) answered++;
        },
      ),
      { seed: 13, numRuns: 10000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });
  it("answers for kube-proxy's own lines", () => {
    const lines = [
      '-A KUBE-SERVICES -m comment --comment "bench/svc-1000:http cluster IP" -m tcp -p tcp -d 10.96.3.232 --dport 80 -j KUBE-SVC-VK3PARSCFRK5XKQS',
      '-A KUBE-SVC-VK3PARSCFRK5XKQS -m comment --comment "bench/svc-1000:http cluster IP" -m tcp -p tcp -d 10.96.3.232 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-VK3PARSCFRK5XKQS -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-OOMN2YSQBWMYX3YH',
      '-A KUBE-SEP-OOMN2YSQBWMYX3YH -s 10.244.7.208 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-OOMN2YSQBWMYX3YH -m tcp -p tcp -j DNAT --to-destination 10.244.7.208:8080',
    ];
    for (const l of lines) expect(sameAsParser(l, 'nat')).toBe(true);
  });
});

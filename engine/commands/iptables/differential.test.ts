/**
 * Differential test (issue 4): random command lines, valid and invalid (fast-check, seeded),
 * run through the real iptables 1.8.9 in a throwaway network namespace and through the engine;
 * exit code, stderr, stdout, iptables-save and `iptables -S` must be identical.
 *
 * Needs root and iptables; otherwise it is skipped with a loud message. Safety: each case
 * gets its own namespace `pp-h1-diff-PID-N`, created and deleted by this test; nothing runs in
 * the root namespace.
 */
// This test alone drives the real kernel, so it needs child processes; it never ships.
// eslint-disable-next-line no-restricted-imports
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyRuleset, runIptables, runIptablesSave, type CmdResult } from './index.ts';
import { ruleArb } from './arbitraries.ts';
import { formatRuleSpec } from '../../netfilter/print.ts';
import { restoreWords } from './restoreTokens.ts';

const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', LC_ALL: 'C' };

function sh(argv: string[]): CmdResult {
  const r = spawnSync(argv[0] as string, argv.slice(1), { env, encoding: 'utf8', timeout: 10000 });
  return { exit: r.status ?? 124, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const proc = (
  globalThis as { process?: { getuid?: () => number; env?: Record<string, string | undefined> } }
).process;
const isRoot = proc?.getuid?.() === 0;
/** PP_DIFF_SEED / PP_DIFF_RUNS explore further; the defaults are what CI runs. */
const SEED = Number(proc?.env?.PP_DIFF_SEED ?? 20261126);
const RUNS = Number(proc?.env?.PP_DIFF_RUNS ?? 60);
/** Namespace names carry the pid so two runs never share one. */
const PID = (proc as { pid?: number } | undefined)?.pid ?? 0;
const hasIptables = isRoot && sh(['iptables', '--version']).stdout.includes('v1.8.9 (nf_tables)');
if (!hasIptables) {
  console.warn(
    '\n*** SKIPPED: engine/commands/iptables/differential.test.ts needs root and iptables 1.8.9 ' +
      '(nf_tables): `apt-get install -y iptables` and run as root. ***\n',
  );
}

const WORDS = [
  '-A -I -D -R -C -N -X -F -Z -P -E -S -L -n -v -x -t nat mangle raw INPUT FORWARD OUTPUT',
  'PREROUTING POSTROUTING FOO 1 2 ! -s 10.0.0.1 -d 10.0.0.0/8 -p tcp udp icmp --dport 22',
  '--sport 1024: -m conntrack --ctstate NEW,ESTABLISHED multiport --dports 80,443 comment',
  '--comment -j ACCEPT DROP RETURN MASQUERADE REJECT --reject-with tcp-reset LOG --log-prefix',
  '--log-level DNAT --to-destination 10.0.0.2:80 SNAT --to-source REDIRECT --to-ports 8080',
  'MARK --set-mark 0x4000/0x4000 mark --mark 1 statistic --mode random --probability 0.3',
  'nth --every 2 --packet 0 addrtype --dst-type LOCAL --icmp-type echo-request 3/3 -i -o',
  'eth0 eth+ --syn --tcp-flags SYN,ACK SYN -g -f -c 5 state --state CT --notrack -w',
].flatMap((l) => l.split(' '));

const lineArb: fc.Arbitrary<string[]> = fc.oneof(
  ruleArb.map((r) => ['-A', 'FORWARD', ...restoreWords(formatRuleSpec(r)).words]),
  fc
    .tuple(fc.constantFrom('filter', 'nat'), ruleArb)
    .map(([t, r]) => [
      '-t',
      t,
      '-A',
      t === 'nat' ? 'POSTROUTING' : 'INPUT',
      ...restoreWords(formatRuleSpec(r)).words,
    ]),
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 10 }),
);

function saveLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

function tablesOf(save: string[]): string[] {
  return save.filter((l) => l.startsWith('*')).map((l) => l.slice(1));
}

interface Outcome {
  last: CmdResult;
  save: string[];
  S: Record<string, string[]>;
}

function real(ns: string, lines: string[][]): Outcome {
  sh(['ip', 'netns', 'add', ns]);
  try {
    let last: CmdResult = { exit: 0, stdout: '', stderr: '' };
    for (const argv of lines) last = sh(['ip', 'netns', 'exec', ns, 'iptables', ...argv]);
    const save = saveLines(sh(['ip', 'netns', 'exec', ns, 'iptables-save']).stdout);
    const S: Record<string, string[]> = {};
    for (const t of tablesOf(save))
      S[t] = saveLines(sh(['ip', 'netns', 'exec', ns, 'iptables', '-t', t, '-S']).stdout);
    return { last, save, S };
  } finally {
    sh(['ip', 'netns', 'del', ns]);
  }
}

function simulated(lines: string[][]): Outcome {
  const rs = emptyRuleset();
  let last: CmdResult = { exit: 0, stdout: '', stderr: '' };
  for (const argv of lines) last = runIptables(rs, argv);
  const save = saveLines(runIptablesSave(rs).stdout);
  const S: Record<string, string[]> = {};
  for (const t of tablesOf(save)) S[t] = saveLines(runIptables(rs, ['-t', t, '-S']).stdout);
  return { last, save, S };
}

describe.skipIf(!hasIptables)('differential: real iptables 1.8.9 vs the engine', () => {
  it('agrees on random command lines', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 3 }), (lines) => {
        const want = real(`pp-h1-diff-${PID}-${n++}`, lines);
        expect(simulated(lines)).toEqual(want);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 300000);
});

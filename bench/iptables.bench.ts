/**
 * The iptables command language under load: 100k random command lines (valid and invalid)
 * and 2k random restore files through the parser and commands, counting escaped exceptions
 * and internal errors (both must be 0) and timing each line; plus a kube-proxy-sized
 * iptables-restore (10,000 services with 2 endpoints each: the file trace.bench loads too).
 */
import fc from 'fast-check';
import type { BenchFigure } from './run.ts';
import type { Ruleset } from '../engine/netfilter/model.ts';
import {
  emptyRuleset,
  runIptables,
  runIptablesRestore,
  runIptablesSave,
} from '../engine/commands/iptables/index.ts';
import { ruleArb } from '../engine/commands/iptables/arbitraries.ts';
import { formatRuleSpec } from '../engine/netfilter/print.ts';
import { restoreWords } from '../engine/commands/iptables/restoreTokens.ts';
import { kubeProxySaveLines, realRestoreTest } from './kubeProxyFile.ts';
import { useFastRestore } from '../engine/commands/iptables/fastRestore.ts';
import { installRestoreShortcut } from '../engine/commands/iptables/restoreShortcut.ts';

// As the CLI restores (the browser build has no shortcut: one figure below measures that too).
useFastRestore();

const WORDS = [
  '-A',
  '-I',
  '-D',
  '-R',
  '-C',
  '-N',
  '-X',
  '-F',
  '-Z',
  '-P',
  '-E',
  '-L',
  '-S',
  '-t',
  'nat',
  'filter',
  'mangle',
  'raw',
  'foo',
  'INPUT',
  'FORWARD',
  'OUTPUT',
  'PREROUTING',
  'POSTROUTING',
  'FOO',
  '1',
  '2',
  '0',
  '-1',
  '!',
  '-s',
  '-d',
  '10.0.0.1',
  '10.0.0.0/8',
  '-p',
  'tcp',
  'udp',
  'icmp',
  '--dport',
  '--sport',
  '22',
  '80:90',
  '-m',
  'conntrack',
  '--ctstate',
  'NEW',
  'multiport',
  '--dports',
  '80,443',
  'comment',
  '--comment',
  'x y',
  '-j',
  'ACCEPT',
  'DROP',
  'DNAT',
  '--to-destination',
  '1.2.3.4:80',
  'MASQUERADE',
  'REJECT',
  'LOG',
  '--log-prefix',
  '-g',
  '-i',
  'eth0',
  '-o',
  'eth+',
  '-n',
  '-v',
  '-x',
  '--line-numbers',
  '-c',
  'mark',
  '--mark',
  '0x1/0xff',
  'statistic',
  '--mode',
  'random',
  '--probability',
  '0.5',
  '--syn',
  '--tcp-flags',
  'SYN,ACK',
  'SYN',
  '--dp',
  '--src',
  '',
  '-',
  '--',
];

/** Chunk `i` of 1000 command lines: half printed random rules, half random words. */
function commandLines(i: number): string[][] {
  const printed = fc.sample(ruleArb, { seed: 1000 + i, numRuns: 500 }).map((r) => {
    const words = restoreWords(formatRuleSpec(r)).words;
    return ['-A', 'FORWARD', ...words];
  });
  const noiseArb = fc.array(fc.constantFrom(...WORDS), { maxLength: 14 });
  return [...printed, ...fc.sample(noiseArb, { seed: 5000 + i, numRuns: 500 })];
}

/** A full collection between chunks (outside the timed calls), when --expose-gc allows it. */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function restoreFiles(n: number): string[] {
  return fc
    .sample(fc.array(ruleArb, { maxLength: 20 }), { seed: 13, numRuns: n })
    .map((rules, i) => {
      const lines = [
        '*filter',
        ':INPUT ACCEPT [0:0]',
        ':FOO - [0:0]',
        ...rules.map((r) => `-A INPUT${formatRuleSpec(r)}`),
      ];
      if (i % 3 !== 0) lines.push('COMMIT');
      if (i % 7 === 0) lines.splice(2, 0, '-A INPUT --bogus');
      return `${lines.join('\n')}\n`;
    });
}

interface Stats {
  max: number;
  total: number;
  n: number;
  bad: number;
  /** Calls over 100 ms, timed again right away: scheduler or GC noise comes out fast. */
  retimedMax: number;
}

const newStats = (): Stats => ({ max: 0, total: 0, n: 0, bad: 0, retimedMax: 0 });

function timed(fn: () => { stderr: string }, stats: Stats, again: () => void): void {
  const t0 = performance.now();
  try {
    const r = fn();
    if (r.stderr.includes('internal simulator error')) stats.bad++;
  } catch {
    stats.bad++;
  }
  const dt = performance.now() - t0;
  if (dt > 100) {
    const t1 = performance.now();
    again();
    stats.retimedMax = Math.max(stats.retimedMax, performance.now() - t1);
  }
  stats.max = Math.max(stats.max, dt);
  stats.total += dt;
  stats.n++;
}

function runCommandLines(): Stats {
  const cmd = newStats();
  let rs = emptyRuleset();
  for (let chunk = 0; chunk < 100; chunk++) {
    collect();
    commandLines(chunk).forEach((argv, i) => {
      if (i % 200 === 0) rs = emptyRuleset();
      const before = rs;
      const replay = () => {
        // Re-run on a copy of the state the line saw, so its effect is not applied twice.
        const copy = emptyRuleset();
        runIptablesRestore(copy, ['-c'], runIptablesSave(before, ['-c']).stdout);
        runIptables(copy, argv);
      };
      timed(() => runIptables(rs, argv), cmd, replay);
    });
  }
  return cmd;
}

function runRestoreFiles(): Stats {
  const rst = newStats();
  restoreFiles(2000).forEach((f, i) => {
    if (i % 500 === 0) collect();
    const run = () => runIptablesRestore(emptyRuleset(), [], f);
    timed(run, rst, run);
  });
  return rst;
}

/**
 * dockerd's way of adding rules: `-C` (answered "Bad rule") then `-A`, here 6,000 times into
 * one chain reached from FORWARD, as `docker run -p 1000-3000:1000-3000` does (2,000 ports).
 */
function checkThenAppend(n = 6000): { ms: number; wrong: number } {
  const rs = emptyRuleset();
  runIptables(rs, ['-N', 'DOCKER']);
  runIptables(rs, ['-A', 'FORWARD', '-o', 'docker0', '-j', 'DOCKER']);
  let wrong = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const rule = ['DOCKER', '-d', '172.17.0.2/32', '!', '-i', 'docker0', '-o', 'docker0'];
    rule.push('-p', i % 2 ? 'udp' : 'tcp', '--dport', String(1000 + (i >> 1)));
    rule.push('-j', 'ACCEPT');
    if (runIptables(rs, ['-C', ...rule]).exit !== 1) wrong++;
    if (runIptables(rs, ['-A', ...rule]).exit !== 0) wrong++;
  }
  return { ms: performance.now() - t0, wrong };
}

/** The engine's restore of the same file: the first run, and the best of 3. */
function engineRestore(text: string): { first: number; best: number; exit: number; rs: Ruleset } {
  let first = 0;
  let best = Infinity;
  let last = { exit: 0, rs: emptyRuleset() };
  for (let i = 0; i < 3; i++) {
    collect();
    const rs = emptyRuleset();
    const t0 = performance.now();
    const r = runIptablesRestore(rs, ['--noflush'], text);
    const ms = performance.now() - t0;
    if (i === 0) first = ms;
    best = Math.min(best, ms);
    last = { exit: r.exit, rs };
  }
  return { first, best, ...last };
}

/** The same restore through the parser alone, as the browser build reads every line: once. */
function parserOnlyRestore(text: string): number {
  collect();
  installRestoreShortcut(undefined);
  try {
    const t0 = performance.now();
    const r = runIptablesRestore(emptyRuleset(), ['--noflush'], text);
    if (r.exit !== 0) throw new Error(`parser-only restore failed: ${r.stderr}`);
    return performance.now() - t0;
  } finally {
    useFastRestore();
  }
}

export default async (): Promise<BenchFigure[]> => {
  collect();
  const cta = checkThenAppend();
  const cmd = runCommandLines();
  const rst = runRestoreFiles();
  collect();
  const big = `${kubeProxySaveLines().join('\n')}\n`;
  const engine = engineRestore(big);
  const kube = engine.rs;
  const parserOnly = parserOnlyRestore(big);
  const real = realRestoreTest(big, 3);
  const t1 = performance.now();
  const saved = runIptablesSave(kube).stdout;
  const saveMs = performance.now() - t1;
  const lines = big.split('\n').length;
  return [
    {
      name: 'iptables: 6,000 -C then -A into one chain (dockerd port range)',
      value: cta.ms,
      unit: 'ms',
      target: { max: 500 },
    },
    {
      name: 'iptables: -C/-A answers not as expected',
      value: cta.wrong,
      unit: 'count',
      target: { max: 0 },
    },
    { name: 'iptables: command lines run', value: cmd.n, unit: 'lines' },
    {
      name: 'iptables: exceptions or internal errors',
      value: cmd.bad,
      unit: 'count',
      target: { max: 0 },
    },
    { name: 'iptables: mean time per command line', value: cmd.total / cmd.n, unit: 'ms' },
    { name: 'iptables: max per line (raw, incl. GC and scheduler)', value: cmd.max, unit: 'ms' },
    {
      name: 'iptables: max of >100 ms lines, timed again',
      value: cmd.retimedMax,
      unit: 'ms',
      target: { max: 100 },
    },
    {
      name: 'iptables-restore: exceptions or internal errors (2k files)',
      value: rst.bad,
      unit: 'count',
      target: { max: 0 },
    },
    {
      name: 'iptables-restore: mean time per file (<=22 lines)',
      value: rst.total / rst.n,
      unit: 'ms',
    },
    { name: 'iptables-restore: max per file (raw)', value: rst.max, unit: 'ms' },
    {
      name: 'iptables-restore: max of >100 ms files, timed again',
      value: rst.retimedMax,
      unit: 'ms',
      target: { max: 100 },
    },
    {
      name: `iptables-restore: kube-proxy 10k services (${lines} lines, exit ${engine.exit}), first run`,
      value: engine.first,
      unit: 'ms',
    },
    { name: 'iptables-restore: the same, best of 3', value: engine.best, unit: 'ms' },
    {
      name: 'iptables-restore: the same through the parser alone (the browser build), one run',
      value: parserOnly,
      unit: 'ms',
    },
    ...(real === undefined
      ? []
      : [
          {
            name: 'real iptables-restore --test of it (namespace, best of 3)',
            value: real,
            unit: 'ms',
          },
          {
            name: 'engine restore / real iptables-restore --test',
            value: engine.best / real,
            unit: 'x',
            target: { max: 0.5 },
          },
        ]),
    { name: `iptables-save of it (${saved.split('\n').length} lines)`, value: saveMs, unit: 'ms' },
  ];
};

/**
 * The iptables command language under load: 100k random command lines (valid and invalid)
 * and 2k random restore files through the parser and commands, counting escaped exceptions
 * and internal errors (both must be 0) and timing each line; plus a kube-proxy-sized
 * iptables-restore (10,000 services with 2 endpoints each).
 */
import { spawnSync } from 'node:child_process';
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

/** 10,000 ClusterIP services, 2 endpoints each, in kube-proxy's iptables-save layout. */
export function kubeProxyRestore(services = 10000): string {
  const head = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
  ];
  const decl: string[] = [];
  const rules = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ];
  for (let i = 0; i < services; i++) {
    const ip = `10.96.${(i >> 8) & 255}.${i & 255}`;
    const svc = `KUBE-SVC-${String(i).padStart(16, '0')}`;
    decl.push(`:${svc} - [0:0]`);
    rules.push(
      `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "ns/svc${i}:http cluster IP" -m tcp --dport 80 -j ${svc}`,
    );
    rules.push(
      `-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p tcp -m comment --comment "ns/svc${i}:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
    );
    for (let e = 0; e < 2; e++) {
      const sep = `KUBE-SEP-${String(i * 2 + e).padStart(16, '0')}`;
      const ep = `10.244.${(i >> 7) & 255}.${(i * 2 + e) & 255}`;
      decl.push(`:${sep} - [0:0]`);
      const prob = e === 0 ? ' -m statistic --mode random --probability 0.50000000000' : '';
      rules.push(`-A ${svc} -m comment --comment "ns/svc${i}:http -> ${ep}:8080"${prob} -j ${sep}`);
      rules.push(`-A ${sep} -s ${ep}/32 -m comment --comment "ns/svc${i}:http" -j KUBE-MARK-MASQ`);
      rules.push(
        `-A ${sep} -p tcp -m comment --comment "ns/svc${i}:http" -m tcp -j DNAT --to-destination ${ep}:8080`,
      );
    }
  }
  return `${[...head, ...decl, ...rules, 'COMMIT'].join('\n')}\n`;
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

/**
 * The real `iptables-restore --test` on the same file, in a throwaway network namespace (never
 * the root one), best of 3 wall times in ms; undefined without root or iptables.
 */
function realRestoreTest(text: string): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (spawnSync('sh', ['-c', 'command -v iptables-restore']).status !== 0) return undefined;
  const ns = `pp-ipt-bench-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', ns]).status !== 0) return undefined;
  try {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = spawnSync('ip', ['netns', 'exec', ns, 'iptables-restore', '--test'], {
        input: text,
        timeout: 60_000,
      });
      if (r.status !== 0) return undefined;
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
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

export default async (): Promise<BenchFigure[]> => {
  collect();
  const cta = checkThenAppend();
  const cmd = runCommandLines();
  const rst = runRestoreFiles();
  collect();
  const big = kubeProxyRestore();
  const engine = engineRestore(big);
  const kube = engine.rs;
  const real = realRestoreTest(big);
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

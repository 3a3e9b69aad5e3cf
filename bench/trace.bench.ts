// The packet path at kube-proxy scale: 10,000 ClusterIP services with 2 endpoints each
// (about 110k iptables-save lines from the engine's kube-proxy generator: kubeProxyFile.ts),
// loaded with the engine's iptables-restore, then one TCP connect from a pod to the LAST
// service traced through nat PREROUTING -> KUBE-SERVICES -> KUBE-SVC -> KUBE-SEP (DNAT), the
// bridged-DNAT path and FORWARD/POSTROUTING. Where iptables-restore is installed and we are
// root, `iptables-restore --test` on the same file runs inside a throwaway network namespace.
//
// The load and the probes run in a fresh Node process given the generated file: its time and
// peak memory are those of loading and tracing alone, not of whatever ran before in the bench
// process (kube-proxy's bench leaves ~300 MB resident with 9 MB of live heap) nor of
// generating the file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './run.ts';
import { SERVICES, ip } from './kubeCluster.ts';
import { kubeProxySaveLines, realRestoreTest } from './kubeProxyFile.ts';
import type { Ruleset } from '../engine/netfilter/model.ts';
import { SCENARIO_RULES } from '../engine/scenario/rules.ts';
import { createWorld } from '../engine/scenario/run.ts';
import { runProbe } from '../engine/scenario/probe.ts';
import { seededRandom } from '../engine/stack/world.ts';
import { useFastRestore } from '../engine/commands/iptables/fastRestore.ts';

// As the CLI restores kube-proxy-sized files (here and in the child process, which runs this file).
useFastRestore();

function scenario(lines: string[]) {
  const last = SERVICES - 1;
  return {
    name: 'kube-proxy-10k',
    namespaces: {
      node: {
        sysctls: { 'net.ipv4.ip_forward': 1, 'net.bridge.bridge-nf-call-iptables': 1 },
        bridges: [{ name: 'cni0', addrs: ['10.244.0.1/16'] }],
        iptables: lines,
      },
      client: { routes: ['default via 10.244.0.1'] },
      ep0: { routes: ['default via 10.244.0.1'] },
      ep1: { routes: ['default via 10.244.0.1'] },
    },
    links: [
      {
        a: { ns: 'node', name: 'veth-client', master: 'cni0' },
        b: { ns: 'client', name: 'eth0', addrs: ['10.244.200.2/16'] },
      },
      {
        a: { ns: 'node', name: 'veth-ep0', master: 'cni0' },
        b: { ns: 'ep0', name: 'eth0', addrs: [`${ip(10, 0xf40000 + 2 * last)}/16`] },
      },
      {
        a: { ns: 'node', name: 'veth-ep1', master: 'cni0' },
        b: { ns: 'ep1', name: 'eth0', addrs: [`${ip(10, 0xf40000 + 2 * last + 1)}/16`] },
      },
    ],
    probes: [
      {
        name: 'client -> last ClusterIP:80',
        from: 'client',
        proto: 'tcp',
        dst: ip(10, 0x600000 + last),
        dport: 80,
        listen: [
          { ns: 'ep0', port: 8080 },
          { ns: 'ep1', port: 8080 },
        ],
      },
    ],
  };
}

function mb(bytes: number): number {
  return bytes / (1024 * 1024);
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface Measured {
  parseMs: number;
  probeMedian: number;
  probeFastest: number;
  events: number;
  /** The highest RSS sampled (before and after the load, after the probes), and the OS's peak. */
  peakRss: number;
  maxRss: number;
}

/** In the child: load the file, trace the probe, measure. */
function measure(lines: string[]): Measured {
  gc();
  let peak = process.memoryUsage().rss;
  const t0 = performance.now();
  const parsed = SCENARIO_RULES.restore(lines);
  const parseMs = performance.now() - t0;
  if ('error' in parsed)
    throw new Error(`iptables-restore of the generated file failed: ${parsed.error}`);
  peak = Math.max(peak, process.memoryUsage().rss);
  const ruleset: Ruleset = parsed.ruleset;
  const sc = scenario(lines);
  const { scenario: spec, world } = createWorld(
    sc,
    { restore: () => ({ ruleset }), save: () => [] },
    { random: seededRandom(7) },
  );
  const probe = spec.probes[0]!;
  const first = runProbe(world, probe, 1);
  if (first.result.client.result !== 'connected')
    throw new Error(`probe did not connect: ${JSON.stringify(first.result.client)}`);
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    runProbe(world, probe, 1);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    parseMs,
    probeMedian: runs[3]!,
    probeFastest: runs[0]!,
    events: first.trace.length,
    peakRss: mb(peak),
    maxRss: process.resourceUsage().maxRSS / 1024,
  };
}

const self = fileURLToPath(import.meta.url);

/** Runs `measure` in a fresh Node process on the lines written to a temporary file. */
function measureInChild(lines: string[]): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'pp-trace-bench-'));
  try {
    const file = join(dir, 'rules.txt');
    writeFileSync(file, lines.join('\n'));
    const r = spawnSync(process.execPath, ['--expose-gc', self, file], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`trace bench child failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Measured;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === self && process.argv[2] !== undefined) {
  const lines = readFileSync(process.argv[2], 'utf8').split('\n');
  process.stdout.write(JSON.stringify(measure(lines)));
}

export default async (): Promise<BenchFigure[]> => {
  const lines = kubeProxySaveLines();
  const m = measureInChild(lines);
  const figures: BenchFigure[] = [
    {
      name: 'trace: iptables-save lines (10,000 services x 2 endpoints)',
      value: lines.length,
      unit: 'lines',
    },
    { name: 'trace: engine iptables-restore of that file', value: m.parseMs, unit: 'ms' },
    {
      name: 'trace: one TCP connect to the last service (median of 7)',
      value: m.probeMedian,
      unit: 'ms',
      target: { max: 5 },
    },
    // On a loaded machine the median carries scheduling delay; the fastest run is the CPU cost.
    {
      name: 'trace: one TCP connect to the last service (fastest of 7)',
      value: m.probeFastest,
      unit: 'ms',
    },
    { name: 'trace: trace events of that probe', value: m.events, unit: 'events' },
    {
      name: 'trace: peak resident memory (fresh process: load + probes)',
      value: m.peakRss,
      unit: 'MB',
      target: { max: 300 },
    },
    { name: 'trace: the same, peak RSS as the OS counts it (maxrss)', value: m.maxRss, unit: 'MB' },
  ];
  const kernel = realRestoreTest(`${lines.join('\n')}\n`, 1);
  if (kernel !== undefined) {
    figures.push({
      name: 'trace: real iptables-restore --test (throwaway netns)',
      value: kernel,
      unit: 'ms',
    });
    figures.push({
      name: 'trace: engine parse time / iptables-restore --test time',
      value: m.parseMs / kernel,
      unit: 'ratio',
      target: { max: 0.5 },
    });
  }
  return figures;
};

/**
 * Records a scenario on the real kernel: builds it from namespaces (netns.ts), checks that
 * nothing moves while idle, runs every probe (probe.ts), and always removes what it built.
 * A recording a loaded machine made late (late.ts) is thrown away and the scenario recorded
 * again from fresh namespaces. The result has exactly the shape of the recordings made by
 * oracle-tools/trace.py.
 */
import { release } from 'node:os';
import type { NamespaceReport, Scenario, ScenarioResult } from './format.ts';
import { untilOnTime } from './late.ts';
import { Topology } from './netns.ts';
import { allCounters, flushConntrack, runProbe, snapshot } from './probe.ts';
import { run } from './shell.ts';

export const REPORT_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.bridge.bridge-nf-call-iptables',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.conf.all.route_localnet',
  'net.netfilter.nf_conntrack_tcp_loose',
];

export interface RecordOptions {
  /**
   * A bridge that comes up joins 224.0.0.106 and sends two unsolicited IGMPv3 reports about
   * 1 s apart (multicast router discovery): wait them out before counting. Default 2500 ms.
   */
  bridgeSettleMs?: number;
  /** Record `seen` for TCP and UDP probes too (default true; it is a bonus field). */
  seen?: boolean;
  /** Create bridges with multicast snooping off (no IGMP reports, no settling wait). */
  quietBridges?: boolean;
  /** How long the idle noise check watches the counters. Default 1000 ms; 0 skips it. */
  noiseMs?: number;
  /** Called after each probe (progress lines). */
  onProbe?: (name: string, client: string, delivered: string[]) => void;
  /** Told when a late recording is thrown away (default: a line on stderr). */
  onRerun?: (attempt: number, of: number, reason: string) => void;
}

/** Pause before a keep_conntrack probe: longer than UDP's 2 s stream threshold. */
export const KEEP_GAP_MS = 2200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `sysctl KEY…` prints `key = value` lines; a key this kernel lacks is reported as null. */
async function readSysctls(topo: Topology, ns: string): Promise<Record<string, string | null>> {
  const r = await run(['ip', 'netns', 'exec', topo.real(ns), 'sysctl', ...REPORT_SYSCTLS]);
  const values = new Map(
    r.stdout
      .split('\n')
      .map((l) => /^(\S+) = (.*)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  return Object.fromEntries(REPORT_SYSCTLS.map((k) => [k, values.get(k) ?? null]));
}

async function describeNamespaces(topo: Topology): Promise<Record<string, NamespaceReport>> {
  const names = Object.keys(topo.sc.namespaces);
  const reports = await Promise.all(
    names.map(async (ns) => {
      const [sysctls, save] = await Promise.all([
        readSysctls(topo, ns),
        topo.read(ns, ['iptables-save']),
      ]);
      const ruleset = save.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      return { sysctls, ruleset };
    }),
  );
  return Object.fromEntries(names.map((ns, i) => [ns, reports[i]!]));
}

/**
 * Records `sc`; a late probe (the machine too loaded for the kernel's TCP timers to fire as
 * the format promises) restarts the whole scenario, since keep_conntrack probes depend on
 * the state earlier probes left. Throws TooLoadedError when every attempt was late.
 */
export function recordScenario(sc: Scenario, opts: RecordOptions = {}): Promise<ScenarioResult> {
  const onRerun =
    opts.onRerun ??
    ((n: number, of: number, why: string) =>
      process.stderr.write(
        `verify: ${sc.name}: measurement late, recording again from fresh namespaces (attempt ${n} of ${of}): ${why}\n`,
      ));
  return untilOnTime(() => recordOnce(sc, opts), { what: `scenario '${sc.name}'`, onRerun });
}

async function recordOnce(sc: Scenario, opts: RecordOptions): Promise<ScenarioResult> {
  const topo = new Topology(sc, opts.quietBridges ?? false);
  await topo.build();
  try {
    if (topo.hasBridges() && !opts.quietBridges) await sleep(opts.bridgeSettleMs ?? 2500);
    const iptablesV = (await run(['iptables', '-V'])).stdout.trim();
    const out: ScenarioResult = {
      scenario: sc.name,
      description: sc.description,
      env: { kernel: release(), iptables: iptablesV },
      namespaces: await describeNamespaces(topo),
      probes: [],
    };
    const noiseMs = opts.noiseMs ?? 1000;
    if (noiseMs > 0) {
      await flushConntrack(topo);
      const before = await allCounters(topo);
      await sleep(noiseMs);
      out.noise = await snapshot(topo, before);
    }
    for (const [i, pr] of sc.probes.entries()) {
      // nf_conntrack_proto_udp.c: a UDP entry turns ASSURED only for a packet more than 2 s
      // (stream_ts) after the flow began. A probe that reuses the entries of earlier probes
      // starts KEEP_GAP_MS after them, so its result does not depend on the machine's speed.
      if (pr.keep_conntrack && i > 0) await sleep(KEEP_GAP_MS);
      const r = await runProbe(topo, i + 1, pr, opts.seen ?? true);
      opts.onProbe?.(pr.name, r.client.result, r.delivered);
      out.probes.push(r);
    }
    return out;
  } finally {
    await topo.destroy();
  }
}

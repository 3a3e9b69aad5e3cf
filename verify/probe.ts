/**
 * One probe on the real kernel, as scenario-format.md describes it: flush conntrack, start a
 * sniffer in every namespace and the listeners, run the client, then read back what the
 * kernel did (listener views, counters, conntrack, locally delivered packets).
 */
import { Agent } from './agent.ts';
import type {
  ClientResult,
  Hit,
  ConntrackEntry,
  ProbeResult,
  ProbeSpec,
  ServerView,
} from './format.ts';
import {
  LateMeasurement,
  lateClient,
  lateReply,
  lateSnapshot,
  monotonicS,
  takeReplyTimes,
  takeTiming,
} from './late.ts';
import type { Topology } from './netns.ts';
import { counterDelta, parseConntrack, parseCounters, type Counters } from './observe.ts';

/**
 * Below the 1 s initial SYN RTO, so a lost SYN is never retransmitted inside a probe (a client
 * descheduled past it makes the probe late: late.ts, and the scenario is recorded again).
 */
export const CLIENT_TIMEOUT_S = 0.8;
/**
 * When a TCP probe timed out, snapshot 1.5 s after connect(): after the server's SYN-ACK
 * retransmission at 1 s has landed, with the most time left to read every namespace before
 * the next one at 3 s (late.ts checks that the reading stayed inside).
 */
const TCP_TIMEOUT_SNAPSHOT_S = 1.5;
/** Lets in-flight packets (RST, ICMP errors) land before the snapshot. */
const SETTLE_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function allCounters(topo: Topology): Promise<Map<string, Counters>> {
  const names = Object.keys(topo.sc.namespaces);
  const saves = await Promise.all(names.map((ns) => topo.read(ns, ['iptables-save', '-c'])));
  return new Map(names.map((ns, i) => [ns, parseCounters(saves[i]!)]));
}

export async function snapshot(
  topo: Topology,
  before: Map<string, Counters>,
): Promise<{ hits: Record<string, Hit[]>; conntrack: Record<string, ConntrackEntry[]> }> {
  const names = Object.keys(topo.sc.namespaces);
  // read at once: the reading must fit between two SYN-ACK retransmissions (late.ts)
  const [after, cts] = await Promise.all([
    allCounters(topo),
    Promise.all(names.map((ns) => topo.read(ns, ['conntrack', '-L']))),
  ]);
  const hits: Record<string, Hit[]> = {};
  const conntrack: Record<string, ConntrackEntry[]> = {};
  names.forEach((ns, i) => {
    const h = counterDelta(before.get(ns) ?? new Map(), after.get(ns)!);
    if (h.length) hits[ns] = h;
    const c = parseConntrack(cts[i]!);
    if (c.length) conntrack[ns] = c;
  });
  return { hits, conntrack };
}

export async function flushConntrack(topo: Topology): Promise<void> {
  await Promise.all(
    Object.keys(topo.sc.namespaces).map((ns) => topo.read(ns, ['conntrack', '-F'])),
  );
}

async function startAll(agents: Map<string, Agent>, what: string): Promise<void> {
  await Promise.all(
    [...agents].map(async ([ns, a]) => {
      const line = await a.readLine(5000);
      if (line !== 'READY') throw new Error(`${what} in ${ns} did not start: ${a.stderr}`);
    }),
  );
}

function listenerSpecs(topo: Topology, pr: ProbeSpec): { ns: string; port: number }[] {
  if (pr.proto === 'icmp' || pr.listen === false) return [];
  const specs = pr.listen === undefined ? [{}] : [pr.listen].flat();
  return specs.map((l) => {
    const ns = l.ns ?? topo.addrOwner.get(pr.dst);
    if (ns === undefined)
      throw new Error(`probe '${pr.name}': no namespace owns ${pr.dst}; add listen.ns`);
    return { ns, port: l.port ?? pr.dport! };
  });
}

/** Reads each listener's report; once one answered the others get a last 0.1 s. */
async function collectServers(
  listeners: Map<string, Agent>,
  waitMs: number,
): Promise<Record<string, ServerView>> {
  const server: Record<string, ServerView> = {};
  let deadline = Date.now() + waitMs;
  while (listeners.size && Date.now() < deadline && Object.keys(server).length < listeners.size) {
    for (const [ns, l] of listeners) {
      if (ns in server) continue;
      const r = await l.readJson<ServerView>(20);
      if (r !== null) server[ns] = r;
    }
    if (Object.keys(server).length) deadline = Math.min(deadline, Date.now() + 100);
  }
  return server;
}

function clientArgs(pr: ProbeSpec, sport: number | undefined, ident: number): string[] {
  const args = ['connect', '--proto', pr.proto, '--dst', pr.dst];
  args.push('--timeout', String(CLIENT_TIMEOUT_S), '--tag', pr.name);
  if (pr.proto === 'icmp') args.push('--ident', String(ident));
  else args.push('--dport', String(pr.dport), '--sport', String(sport));
  if (pr.src) args.push('--src', pr.src);
  return args;
}

function probeHeader(pr: ProbeSpec, i: number): ProbeResult {
  const res = {} as ProbeResult;
  for (const k of ['name', 'from', 'proto', 'dst', 'dport', 'src'] as const)
    if (pr[k] !== undefined) (res as unknown as Record<string, unknown>)[k] = pr[k];
  if (pr.proto === 'icmp') res.ident = pr.ident ?? 0x4000 + i;
  else res.sport = pr.sport ?? 40000 + i;
  if (pr.keep_conntrack) res.keep_conntrack = true;
  return res;
}

/**
 * Stops the listeners that sent no view in time and names one that had in fact accepted or
 * received: its report came after collectServers stopped waiting (a descheduled listener),
 * so the result would miss what the kernel delivered. Its SIGTERM line says `false`.
 */
async function missedReport(
  probe: string,
  listeners: Map<string, Agent>,
  server: Record<string, ServerView>,
): Promise<string | null> {
  const silent = [...listeners].filter(([ns]) => !(ns in server));
  const views = await Promise.all(
    silent.map(async ([, l]) => {
      await l.stop();
      return l.readJson<ServerView>(100);
    }),
  );
  const i = views.findIndex((v) => v?.accepted === true || v?.received === true);
  if (i < 0) return null;
  return `probe '${probe}': the listener in ${silent[i]![0]} reported after the harness stopped waiting for it`;
}

/**
 * Whether the server may have retransmitted its SYN-ACK before the snapshot, which the
 * scenario format counts exactly once: the client saw no answer, or it did but no listener
 * accepted (the handshake's last ACK was lost, so the request socket is still half-open).
 */
function synAckMayRepeat(pr: ProbeSpec, res: ProbeResult): boolean {
  // only the probe's listeners have a listening socket in these fresh namespaces
  if (pr.proto !== 'tcp' || !res.listen?.length) return false;
  if (res.client.result === 'timeout') return true;
  return res.client.result === 'connected' && !Object.values(res.server).some((v) => v.accepted);
}

/**
 * Runs probe number i (1-based) and returns its result in the recordings' shape. With
 * `seen: false`, TCP and UDP probes start no sniffers (`seen` stays empty: it is not judged);
 * ICMP probes always sniff, since their `delivered` comes from what was seen.
 */
export async function runProbe(
  topo: Topology,
  i: number,
  pr: ProbeSpec,
  seen = true,
): Promise<ProbeResult> {
  const res = probeHeader(pr, i);
  if (!pr.keep_conntrack) await flushConntrack(topo);
  const before = await allCounters(topo);
  const names = Object.keys(topo.sc.namespaces);
  const sniffed = seen || pr.proto === 'icmp' ? names : [];
  const sniffers = new Map(
    sniffed.map((ns) => [ns, new Agent(topo.real(ns), ['sniff', '--timeout', '8'])]),
  );
  const listeners = new Map<string, Agent>();
  const client: { agent?: Agent } = {};
  try {
    await startAll(sniffers, 'sniffer');
    const specs = listenerSpecs(topo, pr);
    if (pr.proto !== 'icmp') res.listen = specs;
    for (const { ns, port } of specs)
      listeners.set(ns, new Agent(topo.real(ns), ['listen', '--proto', pr.proto, '--port', String(port), '--timeout', '6'])); // prettier-ignore
    await startAll(listeners, 'listener');
    const t0 = monotonicS();
    client.agent = new Agent(topo.real(pr.from), clientArgs(pr, res.sport, res.ident ?? 0));
    const cres = (await client.agent.readJson<ClientResult>(CLIENT_TIMEOUT_S * 1000 + 5000)) ?? {
      result: 'no-output',
      stderr: client.agent.stderr,
    };
    // timing fields never reach the result: golden files keep the recordings' shape
    const timing = takeTiming(cres);
    const lateSyn = lateClient(pr.name, pr.proto, timing);
    if (lateSyn !== null) throw new LateMeasurement(lateSyn);
    res.client = cres;
    const ok = cres.result === 'connected' || cres.result === 'reply';
    res.server = await collectServers(listeners, ok ? 2000 : 300);
    const lateUdp = lateReply(pr.name, cres, timing, takeReplyTimes(res.server));
    if (lateUdp !== null) throw new LateMeasurement(lateUdp);
    await sleep(SETTLE_MS);
    const connectAt = timing.connectAt ?? t0;
    if (pr.proto === 'tcp' && cres.result === 'timeout')
      await sleep(Math.max(0, (connectAt + TCP_TIMEOUT_SNAPSHOT_S - monotonicS()) * 1000));
    const readFrom = monotonicS();
    const { hits, conntrack } = await snapshot(topo, before);
    if (synAckMayRepeat(pr, res)) {
      const late = lateSnapshot(pr.name, connectAt, readFrom, monotonicS());
      if (late !== null) throw new LateMeasurement(late);
    }
    const missed = await missedReport(pr.name, listeners, res.server);
    if (missed !== null) throw new LateMeasurement(missed);
    const seen: ProbeResult['seen'] = {};
    const lists = await Promise.all(
      [...sniffers.values()].map(async (s) => {
        await s.stop();
        return (await s.readJson<Record<string, unknown>[]>(3000)) ?? [];
      }),
    );
    [...sniffers.keys()].forEach((ns, i) => {
      if (lists[i]!.length) seen[ns] = lists[i]!;
    });
    res.delivered = delivered(pr, res, seen);
    if (pr.expect !== undefined) {
      res.expect = pr.expect;
      res.expect_met = cres.result === pr.expect;
    }
    res.seen = seen;
    res.conntrack = conntrack;
    res.hits = hits;
    return res;
  } finally {
    client.agent?.closeStdin();
    await Promise.all([
      client.agent?.stop(),
      ...[...listeners.values()].map((l) => l.stop()),
      ...[...sniffers.values()].map((s) => s.stop()),
    ]);
  }
}

function delivered(pr: ProbeSpec, res: ProbeResult, seen: ProbeResult['seen']): string[] {
  if (pr.proto !== 'icmp') {
    const key = pr.proto === 'tcp' ? 'accepted' : 'received';
    return Object.keys(res.server)
      .filter((ns) => res.server[ns]![key])
      .sort();
  }
  return Object.keys(seen)
    .filter(
      (ns) =>
        ns !== pr.from &&
        seen[ns]!.some((p) => p.proto === 'icmp' && p.type === 8 && p.id === res.ident),
    )
    .sort();
}

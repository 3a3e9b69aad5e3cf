/**
 * The simulated machine: named network namespaces joined by veth pairs, a deterministic clock
 * and random source, and the queue of frames in flight. Building operations (add a namespace,
 * a bridge, a veth pair, an address, a route) validate like `ip` does and throw EngineError
 * with the text a user should see.
 */
import type { Device } from '../devices/device.ts';
import { macFromIndex, newDevice, newVeth, isValidIfName } from '../devices/device.ts';
import type { TraceEvent } from '../trace/events.ts';
import type { TableName } from '../netfilter/packetMeta.ts';
import { parsePrefix } from '../routing/prefix.ts';
import { parseRoute } from '../routing/parse.ts';
import { Netns } from './netns.ts';
import type { Skb } from './skb.ts';

export class EngineError extends Error {
  override name = 'EngineError';
}

export interface SeenPacket {
  readonly [key: string]: unknown;
}

/** Counter growth during one probe: key "table|chain|index" (index 0 = policy). */
export interface HitCount {
  pkts: number;
  bytes: number;
}

/** What one probe records while it runs. */
export interface ProbeRecorder {
  readonly events: TraceEvent[];
  readonly seen: Map<string, SeenPacket[]>;
  readonly hits: Map<string, Map<string, HitCount>>;
}

export interface Arrival {
  readonly ns: string;
  readonly dev: string;
  readonly skb: Skb;
}

export interface WorldOptions {
  /** Uniform in [0, 1): statistic --mode random, NAT --random. */
  readonly random?: () => number;
  /** Simulated time in ms (xt_recent). */
  readonly now?: number;
}

/** A small deterministic PRNG (mulberry32) for callers that do not inject one. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class World {
  readonly namespaces = new Map<string, Netns>();
  random: () => number;
  now: number;
  readonly queue: Arrival[] = [];
  recorder: ProbeRecorder | undefined;
  /**
   * What the kernel does a few seconds later, after a probe's snapshot: a neighbour that never
   * answered ARP (3 probes of 1 s) reports ICMP host-unreachable for the packets it held. The
   * recordings see that during the next probe, so the next probe runs these first.
   */
  readonly deferred: (() => void)[] = [];
  private macSeq = 1;

  constructor(opts: WorldOptions = {}) {
    this.random = opts.random ?? seededRandom(1);
    this.now = opts.now ?? 0;
  }

  trace(e: TraceEvent): void {
    this.recorder?.events.push(e);
  }

  countHit(ns: string, table: TableName, chain: string, index: number, len: number): void {
    const r = this.recorder;
    if (!r) return;
    let m = r.hits.get(ns);
    if (!m) r.hits.set(ns, (m = new Map()));
    const key = `${table}|${chain}|${index}`;
    const h = m.get(key);
    if (h) {
      h.pkts += 1;
      h.bytes += len;
    } else m.set(key, { pkts: 1, bytes: len });
  }

  addNamespace(name: string): Netns {
    if (this.namespaces.has(name)) throw new EngineError(`namespace "${name}" already exists`);
    const ns = new Netns(name);
    this.namespaces.set(name, ns);
    return ns;
  }

  ns(name: string): Netns {
    const ns = this.namespaces.get(name);
    if (!ns) throw new EngineError(`unknown namespace "${name}"`);
    return ns;
  }

  private nextMac(): string {
    return macFromIndex(this.macSeq++);
  }

  private checkNewName(ns: Netns, name: string): void {
    if (!isValidIfName(name)) throw new EngineError(`"${name}" is not a valid interface name`);
    if (ns.devices.has(name))
      throw new EngineError(`RTNETLINK answers: File exists (device "${name}")`);
  }

  addBridge(nsName: string, name: string): Device {
    const ns = this.ns(nsName);
    this.checkNewName(ns, name);
    const br = newDevice('bridge', name, this.nextMac());
    ns.devices.set(name, br);
    return br;
  }

  addDummy(nsName: string, name: string): Device {
    const ns = this.ns(nsName);
    this.checkNewName(ns, name);
    const d = newDevice('dummy', name, this.nextMac());
    ns.devices.set(name, d);
    return d;
  }

  addVethPair(a: { ns: string; name: string }, b: { ns: string; name: string }): void {
    const nsA = this.ns(a.ns);
    const nsB = this.ns(b.ns);
    this.checkNewName(nsA, a.name);
    this.checkNewName(nsB, b.name);
    if (a.ns === b.ns && a.name === b.name)
      throw new EngineError('both ends of a veth pair have the same name');
    nsA.devices.set(a.name, newVeth(a.name, this.nextMac(), b));
    nsB.devices.set(b.name, newVeth(b.name, this.nextMac(), a));
  }

  device(nsName: string, dev: string): Device {
    const d = this.ns(nsName).device(dev);
    if (!d) throw new EngineError(`Cannot find device "${dev}"`);
    return d;
  }

  /** `ip link set DEV master BR`: the bridge's FDB learns the port's own MAC as local. */
  setMaster(nsName: string, dev: string, bridge: string): void {
    const port = this.device(nsName, dev);
    const br = this.device(nsName, bridge);
    if (br.kind !== 'bridge') throw new EngineError(`"${bridge}" is not a bridge`);
    if (port.kind === 'bridge' || port.kind === 'loopback')
      throw new EngineError(`"${dev}" cannot be a bridge port`);
    port.master = bridge;
    br.fdb.set(port.mac, { port: dev, local: true });
  }

  /** `ip addr add A/len dev D` (host bits allowed, as ip accepts them). */
  addAddress(nsName: string, dev: string, cidr: string): void {
    const d = this.device(nsName, dev);
    const p = parsePrefix(cidr, false);
    if ('error' in p) throw new EngineError(p.error);
    if (d.addrs.some((a) => a.addr === p.addr && a.len === p.len))
      throw new EngineError('RTNETLINK answers: File exists');
    d.addrs.push({ addr: p.addr, len: p.len });
  }

  /** `ip route add ARGS`. */
  addRoute(nsName: string, args: readonly string[]): void {
    const ns = this.ns(nsName);
    const r = parseRoute(args, [...ns.devices.values()], ns.userRoutes);
    if ('error' in r) throw new EngineError(r.error);
    const clash = ns.userRoutes.some(
      (x) => x.dst === r.route.dst && x.len === r.route.len && x.metric === r.route.metric,
    );
    if (clash) throw new EngineError('RTNETLINK answers: File exists');
    ns.userRoutes.push(r.route);
  }

  setUp(nsName: string, dev: string, up: boolean): void {
    this.device(nsName, dev).up = up;
  }
}

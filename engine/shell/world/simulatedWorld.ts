/**
 * The machine a fresh shell runs on: a host namespace with `lo` only and a new namespace's
 * defaults (as in the recordings), plus named namespaces from `ip netns add`. The programs each
 * namespace offers come from `programs.ts`, which wires the engine's command implementations.
 */
import { newDevice, type Device } from '../../devices/device.ts';
import { parseIpv4 } from '../../packet/ipv4.ts';
import { allRoutes, type Route } from '../../routing/table.ts';
import type { NamespaceHost, Program, WorldHost } from '../host.ts';
import { LinkRegistry } from '../net/meta.ts';
import { HOST_KEY, type NetState } from '../net/state.ts';
import { SysctlStore } from './sysctlStore.ts';

export interface WorldClock {
  readonly now: () => Date;
  readonly random: () => number;
}

/** Builds the programs of one namespace (iptables…) over that namespace's state. */
export type ProgramFactory = (
  ns: SimulatedNamespace,
  world: SimulatedWorld,
) => ReadonlyMap<string, Program>;

export class SimulatedNamespace implements NamespaceHost, NetState {
  readonly name: string | undefined;
  readonly key: string;
  readonly sysctl: SysctlStore;
  readonly devices = new Map<string, Device>();
  userRoutes: Route[] = [];
  readonly neigh = new Map<string, Map<number, string>>();
  /** Per-namespace state owned by the wired programs (the iptables ruleset…), by key. */
  readonly state = new Map<string, unknown>();
  private programs: ReadonlyMap<string, Program> = new Map();

  /** A new namespace has `lo`; the recordings bring it up (trace.py), so it starts up here. */
  constructor(name: string | undefined, bridgeNetfilter: boolean) {
    this.name = name;
    this.key = name ?? HOST_KEY;
    this.sysctl = new SysctlStore(['lo'], bridgeNetfilter);
    const lo = newDevice('loopback', 'lo', '00:00:00:00:00:00');
    lo.addrs.push({ addr: parseIpv4('127.0.0.1')!, len: 8 });
    this.devices.set('lo', lo);
  }

  get net(): NetState {
    return this;
  }

  routes(): Route[] {
    return allRoutes(this.devices.values(), this.userRoutes);
  }

  install(programs: ReadonlyMap<string, Program>): void {
    this.programs = programs;
  }

  program(name: string): Program | undefined {
    return this.programs.get(name);
  }
}

/** Kernel modules of a fresh host; br_netfilter is loaded as on the recording hosts. */
const BASE_MODULES = [
  { name: 'br_netfilter', size: 36864, usedBy: [] as string[] },
  { name: 'bridge', size: 421888, usedBy: ['br_netfilter'] },
  { name: 'stp', size: 12288, usedBy: ['bridge'] },
  { name: 'llc', size: 16384, usedBy: ['bridge', 'stp'] },
  { name: 'nf_tables', size: 376832, usedBy: [] as string[] },
  { name: 'veth', size: 45056, usedBy: [] as string[] },
];

export class SimulatedWorld implements WorldHost {
  readonly clock: WorldClock;
  readonly host: SimulatedNamespace;
  private readonly named = new Map<string, SimulatedNamespace>();
  private readonly factory: ProgramFactory;
  private readonly globals = new Map<string, Program>();
  private readonly loaded = new Set(BASE_MODULES.map((m) => m.name));
  private readonly states = new Map<string, unknown>();
  readonly links = new LinkRegistry();

  constructor(clock: WorldClock, factory: ProgramFactory) {
    this.clock = clock;
    this.factory = factory;
    this.host = this.create(undefined);
  }

  namespace(name: string | undefined): NamespaceHost | undefined {
    return name === undefined ? this.host : this.named.get(name);
  }

  netnsNames(): readonly string[] {
    return [...this.named.keys()].reverse();
  }

  addNetns(name: string): boolean {
    if (this.named.has(name)) return false;
    this.named.set(name, this.create(name));
    return true;
  }

  deleteNetns(name: string): boolean {
    return this.named.delete(name);
  }

  namespaceByKey(key: string): SimulatedNamespace | undefined {
    return key === HOST_KEY ? this.host : this.named.get(key);
  }

  globalProgram(name: string): Program | undefined {
    return this.globals.get(name);
  }

  setGlobalProgram(name: string, program: Program): void {
    this.globals.set(name, program);
  }

  modules(): readonly { name: string; size: number; usedBy: readonly string[] }[] {
    return BASE_MODULES.filter((m) => this.loaded.has(m.name));
  }

  loadModule(name: string): 'ok' | 'unknown' {
    const m = BASE_MODULES.find((x) => x.name === name.replace(/-/g, '_'));
    if (!m) return 'unknown';
    this.loaded.add(m.name);
    return 'ok';
  }

  globalState<T>(key: string, create: () => T): T {
    if (!this.states.has(key)) this.states.set(key, create());
    return this.states.get(key) as T;
  }

  private create(name: string | undefined): SimulatedNamespace {
    const ns = new SimulatedNamespace(name, this.loaded?.has('br_netfilter') ?? true);
    this.links.index(ns.key, ns.devices.get('lo')!);
    ns.install(this.factory(ns, this));
    return ns;
  }
}

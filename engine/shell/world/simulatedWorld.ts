/**
 * The machine a fresh shell runs on: a host namespace with `lo` only and a new namespace's
 * defaults (as in the recordings), plus named namespaces from `ip netns add`. The programs each
 * namespace offers come from `programs.ts`, which wires the engine's command implementations.
 */
import type { NamespaceHost, Program, WorldHost } from '../host.ts';
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

export class SimulatedNamespace implements NamespaceHost {
  readonly name: string | undefined;
  readonly sysctl: SysctlStore;
  /** Per-namespace state owned by the wired programs (the iptables ruleset…), by key. */
  readonly state = new Map<string, unknown>();
  private programs: ReadonlyMap<string, Program> = new Map();

  constructor(name: string | undefined, bridgeNetfilter: boolean) {
    this.name = name;
    this.sysctl = new SysctlStore(['lo'], bridgeNetfilter);
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

  addNetns(name: string): SimulatedNamespace {
    const ns = this.create(name);
    this.named.set(name, ns);
    return ns;
  }

  deleteNetns(name: string): boolean {
    return this.named.delete(name);
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
    ns.install(this.factory(ns, this));
    return ns;
  }
}

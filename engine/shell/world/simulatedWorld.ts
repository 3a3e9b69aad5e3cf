/**
 * The machine a fresh shell runs on: the engine's World with a host namespace (`lo` only, up,
 * a new namespace's defaults, as in the recordings) and the named namespaces of `ip netns add`.
 * Each namespace is the engine's Netns (devices, routes, sysctls, ruleset, conntrack: what the
 * packet path reads) with the shell's programs kept beside it.
 * The programs each namespace offers come from `programs.ts`.
 */
import { World } from '../../stack/world.ts';
import type { Netns } from '../../stack/netns.ts';
import type { NamespaceHost, Program, SysctlTable, WorldHost } from '../host.ts';
import { LinkRegistry } from '../net/meta.ts';
import { HOST_KEY, type NetState } from '../net/state.ts';
import type { Sysctls } from '../../stack/sysctl.ts';
import type { WorldLike } from '../../generators/docker/worldHost.ts';

export interface WorldClock {
  readonly now: () => Date;
  readonly random: () => number;
}

/** Builds the programs of one namespace (iptables…) over that namespace's state. */
export type ProgramFactory = (
  ns: SimulatedNamespace,
  world: SimulatedWorld,
) => ReadonlyMap<string, Program>;

/** The shell's view of the namespace's one sysctl store: exactly the keys /proc/sys has. */
class NamespaceSysctls implements SysctlTable {
  private readonly store: Sysctls;
  constructor(store: Sysctls) {
    this.store = store;
  }
  keys(): readonly string[] {
    return this.store.keys();
  }
  get(key: string): string | undefined {
    return this.store.lookup(key);
  }
  set(key: string, value: string): 'ok' | 'unknown' | 'invalid' {
    return this.store.write(key, value);
  }
  addDevice(name: string): void {
    this.store.addDevice(name);
  }
  removeDevice(name: string): void {
    this.store.removeDevice(name);
  }
  loadBridgeNetfilter(): void {
    this.store.loadBridgeNetfilter();
  }
}

export class SimulatedNamespace implements NamespaceHost {
  readonly name: string | undefined;
  readonly key: string;
  readonly netns: Netns;
  readonly sysctl: NamespaceSysctls;
  private programs: ReadonlyMap<string, Program> = new Map();

  constructor(name: string | undefined, netns: Netns) {
    this.name = name;
    this.key = name ?? HOST_KEY;
    this.netns = netns;
    this.sysctl = new NamespaceSysctls(netns.sysctls);
  }

  get net(): NetState {
    return this.netns;
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
  readonly engine: World;
  readonly links = new LinkRegistry();
  readonly host: SimulatedNamespace;
  private readonly named = new Map<string, SimulatedNamespace>();
  private readonly factory: ProgramFactory;
  private readonly loaded = new Set(BASE_MODULES.map((m) => m.name));
  private readonly states = new Map<string, unknown>();
  /** Namespaces `ip netns list` does not show (docker's sandboxes live in /var/run/docker/netns). */
  private readonly hidden = new Set<string>();
  private readonly nsids = new Map<string, number>();

  constructor(clock: WorldClock, factory: ProgramFactory) {
    this.clock = clock;
    this.factory = factory;
    this.engine = new World({ random: clock.random, now: 0 });
    this.host = this.create(undefined);
  }

  namespace(name: string | undefined): SimulatedNamespace | undefined {
    return name === undefined ? this.host : this.named.get(name);
  }

  namespaceByKey(key: string): SimulatedNamespace | undefined {
    return key === HOST_KEY ? this.host : this.named.get(key);
  }

  /** Every namespace, the host first. */
  all(): SimulatedNamespace[] {
    return [this.host, ...this.named.values()];
  }

  netnsNames(): readonly string[] {
    return [...this.named.keys()].filter((n) => !this.hidden.has(n)).reverse();
  }

  /**
   * `ip netns add`: a new namespace's lo is down and has no address until it is brought up
   * (measured). Docker's sandboxes (hidden) keep the engine's up lo, as dockerd sets it up.
   */
  addNetns(name: string, opts: { hidden?: boolean } = {}): boolean {
    if (this.named.has(name)) return false;
    const ns = this.create(name);
    this.named.set(name, ns);
    if (opts.hidden) this.hidden.add(name);
    else {
      const lo = ns.netns.devices.get('lo');
      if (lo) {
        lo.up = false;
        lo.addrs.splice(0);
      }
    }
    return true;
  }

  nsid(name: string): number | undefined {
    return this.nsids.get(name);
  }

  assignNsid(name: string): void {
    if (this.named.has(name) && !this.nsids.has(name)) this.nsids.set(name, this.nsids.size);
  }

  deleteNetns(name: string): boolean {
    this.engine.namespaces.delete(name);
    this.hidden.delete(name);
    this.nsids.delete(name);
    return this.named.delete(name);
  }

  modules(): readonly { name: string; size: number; usedBy: readonly string[] }[] {
    return BASE_MODULES.filter((m) => this.loaded.has(m.name));
  }

  loadModule(name: string): 'ok' | 'unknown' {
    const m = BASE_MODULES.find((x) => x.name === name.replace(/-/g, '_'));
    if (!m) return 'unknown';
    this.loaded.add(m.name);
    if (m.name === 'br_netfilter') for (const ns of this.all()) ns.sysctl.loadBridgeNetfilter();
    return 'ok';
  }

  /**
   * This machine as dockerd's port needs it (commands/dockerd.ts wraps it with
   * worldDockerHost, so the generator's code loads with docker, not with every shell); its
   * sandboxes are hidden from `ip netns list`. The generator calls programs with argv after
   * the program name, so the name is put back (a Program's argv[0] is its name;
   * `iptables iptables …` is never a valid command).
   */
  dockerPort(): WorldLike {
    const view = (ns: SimulatedNamespace | undefined) =>
      ns && {
        key: ns.key,
        net: ns.net,
        sysctl: ns.sysctl,
        program: (name: string): Program | undefined => {
          const program = ns.program(name);
          return (
            program && ((argv, stdin) => program(argv[0] === name ? argv : [name, ...argv], stdin))
          );
        },
      };
    return {
      host: view(this.host)!,
      addNetns: (name) => this.addNetns(name, { hidden: true }),
      deleteNetns: (name) => this.deleteNetns(name),
      namespaceByKey: (key) => view(this.namespaceByKey(key)),
      links: this.links,
    };
  }

  peekState<T>(key: string): T | undefined {
    return this.states.get(key) as T | undefined;
  }

  globalState<T>(key: string, create: () => T): T {
    if (!this.states.has(key)) this.states.set(key, create());
    return this.states.get(key) as T;
  }

  private create(name: string | undefined): SimulatedNamespace {
    const netns = this.engine.addNamespace(name ?? HOST_KEY);
    const ns = new SimulatedNamespace(name, netns);
    for (const dev of netns.devices.values()) this.links.index(ns.key, dev);
    ns.install(this.factory(ns, this));
    return ns;
  }
}

/**
 * Building a scenario's topology out of real network namespaces, and removing it again.
 * Every namespace is named `pp-<pid>-<run>-<ns>`: the prefix marks it as ours, the PID lets
 * `--cleanup` tell a killed run's leftovers from a live run's namespaces.
 */
import { existsSync } from 'node:fs';
import type { Scenario } from './format.ts';
import { ScenarioError } from './validate.ts';
import { disownNamespace, ownNamespace, run, runOk } from './shell.ts';

export const PREFIX = 'pp-';
let runCounter = 0;

export class Topology {
  readonly runId: string;
  /** Which namespace owns each address (the default listener of a probe to it). */
  readonly addrOwner = new Map<string, string>();
  private readonly created: string[] = [];

  readonly sc: Scenario;

  /**
   * Bridges without multicast snooping: they then send no IGMP reports when they come up, so
   * no settling wait is needed. Unicast switching is the same; the random tests use this.
   */
  readonly quietBridges: boolean;

  constructor(sc: Scenario, quietBridges = false) {
    this.sc = sc;
    this.quietBridges = quietBridges;
    runCounter += 1;
    this.runId = `${process.pid}-${runCounter}`;
  }

  real(ns: string): string {
    return `${PREFIX}${this.runId}-${ns}`;
  }

  ip(ns: string, ...args: string[]): Promise<string> {
    return runOk(['ip', '-n', this.real(ns), ...args]);
  }

  exec(ns: string, argv: string[], input?: string): Promise<string> {
    return runOk(['ip', 'netns', 'exec', this.real(ns), ...argv], input);
  }

  /** Like exec, but never throws: for reads that may legitimately fail or print nothing. */
  async read(ns: string, argv: string[]): Promise<string> {
    return (await run(['ip', 'netns', 'exec', this.real(ns), ...argv])).stdout;
  }

  private async addAddrs(ns: string, dev: string, addrs: string[] | undefined): Promise<void> {
    for (const a of addrs ?? []) {
      await this.ip(ns, 'addr', 'add', a, 'dev', dev);
      this.addrOwner.set(a.split('/')[0]!, ns);
    }
  }

  private async createNamespaces(): Promise<void> {
    await Promise.all(
      Object.keys(this.sc.namespaces).map(async (ns) => {
        const name = this.real(ns);
        ownNamespace(name);
        await runOk(['ip', 'netns', 'add', name]);
        this.created.push(name);
        await this.ip(ns, 'link', 'set', 'lo', 'up');
        // IPv6 off: no router solicitations or MLD reports to disturb the counters
        await this.exec(ns, [
          'sysctl',
          '-qw',
          'net.ipv6.conf.all.disable_ipv6=1',
          'net.ipv6.conf.default.disable_ipv6=1',
        ]);
      }),
    );
  }

  /** A stub interface: `dummy` where the kernel has it, else a veth with its peer beside it. */
  private async addStub(ns: string, name: string): Promise<string | null> {
    const r = await run(['ip', '-n', this.real(ns), 'link', 'add', name, 'type', 'dummy']);
    if (r.code === 0) return null;
    const peer = `${name}-p`.slice(0, 15);
    await this.ip(ns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', peer);
    return peer;
  }

  private async createDevices(): Promise<string[][]> {
    const up: string[][] = [];
    for (const [ns, cfg] of Object.entries(this.sc.namespaces)) {
      for (const br of cfg.bridges ?? []) {
        const snooping = this.quietBridges ? ['mcast_snooping', '0'] : [];
        await this.ip(ns, 'link', 'add', br.name, 'type', 'bridge', 'stp_state', '0', ...snooping);
        await this.addAddrs(ns, br.name, br.addrs);
        up.push([ns, br.name]);
      }
      for (const d of cfg.dummies ?? []) {
        const peer = await this.addStub(ns, d.name);
        await this.addAddrs(ns, d.name, d.addrs);
        up.push([ns, d.name]);
        if (peer) up.push([ns, peer]);
      }
    }
    for (const link of this.sc.links ?? []) {
      const { a, b } = link;
      await this.ip(a.ns, 'link', 'add', a.name, 'type', 'veth', 'peer', 'name', b.name, 'netns', this.real(b.ns)); // prettier-ignore
      for (const end of [a, b]) {
        if (end.master) {
          await this.ip(end.ns, 'link', 'set', end.name, 'master', end.master);
          if (link.hairpin || end.hairpin)
            await this.ip(end.ns, 'link', 'set', 'dev', end.name, 'type', 'bridge_slave', 'hairpin', 'on'); // prettier-ignore
        }
        await this.addAddrs(end.ns, end.name, end.addrs);
      }
      up.push([a.ns, a.name], [b.ns, b.name]);
    }
    return up;
  }

  private async configure(): Promise<void> {
    await Promise.all(
      Object.entries(this.sc.namespaces).map(async ([ns, cfg]) => {
        const sysctls = Object.entries(cfg.sysctls ?? {}).map(([k, v]) => `${k}=${v}`);
        if (sysctls.length) await this.exec(ns, ['sysctl', '-qw', ...sysctls]);
        for (const r of cfg.routes ?? []) await this.ip(ns, 'route', 'add', ...r.split(/\s+/));
        const rules = cfg.iptables;
        if (rules && rules.length) {
          const text = Array.isArray(rules) ? `${rules.join('\n')}\n` : rules;
          await this.exec(ns, ['iptables-restore'], text);
        }
      }),
    );
  }

  /** Builds everything; on failure removes what was made and rethrows. */
  async build(): Promise<void> {
    try {
      await this.createNamespaces();
      const up = await this.createDevices();
      // bridges before their ports, as trace.py does
      for (const [ns, dev] of up) await this.ip(ns!, 'link', 'set', dev!, 'up');
      await this.configure();
    } catch (e) {
      await this.destroy();
      // a command the kernel refused (bad route, unknown sysctl, malformed rule) is the
      // scenario's fault: say which command and what the tool printed
      const message = e instanceof Error ? e.message : String(e);
      throw new ScenarioError(`the kernel refused the scenario: ${message.trim()}`);
    }
  }

  hasBridges(): boolean {
    return Object.values(this.sc.namespaces).some((c) => (c.bridges ?? []).length > 0);
  }

  async destroy(): Promise<void> {
    for (const name of this.created.reverse()) {
      await run(['ip', 'netns', 'del', name]);
      disownNamespace(name);
    }
    this.created.length = 0;
  }
}

/**
 * Removes namespaces left by killed runs: names with our prefix whose PID no longer runs.
 * Returns the names removed and the names kept (their run is still alive).
 */
export async function cleanupLeftovers(): Promise<{ removed: string[]; kept: string[] }> {
  const list = (await runOk(['ip', 'netns', 'list'])).split('\n');
  const removed: string[] = [];
  const kept: string[] = [];
  for (const line of list) {
    const name = line.split(' ')[0] ?? '';
    const m = /^pp-(\d+)-\d+-/.exec(name);
    if (!m) continue;
    if (existsSync(`/proc/${m[1]}`)) kept.push(name);
    else {
      await run(['ip', 'netns', 'del', name]);
      removed.push(name);
    }
  }
  return { removed, kept };
}

/**
 * One network namespace: its devices, routes, sysctls, iptables ruleset, conntrack table,
 * neighbour cache and sockets. Mutable: the command shell changes it between probes.
 */
import { ConntrackTable } from '../conntrack/table.ts';
import type { Device } from '../devices/device.ts';
import { newDevice } from '../devices/device.ts';
import { newMatchState, type MatchState } from '../netfilter/match.ts';
import { emptyRuleset, type Ruleset } from '../netfilter/model.ts';
import { parseIpv4 } from '../packet/ipv4.ts';
import type { IpIdent } from '../packet/packet.ts';
import { allRoutes, type Route } from '../routing/table.ts';
import { SocketTable } from './sockets.ts';
import { Sysctls } from './sysctl.ts';
import { needsConntrack } from './ctNeeded.ts';

export class Netns {
  readonly devices = new Map<string, Device>();
  /** Routes added by the user (`ip route add`); kernel routes come from the addresses. */
  userRoutes: Route[] = [];
  readonly sysctls = new Sysctls();
  private rules: Ruleset = emptyRuleset();
  private ctNeeded: boolean | undefined;
  readonly matchState: MatchState = newMatchState();
  readonly conntrack = new ConntrackTable();
  /** Per device: IPv4 address -> MAC (`ip neigh`). */
  readonly neigh = new Map<string, Map<number, string>>();
  readonly sockets = new SocketTable();

  readonly name: string;
  private ipIdSeq = 0;
  private routeCache: { inputs: readonly unknown[]; routes: Route[] } | undefined;

  constructor(name: string) {
    this.name = name;
    const lo = newDevice('loopback', 'lo', '00:00:00:00:00:00');
    lo.addrs.push({ addr: parseIpv4('127.0.0.1')!, len: 8 });
    this.devices.set('lo', lo);
  }

  get ruleset(): Ruleset {
    return this.rules;
  }

  /** Replace the ruleset (iptables-restore). In-place edits must call rulesetChanged(). */
  set ruleset(r: Ruleset) {
    this.rules = r;
    this.ctNeeded = undefined;
  }

  /** After the shell edits rules in place: re-decide whether conntrack runs (kernel-facts §6). */
  rulesetChanged(): void {
    this.ctNeeded = undefined;
  }

  /** Conntrack runs only once a rule needs it: a ct/state/connmark match or a NAT/CONNMARK/CT target. */
  conntrackEnabled(): boolean {
    this.ctNeeded ??= needsConntrack(this.rules);
    return this.ctNeeded;
  }

  /**
   * The IP id of a packet that gets no fixed 0 (packet.ts IpIdent). Linux starts a connected
   * socket's counter at get_random_u16() (tcp_v4_connect, ip4_datagram_connect) and hashes the
   * rest through ip_idents with a boot-time secret (__ip_select_ident): unpredictable on
   * purpose, so no recording can pin it. One counter per namespace keeps runs byte-for-byte
   * deterministic without drawing from the injected random source, whose sequence decides
   * statistic --mode random and NAT --random (drawing here would shift those).
   */
  nextIpId(): number {
    this.ipIdSeq = (this.ipIdSeq + 1) & 0xffff;
    return this.ipIdSeq;
  }

  /** A connected socket's packet: DF, the socket's next id (ip_select_ident_segs). */
  connectedIdent(): IpIdent {
    return { id: this.nextIpId(), df: true };
  }

  /** The kernel's ICMP socket (icmp_reply, icmp_send): no DF (IP_PMTUDISC_DONT), hashed id. */
  icmpIdent(): IpIdent {
    return { id: this.nextIpId(), df: false };
  }

  /**
   * The local and main tables (kernel routes from the addresses, then `ip route add`'s).
   * Rebuilt only when what they derive from changed: a packet's walk asks several times.
   * The array is shared and frozen: read it, never modify it.
   */
  routes(): Route[] {
    const cache = this.routeCache;
    if (cache && unchanged(cache.inputs, this.devices, this.userRoutes)) return cache.routes;
    // Shared between calls, so frozen: a caller that sorted it in place would throw, not corrupt.
    const routes = Object.freeze(allRoutes(this.devices.values(), this.userRoutes)) as Route[];
    this.routeCache = { inputs: routeInputs(this.devices, this.userRoutes), routes };
    return routes;
  }

  device(name: string): Device | undefined {
    return this.devices.get(name);
  }

  /** Does this namespace own `addr` (any device: the weak host model)? */
  isLocalAddress(addr: number): boolean {
    for (const d of this.devices.values()) if (d.addrs.some((a) => a.addr === addr)) return true;
    return false;
  }

  bridgePorts(bridge: string): Device[] {
    return [...this.devices.values()].filter((d) => d.master === bridge && d.up);
  }

  neighbour(dev: string): Map<number, string> {
    let m = this.neigh.get(dev);
    if (!m) this.neigh.set(dev, (m = new Map()));
    return m;
  }
}

/**
 * Everything allRoutes reads, flat: each device (object, name, up, its addresses) and each user
 * route, by identity. Devices and routes are edited in place or replaced by the shell; either
 * way one of these values differs.
 */
function routeInputs(devices: ReadonlyMap<string, Device>, user: readonly Route[]): unknown[] {
  const out: unknown[] = [];
  for (const d of devices.values()) out.push(d, d.name, d.up, d.addrs.length, ...d.addrs);
  out.push(user, user.length, ...user);
  return out;
}

/** routeInputs(devices, user) equals `prev`, compared without building it. */
function unchanged(
  prev: readonly unknown[],
  devices: ReadonlyMap<string, Device>,
  user: readonly Route[],
): boolean {
  let i = 0;
  for (const d of devices.values()) {
    if (prev[i] !== d || prev[i + 1] !== d.name || prev[i + 2] !== d.up) return false;
    if (prev[i + 3] !== d.addrs.length) return false;
    i += 4;
    for (const a of d.addrs) if (prev[i++] !== a) return false;
  }
  if (prev[i] !== user || prev[i + 1] !== user.length) return false;
  i += 2;
  for (const r of user) if (prev[i++] !== r) return false;
  return i === prev.length;
}

/**
 * The network state of one namespace as the shell's `ip`, `bridge` and docker glue edit it.
 * The shape is a structural subset of the engine's namespace (devices by name, user routes,
 * the neighbour cache), built from the engine's own device and routing modules, so that the
 * engine's namespace object can be passed where this is expected.
 */
import type { Device, IfAddr } from '../../devices/device.ts';
import type { Route } from '../../routing/table.ts';

export interface NetState {
  readonly devices: Map<string, Device>;
  userRoutes: Route[];
  /** Per device: IPv4 address -> MAC (`ip neigh`). */
  readonly neigh: Map<string, Map<number, string>>;
  /** Kernel routes of the up devices' addresses plus the user's routes. */
  routes(): Route[];
}

/**
 * What iproute2 shows that the engine's device model does not keep: interface indexes, MTU,
 * broadcast addresses, and the namespace id a peer lives in. Kept by the shell's world.
 */
export interface LinkMeta {
  index(ns: string, dev: Device): number;
  /** A moved or renamed device keeps its index (dev_change_net_namespace keeps a free one). */
  carry(from: Device, to: Device): void;
  mtu(dev: Device): number;
  setMtu(dev: Device, mtu: number): void;
  broadcast(addr: IfAddr): number | undefined;
  setBroadcast(addr: IfAddr, brd: number): void;
  nextMac(): string;
  /**
   * Bridges whose MAC follows their ports (created by `ip link add`, address never set):
   * br_stp_recalculate_bridge_id gives them the lowest port MAC, 00:00:00:00:00:00 once the
   * last port has gone.
   */
  followsPorts(bridge: Device): boolean;
  setFollowsPorts(bridge: Device, follows: boolean): void;
}

/** The key of the shell's own (host) namespace among named ones; `ip netns` names are never ''. */
export const HOST_KEY = '';

/**
 * Network devices of one namespace: lo, veth ends, bridges and dummies. Mutable, because the
 * command shell (`ip link`, `ip addr`, `bridge fdb`) changes them; the packet path only reads.
 */

/** An address on a device, `ip addr add A/len dev D` (A keeps its host bits). */
export interface IfAddr {
  readonly addr: number;
  readonly len: number;
}

export interface DeviceRef {
  readonly ns: string;
  readonly name: string;
}

interface DeviceCommon {
  readonly name: string;
  readonly mac: string;
  up: boolean;
  addrs: IfAddr[];
  /** The bridge this device is a port of (`ip link set D master BR`). */
  master?: string;
  /** Bridge-port hairpin mode (`bridge link set dev D hairpin on`): frames may leave by the port they came in. */
  hairpin: boolean;
}

export interface Loopback extends DeviceCommon {
  readonly kind: 'loopback';
}

export interface Veth extends DeviceCommon {
  readonly kind: 'veth';
  readonly peer: DeviceRef;
}

/** A forwarding database entry (`bridge fdb show`): where a MAC was last seen. */
export interface FdbEntry {
  readonly port: string;
  /** The bridge's own or its ports' addresses ("permanent"): frames to them go up the stack. */
  readonly local: boolean;
}

export interface Bridge extends DeviceCommon {
  readonly kind: 'bridge';
  readonly fdb: Map<string, FdbEntry>;
}

export interface Dummy extends DeviceCommon {
  readonly kind: 'dummy';
}

export type Device = Loopback | Veth | Bridge | Dummy;

export type DeviceKind = Device['kind'];

/** Locally administered MACs numbered in creation order, so runs are deterministic. */
export function macFromIndex(index: number): string {
  const bytes = [
    0x02,
    0x50,
    (index >>> 24) & 255,
    (index >>> 16) & 255,
    (index >>> 8) & 255,
    index & 255,
  ];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

export function newDevice(
  kind: 'loopback' | 'dummy' | 'bridge',
  name: string,
  mac: string,
): Loopback | Dummy | Bridge {
  const common = { name, mac, up: kind === 'loopback', addrs: [], hairpin: false };
  if (kind === 'bridge') return { ...common, kind, fdb: new Map() };
  return { ...common, kind };
}

export function newVeth(name: string, mac: string, peer: DeviceRef): Veth {
  return { kind: 'veth', name, mac, up: false, addrs: [], hairpin: false, peer };
}

/** Linux interface names: 1..15 bytes, no '/', no whitespace, not "." or "..". */
export function isValidIfName(name: string): boolean {
  return /^[^/\s:]{1,15}$/.test(name) && name !== '.' && name !== '..';
}

/**
 * Interface indexes, MTUs and broadcast addresses for devices, kept beside the engine's device
 * objects (which do not carry them). Indexes count per namespace from 1 (lo), as a new
 * namespace's ifindex counter does; MACs are the engine's locally administered sequence.
 */
import { macFromIndex, type Device, type IfAddr } from '../../devices/device.ts';
import type { LinkMeta } from './state.ts';

export class LinkRegistry implements LinkMeta {
  private readonly indexes = new WeakMap<Device, number>();
  private readonly next = new Map<string, number>();
  private readonly mtus = new WeakMap<Device, number>();
  private readonly brds = new WeakMap<IfAddr, number>();
  private macSeq = 0x100;
  private readonly following = new WeakSet<Device>();

  index(ns: string, dev: Device): number {
    let i = this.indexes.get(dev);
    if (i === undefined) {
      i = this.next.get(ns) ?? 1;
      this.next.set(ns, i + 1);
      this.indexes.set(dev, i);
    }
    return i;
  }

  carry(from: Device, to: Device): void {
    const i = this.indexes.get(from);
    if (i !== undefined) this.indexes.set(to, i);
    const m = this.mtus.get(from);
    if (m !== undefined) this.mtus.set(to, m);
    if (this.following.has(from)) this.following.add(to);
  }

  followsPorts(bridge: Device): boolean {
    return this.following.has(bridge);
  }

  setFollowsPorts(bridge: Device, follows: boolean): void {
    if (follows) this.following.add(bridge);
    else this.following.delete(bridge);
  }

  mtu(dev: Device): number {
    return this.mtus.get(dev) ?? (dev.kind === 'loopback' ? 65536 : 1500);
  }

  setMtu(dev: Device, mtu: number): void {
    this.mtus.set(dev, mtu);
  }

  broadcast(addr: IfAddr): number | undefined {
    return this.brds.get(addr);
  }

  setBroadcast(addr: IfAddr, brd: number): void {
    this.brds.set(addr, brd);
  }

  nextMac(): string {
    return macFromIndex(this.macSeq++);
  }
}

/**
 * A namespace's sysctls as a table of strings, used until (and unless) the engine's namespace
 * offers its own. Keeps the kernel's couplings: writing net.ipv4.ip_forward sets
 * conf.all.forwarding and every device's forwarding, and conf.all.forwarding sets ip_forward back
 * (net/ipv4/devinet.c devinet_sysctl_forward, inet_forward_change).
 */
import type { SysctlTable } from '../host.ts';
import { BRIDGE_NF, DEVCONF, GLOBAL, type SysctlSpec } from './sysctlDefaults.ts';

export class SysctlStore implements SysctlTable {
  private readonly values = new Map<string, string>();
  private readonly specs = new Map<string, SysctlSpec>();
  private readonly devices: string[] = [];

  constructor(devices: readonly string[], bridgeNetfilter: boolean) {
    for (const [key, spec] of Object.entries(GLOBAL)) this.define(key, spec, spec.value);
    for (const dev of ['all', 'default']) this.addDevice(dev);
    for (const dev of devices) this.addDevice(dev);
    if (bridgeNetfilter) this.loadBridgeNetfilter();
  }

  keys(): readonly string[] {
    return [...this.values.keys()].sort();
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  set(key: string, value: string): 'ok' | 'unknown' | 'invalid' {
    const spec = this.specs.get(key);
    if (!spec) return 'unknown';
    const parsed = spec.parse(value);
    if (parsed === undefined) return 'invalid';
    this.values.set(key, parsed);
    if (key === 'net.ipv4.ip_forward' || key === 'net.ipv4.conf.all.forwarding')
      this.forwardChange(parsed);
    return 'ok';
  }

  /** A new device copies conf.default (devinet.c: ipv4_devconf_dflt). */
  addDevice(name: string): void {
    if (this.devices.includes(name)) return;
    this.devices.push(name);
    for (const [k, spec] of Object.entries(DEVCONF)) {
      const inherited = this.values.get(`net.ipv4.conf.default.${k}`) ?? spec.value;
      this.define(`net.ipv4.conf.${name}.${k}`, spec, inherited);
    }
  }

  removeDevice(name: string): void {
    const i = this.devices.indexOf(name);
    if (i === -1 || name === 'all' || name === 'default') return;
    this.devices.splice(i, 1);
    for (const k of Object.keys(DEVCONF)) {
      this.values.delete(`net.ipv4.conf.${name}.${k}`);
      this.specs.delete(`net.ipv4.conf.${name}.${k}`);
    }
  }

  loadBridgeNetfilter(): void {
    for (const [key, spec] of Object.entries(BRIDGE_NF)) {
      if (!this.values.has(key)) this.define(key, spec, spec.value);
    }
  }

  private define(key: string, spec: SysctlSpec, value: string): void {
    this.specs.set(key, spec);
    this.values.set(key, value);
  }

  private forwardChange(value: string): void {
    const on = value === '0' ? '0' : '1';
    this.values.set('net.ipv4.ip_forward', value);
    for (const dev of this.devices)
      this.values.set(`net.ipv4.conf.${dev}.forwarding`, dev === 'all' ? value : on);
  }
}

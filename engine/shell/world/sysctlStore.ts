/**
 * A namespace's sysctls as a table of strings, used until (and unless) the engine's namespace
 * offers its own. Keeps the kernel's couplings: writing net.ipv4.ip_forward sets
 * conf.all.forwarding, conf.default.forwarding and every device's forwarding, and
 * conf.all.forwarding sets ip_forward back (net/ipv4/devinet.c devinet_sysctl_forward,
 * inet_forward_change). A new device copies conf.default.
 */
import type { SysctlTable } from '../host.ts';
import { DEVCONF, GLOBAL, isBridgeNetfilterKey, type SysctlSpec } from './sysctlDefaults.ts';

export class SysctlStore implements SysctlTable {
  private readonly values = new Map<string, string>();
  private readonly specs = new Map<string, SysctlSpec>();
  private readonly devices: string[] = [];
  private sorted: readonly string[] | undefined;

  constructor(devices: readonly string[], bridgeNetfilter: boolean) {
    for (const [key, spec] of GLOBAL) {
      if (bridgeNetfilter || !isBridgeNetfilterKey(key)) this.define(key, spec, spec.value);
    }
    for (const [k, specs] of DEVCONF) {
      this.define(`net.ipv4.conf.all.${k}`, specs.all, specs.all.value);
      this.define(`net.ipv4.conf.default.${k}`, specs.default, specs.default.value);
    }
    this.devices.push('all', 'default');
    for (const dev of devices) this.addDevice(dev);
  }

  keys(): readonly string[] {
    this.sorted ??= [...this.values.keys()].sort();
    return this.sorted;
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
    if (key === 'net.ipv4.ip_forward' || key === 'net.ipv4.conf.all.forwarding') {
      this.forwardChange(parsed);
    }
    return 'ok';
  }

  addDevice(name: string): void {
    if (this.devices.includes(name)) return;
    this.devices.push(name);
    for (const [k, specs] of DEVCONF) {
      const spec = name === 'lo' ? specs.lo : specs.default;
      const value = name === 'lo' ? spec.value : this.values.get(`net.ipv4.conf.default.${k}`)!;
      this.define(`net.ipv4.conf.${name}.${k}`, spec, value);
    }
  }

  removeDevice(name: string): void {
    const i = this.devices.indexOf(name);
    if (i < 2) return;
    this.devices.splice(i, 1);
    for (const k of DEVCONF.keys()) {
      this.values.delete(`net.ipv4.conf.${name}.${k}`);
      this.specs.delete(`net.ipv4.conf.${name}.${k}`);
    }
    this.sorted = undefined;
  }

  loadBridgeNetfilter(): void {
    for (const [key, spec] of GLOBAL) {
      if (isBridgeNetfilterKey(key) && !this.values.has(key)) this.define(key, spec, spec.value);
    }
  }

  private define(key: string, spec: SysctlSpec, value: string): void {
    this.specs.set(key, spec);
    this.values.set(key, value);
    this.sorted = undefined;
  }

  /** inet_forward_change: every device (and default) gets the raw value, all.accept_redirects = !on. */
  private forwardChange(value: string): void {
    this.values.set('net.ipv4.ip_forward', value);
    for (const dev of this.devices) this.values.set(`net.ipv4.conf.${dev}.forwarding`, value);
    this.values.set('net.ipv4.conf.all.accept_redirects', value === '0' ? '1' : '0');
  }
}

/**
 * Per-namespace sysctls: the one store the packet path reads and the shell's `sysctl` and
 * /proc/sys edit. Defaults are a new namespace's, measured on Linux 6.18 (sysctlData.ts:
 * ip_forward 0, bridge-nf-call-iptables 1 while br_netfilter is loaded, rp_filter 0,
 * nf_conntrack_tcp_loose 1…). Couplings as the kernel keeps them: writing ip_forward or
 * conf.all.forwarding sets every device's forwarding and conf.all.accept_redirects = !on
 * (net/ipv4/devinet.c inet_forward_change); a new device copies conf.default.
 */
import { DEVCONF, GLOBAL, isBridgeNetfilterKey, type SysctlSpec } from './sysctlDefaults.ts';

/** A new namespace's values of the global keys (read-only view of sysctlData.ts). */
export const SYSCTL_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(
  [...GLOBAL].map(([k, spec]) => [k, spec.value]),
);

/** The sysctls the recordings report, in their order (oracle-tools/trace.py REPORT_SYSCTLS). */
export const REPORTED_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.bridge.bridge-nf-call-iptables',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.conf.all.route_localnet',
  'net.netfilter.nf_conntrack_tcp_loose',
] as const;

const DEVCONF_KEY = /^net\.ipv4\.conf\.([^.]+)\.([a-z0-9_]+)$/;

export class Sysctls {
  private readonly values = new Map<string, string>();
  private readonly specs = new Map<string, SysctlSpec>();
  private readonly devices: string[] = ['all', 'default'];
  private sorted: readonly string[] | undefined;

  constructor(opts: { bridgeNetfilter?: boolean; devices?: readonly string[] } = {}) {
    const brnf = opts.bridgeNetfilter ?? true;
    for (const [key, spec] of GLOBAL) {
      if (brnf || !isBridgeNetfilterKey(key)) this.define(key, spec, spec.value);
    }
    for (const [k, specs] of DEVCONF) {
      this.define(`net.ipv4.conf.all.${k}`, specs.all, specs.all.value);
      this.define(`net.ipv4.conf.default.${k}`, specs.default, specs.default.value);
    }
    for (const dev of opts.devices ?? ['lo']) this.addDevice(dev);
  }

  /** Keys follow `sysctl`: dots or slashes. */
  static normalise(key: string): string {
    // The packet path asks with dotted keys on every packet: no regex pass for those.
    return key.includes('/') ? key.replace(/\//g, '.') : key;
  }

  /**
   * Whether the key exists. For the engine a per-device key of a device not registered with
   * addDevice counts too (it reads conf.default), so scenario devices need no registration.
   */
  has(key: string): boolean {
    const k = Sysctls.normalise(key);
    return this.values.has(k) || this.deviceKey(k) !== undefined;
  }

  /** The value, with an unregistered device's key reading conf.default. */
  get(key: string): string | undefined {
    const k = Sysctls.normalise(key);
    const own = this.values.get(k);
    if (own !== undefined) return own;
    const dk = this.deviceKey(k);
    return dk === undefined ? undefined : this.values.get(`net.ipv4.conf.default.${dk.key}`);
  }

  /** Exactly the registered keys: what /proc/sys shows (the shell's view). */
  lookup(key: string): string | undefined {
    return this.values.get(Sysctls.normalise(key));
  }

  /** A boolean setting: the kernel tests the int for non-zero. */
  flag(key: string): boolean {
    const v = this.get(key);
    if (v === undefined) return false;
    const tab = v.indexOf('\t');
    return Number(tab < 0 ? v : v.slice(0, tab)) !== 0;
  }

  /** Returns sysctl(8)'s error text for an unknown key or a value the kernel refuses (EINVAL). */
  set(key: string, value: string): string | undefined {
    const k = Sysctls.normalise(key);
    const r = this.write(k, value, true);
    if (r === 'unknown')
      return `sysctl: cannot stat /proc/sys/${k.replace(/\./g, '/')}: No such file or directory`;
    if (r === 'invalid') return `sysctl: setting key "${k}": Invalid argument`;
    return undefined;
  }

  /** A write as /proc/sys takes it: only registered keys unless `lenient` (the engine's set). */
  write(key: string, value: string, lenient = false): 'ok' | 'unknown' | 'invalid' {
    const k = Sysctls.normalise(key);
    if (!this.specs.has(k) && lenient) {
      const dk = this.deviceKey(k);
      if (dk !== undefined) this.addDevice(dk.dev);
    }
    const spec = this.specs.get(k);
    if (!spec) return 'unknown';
    const parsed = spec.parse(value);
    if (parsed === undefined) return 'invalid';
    this.values.set(k, parsed);
    if (k === 'net.ipv4.ip_forward' || k === 'net.ipv4.conf.all.forwarding')
      this.forwardChange(parsed);
    return 'ok';
  }

  /** Every registered key in `sysctl -a` order. */
  keys(): readonly string[] {
    this.sorted ??= [...this.values.keys()].sort();
    return this.sorted;
  }

  entries(): [string, string][] {
    return this.keys().map((k) => [k, this.values.get(k)!]);
  }

  /** A device appeared: its net.ipv4.conf.DEV.* keys, copied from conf.default (lo: its own). */
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

  /** `modprobe br_netfilter`: the net.bridge.* keys appear. */
  loadBridgeNetfilter(): void {
    for (const [key, spec] of GLOBAL) {
      if (isBridgeNetfilterKey(key) && !this.values.has(key)) this.define(key, spec, spec.value);
    }
  }

  private deviceKey(k: string): { dev: string; key: string } | undefined {
    const m = DEVCONF_KEY.exec(k);
    return m && DEVCONF.has(m[2]!) ? { dev: m[1]!, key: m[2]! } : undefined;
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

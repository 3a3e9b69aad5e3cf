/**
 * Per-namespace sysctls with a new namespace's defaults (measured, kernel-facts.md §6 and the
 * recordings' `sysctls`): ip_forward 0, bridge-nf-call-iptables 1 (per namespace since 5.3,
 * when br_netfilter is loaded), rp_filter 0, route_localnet 0, nf_conntrack_tcp_loose 1.
 */

export const SYSCTL_DEFAULTS: Readonly<Record<string, string>> = {
  'net.ipv4.ip_forward': '0',
  'net.ipv4.conf.all.forwarding': '0',
  'net.ipv4.conf.default.forwarding': '0',
  'net.bridge.bridge-nf-call-iptables': '1',
  'net.bridge.bridge-nf-call-ip6tables': '1',
  'net.bridge.bridge-nf-call-arptables': '1',
  'net.ipv4.conf.all.rp_filter': '0',
  'net.ipv4.conf.default.rp_filter': '0',
  'net.ipv4.conf.all.route_localnet': '0',
  'net.ipv4.conf.default.route_localnet': '0',
  'net.ipv4.conf.all.accept_local': '0',
  'net.ipv4.icmp_echo_ignore_all': '0',
  'net.ipv4.ip_default_ttl': '64',
  'net.netfilter.nf_conntrack_tcp_loose': '1',
};

/** The sysctls the recordings report, in their order (oracle-tools/trace.py REPORT_SYSCTLS). */
export const REPORTED_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.bridge.bridge-nf-call-iptables',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.conf.all.route_localnet',
  'net.netfilter.nf_conntrack_tcp_loose',
] as const;

/** Sysctls that are booleans in the kernel (proc_dointvec_minmax 0..1). */
const BOOLEAN =
  /(ip_forward|forwarding|bridge-nf-call-\w+|route_localnet|accept_local|icmp_echo_ignore_all|tcp_loose)$/;

export class Sysctls {
  private readonly values = new Map<string, string>(Object.entries(SYSCTL_DEFAULTS));

  /** Keys follow `sysctl`: dots or slashes. Unknown per-device keys (conf.IF.x) are accepted. */
  static normalise(key: string): string {
    return key.replace(/\//g, '.');
  }

  has(key: string): boolean {
    const k = Sysctls.normalise(key);
    return (
      this.values.has(k) ||
      /^net\.ipv4\.conf\.[^.]+\.(rp_filter|route_localnet|forwarding|accept_local)$/.test(k)
    );
  }

  /** A device's conf.DEV.x not set yet reads as conf.default.x (what a new device inherits). */
  get(key: string): string | undefined {
    const k = Sysctls.normalise(key);
    const v = this.values.get(k);
    if (v !== undefined) return v;
    const m = /^net\.ipv4\.conf\.[^.]+\.(rp_filter|route_localnet|forwarding|accept_local)$/.exec(
      k,
    );
    return m ? (this.values.get(`net.ipv4.conf.default.${m[1]}`) ?? '0') : undefined;
  }

  flag(key: string): boolean {
    return this.get(key) === '1';
  }

  /** Returns an error text for a value the kernel refuses (EINVAL), else undefined. */
  set(key: string, value: string): string | undefined {
    const k = Sysctls.normalise(key);
    if (!this.has(k))
      return `sysctl: cannot stat /proc/sys/${k.replace(/\./g, '/')}: No such file or directory`;
    const v = value.trim();
    if (!/^-?\d+$/.test(v)) return `sysctl: setting key "${k}": Invalid argument`;
    if (BOOLEAN.test(k) && !/^-?\d+$/.test(v))
      return `sysctl: setting key "${k}": Invalid argument`;
    const n = String(Number(v));
    this.values.set(k, n);
    // ip_forward and conf.all.forwarding are one setting (devinet_sysctl_forward).
    if (k === 'net.ipv4.ip_forward') this.values.set('net.ipv4.conf.all.forwarding', n);
    if (k === 'net.ipv4.conf.all.forwarding') this.values.set('net.ipv4.ip_forward', n);
    return undefined;
  }

  entries(): [string, string][] {
    return [...this.values.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}

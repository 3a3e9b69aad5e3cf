/**
 * The net.* sysctls of a new network namespace with the values Linux 6.x gives it (the
 * recordings: ip_forward 0, bridge-nf-call-iptables 1 once br_netfilter is loaded, rp_filter 0),
 * and which values a write accepts (proc_dointvec_minmax ranges in net/ipv4/sysctl_net_ipv4.c,
 * net/ipv4/devinet.c, net/bridge/br_netfilter_hooks.c). Per-device keys follow the devices.
 */

/** Accepts a value as the kernel parses it, or undefined for EINVAL. */
export type SysctlParser = (value: string) => string | undefined;

const int =
  (min: number, max: number): SysctlParser =>
  (value) => {
    if (!/^-?\d+$/.test(value)) return undefined;
    const n = Number(value);
    return n >= min && n <= max ? String(n) : undefined;
  };
const bool = int(0, 1);
const anyInt = int(-2147483648, 2147483647);

/** Two integers separated by blanks, printed with a tab (ip_local_port_range). */
const portRange: SysctlParser = (value) => {
  const m = /^(\d+)\s+(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const [lo, hi] = [Number(m[1]), Number(m[2])];
  return lo >= 1 && hi <= 65535 && lo < hi ? `${lo}\t${hi}` : undefined;
};

export interface SysctlSpec {
  readonly value: string;
  readonly parse: SysctlParser;
}

/** Per interface (all, default, lo, eth0…): net.ipv4.conf.<dev>.<key>. */
export const DEVCONF: Readonly<Record<string, SysctlSpec>> = {
  accept_local: { value: '0', parse: bool },
  accept_redirects: { value: '1', parse: bool },
  accept_source_route: { value: '0', parse: bool },
  arp_accept: { value: '0', parse: int(0, 2) },
  arp_announce: { value: '0', parse: int(0, 2) },
  arp_filter: { value: '0', parse: bool },
  arp_ignore: { value: '0', parse: int(0, 8) },
  bc_forwarding: { value: '0', parse: bool },
  forwarding: { value: '0', parse: anyInt },
  log_martians: { value: '0', parse: bool },
  proxy_arp: { value: '0', parse: bool },
  route_localnet: { value: '0', parse: bool },
  rp_filter: { value: '0', parse: int(0, 2) },
  send_redirects: { value: '1', parse: bool },
};

export const GLOBAL: Readonly<Record<string, SysctlSpec>> = {
  'net.ipv4.ip_forward': { value: '0', parse: anyInt },
  'net.ipv4.ip_local_port_range': { value: '32768\t60999', parse: portRange },
  'net.ipv4.ip_nonlocal_bind': { value: '0', parse: bool },
  'net.ipv4.ping_group_range': {
    value: '0\t2147483647',
    parse: (v) => (/^\d+\s+\d+$/.test(v.trim()) ? v.trim().replace(/\s+/, '\t') : undefined),
  },
  'net.ipv4.tcp_syncookies': { value: '1', parse: int(0, 2) },
  'net.ipv4.tcp_timestamps': { value: '1', parse: int(0, 2) },
};

/** Present only while br_netfilter is loaded (modprobe br_netfilter). */
export const BRIDGE_NF: Readonly<Record<string, SysctlSpec>> = {
  'net.bridge.bridge-nf-call-arptables': { value: '1', parse: bool },
  'net.bridge.bridge-nf-call-ip6tables': { value: '1', parse: bool },
  'net.bridge.bridge-nf-call-iptables': { value: '1', parse: bool },
  'net.bridge.bridge-nf-filter-pppoe-tagged': { value: '0', parse: bool },
  'net.bridge.bridge-nf-filter-vlan-tagged': { value: '0', parse: bool },
  'net.bridge.bridge-nf-pass-vlan-input-dev': { value: '0', parse: bool },
};

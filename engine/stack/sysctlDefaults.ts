/**
 * How a sysctl write is parsed: the kernel's proc_dointvec family takes integers (the net.ipv4
 * keys take any int; ip_forward=2 reads back 2 on Linux 6.18), vectors of integers are printed
 * tab-separated, and the bridge-nf-* keys store `!!value` (net/bridge/br_netfilter_hooks.c
 * brnf_sysctl_call_tables). A value that does not parse is EINVAL.
 */
import { DEVCONF_SYSCTLS, NAMESPACE_SYSCTLS } from './sysctlData.ts';

/** Accepts a value as the kernel parses it, or undefined for EINVAL. */
export type SysctlParser = (value: string) => string | undefined;

export interface SysctlSpec {
  readonly value: string;
  readonly parse: SysctlParser;
}

const INT = /^[+-]?\d+$/;

const ints =
  (count: number): SysctlParser =>
  (value) => {
    const parts = value.trim().split(/\s+/);
    if (parts.length !== count || !parts.every((p) => INT.test(p))) return undefined;
    if (parts.some((p) => Number(p) > 2 ** 31 - 1 || Number(p) < -(2 ** 31))) return undefined;
    return parts.map((p) => String(Number(p))).join('\t');
  };

const boolified: SysctlParser = (value) => {
  const v = ints(1)(value);
  return v === undefined ? undefined : v === '0' ? '0' : '1';
};

const word: SysctlParser = (value) => (/^\S+$/.test(value.trim()) ? value.trim() : undefined);

/** ipv4_local_port_range: low <= high and low not below ip_unprivileged_port_start (1024). */
const portRange: SysctlParser = (value) => {
  const v = ints(2)(value);
  const [lo, hi] = (v ?? '').split('\t').map(Number);
  return v !== undefined && lo! >= 1024 && lo! <= hi! && hi! <= 65535 ? v : undefined;
};

function specFor(key: string, value: string): SysctlSpec {
  if (key.startsWith('net.bridge.bridge-nf-')) return { value, parse: boolified };
  if (key === 'net.ipv4.ip_local_port_range') return { value, parse: portRange };
  const numbers = value.split('\t');
  if (numbers.every((n) => INT.test(n))) return { value, parse: ints(numbers.length) };
  return { value, parse: word };
}

/** Keys that exist only while br_netfilter is loaded (modprobe br_netfilter). */
export function isBridgeNetfilterKey(key: string): boolean {
  return key.startsWith('net.bridge.');
}

export const GLOBAL: ReadonlyMap<string, SysctlSpec> = new Map(
  NAMESPACE_SYSCTLS.map(([k, v]) => [k, specFor(k, v)]),
);

/** Per device key: the spec with the value a new device (conf.default) starts with. */
export const DEVCONF: ReadonlyMap<
  string,
  { all: SysctlSpec; default: SysctlSpec; lo: SysctlSpec }
> = new Map(
  Object.entries(DEVCONF_SYSCTLS).map(([k, [all, dflt, lo]]) => [
    k,
    { all: specFor(k, all), default: specFor(k, dflt), lo: specFor(k, lo) },
  ]),
);

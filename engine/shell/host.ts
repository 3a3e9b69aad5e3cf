/**
 * What the shell needs from the simulated machine, as small interfaces of its own so that the
 * shell does not depend on how the engine stores things. `world/` adapts the engine's World and
 * the iptables functions to these interfaces; tests can pass fakes.
 */
import type { LinkMeta, NetState } from './net/state.ts';
import type { CommandResult } from './types.ts';

/** The sysctls of one namespace, under their dotted names (net.ipv4.ip_forward). */
export interface SysctlTable {
  /** Every key the namespace has, in the order `sysctl -a` prints them. */
  keys(): readonly string[];
  get(key: string): string | undefined;
  /** 'invalid' is the EINVAL a write of a bad value gets from the kernel. */
  set(key: string, value: string): 'ok' | 'unknown' | 'invalid';
  /** A device appeared or went away: its net.ipv4.conf.DEV.* keys follow it. */
  addDevice(name: string): void;
  removeDevice(name: string): void;
}

/**
 * A program run inside a namespace: the iptables family, implemented elsewhere. argv[0] is the
 * program's name as typed (iptables, iptables-nft…), argv[1…] its arguments, as in execve(2).
 */
export type Program = (argv: readonly string[], stdin: string) => CommandResult;

/** One network namespace as the shell sees it. */
export interface NamespaceHost {
  /** Undefined for the namespace the shell itself runs in (the host). */
  readonly name: string | undefined;
  /** HOST_KEY ('') for the host, else the name: how device peers refer to a namespace. */
  readonly key: string;
  readonly sysctl: SysctlTable;
  readonly net: NetState;
  /** Programs this namespace provides by name (iptables, iptables-save, ip, ping…). */
  program(name: string): Program | undefined;
}

export interface WorldHost {
  /** The host namespace when name is undefined, else a named one (`ip netns`). */
  namespace(name: string | undefined): NamespaceHost | undefined;
  /** Named namespaces, as `ip netns list` shows them (newest first). */
  netnsNames(): readonly string[];
  /** `ip netns add`: false when the name exists. */
  addNetns(name: string): boolean;
  /** `ip netns del`: false when there is no such namespace. Its devices go with it. */
  deleteNetns(name: string): boolean;
  /** The id the host knows a named namespace by (`ip netns list`: `c1 (id: 0)`), once assigned. */
  nsid(name: string): number | undefined;
  /** The kernel assigns one when a device pair first links the host with that namespace. */
  assignNsid(name: string): void;
  /** By HOST_KEY or name. */
  namespaceByKey(key: string): NamespaceHost | undefined;
  readonly links: LinkMeta;
  /** Kernel modules `lsmod` lists and `modprobe` can load. */
  modules(): readonly { name: string; size: number; usedBy: readonly string[] }[];
  loadModule(name: string): 'ok' | 'unknown';
  /** Machine-wide state of a command (the kubectl cluster…), created on first use. */
  globalState<T>(key: string, create: () => T): T;
  /** The state if a command created it, without creating it. */
  peekState<T>(key: string): T | undefined;
}

/**
 * The narrow port through which the simulated dockerd touches its host. dockerd itself only
 * execs the `iptables` binary, writes /proc/sys files and speaks netlink; this interface is
 * exactly those three channels, so the generator can be wired to the engine's real iptables
 * command and network stack (adapter) or to a recording fake (tests).
 */
import type { CommandResult } from '../../shell/types.ts';

/** A network namespace as the host knows it: the daemon's own one, or a container's sandbox. */
export type NetnsRef =
  { readonly kind: 'host' } | { readonly kind: 'container'; readonly name: string };

export const HOST_NS: NetnsRef = { kind: 'host' };

export interface RouteSpec {
  /** 'default' or a CIDR such as '172.17.0.0/16'. */
  readonly dst: string;
  readonly dev: string;
  readonly via?: string;
  /** Source hint of a kernel-installed connected route (proto kernel scope link src …). */
  readonly src?: string;
}

export interface DockerHost {
  /** Runs `iptables ARGV…` (the binary dockerd execs) in the given namespace. */
  iptables(argv: readonly string[], ns?: NetnsRef): CommandResult;
  /** Reads a sysctl by dotted key (net.ipv4.ip_forward); undefined when the file does not exist. */
  readSysctl(key: string, ns?: NetnsRef): string | undefined;
  /** Writes a sysctl as dockerd writes /proc/sys/...; false when the file does not exist. */
  writeSysctl(key: string, value: string, ns?: NetnsRef): boolean;
  /** Whether a link of that name exists in the daemon's namespace. */
  linkExists(name: string): boolean;
  /** ip link add NAME type bridge; ip link set NAME address MAC mtu MTU (netlink, setupDevice). */
  createBridge(name: string, mac: string, mtu: number): void;
  /** ip addr add CIDR dev DEV in NS; the kernel adds the connected route. */
  addAddress(dev: string, cidr: string, ns?: NetnsRef): void;
  /** ip link set DEV up in NS. */
  setLinkUp(dev: string, ns?: NetnsRef): void;
  /** ip link del NAME in the daemon's namespace (a veth takes its peer with it). */
  deleteLink(name: string): void;
  /** A new, empty network namespace for a container sandbox (lo only, down). */
  createNetns(name: string): void;
  deleteNetns(name: string): void;
  /**
   * ip link add HOSTIF type veth peer name PEERIF; PEERIF moved into `peerNs` and renamed to
   * `peerFinalName` (eth0) with `peerMac`; both sides get `mtu`.
   */
  createVeth(spec: {
    hostName: string;
    peerName: string;
    peerNs: NetnsRef;
    peerFinalName: string;
    peerMac: string;
    mtu: number;
  }): void;
  /** ip link set DEV master BRIDGE. */
  setMaster(dev: string, bridge: string): void;
  /** bridge link set dev DEV hairpin on|off. */
  setHairpin(dev: string, on: boolean): void;
  addRoute(route: RouteSpec, ns?: NetnsRef): void;
  /** ip route del DST (the sandbox's default route when the gateway endpoint changes). */
  deleteRoute(dst: string, ns?: NetnsRef): void;
  /** Destinations of the daemon namespace's main-table routes (for CheckRouteOverlaps). */
  routeDestinations(): readonly string[];
}

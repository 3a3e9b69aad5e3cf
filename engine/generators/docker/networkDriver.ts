/**
 * The bridge driver's createNetwork/deleteNetwork (drivers/bridge/bridge.go) as host calls:
 * the setup queue in its order (device, default sysctls, IPv4 address, loopback routing,
 * iptables, isolation, bridge-nf filtering, link up), then the controller's DOCKER-USER jump.
 */
import {
  arrangeUserFilterRule,
  cleanNetworkRules,
  setupIsolation,
  setupNetworkRules,
} from './bridgeFirewall.ts';
import { formatCidr } from './ipam.ts';
import { formatIpv4 } from '../../addr/index.ts';
import { randomBytes } from './rng.ts';
import type { Daemon, DockerState, Network } from './state.ts';

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** netutils.GenerateRandomMAC: 02:42 followed by four random bytes. */
export function randomMac(state: DockerState): string {
  return ['02', '42', ...randomBytes(state.rng, 4).map(hex2)].join(':');
}

/** netutils.GenerateMACFromIP: 02:42 followed by the four bytes of the IPv4 address. */
export function macFromIp(ip: number): string {
  return ['02', '42', ...[24, 16, 8, 0].map((s) => hex2((ip >>> s) & 0xff))].join(':');
}

/** setupDefaultSysctl: router advertisements off on the bridge (if IPv6 is there at all). */
function setupDefaultSysctl(state: DockerState, bridge: string): void {
  if (state.host.readSysctl(`net.ipv6.conf.${bridge}.accept_ra`) === undefined) return;
  state.host.writeSysctl(`net.ipv6.conf.${bridge}.accept_ra`, '0');
}

/** setupLoopbackAddressesRouting (--userland-proxy=false): route_localnet=1 on the bridge. */
function setupLoopbackRouting(state: DockerState, bridge: string): void {
  const key = `net.ipv4.conf.${bridge}.route_localnet`;
  if (state.host.readSysctl(key) !== '1') state.host.writeSysctl(key, '1');
}

/**
 * setupBridgeNetFiltering (icc=false only): when the bridge forwards IPv4, make sure bridged
 * packets traverse iptables (net.bridge.bridge-nf-call-iptables=1).
 */
function setupBridgeNetFiltering(state: DockerState, bridge: string): void {
  if (state.host.readSysctl(`net.ipv4.conf.${bridge}.forwarding`) !== '1') return;
  const key = 'net.bridge.bridge-nf-call-iptables';
  const cur = state.host.readSysctl(key);
  if (cur !== undefined && cur !== '1') state.host.writeSysctl(key, '1');
}

function hairpin(daemon: Daemon): boolean {
  return !daemon.config.userlandProxy;
}

/**
 * bridge driver createNetwork, then (a controller.NewNetwork, not a restore from the store)
 * the controller's arrangeUserFilterRule.
 */
export function createBridgeNetwork(
  state: DockerState,
  daemon: Daemon,
  net: Network,
  newNetwork = true,
): void {
  const br = net.bridge;
  if (br === undefined) return;
  const name = br.config.bridgeName;
  if (!state.host.linkExists(name)) {
    state.host.createBridge(name, randomMac(state), br.config.mtu);
    setupDefaultSysctl(state, name);
  }
  if (br.config.defaultBridge) setupDefaultSysctl(state, name);
  state.host.addAddress(name, `${formatIpv4(br.gateway)}/${br.subnet.prefix}`);
  if (!daemon.config.userlandProxy) setupLoopbackRouting(state, name);
  if (daemon.config.iptables) {
    setupNetworkRules(daemon.ipt, br.config, formatCidr(br.subnet), hairpin(daemon));
    setupIsolation(daemon.ipt, br.config);
    if (!br.config.enableIcc) setupBridgeNetFiltering(state, name);
  }
  state.host.setLinkUp(name);
  if (newNetwork && daemon.config.iptables) arrangeUserFilterRule(daemon.ipt);
}

/** deleteNetwork: the bridge goes (never the default one), then the clean functions run. */
export function deleteBridgeNetwork(state: DockerState, daemon: Daemon, net: Network): void {
  const br = net.bridge;
  if (br === undefined) return;
  if (!br.config.defaultBridge && state.host.linkExists(br.config.bridgeName)) {
    state.host.deleteLink(br.config.bridgeName);
  }
  if (daemon.config.iptables)
    cleanNetworkRules(daemon.ipt, br.config, formatCidr(br.subnet), hairpin(daemon));
}

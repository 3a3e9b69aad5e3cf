/**
 * dockerd start and stop. Start follows the 20.10 order: bridge driver configure (stale chains
 * removed, DOCKER and isolation chains created, ip_forward turned on — and only then FORWARD's
 * policy set to DROP), then the predefined networks none, host and bridge, each followed by the
 * controller's DOCKER-USER arrangement. Stop: cli/dockerdStop.ts (apart, so that starting the
 * daemon does not load the container code).
 */
import { removeIPChains, setupIPChains } from './bridgeFirewall.ts';
import { detectIptables, setDefaultPolicy, type IpTable } from './iptablesCalls.ts';
import { createBridgeNetwork, deleteBridgeNetwork } from './networkDriver.ts';
import { formatCidr, releasePool } from './ipam.ts';
import { addDefaultBridge, addDefaultNetworks } from './networks.ts';
import type { DaemonConfig, Daemon, DockerState } from './state.ts';

/** setupIPForwarding: ip_forward=1 when it was not, and then (iptables on) FORWARD policy DROP. */
function setupIPForwarding(state: DockerState, ipt: IpTable, iptablesOn: boolean): void {
  if (state.host.readSysctl('net.ipv4.ip_forward') === '1') return;
  state.host.writeSysctl('net.ipv4.ip_forward', '1');
  if (iptablesOn) setDefaultPolicy(ipt, 'filter', 'FORWARD', 'DROP');
}

export function startDaemon(state: DockerState, config: DaemonConfig): Daemon {
  const exec = (argv: readonly string[]) => state.host.iptables(argv);
  const features = config.iptables ? detectIptables(exec) : { xlock: false, checkOption: true };
  const ipt: IpTable = { exec, features };
  const daemon: Daemon = { config, ipt, pid: state.nextPid++ };
  if (config.iptables) {
    removeIPChains(ipt);
    setupIPChains(ipt);
  }
  if (config.ipForward) setupIPForwarding(state, ipt, config.iptables);
  state.daemon = daemon;
  state.lastConfig = config;
  if (state.networks.length === 0) {
    addDefaultNetworks(state, daemon);
    return daemon;
  }
  restoreNetworks(state, daemon);
  return daemon;
}

/**
 * A restart (measured on 20.10.24): the driver restores the stored user networks (their rules
 * already exist and stay where they are; the flushed DOCKER and isolation chains are refilled),
 * then the daemon deletes the stale default bridge network and creates it anew, which puts
 * docker0's rules back at the top of FORWARD and nat POSTROUTING.
 */
function restoreNetworks(state: DockerState, daemon: Daemon): void {
  for (const net of state.networks) {
    if (net.bridge !== undefined && !net.bridge.config.defaultBridge) {
      createBridgeNetwork(state, daemon, net, false);
    }
  }
  const stale = state.networks.find((n) => n.bridge?.config.defaultBridge);
  if (stale === undefined) return;
  deleteBridgeNetwork(state, daemon, stale);
  if (stale.bridge) releasePool(state.ipam, stale.bridge.pool);
  state.networks = state.networks.filter((n) => n !== stale);
  addDefaultBridge(state, daemon, stale.bridge ? formatCidr(stale.bridge.subnet) : undefined);
}

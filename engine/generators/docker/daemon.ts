/**
 * dockerd start and stop. Start follows the 20.10 order: bridge driver configure (stale chains
 * removed, DOCKER and isolation chains created, ip_forward turned on — and only then FORWARD's
 * policy set to DROP), then the predefined networks none, host and bridge, each followed by the
 * controller's DOCKER-USER arrangement. Stop removes no rule, chain, bridge or sysctl; the
 * running containers are stopped, which releases their endpoints as dockerd's shutdown does.
 */
import { removeIPChains, setupIPChains } from './bridgeFirewall.ts';
import { arrangeUserFilterRule } from './bridgeFirewall.ts';
import { detectIptables, setDefaultPolicy, type IpTable } from './iptablesCalls.ts';
import { createBridgeNetwork } from './networkDriver.ts';
import { addDefaultNetworks } from './networks.ts';
import { stopContainer } from './containers.ts';
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
  // A restart re-creates every stored bridge network (populateNetworks) in creation order.
  for (const net of state.networks) {
    if (net.bridge !== undefined) createBridgeNetwork(state, daemon, net);
    else if (config.iptables) arrangeUserFilterRule(ipt);
  }
  return daemon;
}

/** SIGTERM: containers stopped (their endpoints released); everything else stays. */
export function stopDaemon(state: DockerState): void {
  const daemon = state.daemon;
  if (daemon === undefined) return;
  for (const c of state.containers) if (c.status === 'running') stopContainer(state, daemon, c, 0);
  state.daemon = undefined;
}

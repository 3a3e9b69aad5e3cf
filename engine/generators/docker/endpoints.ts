/**
 * A container's endpoints (drivers/bridge CreateEndpoint/Join/ProgramExternalConnectivity and
 * their reverse): veth pair "veth"+7 hex on the host side, eth0… in the sandbox with the MAC made
 * from the IP, the default route via the gateway endpoint, published ports on that endpoint only,
 * and the embedded DNS server's NAT rules inside sandboxes on user-defined networks.
 */
import { formatIpv4 } from '../../addr/index.ts';
import { raw } from './iptablesCalls.ts';
import { releaseAddress, requestAddress } from './ipam.ts';
import { macFromIp } from './networkDriver.ts';
import { allocatePorts, releasePorts } from './portMapper.ts';
import { randomHex, randomId, randomInt } from './rng.ts';
import type { NetnsRef } from './host.ts';
import type { Container, Daemon, DockerState, Endpoint, Network } from './state.ts';

const RESOLVER_IP = '127.0.0.11';

/** netutils.GenerateIfaceName: up to three tries for a name no link has. */
function vethName(state: DockerState): string {
  let name = `veth${randomHex(state.rng, 7)}`;
  for (let i = 0; i < 2 && state.host.linkExists(name); i++)
    name = `veth${randomHex(state.rng, 7)}`;
  return name;
}

/**
 * The sandbox's endpoint order (sandbox.go epHeap.Less): internal networks last, otherwise by
 * network name. The first endpoint with a gateway carries the default route and the ports.
 */
export function gatewayNetwork(state: DockerState, c: Container): Network | undefined {
  const nets = [...c.endpoints.keys()]
    .map((id) => state.networks.find((n) => n.id === id))
    .filter((n): n is Network => n !== undefined && !n.internal && n.bridge !== undefined);
  nets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return nets[0];
}

/** CreateEndpoint + Join for one network; returns an error text on IPAM exhaustion. */
export function joinNetwork(
  state: DockerState,
  c: Container,
  net: Network,
  sandbox: NetnsRef,
): string | undefined {
  const br = net.bridge;
  if (br === undefined) return undefined;
  const ip = requestAddress(br.pool);
  if (typeof ip === 'string') return ip;
  const eth = `eth${c.nextIf++}`;
  const ep: Endpoint = {
    id: randomId(state.rng),
    networkId: net.id,
    ip,
    mac: macFromIp(ip),
    vethHost: vethName(state),
    iface: eth,
    bindings: [],
  };
  const peer = vethName(state);
  state.host.createVeth({
    hostName: ep.vethHost,
    peerName: peer,
    peerNs: sandbox,
    peerFinalName: eth,
    peerMac: ep.mac,
    mtu: br.config.mtu,
  });
  if (state.daemon && !state.daemon.config.userlandProxy) state.host.setHairpin(ep.vethHost, true);
  state.host.setMaster(ep.vethHost, br.config.bridgeName);
  state.host.setLinkUp(ep.vethHost);
  state.host.addAddress(eth, `${formatIpv4(ip)}/${br.subnet.prefix}`, sandbox);
  state.host.setLinkUp(eth, sandbox);
  c.endpoints.set(net.id, ep);
  return undefined;
}

/** The embedded DNS server's rules in the sandbox (resolver_unix.go setupIPTable). */
export function setupResolver(state: DockerState, daemon: Daemon, sandbox: NetnsRef): void {
  const ipt = {
    exec: (argv: readonly string[]) => state.host.iptables(argv, sandbox),
    features: daemon.ipt.features,
  };
  const udpPort = String(randomInt(state.rng, 32768, 60999));
  const tcpPort = String(randomInt(state.rng, 32768, 60999));
  for (const [builtin, chain] of [
    ['OUTPUT', 'DOCKER_OUTPUT'],
    ['POSTROUTING', 'DOCKER_POSTROUTING'],
  ] as const) {
    if (raw(ipt, '-t', 'nat', '-C', builtin, '-d', RESOLVER_IP, '-j', chain).error === undefined) {
      raw(ipt, '-t', 'nat', '-F', chain);
    } else {
      raw(ipt, '-t', 'nat', '-N', chain);
      raw(ipt, '-t', 'nat', '-I', builtin, '-d', RESOLVER_IP, '-j', chain);
    }
  }
  const rules = [
    [
      '-t',
      'nat',
      '-I',
      'DOCKER_OUTPUT',
      '-d',
      RESOLVER_IP,
      '-p',
      'udp',
      '--dport',
      '53',
      '-j',
      'DNAT',
      '--to-destination',
      `${RESOLVER_IP}:${udpPort}`,
    ],
    [
      '-t',
      'nat',
      '-I',
      'DOCKER_POSTROUTING',
      '-s',
      RESOLVER_IP,
      '-p',
      'udp',
      '--sport',
      udpPort,
      '-j',
      'SNAT',
      '--to-source',
      ':53',
    ],
    [
      '-t',
      'nat',
      '-I',
      'DOCKER_OUTPUT',
      '-d',
      RESOLVER_IP,
      '-p',
      'tcp',
      '--dport',
      '53',
      '-j',
      'DNAT',
      '--to-destination',
      `${RESOLVER_IP}:${tcpPort}`,
    ],
    [
      '-t',
      'nat',
      '-I',
      'DOCKER_POSTROUTING',
      '-s',
      RESOLVER_IP,
      '-p',
      'tcp',
      '--sport',
      tcpPort,
      '-j',
      'SNAT',
      '--to-source',
      ':53',
    ],
  ];
  for (const r of rules) raw(ipt, ...r);
}

/** ProgramExternalConnectivity on the gateway endpoint: publishes the container's ports. */
export function programExternal(
  state: DockerState,
  daemon: Daemon,
  c: Container,
  endpointName: string,
): string | undefined {
  const net = gatewayNetwork(state, c);
  const ep = net ? c.endpoints.get(net.id) : undefined;
  if (net?.bridge === undefined || ep === undefined) return undefined;
  const result = allocatePorts(
    state,
    daemon,
    {
      bridgeName: net.bridge.config.bridgeName,
      containerId: c.id,
      containerIp: formatIpv4(ep.ip),
      defaultBindingIp: net.bridge.config.defaultBindingIp,
    },
    c.publish,
  );
  if (typeof result === 'string') {
    return `driver failed programming external connectivity on endpoint ${endpointName} (${ep.id}): ${result}`;
  }
  ep.bindings = result;
  return undefined;
}

/** RevokeExternalConnectivity: the endpoint's published ports are released. */
export function revokeExternal(
  state: DockerState,
  daemon: Daemon,
  net: Network,
  c: Container,
): void {
  const ep = c.endpoints.get(net.id);
  if (ep === undefined || net.bridge === undefined) return;
  releasePorts(state, daemon, net.bridge.config.bridgeName, ep.bindings);
  ep.bindings = [];
}

/** Leave + DeleteEndpoint: ports released, veth deleted (its peer goes with it), IP freed. */
export function leaveNetwork(state: DockerState, daemon: Daemon, c: Container, net: Network): void {
  const ep = c.endpoints.get(net.id);
  if (ep === undefined || net.bridge === undefined) return;
  releasePorts(state, daemon, net.bridge.config.bridgeName, ep.bindings);
  ep.bindings = [];
  if (state.host.linkExists(ep.vethHost)) state.host.deleteLink(ep.vethHost);
  releaseAddress(net.bridge.pool, ep.ip);
  c.endpoints.delete(net.id);
}

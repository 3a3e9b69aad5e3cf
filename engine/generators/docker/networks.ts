/**
 * Network lifecycle as the daemon and libnetwork's controller run it: predefined-name and name
 * checks, IPAM pool and gateway, the bridge driver's option parsing and conflict checks, then
 * the driver (networkDriver.ts). Every failure path releases what it took, so a refused command
 * changes nothing.
 */
import { createBridgeNetwork, deleteBridgeNetwork } from './networkDriver.ts';
import { IptablesError } from './iptablesCalls.ts';
import { arrangeUserFilterRule } from './bridgeFirewall.ts';
import {
  networkOf,
  parseCidr,
  parseIp,
  predefinedPools,
  releasePool,
  requestAddress,
  requestPool,
  contains,
  overlaps,
  type Cidr,
} from './ipam.ts';
import { randomId } from './rng.ts';
import type { BridgeConfig, Daemon, DockerState, Network } from './state.ts';

export const OPT_ICC = 'com.docker.network.bridge.enable_icc';
export const OPT_MASQ = 'com.docker.network.bridge.enable_ip_masquerade';
export const OPT_NAME = 'com.docker.network.bridge.name';
export const OPT_HOST_BINDING = 'com.docker.network.bridge.host_binding_ipv4';
export const OPT_DEFAULT_BRIDGE = 'com.docker.network.bridge.default_bridge';
export const OPT_MTU = 'com.docker.network.driver.mtu';

const PREDEFINED = new Set(['bridge', 'host', 'none', 'default']);

export interface NetworkRequest {
  readonly name: string;
  readonly driver: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly internal: boolean;
  readonly options: Readonly<Record<string, string>>;
}

/** Go's strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** networkConfiguration.fromLabels: user networks default to ICC and masquerading on. */
function bridgeConfigFrom(
  req: NetworkRequest,
  id: string,
  defaultBridge: boolean,
): BridgeConfig | string {
  const o = req.options;
  const bool = (key: string, dflt: boolean): boolean | string => {
    const v = o[key];
    if (v === undefined) return dflt;
    const b = parseBool(v);
    return (
      b ?? `failed to parse ${key} value: ${v} (strconv.ParseBool: parsing "${v}": invalid syntax)`
    );
  };
  const icc = bool(OPT_ICC, true);
  if (typeof icc === 'string') return icc;
  const masq = bool(OPT_MASQ, true);
  if (typeof masq === 'string') return masq;
  const binding = o[OPT_HOST_BINDING] ?? '0.0.0.0';
  if (parseIp(binding) === undefined)
    return `failed to parse ${OPT_HOST_BINDING} value: ${binding} (nil ip)`;
  const mtuText = o[OPT_MTU] ?? '1500';
  if (!/^-?[0-9]+$/.test(mtuText)) {
    return `failed to parse ${OPT_MTU} value: ${mtuText} (strconv.Atoi: parsing "${mtuText}": invalid syntax)`;
  }
  return {
    bridgeName: o[OPT_NAME] ?? `br-${id.slice(0, 12)}`,
    enableIcc: icc,
    enableIpMasquerade: masq,
    defaultBindingIp: binding,
    defaultBridge,
    internal: req.internal,
    mtu: Number(mtuText),
  };
}

function hostRoutes(state: DockerState): Cidr[] {
  return state.host
    .routeDestinations()
    .filter((d) => d !== 'default')
    .map((d) => parseCidr(d.includes('/') ? d : `${d}/32`))
    .filter((c): c is Cidr => c !== undefined);
}

/** The daemon's and controller's checks before anything is allocated. */
function checkRequest(
  state: DockerState,
  req: NetworkRequest,
  defaultBridge: boolean,
): { subnet?: Cidr; gateway?: number } | string {
  if (!defaultBridge && PREDEFINED.has(req.name))
    return `operation is not permitted on predefined ${req.name} network`;
  if (state.networks.some((n) => n.name === req.name))
    return `network with name ${req.name} already exists`;
  if (req.driver !== 'bridge') return `plugin "${req.driver}" not found`;
  const subnet = req.subnet === undefined ? undefined : parseCidr(req.subnet);
  if (req.subnet !== undefined && subnet === undefined)
    return `Invalid subnet ${req.subnet} : invalid CIDR address: ${req.subnet}`;
  const gateway = req.gateway === undefined ? undefined : parseIp(req.gateway);
  if (req.gateway !== undefined && gateway === undefined) return `Invalid gateway ${req.gateway}`;
  return { ...(subnet ? { subnet } : {}), ...(gateway !== undefined ? { gateway } : {}) };
}

/**
 * IPAM pool and gateway, then the bridge driver's option parsing and bridge-name check. The
 * controller allocates IPAM first, so a bad option still advances the predefined-pool rotation
 * (measured: the next network skips that pool).
 */
function allocate(
  state: DockerState,
  req: NetworkRequest,
  id: string,
  asked: { subnet?: Cidr; gateway?: number },
  defaultBridge: boolean,
): NonNullable<Network['bridge']> | string {
  const pool = requestPool(state.ipam, asked.subnet, hostRoutes(state));
  if (typeof pool === 'string') return pool;
  const gw = requestAddress(pool, asked.gateway);
  const cfg = typeof gw === 'string' ? undefined : bridgeConfigFrom(req, id, defaultBridge);
  const clash =
    cfg === undefined || typeof cfg === 'string'
      ? undefined
      : state.networks.find((n) => n.bridge?.config.bridgeName === cfg.bridgeName);
  if (typeof gw === 'string' || cfg === undefined || typeof cfg === 'string' || clash) {
    releasePool(state.ipam, pool);
    if (typeof gw === 'string') return `failed to allocate gateway (${req.gateway ?? ''}): ${gw}`;
    if (typeof cfg === 'string') return cfg;
    return `conflicts with network ${clash?.id} (${cfg?.bridgeName}) by bridge name`;
  }
  const showGateway = asked.gateway !== undefined || asked.subnet === undefined;
  return { config: cfg, pool, subnet: pool.subnet, gateway: gw, showGateway };
}

/** Returns the new network, or the daemon's error text (without "Error response from daemon: "). */
export function createNetwork(
  state: DockerState,
  daemon: Daemon,
  req: NetworkRequest,
  defaultBridge = false,
): Network | string {
  const asked = checkRequest(state, req, defaultBridge);
  if (typeof asked === 'string') return asked;
  const id = randomId(state.rng);
  const bridge = allocate(state, req, id, asked, defaultBridge);
  if (typeof bridge === 'string') return bridge;
  const net: Network = {
    id,
    name: req.name,
    driver: 'bridge',
    created: state.now(),
    options: { ...req.options },
    internal: req.internal,
    bridge,
  };
  state.networks.push(net);
  try {
    createBridgeNetwork(state, daemon, net);
  } catch (e) {
    // A failed setup step aborts the creation: what was set up is taken down again.
    if (!(e instanceof IptablesError)) throw e;
    state.networks = state.networks.filter((n) => n !== net);
    const br = bridge.config.bridgeName;
    if (!defaultBridge && state.host.linkExists(br)) state.host.deleteLink(br);
    releasePool(state.ipam, bridge.pool);
    return `Failed to Setup IP tables: ${e.message.trim()}`;
  }
  return net;
}

/** The default bridge's subnet: the first predefined pool that no host route overlaps. */
function electDefaultSubnet(state: DockerState): string | undefined {
  const routes = hostRoutes(state);
  const pool = predefinedPools().find((p) => !routes.some((r) => overlaps(r, p)));
  return pool === undefined
    ? undefined
    : `${[24, 16, 8, 0].map((s) => (pool.addr >>> s) & 255).join('.')}/${pool.prefix}`;
}

/** initNetworkController: "none", "host", then the default bridge docker0. */
export function addDefaultNetworks(state: DockerState, daemon: Daemon): void {
  for (const [name, driver] of [
    ['none', 'null'],
    ['host', 'host'],
  ] as const) {
    state.networks.push({
      id: randomId(state.rng),
      name,
      driver,
      created: state.now(),
      options: {},
      internal: false,
    });
    if (daemon.config.iptables) arrangeUserFilterRule(daemon.ipt);
  }
  addDefaultBridge(state, daemon);
}

/**
 * initBridgeDriver: the default network "bridge" on docker0. An existing docker0 keeps its
 * subnet (ElectInterfaceAddresses reads the interface); otherwise the first predefined pool
 * no host route overlaps.
 */
export function addDefaultBridge(state: DockerState, daemon: Daemon, existing?: string): void {
  const options: Record<string, string> = {
    [OPT_DEFAULT_BRIDGE]: 'true',
    [OPT_ICC]: String(daemon.config.icc),
    [OPT_MASQ]: String(daemon.config.ipMasq),
    [OPT_HOST_BINDING]: '0.0.0.0',
    [OPT_NAME]: 'docker0',
    [OPT_MTU]: '1500',
  };
  const subnet = existing ?? electDefaultSubnet(state);
  const req: NetworkRequest = {
    name: 'bridge',
    driver: 'bridge',
    internal: false,
    options,
    ...(subnet ? { subnet } : {}),
  };
  createNetwork(state, daemon, req, true);
}

/** Looks a network up as the daemon does: exact id, exact name, then a unique id prefix. */
export function findNetwork(state: DockerState, ref: string): Network | undefined {
  const exact = state.networks.find((n) => n.id === ref || n.name === ref);
  if (exact !== undefined) return exact;
  const byPrefix = state.networks.filter((n) => ref.length > 0 && n.id.startsWith(ref));
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/** Containers with an endpoint (running) on the network. */
export function activeOn(state: DockerState, net: Network): boolean {
  return state.containers.some((c) => c.endpoints.has(net.id));
}

/** Returns undefined on success, else the daemon's error text. */
export function removeNetwork(
  state: DockerState,
  daemon: Daemon,
  net: Network,
): string | undefined {
  if (PREDEFINED.has(net.name) && (net.name !== 'bridge' || net.bridge?.config.defaultBridge)) {
    return `${net.name} is a pre-defined network and cannot be removed`;
  }
  if (activeOn(state, net))
    return `error while removing network: network ${net.name} id ${net.id} has active endpoints`;
  deleteBridgeNetwork(state, daemon, net);
  if (net.bridge) releasePool(state.ipam, net.bridge.pool);
  state.networks = state.networks.filter((n) => n !== net);
  return undefined;
}

/** Whether an address lies in a network's subnet (for --ip). */
export function inSubnet(net: Network, ip: number): boolean {
  return net.bridge !== undefined && contains(networkOf(net.bridge.subnet), ip);
}

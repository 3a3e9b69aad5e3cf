/**
 * Container lifecycle as it touches the network: create (name checks), start (sandbox netns,
 * endpoints in connection order, default route via the gateway endpoint, embedded DNS on
 * user-defined networks, published ports), stop and remove (everything released in reverse).
 */
import { formatIpv4 } from '../../addr/index.ts';
import {
  gatewayNetwork,
  joinNetwork,
  leaveNetwork,
  programExternal,
  revokeExternal,
  setupResolver,
} from './endpoints.ts';
import { findNetwork } from './networks.ts';
import { IptablesError } from './iptablesCalls.ts';
import { randomId } from './rng.ts';
import type { NetnsRef } from './host.ts';
import type { PortRequest } from './portSpec.ts';
import type { Container, Daemon, DockerState, Network } from './state.ts';

export interface ContainerRequest {
  readonly name?: string;
  readonly image: string;
  readonly cmd: readonly string[];
  readonly network: string;
  readonly publish: readonly PortRequest[];
}

const ADJECTIVES = [
  'admiring',
  'brave',
  'clever',
  'dazzling',
  'eager',
  'focused',
  'gifted',
  'happy',
  'jolly',
  'keen',
  'loving',
  'modest',
  'nifty',
  'optimistic',
  'quirky',
  'relaxed',
  'serene',
  'trusting',
  'vibrant',
  'wizardly',
];
const SURNAMES = [
  'albattani',
  'bell',
  'curie',
  'darwin',
  'einstein',
  'feynman',
  'galileo',
  'hopper',
  'johnson',
  'kepler',
  'lovelace',
  'meitner',
  'noether',
  'pasteur',
  'ritchie',
  'shannon',
  'tesla',
  'turing',
  'wozniak',
  'yonath',
];

/** namesgenerator.GetRandomName: adjective_surname, retried while taken. */
function randomName(state: DockerState): string {
  for (;;) {
    const a = ADJECTIVES[state.rng.next() % ADJECTIVES.length] ?? 'brave';
    const s = SURNAMES[state.rng.next() % SURNAMES.length] ?? 'turing';
    const name = `${a}_${s}`;
    if (!state.containers.some((c) => c.name === name)) return name;
  }
}

export function findContainer(state: DockerState, ref: string): Container | undefined {
  const exact = state.containers.find(
    (c) => c.id === ref || c.name === ref || `/${c.name}` === ref,
  );
  if (exact !== undefined) return exact;
  const byPrefix = state.containers.filter((c) => ref.length > 0 && c.id.startsWith(ref));
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/** ContainerCreate: the container exists afterwards even if starting it fails. */
export function createContainer(state: DockerState, req: ContainerRequest): Container | string {
  if (req.name !== undefined) {
    if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(req.name)) {
      return `Invalid container name (${req.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`;
    }
    const name = req.name.replace(/^\//, '');
    const taken = state.containers.find((c) => c.name === name);
    if (taken !== undefined) {
      return `Conflict. The container name "/${name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`;
    }
  }
  const c: Container = {
    id: randomId(state.rng),
    name: req.name?.replace(/^\//, '') ?? randomName(state),
    image: req.image,
    cmd: req.cmd,
    created: state.now(),
    publish: req.publish,
    networks: [req.network],
    status: 'created',
    startedAt: 0,
    finishedAt: 0,
    exitCode: 0,
    autoRemove: false,
    nextIf: 0,
    resolver: false,
    endpoints: new Map(),
  };
  state.containers.push(c);
  return c;
}

function sandboxRef(c: Container): NetnsRef | undefined {
  return c.sandbox === undefined ? undefined : { kind: 'container', name: c.sandbox };
}

/** sb.updateGateway: the default route follows the gateway endpoint. */
function setDefaultRoute(state: DockerState, c: Container, sandbox: NetnsRef, had: boolean): void {
  if (had) state.host.deleteRoute('default', sandbox);
  const gw = gatewayNetwork(state, c);
  const ep = gw ? c.endpoints.get(gw.id) : undefined;
  if (gw?.bridge === undefined || ep === undefined) return;
  state.host.addRoute(
    { dst: 'default', via: formatIpv4(gw.bridge.gateway), dev: ep.iface },
    sandbox,
  );
}

/** The embedded DNS server serves sandboxes on user-defined networks (set up once). */
function ensureResolver(
  state: DockerState,
  daemon: Daemon,
  c: Container,
  net: Network,
  sandbox: NetnsRef,
): void {
  if (
    c.resolver ||
    !daemon.config.iptables ||
    net.bridge === undefined ||
    net.bridge.config.defaultBridge
  )
    return;
  setupResolver(state, daemon, sandbox);
  c.resolver = true;
}

/** Returns undefined on success, else the daemon's error text; a failed start leaves nothing. */
export function startContainer(
  state: DockerState,
  daemon: Daemon,
  c: Container,
): string | undefined {
  const nets: Network[] = [];
  for (const ref of c.networks) {
    const net = findNetwork(state, ref);
    if (net === undefined) return `network ${ref} not found`;
    nets.push(net);
  }
  const sandboxName = randomId(state.rng).slice(0, 12);
  state.host.createNetns(sandboxName);
  c.sandbox = sandboxName;
  const sandbox: NetnsRef = { kind: 'container', name: sandboxName };
  state.host.setLinkUp('lo', sandbox);
  c.nextIf = 0;
  for (const net of nets) {
    const err = joinNetwork(state, c, net, sandbox);
    if (err !== undefined) return rollback(state, daemon, c, err);
    ensureResolver(state, daemon, c, net, sandbox);
  }
  setDefaultRoute(state, c, sandbox, false);
  let err: string | undefined;
  try {
    err = programExternal(state, daemon, c, c.name);
  } catch (e) {
    if (!(e instanceof IptablesError)) throw e;
    err = e.message.trim();
  }
  if (err !== undefined) return rollback(state, daemon, c, err);
  c.status = 'running';
  c.startedAt = state.now();
  return undefined;
}

function rollback(state: DockerState, daemon: Daemon, c: Container, err: string): string {
  releaseSandbox(state, daemon, c);
  return err;
}

function releaseSandbox(state: DockerState, daemon: Daemon, c: Container): void {
  for (const id of [...c.endpoints.keys()]) {
    const net = state.networks.find((n) => n.id === id);
    if (net !== undefined) leaveNetwork(state, daemon, c, net);
  }
  c.endpoints.clear();
  if (sandboxRef(c) !== undefined && c.sandbox !== undefined) state.host.deleteNetns(c.sandbox);
  c.sandbox = undefined;
  c.resolver = false;
}

/** docker stop / kill / daemon shutdown: the sandbox and its endpoints are released. */
export function stopContainer(
  state: DockerState,
  daemon: Daemon,
  c: Container,
  exitCode: number,
): void {
  if (c.status !== 'running') return;
  releaseSandbox(state, daemon, c);
  c.status = 'exited';
  c.exitCode = exitCode;
  c.finishedAt = state.now();
}

/** Returns undefined on success, else the daemon's error text. */
export function removeContainer(
  state: DockerState,
  daemon: Daemon,
  c: Container,
  force: boolean,
): string | undefined {
  if (c.status === 'running' && !force) {
    return `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`;
  }
  stopContainer(state, daemon, c, 137);
  state.containers = state.containers.filter((x) => x !== c);
  return undefined;
}

/**
 * docker network connect. On a running container the new endpoint joins at once; when it
 * becomes the gateway endpoint (sandbox order: non-internal first, then by network name) the
 * published ports move to it, as sbJoin revokes and re-programs external connectivity.
 */
export function connectContainer(
  state: DockerState,
  daemon: Daemon,
  c: Container,
  net: Network,
): string | undefined {
  if (c.networks.includes(net.name) || c.endpoints.has(net.id)) {
    return `endpoint with name ${c.name} already exists in network ${net.name}`;
  }
  const sandbox = sandboxRef(c);
  if (c.status === 'running' && sandbox !== undefined) {
    const before = gatewayNetwork(state, c);
    const err = joinNetwork(state, c, net, sandbox);
    if (err !== undefined) return err;
    ensureResolver(state, daemon, c, net, sandbox);
    if (gatewayNetwork(state, c) !== before) moveExternal(state, daemon, c, before, sandbox);
  }
  c.networks.push(net.name);
  return undefined;
}

/** Ports revoked on the old gateway endpoint, programmed on the new one; route updated. */
function moveExternal(
  state: DockerState,
  daemon: Daemon,
  c: Container,
  old: Network | undefined,
  sandbox: NetnsRef,
): void {
  if (old !== undefined) revokeExternal(state, daemon, old, c);
  programExternal(state, daemon, c, c.name);
  setDefaultRoute(state, c, sandbox, old !== undefined);
}

/** docker network disconnect: the endpoint leaves; ports move if it was the gateway one. */
export function disconnectContainer(
  state: DockerState,
  daemon: Daemon,
  c: Container,
  net: Network,
): string | undefined {
  if (!c.networks.includes(net.name)) {
    return `container ${c.id} is not connected to network ${net.name}`;
  }
  const sandbox = sandboxRef(c);
  const wasGateway = sandbox !== undefined && gatewayNetwork(state, c) === net;
  leaveNetwork(state, daemon, c, net);
  c.networks = c.networks.filter((n) => n !== net.name);
  if (wasGateway && sandbox !== undefined) {
    state.host.deleteRoute('default', sandbox);
    programExternal(state, daemon, c, c.name);
    setDefaultRoute(state, c, sandbox, false);
  }
  return undefined;
}

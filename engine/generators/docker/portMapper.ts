/**
 * Publishing ports (drivers/bridge/port_mapping.go, portmapper/mapper.go, portallocator):
 * per binding the host port is allocated, the DNAT/ACCEPT/MASQUERADE triple appended, then the
 * docker-proxy listener started; a failed listener rolls the binding back. IPv6 bindings ("::")
 * get a port and a proxy but no iptables rules (dockerd 20.10 has no ip6tables chain by default).
 */
import { forward } from './iptablesCalls.ts';
import { DOCKER_CHAIN } from './bridgeFirewall.ts';
import { parseIp } from './ipam.ts';
import type { PortRequest, Proto } from './portSpec.ts';
import type { Daemon, DockerState, PortBinding, PortMap, ProxyListener } from './state.ts';

/** portallocator's fallback when ip_local_port_range cannot be read. */
const DEFAULT_RANGE: [number, number] = [49153, 65535];

function ephemeralRange(state: DockerState): [number, number] {
  const text = state.host.readSysctl('net.ipv4.ip_local_port_range');
  const m = text === undefined ? null : /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : DEFAULT_RANGE;
}

function portMap(state: DockerState, ip: string, proto: Proto): PortMap {
  const key = `${ip}/${proto}`;
  let m = state.ports.get(key);
  if (m === undefined) {
    m = { used: new Set(), lastByRange: new Map() };
    state.ports.set(key, m);
  }
  return m;
}

/** PortAllocator.RequestPortInRange: an exact port, or the next free one after the range's last. */
function requestPort(
  state: DockerState,
  ip: string,
  proto: Proto,
  start: number,
  end: number,
): number | string {
  const m = portMap(state, ip, proto);
  if (start > 0 && start === end) {
    if (m.used.has(start)) return `Bind for ${ip}:${start} failed: port is already allocated`;
    m.used.add(start);
    return start;
  }
  const [begin, stop] = start === 0 && end === 0 ? ephemeralRange(state) : [start, end];
  const key = `${begin}-${stop}`;
  let port = m.lastByRange.get(key) ?? stop;
  for (let i = 0; i <= stop - begin; i++) {
    port = port + 1 > stop ? begin : port + 1;
    if (!m.used.has(port)) {
      m.used.add(port);
      m.lastByRange.set(key, port);
      return port;
    }
  }
  return 'all ports are allocated';
}

function releasePort(state: DockerState, ip: string, proto: Proto, port: number): void {
  state.ports.get(`${ip}/${proto}`)?.used.delete(port);
}

/** A listener bound to the same port and family on the same or a wildcard address (EADDRINUSE). */
function listenConflict(state: DockerState, b: PortBinding): boolean {
  const wildcard = (ip: string): boolean => ip === '0.0.0.0' || ip === '::';
  return state.proxies.some(
    (p) =>
      p.proto === b.proto &&
      p.family === b.family &&
      p.hostPort === b.hostPort &&
      (p.hostIp === b.hostIp || wildcard(p.hostIp) || wildcard(b.hostIp)),
  );
}

function listenError(b: PortBinding, userlandProxy: boolean): string {
  const addr = b.family === 6 ? `[${b.hostIp}]:${b.hostPort}` : `${b.hostIp}:${b.hostPort}`;
  if (!userlandProxy) return `listen ${b.proto} ${addr}: bind: address already in use`;
  return `Error starting userland proxy: listen ${b.proto}${b.family} ${addr}: bind: address already in use`;
}

function programForward(
  daemon: Daemon,
  bridgeName: string,
  b: PortBinding,
  action: '-A' | '-D',
): void {
  if (!daemon.config.iptables || b.family !== 4) return;
  forward(daemon.ipt, { name: DOCKER_CHAIN, hairpinMode: !daemon.config.userlandProxy }, action, {
    hostIp: b.hostIp,
    hostPort: b.hostPort,
    proto: b.proto,
    destAddr: b.containerIp,
    destPort: b.containerPort,
    bridgeName,
  });
}

/** bridge driver allocatePort: an ephemeral binding is retried (maxAllocatePortAttempts). */
const MAX_ALLOCATE_PORT_ATTEMPTS = 10;

function allocatePort(
  state: DockerState,
  daemon: Daemon,
  ctx: { bridgeName: string; containerId: string },
  want: Omit<PortBinding, 'hostPort'>,
  range: [number, number],
): PortBinding | string {
  let result: PortBinding | string = 'all ports are allocated';
  for (let i = 0; i < MAX_ALLOCATE_PORT_ATTEMPTS; i++) {
    result = mapPort(state, daemon, ctx, want, range);
    // No point in retrying an explicitly chosen port (a range counts as chosen).
    if (typeof result !== 'string' || range[0] !== 0) break;
  }
  return result;
}

/** PortMapper.MapRange for one binding; returns the operational binding or an error text. */
function mapPort(
  state: DockerState,
  daemon: Daemon,
  ctx: { bridgeName: string; containerId: string },
  want: Omit<PortBinding, 'hostPort'>,
  range: [number, number],
): PortBinding | string {
  const port = requestPort(state, want.hostIp, want.proto, range[0], range[1]);
  if (typeof port === 'string') return port;
  const b: PortBinding = { ...want, hostPort: port };
  programForward(daemon, ctx.bridgeName, b, '-A');
  if (listenConflict(state, b)) {
    programForward(daemon, ctx.bridgeName, b, '-D');
    releasePort(state, b.hostIp, b.proto, b.hostPort);
    return listenError(b, daemon.config.userlandProxy);
  }
  const listener: ProxyListener = {
    proto: b.proto,
    family: b.family,
    hostIp: b.hostIp,
    hostPort: b.hostPort,
    containerIp: b.containerIp,
    containerPort: b.containerPort,
    containerId: ctx.containerId,
    forwards: daemon.config.userlandProxy,
  };
  state.proxies.push(listener);
  return b;
}

function hostRange(text: string): [number, number] {
  if (text === '') return [0, 0];
  const [a, b] = text.split('-');
  return [Number(a), Number(b ?? a)];
}

/**
 * allocatePortsInternal: per request an IPv4 binding, then (userland proxy on, host IP not
 * IPv4) an IPv6 one on "::" to the container's IPv4 address. On failure everything allocated
 * so far is released and the error returned.
 */
export function allocatePorts(
  state: DockerState,
  daemon: Daemon,
  ctx: { bridgeName: string; containerId: string; containerIp: string; defaultBindingIp: string },
  requests: readonly PortRequest[],
): PortBinding[] | string {
  const done: PortBinding[] = [];
  const fail = (err: string): string => {
    releasePorts(state, daemon, ctx.bridgeName, done);
    return err;
  };
  for (const r of requests) {
    const common = { proto: r.proto, containerIp: ctx.containerIp, containerPort: r.port };
    const v4Ip = r.hostIp !== '' ? r.hostIp : ctx.defaultBindingIp;
    if (parseIp(v4Ip) !== undefined) {
      const b = allocatePort(
        state,
        daemon,
        ctx,
        { ...common, hostIp: v4Ip, family: 4 },
        hostRange(r.hostPort),
      );
      if (typeof b === 'string') return fail(b);
      done.push(b);
    }
    const v6Allowed =
      daemon.config.userlandProxy && r.hostIp === '' && ctx.defaultBindingIp === '0.0.0.0';
    if (v6Allowed) {
      // Allocated on its own: an ephemeral IPv6 port may differ from the IPv4 one (20.10).
      const range = hostRange(r.hostPort);
      const b = allocatePort(state, daemon, ctx, { ...common, hostIp: '::', family: 6 }, range);
      if (typeof b === 'string') return fail(b);
      done.push(b);
    }
  }
  return done;
}

/** releasePortsInternal → PortMapper.Unmap per binding: proxy stopped, rules deleted, port freed. */
export function releasePorts(
  state: DockerState,
  daemon: Daemon,
  bridgeName: string,
  bindings: readonly PortBinding[],
): void {
  for (const b of bindings) {
    state.proxies = state.proxies.filter(
      (p) =>
        !(
          p.proto === b.proto &&
          p.family === b.family &&
          p.hostIp === b.hostIp &&
          p.hostPort === b.hostPort
        ),
    );
    programForward(daemon, bridgeName, b, '-D');
    releasePort(state, b.hostIp, b.proto, b.hostPort);
  }
}

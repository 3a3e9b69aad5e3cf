/** `docker network create|rm|ls|inspect|connect|disconnect` (docker CLI 20.10). */
import { formatIpv4 } from '../../../addr/index.ts';
import type { CommandResult } from '../../../shell/types.ts';
import { findContainer, connectContainer, disconnectContainer } from '../containers.ts';
import { formatCidr, parseCidr, parseIp, contains } from '../ipam.ts';
import { createNetwork, findNetwork, removeNetwork } from '../networks.ts';
import type { DockerState, Network } from '../state.ts';
import { argsErr, daemonErr, err, needDaemon, out, parse } from './common.ts';
import { naturalLess, rfc3339, tabwrite } from './format.ts';
import type { FlagSpec } from './flags.ts';
import { parseTemplate, renderTemplate } from './template.ts';

const CREATE = {
  path: 'docker network create',
  usage: 'docker network create [OPTIONS] NETWORK',
  short: 'Create a network',
};

/** consolidateIpam's gateway check, done by the client before asking the daemon. */
function checkGateway(subnets: string[], gateways: string[]): string | undefined {
  if (subnets.length > 1) return 'multiple subnets are not simulated';
  for (const g of gateways) {
    const s = subnets[0] === undefined ? undefined : parseCidr(subnets[0]);
    const ip = parseIp(g);
    if (s === undefined || ip === undefined || !contains(s, ip))
      return `no matching subnet for gateway ${g}`;
  }
  if (gateways.length > 1)
    return `cannot configure multiple gateways (${gateways[1]}, ${gateways[0]}) for the same subnet (${subnets[0]})`;
  return undefined;
}

function create(state: DockerState, argv: readonly string[]): CommandResult {
  const p = parse(CREATE, argv, [
    { long: 'subnet', kind: 'list' },
    { long: 'gateway', kind: 'list' },
    { long: 'internal', kind: 'bool' },
    { long: 'opt', short: 'o', kind: 'list' },
    { long: 'driver', short: 'd', kind: 'string' },
    { long: 'attachable', kind: 'bool' },
    { long: 'ipv6', kind: 'bool' },
    { long: 'label', kind: 'list' },
    ...['ip-range', 'aux-address', 'ipam-driver', 'ipam-opt', 'scope', 'config-from'].map(
      (long): FlagSpec => ({ long, kind: 'list' }),
    ),
    ...['config-only', 'ingress'].map((long): FlagSpec => ({ long, kind: 'bool' })),
  ]);
  if (!p.ok) return p.result;
  const unmodelled = [
    'ip-range',
    'aux-address',
    'ipam-driver',
    'ipam-opt',
    'scope',
    'config-from',
    'config-only',
    'ingress',
    'attachable',
    'label',
  ].find((f) => p.flags.lists.has(f) || p.flags.bools.has(f));
  if (unmodelled !== undefined)
    return err(`packetpath: 'docker network create --${unmodelled}' is not simulated`);
  const { flags } = p;
  if (flags.args.length !== 1) return argsErr(CREATE, 'exactly 1 argument');
  if (flags.bools.has('ipv6'))
    return err("packetpath: 'docker network create --ipv6' is not simulated");
  const subnets = flags.lists.get('subnet') ?? [];
  const gateways = flags.lists.get('gateway') ?? [];
  const gwErr = checkGateway(subnets, gateways);
  if (gwErr !== undefined) return err(gwErr);
  const options: Record<string, string> = {};
  for (const o of flags.lists.get('opt') ?? []) {
    const eq = o.indexOf('=');
    options[eq < 0 ? o : o.slice(0, eq)] = eq < 0 ? '' : o.slice(eq + 1);
  }
  const d = needDaemon(state);
  if (!d.ok) return d.result;
  const net = createNetwork(state, d.daemon, {
    name: flags.args[0] as string,
    driver: flags.strings.get('driver') ?? 'bridge',
    internal: flags.bools.has('internal'),
    options,
    ...(subnets[0] !== undefined ? { subnet: subnets[0] } : {}),
    ...(gateways[0] !== undefined ? { gateway: gateways[0] } : {}),
  });
  return typeof net === 'string' ? daemonErr(net) : out(`${net.id}\n`);
}

function rm(state: DockerState, argv: readonly string[]): CommandResult {
  const u = {
    path: 'docker network rm',
    usage: 'docker network rm NETWORK [NETWORK...]',
    short: 'Remove one or more networks',
  };
  const p = parse(u, argv, [{ long: 'force', short: 'f', kind: 'bool' }]);
  if (!p.ok) return p.result;
  if (p.flags.args.length < 1) return argsErr(u, 'at least 1 argument');
  const d = needDaemon(state);
  if (!d.ok) return d.result;
  let stdout = '';
  let stderr = '';
  for (const ref of p.flags.args) {
    const net = findNetwork(state, ref);
    if (net === undefined) {
      stderr += `Error: No such network: ${ref}\n`;
      continue;
    }
    const e = removeNetwork(state, d.daemon, net);
    if (e !== undefined) stderr += `Error response from daemon: ${e}\n`;
    else stdout += `${ref}\n`;
  }
  return { exit: stderr === '' ? 0 : 1, stdout, stderr };
}

function ls(state: DockerState, argv: readonly string[]): CommandResult {
  const u = {
    path: 'docker network ls',
    usage: 'docker network ls [OPTIONS]',
    short: 'List networks',
  };
  const p = parse(u, argv, [
    { long: 'quiet', short: 'q', kind: 'bool' },
    { long: 'no-trunc', kind: 'bool' },
    { long: 'format', kind: 'string' },
  ]);
  if (!p.ok) return p.result;
  if (p.flags.args.length > 0) return argsErr(u, 'no arguments');
  const d = needDaemon(state);
  if (!d.ok) return d.result;
  const nets = [...state.networks].sort((a, b) =>
    naturalLess(a.name, b.name) ? -1 : naturalLess(b.name, a.name) ? 1 : 0,
  );
  const id = (n: Network): string => (p.flags.bools.has('no-trunc') ? n.id : n.id.slice(0, 12));
  if (p.flags.bools.has('quiet')) return out(nets.map((n) => `${id(n)}\n`).join(''));
  const format = p.flags.strings.get('format');
  if (format !== undefined) {
    const headers = {
      ID: 'NETWORK ID',
      Name: 'NAME',
      Driver: 'DRIVER',
      Scope: 'SCOPE',
      Internal: 'INTERNAL',
    };
    const t = parseTemplate(format, new Set(Object.keys(headers)));
    if (!t.ok) return err(t.error);
    const rows = nets.map((n) => ({
      ID: id(n),
      Name: n.name,
      Driver: n.driver,
      Scope: 'local',
      Internal: String(n.internal),
    }));
    return out(renderTemplate(t, rows, headers));
  }
  return out(
    tabwrite([
      ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'],
      ...nets.map((n) => [id(n), n.name, n.driver, 'local']),
    ]),
  );
}

function inspectOne(state: DockerState, n: Network): unknown {
  const containers: Record<string, unknown> = {};
  // encoding/json prints map keys sorted.
  const byId = [...state.containers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of byId) {
    const ep = c.endpoints.get(n.id);
    if (ep === undefined || n.bridge === undefined) continue;
    containers[c.id] = {
      Name: c.name,
      EndpointID: ep.id,
      MacAddress: ep.mac,
      IPv4Address: `${formatIpv4(ep.ip)}/${n.bridge.subnet.prefix}`,
      IPv6Address: '',
    };
  }
  const config = n.bridge
    ? [
        {
          Subnet: formatCidr(n.bridge.subnet),
          ...(n.bridge.showGateway ? { Gateway: formatIpv4(n.bridge.gateway) } : {}),
        },
      ]
    : [];
  return {
    Name: n.name,
    Id: n.id,
    Created: rfc3339(n.created),
    Scope: 'local',
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: n.bridge?.config.defaultBridge || !n.bridge ? null : {},
      Config: config,
    },
    Internal: n.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: Object.fromEntries(Object.entries(n.options).sort(([a], [b]) => (a < b ? -1 : 1))),
    Labels: {},
  };
}

function inspect(state: DockerState, argv: readonly string[]): CommandResult {
  const u = {
    path: 'docker network inspect',
    usage: 'docker network inspect [OPTIONS] NETWORK [NETWORK...]',
    short: 'Display detailed information on one or more networks',
  };
  const p = parse(u, argv, [
    { long: 'format', short: 'f', kind: 'string' },
    { long: 'verbose', short: 'v', kind: 'bool' },
  ]);
  if (!p.ok) return p.result;
  if (p.flags.args.length < 1) return argsErr(u, 'at least 1 argument');
  if (p.flags.strings.has('format'))
    return err("packetpath: 'docker network inspect --format' (Go templates) is not simulated");
  const d = needDaemon(state);
  if (!d.ok) return d.result;
  const found: unknown[] = [];
  let stderr = '';
  for (const ref of p.flags.args) {
    const n = findNetwork(state, ref);
    if (n === undefined) stderr += `Error: No such network: ${ref}\n`;
    else found.push(inspectOne(state, n));
  }
  return { exit: stderr === '' ? 0 : 1, stdout: `${JSON.stringify(found, null, 4)}\n`, stderr };
}

function connectOrDisconnect(
  state: DockerState,
  argv: readonly string[],
  connect: boolean,
): CommandResult {
  const verb = connect ? 'connect' : 'disconnect';
  const u = {
    path: `docker network ${verb}`,
    usage: `docker network ${verb} [OPTIONS] NETWORK CONTAINER`,
    short: connect ? 'Connect a container to a network' : 'Disconnect a container from a network',
  };
  const p = parse(u, argv, connect ? [] : [{ long: 'force', short: 'f', kind: 'bool' }]);
  if (!p.ok) return p.result;
  if (p.flags.args.length !== 2) return argsErr(u, 'exactly 2 arguments');
  const d = needDaemon(state);
  if (!d.ok) return d.result;
  const [netRef, cRef] = p.flags.args as [string, string];
  const net = findNetwork(state, netRef);
  if (net === undefined) return daemonErr(`network ${netRef} not found`);
  const c = findContainer(state, cRef);
  if (c === undefined) return daemonErr(`No such container: ${cRef}`);
  const e = connect
    ? connectContainer(state, d.daemon, c, net)
    : disconnectContainer(state, d.daemon, c, net);
  return e === undefined ? out('') : daemonErr(e);
}

export function runNetwork(state: DockerState, argv: readonly string[]): CommandResult {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'create':
      return create(state, rest);
    case 'rm':
    case 'remove':
      return rm(state, rest);
    case 'ls':
    case 'list':
      return ls(state, rest);
    case 'inspect':
      return inspect(state, rest);
    case 'connect':
      return connectOrDisconnect(state, rest, true);
    case 'disconnect':
      return connectOrDisconnect(state, rest, false);
    case 'prune':
      return err("packetpath: 'docker network prune' is not simulated");
    case undefined:
      return out(NETWORK_HELP);
    default:
      if (sub.startsWith('-'))
        return err(`unknown flag: ${sub}\nSee 'docker network --help'.`, 125);
      return err(`docker: '${sub}' is not a docker command.\nSee 'docker --help'`);
  }
}

const NETWORK_HELP = `
Usage:  docker network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'docker network COMMAND --help' for more information on a command.
`;

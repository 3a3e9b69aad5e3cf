/**
 * `ip link` (iproute2 6.1): show [dev] DEV | type T | master BR; add [netns NS] NAME type
 * bridge|dummy|veth [peer [name] P [netns NS]]; del DEV; set DEV up|down|master BR|nomaster|
 * netns NS|name N|mtu N|address MAC. Messages and exit codes as measured on Linux 6.18.
 */
import { isValidIfName, newDevice, newVeth, type Device } from '../../../devices/device.ts';
import type { NamespaceHost } from '../../host.ts';
import { fail, notSimulated, ok, type CommandResult } from '../../types.ts';
import { cannotFind, matches, rtnetlink, type IpContext } from './common.ts';
import { headerLine, linkLine, linksOf } from './linkInfo.ts';
import { moveDevice, refreshBridgeMac, removeDevice, renameDevice } from './devices.ts';

export function ipLink(ctx: IpContext, args: readonly string[]): CommandResult {
  const [verb, ...rest] = args;
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list') || verb === 'lst')
    return show(ctx, rest);
  if (matches(verb, 'add')) return add(ctx, rest);
  if (matches(verb, 'delete')) return del(ctx, rest);
  if (matches(verb, 'set') || matches(verb, 'change')) return set(ctx, rest);
  if (verb === 'help')
    return fail('Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n', 255);
  if (['replace', 'xstats', 'afstats', 'property'].some((v) => matches(verb, v)))
    return notSimulated(`ip link ${verb}`);
  return fail(`Command "${verb}" is unknown, try "ip link help".\n`, 255);
}

function show(ctx: IpContext, args: readonly string[]): CommandResult {
  let links = linksOf(ctx.world, ctx.ns);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = args[i + 1];
    if (a === 'type' && value !== undefined) {
      links = links.filter(
        (l) => l.dev.kind === value || (value === 'bridge_slave' && l.dev.master !== undefined),
      );
      i++;
    } else if (a === 'master' && value !== undefined) {
      if (!ctx.ns.net.devices.has(value)) return fail(`Device "${value}" does not exist.\n`);
      links = links.filter((l) => l.dev.master === value);
      i++;
    } else if (a === 'up') links = links.filter((l) => l.dev.up);
    else {
      const name = a === 'dev' ? value : a;
      if (a === 'dev') i++;
      links = links.filter((l) => l.dev.name === name);
      if (links.length === 0) return fail(`Device "${name}" does not exist.\n`);
    }
  }
  if (ctx.brief) {
    return ok(
      links
        .map((l) => `${l.label.padEnd(16)} ${l.state.padEnd(14)} ${l.dev.mac} <${l.flags}> \n`)
        .join(''),
    );
  }
  return ok(links.map((l) => headerLine(l, true) + linkLine(l)).join(''));
}

/** `ns`: the namespace the new device is created in (`netns NS` before `type`). */
type LinkSpec =
  | { name: string; ns?: string; kind: 'bridge' | 'dummy' }
  | { name: string; ns?: string; kind: 'veth'; peer: string; peerNs?: string };

const OTHER_TYPES = [
  'vlan',
  'vxlan',
  'macvlan',
  'ipvlan',
  'bond',
  'gre',
  'gretap',
  'ipip',
  'sit',
  'tun',
  'tap',
  'wireguard',
  'vrf',
  'geneve',
  'macvtap',
  'team',
  'nlmon',
  'ifb',
  'netkit',
];

/** iproute2's NEXT_ARG(): a keyword that takes a value, last on the line (incomplete_command). */
const VALUE_KEYWORDS = ['name', 'dev', 'netns', 'type'];
const incomplete = () => fail(`Command line is not complete. Try option "help"\n`, 255);
const lacksValue = (args: readonly string[], i: number) =>
  VALUE_KEYWORDS.includes(args[i]!) && i + 1 >= args.length;

function parseAdd(args: readonly string[]): LinkSpec | CommandResult {
  let name: string | undefined;
  let type: string | undefined;
  let ns: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (lacksValue(args, i)) return incomplete();
    if (a === 'name' || a === 'dev') name = args[++i];
    // iplink_parse: `netns NS` before `type` creates the device in NS (IFLA_NET_NS_FD).
    else if (a === 'netns') ns = args[++i];
    else if (a === 'type') {
      type = args[++i];
      i++;
      break;
    } else if (
      ['link', 'mtu', 'address', 'txqueuelen', 'numtxqueues', 'numrxqueues', 'group'].includes(a)
    ) {
      return notSimulated(`ip link add ... ${a}`);
    } else name = a;
  }
  if (name === undefined) return fail('Not enough information: "dev" argument is required.\n');
  if (!isValidIfName(name))
    return fail(`Error: argument "${name}" is wrong: "name" not a valid ifname\n`);
  if (type === undefined) return fail('Not enough information: "type" argument is required\n', 2);
  const tail = args.slice(i);
  const where = ns === undefined ? {} : { ns };
  if (type === 'bridge' || type === 'dummy') {
    if (tail.length > 0) return notSimulated(`ip link add ... type ${type} ${tail.join(' ')}`);
    return { name, kind: type, ...where };
  }
  if (type === 'veth') {
    const veth = parseVethPeer(name, tail);
    return 'exit' in veth ? veth : { ...veth, ...where };
  }
  if (OTHER_TYPES.includes(type)) return notSimulated(`ip link add ... type ${type}`);
  return fail('Error: Unknown device type.\n', 2);
}

function parseVethPeer(name: string, tail: readonly string[]): LinkSpec | CommandResult {
  if (tail.length === 0) return { name, kind: 'veth', peer: '' };
  if (tail[0] !== 'peer') return notSimulated(`ip link add ... type veth ${tail.join(' ')}`);
  let peer: string | undefined;
  let peerNs: string | undefined;
  for (let j = 1; j < tail.length; j++) {
    const a = tail[j]!;
    if (lacksValue(tail, j)) return incomplete();
    if (a === 'name') peer = tail[++j];
    else if (a === 'netns') peerNs = tail[++j];
    else if (peer === undefined) peer = a;
    else return notSimulated(`ip link add ... peer ... ${a}`);
  }
  if (peer === undefined) return fail('Not enough information: "dev" argument is required.\n');
  if (!isValidIfName(peer))
    return fail(`Error: argument "${peer}" is wrong: "name" not a valid ifname\n`);
  return { name, kind: 'veth', peer, peerNs };
}

/** The kernel names an unnamed veth peer veth0, veth1… (the first free "veth%d"). */
function freeVethName(ns: NamespaceHost, taken: string): string {
  for (let n = 0; ; n++)
    if (!ns.net.devices.has(`veth${n}`) && `veth${n}` !== taken) return `veth${n}`;
}

const badNetns = (name: string) =>
  fail(`Error: argument "${name}" is wrong: Invalid "netns" value\n\n`, 255);

/**
 * The new device goes to `netns NS` when given, else to the namespace ip runs in; a veth peer
 * without its own `netns` stays where ip runs (veth_newlink: the peer's net is the request's
 * source net unless its attributes name one). Measured with iproute2 6.1: after
 * `ip link add vx netns a type veth peer name vy`, vx is in a and vy where ip ran.
 */
function add(ctx: IpContext, args: readonly string[]): CommandResult {
  const spec = parseAdd(args);
  if ('exit' in spec) return spec;
  const { world } = ctx;
  const ns = spec.ns === undefined ? ctx.ns : world.namespace(spec.ns);
  if (!ns) return badNetns(spec.ns!);
  if (ns.net.devices.has(spec.name)) return rtnetlink('File exists');
  if (spec.kind !== 'veth') {
    const dev = newDevice(spec.kind, spec.name, world.links.nextMac());
    attach(ctx, ns, dev);
    if (dev.kind === 'bridge') world.links.setFollowsPorts(dev, true);
    return ok();
  }
  const peerNs = spec.peerNs === undefined ? ctx.ns : world.namespace(spec.peerNs);
  if (!peerNs) return badNetns(spec.peerNs!);
  const peerName = spec.peer === '' ? freeVethName(peerNs, spec.name) : spec.peer;
  if (peerNs.net.devices.has(peerName) || (peerNs === ns && peerName === spec.name))
    return rtnetlink('File exists');
  const a = newVeth(spec.name, world.links.nextMac(), { ns: peerNs.key, name: peerName });
  const b = newVeth(peerName, world.links.nextMac(), { ns: ns.key, name: spec.name });
  // veth_newlink registers the peer first, so it gets the lower interface index.
  attach(ctx, peerNs, b);
  attach(ctx, ns, a);
  linkNamespaces(ctx, ns, peerNs);
  return ok();
}

/** A veth joining the host and a named namespace gives that namespace an id (peernet2id_alloc). */
function linkNamespaces(ctx: IpContext, a: NamespaceHost, b: NamespaceHost): void {
  if (a.name === undefined && b.name !== undefined) ctx.world.assignNsid(b.name);
  if (b.name === undefined && a.name !== undefined) ctx.world.assignNsid(a.name);
}

function attach(ctx: IpContext, ns: NamespaceHost, dev: Device): void {
  ns.net.devices.set(dev.name, dev);
  ctx.world.links.index(ns.key, dev);
  ns.sysctl.addDevice(dev.name);
}

function del(ctx: IpContext, args: readonly string[]): CommandResult {
  const name = args[0] === 'dev' || args[0] === 'name' ? args[1] : args[0];
  if (name === undefined) return fail('Not enough information: "dev" argument is required.\n');
  if (args.includes('type')) return notSimulated('ip link del ... type');
  const dev = ctx.ns.net.devices.get(name);
  if (!dev) return cannotFind(name);
  if (dev.kind === 'loopback') return rtnetlink('Operation not supported');
  removeDevice(ctx.world, ctx.ns, dev);
  return ok();
}

function set(ctx: IpContext, args: readonly string[]): CommandResult {
  const rest = [...args];
  if (rest[0] === 'dev') rest.shift();
  const name = rest.shift();
  if (name === undefined) return fail('Not enough information: "dev" argument is required.\n');
  let dev = ctx.ns.net.devices.get(name);
  if (!dev) return cannotFind(name);
  while (rest.length > 0) {
    const key = rest.shift()!;
    if (key === 'up' || key === 'down') {
      dev.up = key === 'up';
      // inetdev_event(NETDEV_UP) gives a loopback device 127.0.0.1/8 when it has no address.
      if (dev.up && dev.kind === 'loopback' && dev.addrs.length === 0)
        dev.addrs.push({ addr: 0x7f000001, len: 8 });
      continue;
    }
    const value = rest.shift();
    if (key === 'nomaster') {
      if (value !== undefined) rest.unshift(value);
      const was = dev.master;
      delete dev.master;
      refreshBridgeMac(ctx.world, ctx.ns, was);
      continue;
    }
    if (value === undefined) return incomplete();
    const r = setOne(ctx, dev, key, value);
    if ('exit' in r) return r;
    dev = r.dev;
  }
  return ok();
}

function setOne(
  ctx: IpContext,
  dev: Device,
  key: string,
  value: string,
): { dev: Device } | CommandResult {
  const { world, ns } = ctx;
  switch (key) {
    case 'master': {
      const br = ns.net.devices.get(value);
      if (!br) return fail(`Error: argument "${value}" is wrong: Device does not exist\n\n`, 255);
      if (br.kind !== 'bridge' || dev.kind === 'bridge' || dev.kind === 'loopback')
        return rtnetlink('Operation not supported');
      const was = dev.master;
      dev.master = value;
      br.fdb.set(dev.mac, { port: dev.name, local: true });
      refreshBridgeMac(world, ns, was);
      refreshBridgeMac(world, ns, value);
      return { dev };
    }
    case 'netns': {
      const target = world.namespace(value);
      if (!target)
        return fail(`Error: argument "${value}" is wrong: Invalid "netns" value\n\n`, 255);
      if (dev.kind === 'loopback') return rtnetlink('Invalid argument');
      if (target === ns) return { dev };
      if (target.net.devices.has(dev.name)) return rtnetlink('File exists');
      const moved = moveDevice(world, ns, target, dev);
      if (moved.kind === 'veth')
        linkNamespaces(ctx, target, world.namespaceByKey(moved.peer.ns) ?? target);
      return { dev: moved };
    }
    case 'name': {
      if (!isValidIfName(value))
        return fail(`Error: argument "${value}" is wrong: "name" not a valid ifname\n`, 255);
      if (value === dev.name) return { dev };
      if (ns.net.devices.has(value)) return rtnetlink('File exists');
      // Linux 6.18 renames an up interface too (measured; older kernels answered EBUSY).
      return { dev: renameDevice(world, ns, dev, { name: value }) };
    }
    case 'mtu': {
      if (!/^\d+$/.test(value))
        return fail(`Error: argument "${value}" is wrong: Invalid "mtu" value\n\n`, 255);
      const mtu = Number(value);
      if (mtu < 68 || mtu > 65535) return rtnetlink('Invalid argument');
      world.links.setMtu(dev, mtu);
      return { dev };
    }
    case 'address':
    case 'addr': {
      if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(value))
        return fail(`"${value}" is invalid lladdr.\n`);
      const changed = renameDevice(world, ns, dev, { mac: value.toLowerCase() });
      world.links.setFollowsPorts(changed, false);
      refreshBridgeMac(world, ns, changed.master);
      return { dev: changed };
    }
    default:
      return notSimulated(`ip link set ... ${key}`);
  }
}

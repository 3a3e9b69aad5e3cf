/**
 * bridge (iproute2 6.1): `fdb show [br BR]` from the engine's forwarding databases, `link
 * [show]` for bridge ports, `link set dev D hairpin on|off`.
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';
import type { Device } from '../../devices/device.ts';
import { describeLink, linksOf } from './ip/linkInfo.ts';
import { matches } from './ip/common.ts';

export function bridge(ctx: CommandContext): CommandResult {
  const [object, verb, ...rest] = ctx.argv.slice(1);
  if (
    matches(object, 'fdb') &&
    (verb === undefined || matches(verb, 'show') || matches(verb, 'list'))
  )
    return fdb(ctx, rest);
  if (matches(object, 'link')) {
    if (verb === undefined || matches(verb, 'show') || matches(verb, 'list')) return links(ctx);
    if (matches(verb, 'set')) return setLink(ctx, rest);
  }
  if (object === undefined) return fail('Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n');
  return notSimulated(`bridge ${[object, verb].filter(Boolean).join(' ')}`);
}

/**
 * `bridge fdb show [br BR | dev DEV]` as iproute2 6.1 lists it on Linux 6.18 (measured): per
 * device in ifindex order its learned entries (`MAC dev PORT master BR `), its own permanent
 * entry, then the multicast addresses the device has joined (`self permanent`): IPv6
 * all-nodes always; when up, IPv4 all-hosts (a bridge first also its multicast-router
 * addresses); once it has carrier, the solicited-node address of its link-local address.
 */
function fdb(ctx: CommandContext, args: readonly string[]): CommandResult {
  const [filter, name] = args;
  if (filter !== undefined && filter !== 'br' && filter !== 'dev')
    return notSimulated(`bridge fdb show ${args.join(' ')}`);
  const net = ctx.ns.net;
  if (name !== undefined && !net.devices.has(name)) return fail(`Cannot find device "${name}"\n`);
  let out = '';
  for (const v of linksOf(ctx.shell.world, ctx.ns)) {
    const dev = v.dev;
    if (dev.kind === 'loopback') continue;
    if (filter === 'br' && dev.name !== name && dev.master !== name) continue;
    if (filter === 'dev' && dev.name !== name) continue;
    out += fdbEntriesOf(ctx, dev, v.carrier);
  }
  return ok(out);
}

function fdbEntriesOf(ctx: CommandContext, dev: Device, carrier: boolean): string {
  const net = ctx.ns.net;
  let out = '';
  const br = dev.master === undefined ? undefined : net.devices.get(dev.master);
  if (br?.kind === 'bridge') {
    const entries = [...br.fdb].filter(([, e]) => e.port === dev.name);
    for (const [mac] of entries.filter(([, e]) => !e.local))
      out += `${mac} dev ${dev.name} master ${br.name} \n`;
    for (const [mac] of entries.filter(([, e]) => e.local))
      out += `${mac} dev ${dev.name} master ${br.name} permanent\n`;
  }
  const self: string[] = ['33:33:00:00:00:01'];
  if (dev.up && dev.kind === 'bridge') self.push('01:00:5e:00:00:6a', '33:33:00:00:00:6a');
  if (dev.up) self.push('01:00:5e:00:00:01');
  if (carrier) self.push(`33:33:ff:${dev.mac.slice(9)}`);
  if (dev.kind === 'bridge') {
    const portMacs = [...net.devices.values()]
      .filter((d) => d.master === dev.name)
      .map((d) => d.mac);
    const own =
      portMacs.includes(dev.mac) || dev.mac === '00:00:00:00:00:00'
        ? ''
        : `${dev.mac} dev ${dev.name} master ${dev.name} permanent\n`;
    return (
      out +
      `${self[0]} dev ${dev.name} self permanent\n` +
      self
        .slice(1)
        .map((m) => `${m} dev ${dev.name} self permanent\n`)
        .join('') +
      own
    );
  }
  return out + self.map((m) => `${m} dev ${dev.name} self permanent\n`).join('');
}

function links(ctx: CommandContext): CommandResult {
  let out = '';
  for (const dev of ctx.ns.net.devices.values()) {
    if (dev.master === undefined) continue;
    const v = describeLink(ctx.shell.world, ctx.ns, dev);
    const state = v.carrier ? 'forwarding' : 'disabled';
    out += `${v.index}: ${v.label}: <${v.flags}> mtu ${v.mtu} master ${dev.master} state ${state} priority 32 cost 2 \n`;
  }
  return ok(out);
}

function setLink(ctx: CommandContext, args: readonly string[]): CommandResult {
  const name = args[0] === 'dev' ? args[1] : undefined;
  if (name === undefined) return fail('Device is a required argument.\n');
  const dev = ctx.ns.net.devices.get(name);
  if (!dev) return fail(`Cannot find device "${name}"\n`);
  const opts = args.slice(2);
  if (opts[0] !== 'hairpin' || (opts[1] !== 'on' && opts[1] !== 'off') || opts.length !== 2) {
    return notSimulated(`bridge link set ... ${opts.join(' ')}`);
  }
  if (dev.master === undefined) return fail('RTNETLINK answers: Operation not supported\n', 255);
  dev.hairpin = opts[1] === 'on';
  return ok();
}

/**
 * bridge (iproute2 6.1): `fdb show [br BR]` from the engine's forwarding databases, `link
 * [show]` for bridge ports, `link set dev D hairpin on|off`.
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';
import { describeLink } from './ip/linkInfo.ts';
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

function fdb(ctx: CommandContext, args: readonly string[]): CommandResult {
  const only = args[0] === 'br' || args[0] === 'dev' ? args[1] : undefined;
  let out = '';
  for (const dev of ctx.ns.net.devices.values()) {
    if (dev.kind !== 'bridge' || (only !== undefined && args[0] === 'br' && dev.name !== only))
      continue;
    for (const [mac, e] of dev.fdb) {
      if (only !== undefined && args[0] === 'dev' && e.port !== only) continue;
      out += `${mac} dev ${e.port} master ${dev.name}${e.local ? ' permanent' : ''}\n`;
    }
  }
  return ok(out);
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

/**
 * `ip netns` (iproute2 6.1): list, add NAME, del NAME (its devices go, and a veth's peer in
 * another namespace with them), exec NAME CMD… (runs the command line inside NAME).
 */
import type { CommandContext, CommandResult } from '../../types.ts';
import { fail, notSimulated, ok } from '../../types.ts';
import { matches } from './common.ts';
import { removeDevice } from './devices.ts';

export function ipNetns(ctx: CommandContext, args: readonly string[]): CommandResult {
  const [verb, ...rest] = args;
  const world = ctx.shell.world;
  if (verb === undefined || matches(verb, 'list') || verb === 'show') {
    const line = (n: string) => {
      const id = world.nsid(n);
      return id === undefined ? `${n}\n` : `${n} (id: ${id})\n`;
    };
    return ok(world.netnsNames().map(line).join(''));
  }
  if (matches(verb, 'add')) {
    const name = rest[0];
    if (name === undefined) return fail('No netns name specified\n');
    if (!/^[^/\s]+$/.test(name) || name === '.' || name === '..')
      return fail(`Invalid netns name "${name}"\n`);
    if (!world.addNetns(name))
      return fail(`Cannot create namespace file "/run/netns/${name}": File exists\n`);
    return ok();
  }
  if (matches(verb, 'delete')) {
    const name = rest[0];
    if (name === undefined) return fail('No netns name specified\n');
    const ns = world.namespace(name);
    if (!ns)
      return fail(`Cannot remove namespace file "/run/netns/${name}": No such file or directory\n`);
    for (const dev of [...ns.net.devices.values()])
      if (dev.kind !== 'loopback') removeDevice(world, ns, dev);
    world.deleteNetns(name);
    return ok();
  }
  if (matches(verb, 'exec')) {
    const [name, ...argv] = rest;
    if (name === undefined) return fail('No netns name specified\n');
    const ns = world.namespace(name);
    if (!ns)
      return fail(`Cannot open network namespace "${name}": No such file or directory\n`, 255);
    if (argv.length === 0) return fail('No command specified\n');
    return ctx.shell.runArgv(ns, argv, ctx.stdin);
  }
  if (['identify', 'pids', 'monitor', 'set', 'list-id', 'attach'].some((v) => matches(verb, v)))
    return notSimulated(`ip netns ${verb}`);
  return fail(`Command "${verb}" is unknown, try "ip netns help".\n`);
}

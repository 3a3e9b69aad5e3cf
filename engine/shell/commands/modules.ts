/**
 * modprobe and lsmod over the simulated kernel's modules. Loading br_netfilter adds the
 * net.bridge.bridge-nf-* sysctls; an unknown module gets modprobe's FATAL line (exit 1).
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';

export function modprobe(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const option = args.find((a) => a.startsWith('-'));
  if (option) return notSimulated(`modprobe ${option}`);
  if (args.length === 0) return fail('modprobe: ERROR: missing parameters. See -h.\n');
  const [name] = args;
  if (ctx.shell.world.loadModule(name!) === 'unknown') {
    return fail(
      `modprobe: FATAL: Module ${name} not found in directory /lib/modules/6.18.0-packetpath\n`,
    );
  }
  return ok();
}

/** lsmod: `Module  Size  Used by` as /proc/modules is printed by kmod. */
export function lsmod(ctx: CommandContext): CommandResult {
  if (ctx.argv.length > 1) return fail('Usage: lsmod\n');
  const rows = ctx.shell.world.modules().map((m) => {
    const used = `${m.usedBy.length}${m.usedBy.length ? ` ${m.usedBy.join(',')}` : ''}`;
    return `${m.name.padEnd(19)} ${String(m.size).padStart(8)}  ${used}\n`;
  });
  return ok('Module                  Size  Used by\n' + rows.join(''));
}

/**
 * conntrack -L / -F (conntrack-tools 1.4.7) over the namespace's connection table: entries as
 * `conntrack -L` prints them (timeouts are the kernel's defaults at the moment of creation,
 * since simulated time does not pass), the count line on stderr.
 */
import { listEntry, type CtListEntry } from '../../conntrack/list.ts';
import type { Netns } from '../../stack/netns.ts';
import { fail, notSimulated, type CommandContext, type CommandResult } from '../types.ts';

const HEAD = 'conntrack v1.4.7 (conntrack-tools): ';
const PROTO_NUM: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };

/** nf_conntrack_*_timeout defaults, printed as the seconds left (one below the setting). */
function timeout(e: CtListEntry): number {
  if (e.proto === 'tcp') {
    const t: Record<string, number> = {
      ESTABLISHED: 432000,
      SYN_SENT: 120,
      SYN_RECV: 60,
      TIME_WAIT: 120,
      CLOSE: 10,
      FIN_WAIT: 120,
      CLOSE_WAIT: 60,
      LAST_ACK: 30,
    };
    return (t[e.state ?? ''] ?? 120) - 1;
  }
  if (e.proto === 'udp') return e.flags?.includes('ASSURED') ? 119 : 29;
  return 29;
}

function tuple(t: CtListEntry['orig']): string {
  if ('type' in t) return `src=${t.src} dst=${t.dst} type=${t.type} code=${t.code} id=${t.id}`;
  return `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport}`;
}

function line(e: CtListEntry): string {
  const state = e.state ? `${e.state} ` : '';
  const unreplied = e.flags?.includes('UNREPLIED') ? '[UNREPLIED] ' : '';
  const assured = e.flags?.includes('ASSURED') ? '[ASSURED] ' : '';
  return `${e.proto.padEnd(8)} ${PROTO_NUM[e.proto] ?? 0} ${timeout(e)} ${state}${tuple(e.orig)} ${unreplied}${tuple(e.reply)} ${assured}mark=${e.mark} use=1\n`;
}

function tableOf(ctx: CommandContext): Netns | undefined {
  const net = ctx.ns.net as Partial<Netns>;
  return net.conntrack ? (net as Netns) : undefined;
}

export function conntrack(ctx: CommandContext): CommandResult {
  const [op, ...rest] = ctx.argv.slice(1);
  const netns = tableOf(ctx);
  if (!netns) return notSimulated('conntrack in this namespace');
  if (op === '-L' || op === '--dump') {
    if (rest.length > 0) return notSimulated(`conntrack -L ${rest.join(' ')}`);
    const entries = netns.conntrack.entries().map(listEntry);
    return {
      exit: 0,
      stdout: entries.map(line).join(''),
      stderr: `${HEAD}${entries.length} flow entries have been shown.\n`,
    };
  }
  if (op === '-F' || op === '--flush') {
    netns.conntrack.flush();
    return { exit: 0, stdout: '', stderr: `${HEAD}connection tracking table has been emptied.\n` };
  }
  if (op === undefined)
    return fail(
      `${HEAD}no command specified\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
      2,
    );
  return notSimulated(`conntrack ${op}`);
}

/**
 * ping -c N [-W S] [-i S] [-q] DEST (iputils 20221126): N echo requests through the packet path,
 * iputils' lines and summary, exit 0 when a reply came back, 1 when none did, 2 on a local
 * error. Round-trip times are simulated (a fixed 0.0xx ms per hop), not measured.
 */
import { fail, notSimulated, type CommandContext, type CommandResult } from '../../types.ts';
import type { TraceEvent } from '../../../trace/events.ts';
import { isIpv4, newCapture, runProbeTraced } from './run.ts';

const UNREACH: Readonly<Record<number, string>> = {
  0: 'Destination Net Unreachable',
  1: 'Destination Host Unreachable',
  3: 'Destination Port Unreachable',
  9: 'Destination Net Prohibited',
  10: 'Destination Host Prohibited',
  13: 'Packet filtered',
};

interface PingArgs {
  count: number;
  quiet: boolean;
  dest: string;
}

function parse(argv: readonly string[]): PingArgs | CommandResult {
  let count: number | undefined;
  let quiet = false;
  let dest: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-c') {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1)
        return fail(`ping: invalid argument: '${v ?? ''}'\n`);
      count = Number(v);
    } else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-W' || a === '-w' || a === '-i') i++;
    else if (a === '-q') quiet = true;
    else if (a === '-n' || a === '-4') continue;
    else if (a.startsWith('-')) return notSimulated(`ping ${a}`);
    else dest = a;
  }
  if (dest === undefined) return fail('ping: usage error: Destination address required\n');
  if (count === undefined)
    return notSimulated('ping without -c (it would run until interrupted; use ping -c N)');
  if (count > 100) return notSimulated('ping -c above 100');
  return { count, quiet, dest };
}

const rtt = (seq: number) => 0.04 + ((seq * 7) % 5) / 1000;

/**
 * The TTL iputils prints is the echo reply's IP TTL as it reached the pinging host (64 from a
 * Linux neighbour, 63 through one router, ...): the last echo reply received in `ns`.
 */
function replyTtl(trace: readonly TraceEvent[], ns: string): number | undefined {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.type === 'receive' && e.ns === ns && e.packet.proto === 'icmp' && e.packet.type === 0)
      return e.packet.ttl;
  }
  return undefined;
}

/** Linux's default TTL (net.ipv4.ip_default_ttl): what a reply this host sends itself carries. */
const DEFAULT_TTL = 64;

export function ping(ctx: CommandContext): CommandResult {
  const args = parse(ctx.argv);
  if ('exit' in args) return args;
  if (!isIpv4(args.dest)) return fail(`ping: ${args.dest}: Name or service not known\n`, 2);
  newCapture(ctx);
  let out = `PING ${args.dest} (${args.dest}) 56(84) bytes of data.\n`;
  const times: number[] = [];
  let errors = 0;
  for (let seq = 1; seq <= args.count; seq++) {
    const { result, trace } = runProbeTraced(ctx, { proto: 'icmp', dst: args.dest });
    const client = result.client;
    if (client.errno === 'ENETUNREACH' && seq === 1)
      return fail('ping: connect: Network is unreachable\n', 2);
    if (client.result === 'reply') {
      times.push(rtt(seq));
      if (!args.quiet)
        out += `64 bytes from ${String(client.reply_from)}: icmp_seq=${seq} ttl=${replyTtl(trace, ctx.ns.key) ?? DEFAULT_TTL} time=${rtt(seq).toFixed(3)} ms\n`;
    } else if (client.result === 'icmp-error') {
      errors++;
      const text =
        client.type === 3
          ? (UNREACH[Number(client.code)] ?? `Dest Unreachable, Bad Code: ${String(client.code)}`)
          : `ICMP type ${String(client.type)}`;
      if (!args.quiet) out += `From ${String(client.error_from)} icmp_seq=${seq} ${text}\n`;
    }
  }
  return { exit: times.length > 0 ? 0 : 1, stdout: out + summary(args, times, errors), stderr: '' };
}

function summary(args: PingArgs, times: number[], errors: number): string {
  const n = args.count;
  const loss = Math.round(((n - times.length) / n) * 100);
  const errText = errors > 0 ? `, +${errors} errors` : '';
  let s = `\n--- ${args.dest} ping statistics ---\n`;
  s += `${n} packets transmitted, ${times.length} received${errText}, ${loss}% packet loss, time ${(n - 1) * 1000 + (n > 1 ? n - 1 : 0)}ms\n`;
  if (times.length > 0) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    const mdev = Math.sqrt(times.reduce((a, t) => a + (t - avg) ** 2, 0) / times.length);
    s += `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`;
  }
  return s;
}

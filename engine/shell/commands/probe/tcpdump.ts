/**
 * tcpdump -n -i IF|any [-c N] [FILTER]: not a live capture but the packets of the last probing
 * command (ping, curl, nc) that crossed IF (or any interface) in this namespace and pass the
 * filter (pcapFilter.ts), one tcpdump 4.99 line each.
 * Frames a veth sends are the ones its peer received. TCP segments carry no payload here, and
 * the engine's packets have no sequence numbers, windows, options or echo ids to print.
 */
import type { PacketView, TraceEvent } from '../../../trace/events.ts';
import { fail, notSimulated, type CommandContext, type CommandResult } from '../../types.ts';
import { compileFilter } from './pcapFilter.ts';
import { probeLog } from './run.ts';

const FLAG_LETTERS: readonly [string, string][] = [
  ['FIN', 'F'],
  ['SYN', 'S'],
  ['RST', 'R'],
  ['PSH', 'P'],
  ['ACK', '.'],
  ['URG', 'U'],
  ['ECE', 'E'],
  ['CWR', 'W'],
];

/** ICMP messages tcpdump 4.99 names by type/code alone (print-icmp.c). */
const ICMP_TEXT: Readonly<Record<string, string>> = {
  '0/0': 'echo reply',
  '8/0': 'echo request',
  '11/0': 'time exceeded in-transit',
  '11/1': 'ip reassembly time exceeded',
};

/**
 * Destination unreachable names what the quoted packet was sent to (print-icmp.c,
 * unreach2str and ICMP_UNREACH_PORT/PROTOCOL); as measured with tcpdump -n and iptables
 * REJECT --reject-with each type: `ICMP 10.0.0.2 udp port 7003 unreachable`, `ICMP host
 * 10.0.0.2 unreachable - admin prohibited filter`.
 */
function unreachable(code: number, quoted: PacketView | undefined): string | undefined {
  if (quoted === undefined) return undefined;
  const dst = quoted.dst;
  switch (code) {
    case 0:
      return `net ${dst} unreachable`;
    case 1:
      return `host ${dst} unreachable`;
    case 2:
      return `${dst} protocol ${PROTO_NUMBER[quoted.proto] ?? quoted.proto} unreachable`;
    case 3:
      return quoted.dport === undefined
        ? undefined
        : `${dst} ${quoted.proto} port ${quoted.dport} unreachable`;
    case 9:
      return `net ${dst} unreachable - admin prohibited`;
    case 10:
      return `host ${dst} unreachable - admin prohibited`;
    case 13:
      return `host ${dst} unreachable - admin prohibited filter`;
    default:
      return undefined;
  }
}

const PROTO_NUMBER: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17 };

function describe(p: PacketView, quoted: PacketView | undefined): string {
  if (p.proto === 'tcp') {
    const names = (p.flags ?? '').split(',');
    const letters =
      FLAG_LETTERS.filter(([n]) => names.includes(n))
        .map(([, l]) => l)
        .join('') || 'none';
    return `IP ${p.src}.${p.sport} > ${p.dst}.${p.dport}: Flags [${letters}], length 0`;
  }
  if (p.proto === 'udp')
    return `IP ${p.src}.${p.sport} > ${p.dst}.${p.dport}: UDP, length ${Math.max(0, p.len - 28)}`;
  if (p.proto === 'icmp') {
    const text =
      (p.type === 3 ? unreachable(p.code ?? 0, quoted) : ICMP_TEXT[`${p.type}/${p.code}`]) ??
      `type-#${p.type}`;
    return `IP ${p.src} > ${p.dst}: ICMP ${text}, length ${Math.max(0, p.len - 20)}`;
  }
  return `IP ${p.src} > ${p.dst}: ip-proto-${p.proto}, length ${p.len}`;
}

/**
 * The packet an ICMP error quotes. A probing command sends one flow, and conntrack rewrites an
 * error's quoted header as it rewrites the error (nf_nat_icmp_reply_translation), so at any
 * point the quote is the flow's packet as seen there: the last one from the error's
 * destination. Where the capture saw only the error, the client's own packet.
 */
function quotedBy(p: PacketView, before: readonly PacketView[], log: readonly TraceEvent[]) {
  const isError = (q: PacketView) => q.proto === 'icmp' && q.type !== 0 && q.type !== 8;
  const seen = before.findLast((q) => q.src === p.dst && !isError(q));
  if (seen) return seen;
  const sent = log.find((e) => e.type === 'send' && !isError(e.packet));
  return sent?.type === 'send' ? sent.packet : undefined;
}

function stamp(k: number): string {
  return `00:00:${String(Math.floor(k / 1000)).padStart(2, '0')}.${String((k % 1000) * 1000 + 12).padStart(6, '0')}`;
}

interface Captured {
  readonly packet: PacketView;
  /** The interface of this namespace it crossed. */
  readonly dev: string;
  /** Sent by this namespace (the veth peer received it), not received. */
  readonly out: boolean;
}

/**
 * The frames that crossed IF (or any interface of this namespace): those it received, and
 * those it sent on a veth, which are what the peer received.
 */
function captured(ctx: CommandContext, log: readonly TraceEvent[], iface: string): Captured[] {
  const net = ctx.ns.net;
  const peers = new Map<string, string>();
  for (const d of net.devices.values())
    if (d.kind === 'veth' && (iface === 'any' || d.name === iface))
      peers.set(`${d.peer.ns}|${d.peer.name}`, d.name);
  const out: Captured[] = [];
  for (const e of log) {
    if (e.type !== 'receive') continue;
    if (e.ns === ctx.ns.key && (iface === 'any' || e.dev === iface))
      out.push({ packet: e.packet, dev: e.dev, out: false });
    else {
      const own = peers.get(`${e.ns}|${e.dev}`);
      if (own !== undefined) out.push({ packet: e.packet, dev: own, out: true });
    }
  }
  return out;
}

interface TcpdumpArgs {
  iface?: string;
  count?: number;
  filter: string[];
}

/** getopt over -n, -l, -i IF, -c N (bundled as `-nni eth0`), anywhere; operands: the filter. */
function parseArgs(argv: readonly string[]): TcpdumpArgs | CommandResult {
  const o: TcpdumpArgs = { filter: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') {
      o.filter.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if (c === 'n' || c === 'l') continue;
      if (c !== 'i' && c !== 'c')
        return notSimulated(`tcpdump ${a} (only -n, -l, -i IF and -c N over the last probes are)`);
      const value = k + 1 < a.length ? a.slice(k + 1) : argv[++i];
      if (value === undefined)
        return fail(`tcpdump: option requires an argument -- '${c}'\n${USAGE}`);
      if (c === 'i') o.iface = value;
      else if (!/^\d+$/.test(value) || Number(value) === 0)
        return fail(`tcpdump: invalid packet count ${value}\n`);
      else o.count = Number(value);
      break;
    }
  }
  return o;
}

/** tcpdump 4.99.3's usage (Debian 12: libpcap 1.10.3; OpenSSL's build date varies). */
const USAGE =
  'tcpdump version 4.99.3\n' +
  'libpcap version 1.10.3 (with TPACKET_V3)\n' +
  'OpenSSL 3.0.19 27 Jan 2026\n' +
  'Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n' +
  '\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n' +
  '\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n' +
  '\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n' +
  '\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n' +
  '\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n' +
  '\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n' +
  '\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n';

export function tcpdump(ctx: CommandContext): CommandResult {
  const args = parseArgs(ctx.argv);
  if ('exit' in args) return args;
  const iface = args.iface;
  if (iface === undefined) return notSimulated('tcpdump without -i IF');
  const net = ctx.ns.net;
  const dev = net.devices.get(iface);
  if (!dev && iface !== 'any')
    return fail(`tcpdump: ${iface}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`);
  const filter = compileFilter(args.filter);
  if (!filter.ok)
    return 'error' in filter
      ? fail(`tcpdump: ${filter.error}\n`)
      : notSimulated(`${filter.unsupported} in a tcpdump filter`);
  const log = probeLog(ctx).events;
  const all = captured(ctx, log, iface);
  // An ICMP error quotes a packet the filter may leave out: look it up among all of them.
  const shown = all
    .map((c, k) => {
      const before = all.slice(0, k).map((x) => x.packet);
      return {
        ...c,
        quoted: c.packet.proto === 'icmp' ? quotedBy(c.packet, before, log) : undefined,
      };
    })
    .filter((c) => filter.test(c.packet))
    .slice(0, args.count);
  const lines = shown
    .map(({ packet, dev: name, out, quoted }, k) => {
      // -i any (LINUX_SLL2): the interface and the direction before each packet (print-sll.c).
      const where = iface === 'any' ? `${name.padEnd(5)} ${(out ? 'Out' : 'In').padEnd(3)} ` : '';
      return `${stamp(k)} ${where}${describe(packet, quoted)}\n`;
    })
    .join('');
  const head =
    'packetpath: tcpdump shows the packets of the last probing command, without TCP sequence numbers, windows and options or ICMP echo ids; it does not wait for new ones\n' +
    (iface === 'any' ? 'tcpdump: data link type LINUX_SLL2\n' : '') +
    'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n' +
    `listening on ${iface}, link-type ${iface === 'any' ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)'}, snapshot length 262144 bytes\n`;
  const looped = shown.filter((c) => net.devices.get(c.dev)?.kind === 'loopback').length;
  return { exit: 0, stdout: lines, stderr: head + summary(shown.length, looped) };
}

const packets = (n: number) => `${n} packet${n === 1 ? '' : 's'}`;

/**
 * The counts tcpdump prints as it ends. On lo the packet socket sees each packet twice, as it
 * leaves (dev_queue_xmit_nit) and as it comes back in; the kernel filter passes both and
 * libpcap drops the outgoing copy in user space, so "received by filter" counts lo's packets
 * twice (measured, -i lo and -i any: `2 packets captured`, `4 packets received by filter` for
 * one ping to 127.0.0.1).
 */
function summary(captured: number, onLoopback: number): string {
  const received = captured + onLoopback;
  return `${packets(captured)} captured\n${packets(received)} received by filter\n0 packets dropped by kernel\n`;
}

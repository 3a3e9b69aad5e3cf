/**
 * `ss [-l|-a][-t][-u][-n][-p][-4|-6][-H]` (iproute2 6.1): the TCP and UDP sockets of the
 * namespace the command runs in (ssSockets.ts: the machine's servers, and on the host the
 * docker-proxy listeners of published ports). Connections do not outlive a probe here, so the
 * only connected sockets are UDP ones `nc -lu` connect()ed to its first peer, and closed
 * connections wait in TIME-WAIT (probe/timeWait.ts); without -l or -a ss shows the connected
 * ones (its default filter SS_CONN leaves TIME-WAIT out), -a shows all. Layout is ss's render() when
 * stdout is not a terminal (render_calc_width's compact output): each column as wide as its
 * widest cell, a space before every column but the first and the ports, addresses
 * right-aligned against the `:`. Sockets are listed newest first (the kernel adds to the head
 * of a hash chain), UDP before TCP and IPv4 before IPv6 (one kernel query each).
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';
import type { Netns } from '../../stack/netns.ts';
import { HOST_KEY } from '../net/state.ts';
import { netnsOf, socketsIn, type SocketProto } from './probe/sockets.ts';
import { engineNow } from './probe/run.ts';
import { timeWaitsIn } from './probe/timeWait.ts';
import {
  dockerProxySockets,
  serverSocket,
  timeWaitSocket,
  type SsSocket,
  type SsState,
} from './ssSockets.ts';
import { serviceByPort } from '../../netfilter/services.ts';

interface SsOptions {
  listening: boolean;
  all: boolean;
  tcp: boolean;
  udp: boolean;
  numeric: boolean;
  processes: boolean;
  header: boolean;
  /** -4 / -6: one address family only. */
  family?: 4 | 6;
}

const FLAGS = /^-[ltunpa46H]+$/;

function parse(argv: readonly string[]): SsOptions | CommandResult {
  const o: SsOptions = {
    listening: false,
    all: false,
    tcp: false,
    udp: false,
    numeric: false,
    processes: false,
    header: true,
  };
  for (const a of argv.slice(1)) {
    if (a === '--no-header') o.header = false;
    else if (!FLAGS.test(a)) return notSimulated(`ss ${a}`);
    else {
      o.listening ||= a.includes('l');
      o.all ||= a.includes('a');
      o.tcp ||= a.includes('t');
      o.udp ||= a.includes('u');
      o.numeric ||= a.includes('n');
      o.processes ||= a.includes('p');
      if (a.includes('H')) o.header = false;
      if (a.includes('4')) o.family = 4;
      if (a.includes('6')) o.family = 6;
    }
  }
  return o;
}

interface Column {
  readonly header: string;
  readonly ldelim: string;
  readonly right: boolean;
}

const COLUMNS: readonly Column[] = [
  { header: 'Netid', ldelim: '', right: false },
  { header: 'State', ldelim: ' ', right: false },
  { header: 'Recv-Q', ldelim: ' ', right: false },
  { header: 'Send-Q', ldelim: ' ', right: false },
  { header: 'Local Address:', ldelim: ' ', right: true },
  { header: 'Port', ldelim: '', right: false },
  { header: 'Peer Address:', ldelim: ' ', right: true },
  { header: 'Port', ldelim: '', right: false },
  { header: 'Process', ldelim: '', right: false },
];

/** `[::]` as ss writes an IPv6 address before the port. */
function hostText(addr: string, family: 4 | 6): string {
  return family === 6 ? `[${addr}]` : addr;
}

function port(n: number, proto: SocketProto, o: SsOptions): string {
  return o.numeric ? String(n) : (serviceByPort(n, proto) ?? String(n));
}

function row(s: SsSocket, o: SsOptions): string[] {
  const anyAddr = s.family === 6 ? '::' : '0.0.0.0';
  return [
    s.proto,
    s.state,
    '0'.padEnd(6),
    String(s.sendQ).padEnd(6),
    `${hostText(s.local.addr, s.family)}:`,
    port(s.local.port, s.proto, o),
    `${hostText(s.peer?.addr ?? anyAddr, s.family)}:`,
    s.peer === undefined ? '*' : port(s.peer.port, s.proto, o),
    o.processes && s.owner
      ? ` users:(("${s.owner.name}",pid=${s.owner.pid},fd=${s.owner.fd}))`
      : '',
  ];
}

/** ss's render(): `cells` rows of every column, the hidden ones already left out. */
function render(columns: readonly Column[], rows: readonly string[][]): string {
  const widths = columns.map((c, i) => {
    const max = Math.max(...rows.map((r) => r[i]!.length));
    return i === 0 || max === 0 ? max : max + c.ldelim.length;
  });
  return rows
    .map((r) => {
      let line = '';
      r.forEach((cell, i) => {
        const c = columns[i]!;
        const delim = i === 0 ? '' : c.ldelim;
        const pad = widths[i]! - delim.length - cell.length;
        line += c.right
          ? delim + ' '.repeat(Math.max(0, pad)) + cell
          : (delim + cell).padEnd(widths[i]!);
      });
      return `${line}\n`;
    })
    .join('');
}

/**
 * Which states a query shows (ss's default filter SS_CONN without -l or -a: connected sockets
 * only; -l: LISTEN and UNCONN; -a: all), and whether the State column prints: ss leaves it out
 * when the filter leaves one state possible, as `ss -u` (only ESTAB for UDP) does.
 */
function stateFilter(o: SsOptions): { shows: (s: SsState) => boolean; column: boolean } {
  if (o.all) return { shows: () => true, column: true };
  if (o.listening) return { shows: (s) => s === 'LISTEN' || s === 'UNCONN', column: true };
  return { shows: (s) => s === 'ESTAB', column: o.tcp };
}

function socketsOf(ctx: CommandContext, netns: Netns, o: SsOptions): SsSocket[] {
  const own = socketsIn(ctx.shell.world, netns)
    .map(({ socket, process }) => serverSocket(socket, process))
    .reverse();
  // The established hash (TIME-WAIT too) is dumped after the listeners.
  const now = engineNow(ctx);
  if (now !== undefined)
    own.push(...timeWaitsIn(ctx.shell.world, netns, now).map(timeWaitSocket).reverse());
  const all = ctx.ns.key === HOST_KEY ? [...own, ...dockerProxySockets(ctx.shell.world)] : own;
  const { shows } = stateFilter(o);
  const wanted = all.filter(
    (s) =>
      shows(s.state) &&
      (s.proto === 'tcp' ? o.tcp : o.udp) &&
      (o.family === undefined || s.family === o.family),
  );
  // ss asks the kernel per protocol (UDP before TCP) and per family (IPv4 first).
  const rank = (s: SsSocket) => (s.proto === 'udp' ? 0 : 2) + (s.family === 6 ? 1 : 0);
  return wanted.sort((a, b) => rank(a) - rank(b));
}

export function ss(ctx: CommandContext): CommandResult {
  const o = parse(ctx.argv);
  if ('exit' in o) return o;
  if (!o.tcp && !o.udp)
    return notSimulated('ss without -t or -u (only TCP and UDP sockets are simulated)');
  const netns = netnsOf(ctx);
  if (!netns) return fail('ss: the namespace has no network stack\n');
  const sockets = socketsOf(ctx, netns, o);
  // Netid shows when more than one socket type is asked for (ss: filter_af … current_filter).
  const keep = COLUMNS.map(
    (_, i) => (i !== 0 || (o.tcp && o.udp)) && (i !== 1 || stateFilter(o).column),
  );
  const pick = (r: readonly string[]) => r.filter((_, i) => keep[i]);
  const rows = sockets.map((s) => pick(row(s, o)));
  // -H: the header is neither printed nor measured.
  const table = o.header ? [pick(COLUMNS.map((c) => c.header)), ...rows] : rows;
  return ok(
    table.length === 0
      ? ''
      : render(
          COLUMNS.filter((_, i) => keep[i]),
          table,
        ),
  );
}

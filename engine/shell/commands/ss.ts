/**
 * `ss -l[t][u][n][p]` (iproute2 6.1): the listening TCP and UDP sockets of the namespace the
 * command runs in, from the machine's servers (probe/sockets.ts). No connection outlives a
 * probe here, so there is nothing but listeners to show: without -l (or -a) only the header
 * prints, as on a host with no open connection. Layout is ss's render() when stdout is not a
 * terminal (render_calc_width's compact output): each column as wide as its widest cell, a
 * space before every column but the first and the ports, addresses right-aligned against the
 * `:`. Sockets are listed newest first (the kernel adds to the head of a hash chain).
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';
import { netnsOf, socketsIn, type ListeningSocket, type ServerProcess } from './probe/sockets.ts';
import { serviceByPort } from '../../netfilter/services.ts';

interface SsOptions {
  listening: boolean;
  all: boolean;
  tcp: boolean;
  udp: boolean;
  numeric: boolean;
  processes: boolean;
  header: boolean;
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
      if (a.includes('6')) return notSimulated('ss -6 (IPv6 is not simulated)');
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

/** The backlog a listener's Send-Q shows: nc listen(s, 1), socketserver's request_queue_size 5. */
const BACKLOG: Readonly<Record<string, number>> = { nc: 1, python3: 5 };

function row(s: ListeningSocket, p: ServerProcess, o: SsOptions): string[] {
  const port = o.numeric ? String(s.port) : (serviceByPort(s.port, s.proto) ?? String(s.port));
  const listen = s.proto === 'tcp';
  return [
    s.proto,
    listen ? 'LISTEN' : 'UNCONN',
    '0'.padEnd(6),
    String(listen ? (BACKLOG[p.program] ?? 0) : 0).padEnd(6),
    `${s.addr}:`,
    port,
    '0.0.0.0:',
    '*',
    o.processes ? ` users:(("${p.program}",pid=${p.pid},fd=${s.fd}))` : '',
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

export function ss(ctx: CommandContext): CommandResult {
  const o = parse(ctx.argv);
  if ('exit' in o) return o;
  if (!o.tcp && !o.udp)
    return notSimulated('ss without -t or -u (only TCP and UDP sockets are simulated)');
  const netns = netnsOf(ctx);
  if (!netns) return fail('ss: the namespace has no network stack\n');
  const shown = o.listening || o.all;
  const sockets = shown
    ? socketsIn(ctx.shell.world, netns)
        .filter(({ socket }) => (socket.proto === 'tcp' ? o.tcp : o.udp))
        .reverse()
        .sort((a, b) => (a.socket.proto === b.socket.proto ? 0 : a.socket.proto === 'udp' ? -1 : 1))
    : [];
  // Netid shows when more than one socket type is asked for (ss: filter_af … current_filter).
  const keep = COLUMNS.map((_, i) => i !== 0 || (o.tcp && o.udp));
  const pick = (r: readonly string[]) => r.filter((_, i) => keep[i]);
  const rows = sockets.map(({ socket, process }) => pick(row(socket, process, o)));
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

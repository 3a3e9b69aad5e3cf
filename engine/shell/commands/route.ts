/**
 * `route [-nNvee] [-FC] [-4|-A inet|--inet]` (net-tools 2.10): the main routing table as
 * /proc/net/route gives it (fib_route_seq_show: the main table only, broadcast routes left out),
 * printed by net-tools' rprint_fib. Flags follow fib_flag_trans: U always, G with a gateway, H
 * for a /32; unreachable and prohibit are RTF_REJECT, which net-tools prints as `!` (`!H` for a
 * /32) with `-` for the gateway, Ref and the device. A route without a device (blackhole) shows Iface `*`. Rows
 * come in the fib trie's order: by destination, the longer prefix first at one destination,
 * then by metric. Changing routes with route add/del is not simulated (ip route is).
 */
import { formatIpv4, prefixMask } from '../../packet/ipv4.ts';
import { fibDumpOrder, type Route } from '../../routing/table.ts';
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';

/**
 * -e once: netstat's layout (MSS Window irtt); twice: everything on one long line. net-tools
 * counts -e in a two-bit field that wraps (measured: -eee prints the title alone, -eeee the
 * plain layout again), and rprint_fib has no layout for 3.
 */
type Layout = 0 | 1 | 2;
type Extend = Layout | 3;

interface RouteOptions {
  numeric: boolean;
  extend: Extend;
  cache: boolean;
}

const USAGE =
  'Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n' +
  '       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n\n' +
  '       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n' +
  '       route {-V|--version}                  Display version/author and exit.\n\n' +
  '        -v, --verbose            be verbose\n' +
  "        -n, --numeric            don't resolve names\n" +
  '        -e, --extend             display other/more information\n' +
  '        -F, --fib                display Forwarding Information Base (default)\n' +
  '        -C, --cache              display routing cache instead of FIB\n\n' +
  "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n" +
  '  List of possible address families (which support routing):\n';

/** print_aflist: always on stderr, whichever stream the usage went to. */
const AFLIST =
  '    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n' +
  '    ddp (Appletalk DDP) x25 (CCITT X.25) \n';

const VERSION =
  'net-tools 2.10\n' +
  '+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\n' +
  'AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n' +
  'HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n';

/** Families net-tools knows besides inet; none of them is simulated. */
const OTHER_FAMILIES = ['inet6', 'ax25', 'netrom', 'rose', 'ipx', 'ddp', 'x25'];

/**
 * -h and a bad option print the usage on stdout and exit 0 (net-tools 2.10 as measured); a
 * stray operand prints it on stderr and exits 3 (E_OPTERR).
 */
const usage = (before = ''): CommandResult => ({
  exit: 0,
  stdout: USAGE,
  stderr: before + AFLIST,
});
const operandError: CommandResult = fail(USAGE + AFLIST, 3);

const LONG: Readonly<Record<string, string>> = {
  '--numeric': 'n',
  '--verbose': 'v',
  '--extend': 'e',
  '--fib': 'F',
  '--cache': 'C',
  '--inet': '4',
  '--inet6': '6',
  '--help': 'h',
  '--version': 'V',
};

type Parsed = RouteOptions | CommandResult;

/** getopt_long over "A:eCFhnN64Vv" and the family long options. */
function parse(argv: readonly string[]): Parsed {
  const o: RouteOptions = { numeric: false, extend: 0, cache: false };
  let options = true;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    // getopt: `--` ends the options; what follows is an operand even if it starts with `-`.
    if (options && a === '--') options = false;
    else if (!options) {
      const r = operand(a);
      if (r) return r;
    } else if (a.startsWith('--')) {
      const letter = LONG[a];
      if (letter === undefined) {
        const family = a.slice(2);
        if (OTHER_FAMILIES.includes(family)) return notSimulated(`route ${a}`);
        return usage(`route: unrecognized option '${a}'\n`);
      }
      const r = apply(o, letter);
      if (r) return r;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const letter = a[k]!;
        if (letter === 'A') {
          const family = k + 1 < a.length ? a.slice(k + 1) : argv[++i];
          if (family === undefined) return usage("route: option requires an argument -- 'A'\n");
          const r = addressFamily(family);
          if (r) return r;
          break;
        }
        const r = apply(o, letter);
        if (r) return r;
      }
    } else {
      const r = operand(a);
      if (r) return r;
    }
  }
  return o;
}

/** An operand: a change (add, del, flush: not simulated) or a stray word (usage, exit 3). */
function operand(a: string): CommandResult | undefined {
  if (['add', 'del', 'delete', 'flush'].includes(a))
    return notSimulated(`route ${a} (change routes with ip route ${a === 'flush' ? 'del' : a})`);
  return operandError;
}

function addressFamily(family: string): CommandResult | undefined {
  if (family === 'inet') return undefined;
  if (OTHER_FAMILIES.includes(family)) return notSimulated(`route -A ${family}`);
  return fail(`Unknown address family \`${family}'.\n`);
}

/** One option letter; a result ends the command (help, version, refusal). */
function apply(o: RouteOptions, letter: string): CommandResult | undefined {
  switch (letter) {
    case 'n':
    case 'N': // measured: -N alone prints 0.0.0.0, not `default`
      o.numeric = true;
      return undefined;
    case 'e':
      o.extend = ((o.extend + 1) % 4) as Extend;
      return undefined;
    case 'C':
      o.cache = true;
      return undefined;
    case 'F':
      o.cache = false;
      return undefined;
    case 'v':
    case '4':
      return undefined;
    case '6':
      return notSimulated('route -6 (IPv6)');
    case 'h':
      return usage();
    case 'V':
      return ok(VERSION);
    default:
      return usage(`route: invalid option -- '${letter}'\n`);
  }
}

const HEADERS: Readonly<Record<Layout, string>> = {
  0: 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n',
  1: 'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n',
  2: 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n',
};

/** The routing cache is gone since Linux 3.6: only rprint_cache's header prints. */
const CACHE_HEADERS: Readonly<Record<Layout, string>> = {
  0: 'Source          Destination     Gateway         Flags Metric Ref    Use Iface\n',
  1: 'Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n',
  2: 'Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n',
};

/**
 * Names net-tools' INET_rresolve finds without DNS on a stock Debian host: 0.0.0.0 as a
 * destination is `default`; an address ending in .0 is looked up in /etc/networks (default,
 * loopback, link-local), any other in /etc/hosts (localhost). A real host would also ask DNS
 * for a PTR name (and with libnss-myhostname call its gateway `_gateway`); the simulator has no
 * resolver, so those addresses stay numeric, as on a host whose lookups find nothing.
 */
const NETWORKS: Readonly<Record<string, string>> = {
  '127.0.0.0': 'loopback',
  '169.254.0.0': 'link-local',
};
const HOSTS: Readonly<Record<string, string>> = { '127.0.0.1': 'localhost' };

function resolve(addr: string, numeric: boolean): string {
  if (numeric) return addr;
  return (addr.endsWith('.0') ? NETWORKS[addr] : HOSTS[addr]) ?? addr;
}

const isReject = (r: Route) => r.type === 'unreachable' || r.type === 'prohibit';

/** rprint_fib: U, G; RTF_REJECT replaces those with `!` (strcpy); H is appended after it. */
function flags(r: Route): string {
  const head = isReject(r) ? '!' : `U${r.via !== undefined ? 'G' : ''}`;
  return `${head}${r.len === 32 ? 'H' : ''}`;
}

const left = (text: string, width: number) => text.padEnd(width);
const right = (text: string, width: number) => text.padStart(width);

/** One rprint_fib line: `%-15s %-15s %-15s %-6s` then the layout's own columns. */
function line(r: Route, o: RouteOptions): string {
  const reject = isReject(r);
  const dst = formatIpv4(r.dst);
  const destination = r.len === 0 && !o.numeric ? 'default' : resolve(dst, o.numeric);
  const gateway = reject
    ? '-'
    : r.via === undefined
      ? '0.0.0.0'
      : resolve(formatIpv4(r.via), o.numeric);
  const head = `${left(destination, 15)} ${left(gateway, 15)} ${left(formatIpv4(prefixMask(r.len)), 15)} ${left(flags(r), 6)}`;
  const iface = reject ? '-' : (r.dev ?? '*');
  const ref = reject ? '-' : '0';
  // MSS (fib_advmss), Window and irtt: the engine's routes set none of them.
  const zero = reject ? '-' : '0';
  if (o.extend === 1)
    return `${head}${right(zero, 5)} ${left(zero, 6)} ${right(zero, 5)} ${iface}\n`;
  const base = `${head}${left(String(r.metric), 6)} ${left(ref, 3)} ${right('0', 6)} `;
  if (o.extend === 0) return `${base}${iface}\n`;
  return `${base}${left(iface, 8)} ${left(zero, 5)} ${left(zero, 6)} ${zero}\n`;
}

export function route(ctx: CommandContext): CommandResult {
  const o = parse(ctx.argv);
  if ('exit' in o) return o;
  if (o.extend === 3) return ok(`Kernel IP routing ${o.cache ? 'cache' : 'table'}\n`);
  if (o.cache) return ok(`Kernel IP routing cache\n${CACHE_HEADERS[o.extend]}`);
  const rows = ctx.ns.net
    .routes()
    .filter((r) => r.table === 'main' && r.type !== 'broadcast')
    .sort(fibDumpOrder)
    .map((r) => line(r, o));
  return ok(`Kernel IP routing table\n${HEADERS[o.extend]}${rows.join('')}`);
}

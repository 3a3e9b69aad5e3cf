/**
 * nc -z HOST PORT: a TCP connect (or netcat's UDP test) through the packet path to whatever
 * listens there (run.ts: the machine's servers; nothing listening gets RST). `nc -l` starts a
 * server (servers.ts); curl is curl.ts. Failures print netcat-openbsd's own messages and exit
 * codes.
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../../types.ts';
import { isIpv4, newCapture, runProbeServed } from './run.ts';
import { ncListen } from './servers.ts';

export { curl } from './curl.ts';
import { netnsOf } from './sockets.ts';
import { parseIpv4 } from '../../../packet/ipv4.ts';
import { lookupRoute } from '../../../routing/table.ts';
import { routeErrno } from '../../../stack/ip.ts';
import { serviceByName, serviceByPort } from '../../../netfilter/services.ts';

const NC_ERRNO: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
};

/** netcat.c: how long udptest keeps writing without -w. */
const UDP_SCAN_TIMEOUT = 3;

/** `-w S` (netcat.c: strtonum(optarg, 0, INT_MAX / 1000)), or its error message. */
/**
 * The port operand of a client (netcat-openbsd 1.219 build_ports/strtoport): a number from 1
 * to 65535 (strtonum, so `+5` and `08` are 5 and 8), else a service name from /etc/services
 * (getservbyname), printed as its number. Measured: `nc -zv H 0` says `port number too
 * small: 0`, `99999` `too large`, `abc` `port number invalid: abc`. A range LO-HI scans each
 * port in turn, which is not simulated.
 */
function clientPort(text: string, udp: boolean): number | CommandResult {
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1) return fail(`nc: port number too small: ${text}\n`);
    if (n > 65535) return fail(`nc: port number too large: ${text}\n`);
    return n;
  }
  if (/^[^-]+-[^-]+$/.test(text)) return notSimulated('nc -z over a port range');
  const service = serviceByName(text, udp ? 'udp' : 'tcp');
  return service ?? fail(`nc: port number invalid: ${text}\n`);
}

function parseWait(text: string | undefined): number | CommandResult {
  if (text === undefined) return fail(`nc: option requires an argument -- 'w'\n${NC_USAGE}`, 1);
  if (!/^[-+]?\d+$/.test(text.trim())) return fail(`nc: timeout invalid: ${text}\n`);
  const n = Number(text);
  if (n < 0) return fail(`nc: timeout too small: ${text}\n`);
  if (n > Math.floor(2147483647 / 1000)) return fail(`nc: timeout too large: ${text}\n`);
  return n;
}

const NC_USAGE = 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n';

/**
 * connect() on a UDP socket looks the route up and fails at once without one (ENETUNREACH)
 * or on an unreachable/prohibit/blackhole route, before anything is sent.
 */
function udpConnectError(ctx: CommandContext, host: string): string | undefined {
  const netns = netnsOf(ctx);
  if (!netns) return undefined;
  return routeErrno(lookupRoute(netns.routes(), parseIpv4(host)!));
}

/** nc -z [-v] [-u] [-w S] HOST PORT (netcat-openbsd): exit 0 when the port answers. */
export function nc(ctx: CommandContext): CommandResult {
  if (ctx.argv.some((a) => /^-[a-zA-Z]*l/.test(a))) return ncListen(ctx);
  let zero = false;
  let verbose = false;
  let udp = false;
  let wait: number | undefined;
  const operands: string[] = [];
  for (let i = 1; i < ctx.argv.length; i++) {
    const a = ctx.argv[i]!;
    if (a.startsWith('-w')) {
      const w = parseWait(a === '-w' ? ctx.argv[++i] : a.slice(2));
      if (typeof w !== 'number') return w;
      wait = w;
    } else if (/^-[zvnu]+$/.test(a)) {
      zero ||= a.includes('z');
      verbose ||= a.includes('v');
      udp ||= a.includes('u');
    } else if (a.startsWith('-')) return notSimulated(`nc ${a}`);
    else operands.push(a);
  }
  if (!zero) return notSimulated('nc without -z (only port checks are simulated)');
  const [host, portOperand] = operands;
  if (host === undefined || portOperand === undefined) return fail(NC_USAGE, 1);
  const port = clientPort(portOperand, udp);
  if (typeof port !== 'number') return port;
  const portText = String(port);
  if (!isIpv4(host))
    return fail(`nc: getaddrinfo for host "${host}" port ${portText}: Name or service not known\n`);
  newCapture(ctx);
  const proto = udp ? ('udp' as const) : ('tcp' as const);
  const failed = (errno: string | undefined) => {
    const why = NC_ERRNO[String(errno)] ?? 'Connection refused';
    return fail(
      verbose ? `nc: connect to ${host} port ${portText} (${proto}) failed: ${why}\n` : '',
    );
  };
  const routeError = udp ? udpConnectError(ctx, host) : undefined;
  if (routeError !== undefined) return failed(routeError);
  // -u -z without -v sends nothing at all (netcat-openbsd 1.219 tests a UDP port only in
  // verbose mode; measured: no datagram leaves) and reports success.
  if (udp && !verbose) return ok();
  // -u -z -v: udptest writes "X" twice at once, then once a second for -w seconds (3 without);
  // it fails, silently, when the first write fails (OUTPUT dropped it: EPERM) or a later one
  // meets ECONNREFUSED (an ICMP port unreachable came back). Other ICMP errors do not count
  // (measured: a REJECT with icmp-proto-unreachable or icmp-net-unreachable leaves nc -zvu
  // successful). Nothing answers: the listener (nc -lu) only reads.
  const dst = { proto, dst: host, dport: port };
  const seconds = udp ? (wait ?? UDP_SCAN_TIMEOUT) : undefined;
  const { result, served } = runProbeServed(ctx, dst, { udptestSeconds: seconds });
  const { client } = result;
  if (udp && client.result !== 'sent') return fail('');
  // The listener (nc -lu) prints what it reads: one "X" per datagram, seconds + 2 of them;
  // nc -z over TCP sends nothing. Measured: `XXX` then nc's line for -w 1 (the last X can
  // also land after it: two processes race for the terminal; here the datagram arrives first).
  if (udp) for (const s of served) s.process.output?.write(1, 'X'.repeat(seconds! + 2));
  if (client.result === 'connected' || udp) {
    // getservbyport(3) over /etc/services; nc prints `*` when it finds nothing.
    const service = serviceByPort(port, proto) ?? '*';
    return {
      exit: 0,
      stdout: '',
      stderr: verbose
        ? `Connection to ${host} ${portText} port [${proto}/${service}] succeeded!\n`
        : '',
    };
  }
  if (client.result === 'timeout')
    return fail(
      verbose
        ? `nc: connect to ${host} port ${portText} (${proto}) timed out: Operation now in progress\n`
        : '',
    );
  return failed(client.errno as string | undefined);
}

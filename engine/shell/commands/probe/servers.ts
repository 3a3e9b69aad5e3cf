/**
 * Servers a learner starts in the background: `nc -l[k][u] [-p] [ADDR] PORT &` (netcat-openbsd)
 * and `python3 -m http.server [PORT] [-b ADDR] &`. Each opens one listening socket in the
 * namespace it runs in (sockets.ts), which probes then reach. Bind rules are Linux's
 * (inet_csk_bind_conflict): two sockets on one port conflict when their addresses overlap (one
 * is 0.0.0.0 or both are the same) unless both set SO_REUSEPORT, which netcat-openbsd does and
 * python's http.server (SO_REUSEADDR only) does not. Messages are those of netcat-openbsd 1.219
 * and Python 3.11; Python's traceback frames are left out, its last line kept.
 */
import { formatIpv4, parseIpv4 } from '../../../packet/ipv4.ts';
import type { DockerState } from '../../../generators/docker/index.ts';
import type { Netns } from '../../../stack/netns.ts';
import { HOST_KEY } from '../../net/state.ts';
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../../types.ts';
import { netnsOf, socketsIn, startServer, type SocketProto } from './sockets.ts';
import type { StaticSite } from './httpServer.ts';
import { HOME } from '../../runtime/expand.ts';

interface Bind {
  readonly proto: SocketProto;
  readonly addr: string;
  readonly port: number;
  readonly reusePort: boolean;
}

/** Why the bind fails (an errno's text), or undefined when it succeeds. */
function bindError(ctx: CommandContext, netns: Netns, b: Bind): string | undefined {
  const addr = parseIpv4(b.addr)!;
  if (addr !== 0 && !netns.isLocalAddress(addr)) return 'Cannot assign requested address';
  const clash = socketsIn(ctx.shell.world, netns).some(
    ({ socket, process }) =>
      socket.proto === b.proto &&
      socket.port === b.port &&
      (socket.addr === '0.0.0.0' || b.addr === '0.0.0.0' || socket.addr === b.addr) &&
      !(b.reusePort && REUSE_PORT.has(process.program)),
  );
  return clash || dockerHolds(ctx, b) ? 'Address already in use' : undefined;
}

/**
 * A port dockerd publishes on the host is held by docker-proxy (or dockerd's dummy proxy),
 * whose Go socket sets SO_REUSEADDR but not SO_REUSEPORT: any overlapping bind fails
 * (measured: nc -l, nc -lu and python3 -m http.server next to docker-proxy 20.10.24).
 */
function dockerHolds(ctx: CommandContext, b: Bind): boolean {
  if (ctx.ns.key !== HOST_KEY) return false;
  const docker = ctx.shell.world.peekState<DockerState>('docker');
  return (docker?.proxies ?? []).some(
    (p) =>
      p.family === 4 &&
      p.proto === b.proto &&
      p.hostPort === b.port &&
      (p.hostIp === '0.0.0.0' || b.addr === '0.0.0.0' || p.hostIp === b.addr),
  );
}

/** Programs whose listening sockets set SO_REUSEPORT (netcat-openbsd's local_listen). */
const REUSE_PORT = new Set(['nc']);

function blocks(what: string, example: string): CommandResult {
  return fail(
    `packetpath: '${what}' waits for connections and would block this terminal; run it in the background: ${example} &\n`,
  );
}

interface NcListen {
  udp: boolean;
  keep: boolean;
  port?: string;
  operands: string[];
}

const NC_USAGE = 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n';

function parseNcListen(argv: readonly string[]): NcListen | CommandResult {
  const o: NcListen = { udp: false, keep: false, operands: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-p') {
      o.port = argv[++i];
      if (o.port === undefined) return fail(NC_USAGE, 1);
    } else if (/^-[lkuvn]+$/.test(a)) {
      o.udp ||= a.includes('u');
      o.keep ||= a.includes('k');
    } else if (/^-[a-zA-Z]*z/.test(a)) return fail('nc: cannot use -z and -l\n');
    else if (a.startsWith('-')) return notSimulated(`nc -l with ${a}`);
    else o.operands.push(a);
  }
  return o;
}

/** `nc -l …`: listens until killed; without -k it serves one peer (sockets.ts oneShot). */
export function ncListen(ctx: CommandContext): CommandResult {
  const o = parseNcListen(ctx.argv);
  if ('exit' in o) return o;
  const operands = o.port === undefined ? o.operands : [...o.operands, o.port];
  if (operands.length === 0) return fail('nc: missing port number\n');
  if (operands.length > 2) return fail(NC_USAGE, 1);
  const portText = operands[operands.length - 1]!;
  const addr = operands.length === 2 ? operands[0]! : '0.0.0.0';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535)
    return fail(`nc: port number invalid: ${portText}\n`);
  // getaddrinfo fails on anything but a dotted address here (no resolver is simulated).
  if (parseIpv4(addr) === undefined) return fail(`nc: getaddrinfo: Name or service not known\n`);
  if (!ctx.background) return blocks('nc -l', ctx.argv.join(' '));
  const bind: Bind = {
    proto: o.udp ? 'udp' : 'tcp',
    addr,
    port: Number(portText),
    reusePort: true,
  };
  return listen(ctx, 'nc', bind, !o.keep, (why) => fail(`nc: ${why}\n`));
}

function listen(
  ctx: CommandContext,
  program: string,
  b: Bind,
  oneShot: boolean,
  failed: (why: string) => CommandResult,
  web?: { banner: string; site: StaticSite },
): CommandResult {
  const netns = netnsOf(ctx);
  if (!netns) return notSimulated(`${program} outside a simulated namespace`);
  const why = bindError(ctx, netns, b);
  if (why !== undefined) return failed(why);
  const socket = { proto: b.proto, addr: formatIpv4(parseIpv4(b.addr)!), port: b.port, fd: 3 };
  startServer(ctx.shell.world, {
    pid: ctx.background!.pid,
    program,
    netns,
    sockets: [socket],
    oneShot,
    output: ctx.background!.output,
    ...(web === undefined ? {} : { site: web.site }),
  });
  return ok(web?.banner ?? '');
}

const HTTP_SERVER_USAGE =
  'usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n';

/**
 * `python3 -m http.server [PORT] [-b|--bind ADDR] [-d DIR]`: nothing else of Python runs. It
 * serves the shell's directory (HOME) or DIR, as far as the session's files model it.
 */
export function python3(ctx: CommandContext): CommandResult {
  const [, flag, module, ...rest] = ctx.argv;
  if (flag !== '-m' || module !== 'http.server')
    return notSimulated(`${ctx.argv.join(' ')} (only python3 -m http.server is simulated)`);
  let addr = '0.0.0.0';
  let portText = '8000';
  let dir = HOME;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-b' || a === '--bind' || a === '-d' || a === '--directory') {
      const v = rest[++i];
      if (v === undefined)
        return fail(
          `${HTTP_SERVER_USAGE}server.py: error: argument ${a}: expected one argument\n`,
          2,
        );
      if (a === '-b' || a === '--bind') addr = v;
      else dir = v;
    } else if (a.startsWith('-')) return notSimulated(`python3 -m http.server ${a}`);
    else if (!/^-?\d+$/.test(a))
      return fail(
        `${HTTP_SERVER_USAGE}server.py: error: argument port: invalid int value: '${a}'\n`,
        2,
      );
    else portText = a;
  }
  const port = Number(portText);
  if (port === 0) return notSimulated('python3 -m http.server 0 (a port the kernel picks)');
  if (port > 65535 || port < 0) return fail('OverflowError: bind(): port must be 0-65535.\n');
  // An IPv6 address is served (http.server's _get_best_family picks AF_INET6); not simulated.
  if (addr.includes(':')) return notSimulated(`python3 -m http.server -b ${addr} (IPv6)`);
  if (parseIpv4(addr) === undefined)
    return fail('socket.gaierror: [Errno -2] Name or service not known\n');
  if (!ctx.background) return blocks('python3 -m http.server', ctx.argv.join(' '));
  const { files } = ctx.shell;
  if (files.entries(dir) === undefined)
    return notSimulated(
      `python3 -m http.server serving ${files.resolve(dir)} (the simulated files are those written under /root and /tmp)`,
    );
  const errno = { 'Address already in use': 98, 'Cannot assign requested address': 99 };
  return listen(
    ctx,
    'python3',
    { proto: 'tcp', addr, port, reusePort: false },
    false,
    (why) => fail(`OSError: [Errno ${errno[why as keyof typeof errno]}] ${why}\n`),
    {
      banner: `Serving HTTP on ${addr} port ${port} (http://${addr}:${port}/) ...\n`,
      site: { dir: files.resolve(dir), files },
    },
  );
}

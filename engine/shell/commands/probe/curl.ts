/**
 * curl URL (curl 7.88.1): a TCP connect through the packet path to whatever listens there
 * (run.ts: the machine's servers; nothing listening gets RST). A `python3 -m http.server`
 * answers as Python's does (httpServer.ts) and curl prints what it got; any other server's
 * content is not simulated, and curl says so. Output is curl's with its stdout a terminal: no
 * progress meter (so `-o FILE` is taken with -s only), and -i/-I header names without the
 * bold a terminal shows.
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../../types.ts';
import { headerBlock, respond, type HttpResponse } from './httpServer.ts';
import { isIpv4, newCapture, runProbe } from './run.ts';
import { acceptingServer, type ServerProcess } from './sockets.ts';
import type { Netns } from '../../../stack/netns.ts';

const URL_RE = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?#].*)?$/;

interface CurlArgs {
  url?: string;
  timeoutMs: number;
  silent: boolean;
  showError: boolean;
  failOnError: boolean;
  include: boolean;
  head: boolean;
  verbose: boolean;
  output?: string;
}

const FLAGS: Readonly<Record<string, keyof CurlArgs>> = {
  s: 'silent',
  S: 'showError',
  f: 'failOnError',
  i: 'include',
  I: 'head',
  v: 'verbose',
};

const LONG: Readonly<Record<string, string>> = {
  '--silent': 's',
  '--show-error': 'S',
  '--fail': 'f',
  '--include': 'i',
  '--head': 'I',
  '--verbose': 'v',
  '--max-time': 'm',
  '--connect-timeout': 'm',
  '--output': 'o',
};

function parseArgs(argv: readonly string[]): CurlArgs | CommandResult {
  const o: CurlArgs = {
    timeoutMs: 130000,
    silent: false,
    showError: false,
    failOnError: false,
    include: false,
    head: false,
    verbose: false,
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') {
      o.url = a;
      continue;
    }
    const letters = a.startsWith('--') ? LONG[a] : a.slice(1);
    if (letters === undefined) return notSimulated(`curl ${a}`);
    for (let k = 0; k < letters.length; k++) {
      const c = letters[k]!;
      const flag = FLAGS[c];
      if (flag !== undefined) {
        (o as unknown as Record<string, boolean>)[flag] = true;
        continue;
      }
      if (c !== 'm' && c !== 'o') return notSimulated(`curl ${a}`);
      const v = k + 1 < letters.length ? letters.slice(k + 1) : argv[++i];
      const name = a.startsWith('--') ? a : `-${c}`;
      if (c === 'o') {
        if (v === undefined) return fail(`curl: option ${name}: requires parameter\n${HELP}`, 2);
        o.output = v;
      } else if (v === undefined || !/^\d+(\.\d+)?$/.test(v))
        return fail(`curl: option ${name}: expected a proper numerical parameter\n${HELP}`, 2);
      else o.timeoutMs = Math.round(Number(v) * 1000);
      break;
    }
  }
  return o;
}

const HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** curl's error line: -s hides it unless -S. */
function curlError(o: CurlArgs, code: number, text: string, verbose = ''): CommandResult {
  const shown = !o.silent || o.showError ? `curl: (${code}) ${text}\n` : '';
  return fail(verbose + shown, code);
}

export function curl(ctx: CommandContext): CommandResult {
  const o = parseArgs(ctx.argv);
  if ('exit' in o) return o;
  if (o.url === undefined) return fail(HELP, 2);
  // Without -s, curl draws its progress meter when the body goes to a file.
  if (o.output !== undefined && !o.silent)
    return notSimulated('curl -o without -s (its progress meter)');
  const m = URL_RE.exec(o.url);
  if (!m) return curlError(o, 3, 'URL using bad/illegal format or missing URL');
  const [, scheme, host, portText, rest] = m;
  if (!isIpv4(host!)) return curlError(o, 6, `Could not resolve host: ${host}`);
  const port = portText === undefined ? (scheme === 'https' ? 443 : 80) : Number(portText);
  if (port > 65535) return curlError(o, 3, 'URL using bad/illegal format or missing URL');
  newCapture(ctx);
  const result = runProbe(ctx, { proto: 'tcp', dst: host!, dport: port });
  const { client } = result;
  if (client.result === 'timeout') {
    const after = `after ${o.timeoutMs} ms: Timeout was reached`;
    return curlError(o, 28, `Failed to connect to ${host} port ${port} ${after}`);
  }
  if (client.result !== 'connected') {
    const why = `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`;
    return curlError(o, 7, why);
  }
  const server = serverOf(ctx, result.server);
  if (server?.site === undefined || scheme === 'https')
    return ok(
      `packetpath: connected to ${host} port ${port}; no HTTP server is simulated there, so no page follows\n`,
    );
  // curl sends the URL's path and query; a URL without a path asks for `/`.
  const target = (rest ?? '/').split('#')[0]!.replace(/^\?/, '/?') || '/';
  const response = respond(server.site, target, ctx.shell.now());
  if (response === undefined)
    return ok(
      `packetpath: connected to ${host} port ${port}; python3 -m http.server would send a file or a redirect for ${target}, which is not simulated\n`,
    );
  const hostHeader = port === 80 ? host! : `${host}:${port}`;
  return deliver(ctx, o, response, { host: host!, port, hostHeader, target });
}

/** The python http.server whose socket accepted the probe's connection, if one did. */
function serverOf(
  ctx: CommandContext,
  server: Readonly<Record<string, Record<string, unknown>>>,
): ServerProcess | undefined {
  const world = ctx.shell.world as unknown as { engine?: { namespaces: Map<string, Netns> } };
  for (const [nsName, view] of Object.entries(server)) {
    const netns = world.engine?.namespaces.get(nsName);
    const local = view.local as [string, number] | undefined;
    if (netns === undefined || local === undefined || view.accepted !== true) continue;
    const found = acceptingServer(ctx.shell.world, netns, 'tcp', {
      addr: local[0],
      port: local[1],
    });
    if (found) return found;
  }
  return undefined;
}

interface Request {
  readonly host: string;
  readonly port: number;
  readonly hostHeader: string;
  readonly target: string;
}

/** What curl prints of the response: headers with -i/-I, the body unless HEAD or -f failed. */
function deliver(ctx: CommandContext, o: CurlArgs, r: HttpResponse, req: Request): CommandResult {
  const failed = o.failOnError && r.status >= 400;
  const headers = headerBlock(r);
  const body = o.head || failed ? '' : r.body;
  let stdout = o.include || o.head ? headers : '';
  if (o.output !== undefined) {
    const written = save(ctx, o, o.output, stdout, body);
    if (written !== undefined) return written;
    stdout = '';
  } else stdout += body;
  const verbose = o.verbose ? verboseLines(o, r, req, failed) : '';
  if (failed) {
    const err = curlError(o, 22, `The requested URL returned error: ${r.status}`, verbose);
    return { ...err, stdout };
  }
  return { exit: 0, stdout, stderr: verbose };
}

/**
 * -o FILE: curl opens the file when the first data arrives (measured with curl 7.88.1: -f's
 * 404 leaves no file), so a directory that is not there fails after the transfer: `Failed
 * writing header` when -i/-I headers come first, else `Failure writing output to destination`
 * (23; its `Warning: Failed to open the file` line is -s's to hide).
 */
function save(
  ctx: CommandContext,
  o: CurlArgs,
  path: string,
  headers: string,
  body: string,
): CommandResult | undefined {
  if (headers === '' && body === '') return undefined;
  const opened = ctx.shell.files.open(path, false, ctx.ns.sysctl);
  if ('notSimulated' in opened) return notSimulated(`curl -o: ${opened.notSimulated}`);
  if (!opened.ok) {
    const what = headers === '' ? 'Failure writing output to destination' : 'Failed writing header';
    return curlError(o, 23, what);
  }
  opened.file.write(headers + body);
  return undefined;
}

/** curl -v's trace on stderr (the body goes to stdout between its two parts). */
function verboseLines(o: CurlArgs, r: HttpResponse, req: Request, failed: boolean): string {
  const request = [
    `${o.head ? 'HEAD' : 'GET'} ${req.target} HTTP/1.1`,
    `Host: ${req.hostHeader}`,
    'User-Agent: curl/7.88.1',
    'Accept: */*',
    '',
  ];
  const response = headerBlock(r)
    .split('\r\n')
    .slice(0, failed ? -2 : -1)
    .map((l) => `< ${l}\r\n`)
    .join('');
  return (
    `*   Trying ${req.host}:${req.port}...\n` +
    `* Connected to ${req.host} (${req.host}) port ${req.port} (#0)\n` +
    request.map((l) => `> ${l}\r\n`).join('') +
    '* HTTP 1.0, assume close after body\n' +
    response +
    (failed ? `* The requested URL returned error: ${r.status}\n` : '') +
    '* Closing connection 0\n'
  );
}

/**
 * curl URL (curl 7.88.1): a TCP connect through the packet path to whatever listens there
 * (run.ts: the machine's servers; nothing listening gets RST). A `python3 -m http.server`
 * answers as Python's does (httpServer.ts) and curl prints what it got; any other server's
 * content is not simulated, and curl says so. Output is curl's with its stdout a terminal: no
 * progress meter (so `-o FILE` is taken with -s only), and -i/-I header names without the
 * bold a terminal shows.
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../../types.ts';
import { headerBlock, logLines, respond, type HttpResponse } from './httpServer.ts';
import { isIpv4, newCapture, runProbeServed } from './run.ts';
import { fromChunks } from '../../runtime/terminal.ts';

/** The scheme is case-insensitive; an empty port (`host:/x`) is the scheme's default. */
const URL_RE = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d*))?([/?#].*)?$/i;

const SCHEME_RE = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * URLs curl 7.88.1 connects to but URL_RE does not take (measured: each meets
 * `(7) Failed to connect` on a closed port): another scheme (ftp://, gopher://…), a
 * user[:password]@ (curl sends it as Authorization), an IPv6 literal. Say so, not `(3)`.
 */
function unsimulatedUrl(url: string): CommandResult | undefined {
  const scheme = SCHEME_RE.exec(url)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) return notSimulated(`curl ${scheme}://`);
  const authority = url.slice(scheme === undefined ? 0 : scheme.length + 3).split(/[/?#]/)[0]!;
  if (authority.includes('@')) return notSimulated('curl with user@ in the URL');
  if (authority.startsWith('[')) return notSimulated('curl to an IPv6 address');
  return undefined;
}

interface Url {
  readonly scheme: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly rest: string | undefined;
}

function parseUrl(o: CurlArgs, text: string): Url | CommandResult {
  const unsimulated = unsimulatedUrl(text);
  if (unsimulated) return unsimulated;
  const m = URL_RE.exec(text);
  // `http://` alone must not fall back to the scheme-less form (host `http`, empty port).
  if (!m || (m[1] === undefined && SCHEME_RE.test(text)))
    return curlError(o, 3, 'URL using bad/illegal format or missing URL');
  const [, schemeText, host, portText, rest] = m;
  const scheme = schemeText?.toLowerCase();
  if (!isIpv4(host!)) return curlError(o, 6, `Could not resolve host: ${host}`);
  const port = !portText ? (scheme === 'https' ? 443 : 80) : Number(portText);
  if (port > 65535) return curlError(o, 3, 'URL using bad/illegal format or missing URL');
  return { scheme, host: host!, port, rest };
}

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
  const url = parseUrl(o, o.url);
  if ('exit' in url) return url;
  const { scheme, host, port, rest } = url;
  newCapture(ctx);
  const { result, served } = runProbeServed(
    ctx,
    { proto: 'tcp', dst: host, dport: port },
    { httpRequest: true },
  );
  const { client } = result;
  if (client.result === 'timeout') {
    const after = `after ${o.timeoutMs} ms: Timeout was reached`;
    return curlError(o, 28, `Failed to connect to ${host} port ${port} ${after}`);
  }
  if (client.result !== 'connected') {
    const why = `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`;
    return curlError(o, 7, why);
  }
  // curl sends the URL's path and query; a URL without a path asks for `/`.
  const target = (rest ?? '/').split('#')[0]!.replace(/^\?/, '/?') || '/';
  const hostHeader = port === 80 ? host : `${host}:${port}`;
  const req: Request = { host, port, hostHeader, target, method: o.head ? 'HEAD' : 'GET' };
  const server = served.find((s) => s.socket.proto === 'tcp');
  if (server?.process.program === 'nc' && scheme !== 'https')
    server.process.output?.write(1, requestText(req));
  const site = server?.process.site;
  if (site === undefined || scheme === 'https')
    return ok(
      `packetpath: connected to ${host} port ${port}; no HTTP server is simulated there, so no page follows\n`,
    );
  const response = respond(site, target, ctx.shell.now());
  if (response === undefined)
    return ok(
      `packetpath: connected to ${host} port ${port}; python3 -m http.server would send a file or a redirect for ${target}, which is not simulated\n`,
    );
  // Python logs the request on its stderr before it writes the body (send_response ->
  // log_request), so the log line comes before curl's output of the answer.
  server!.process.output?.write(2, logLines(server!.peer.addr, req, response, ctx.shell.now()));
  return deliver(ctx, o, response, req);
}

interface Request {
  readonly host: string;
  readonly port: number;
  readonly hostHeader: string;
  readonly target: string;
  readonly method: 'GET' | 'HEAD';
}

/** The request curl 7.88.1 sends (what `nc -l` prints when curl connects to it). */
function requestText(req: Request): string {
  return [
    `${req.method} ${req.target} HTTP/1.1`,
    `Host: ${req.hostHeader}`,
    'User-Agent: curl/7.88.1',
    'Accept: */*',
    '',
    '',
  ].join('\r\n');
}

/**
 * What curl prints of the response, in order: -v's request lines, what background jobs
 * printed meanwhile (the server's log), -v's response lines, the headers (-i/-I) and the body
 * unless HEAD or -f failed, then -v's closing lines and the error.
 */
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
  const v = (text: string) => ({ fd: 2 as const, text: o.verbose ? text : '' });
  const error = failed ? curlError(o, 22, `The requested URL returned error: ${r.status}`) : ok();
  const closing = `${failed ? `* The requested URL returned error: ${r.status}\n` : ''}* Closing connection 0\n`;
  return fromChunks(error.exit, [
    v(verboseRequest(req)),
    ...ctx.shell.takeJobOutput(),
    v(verboseResponse(r, failed)),
    { fd: 1, text: stdout },
    v(closing),
    { fd: 2, text: error.stderr },
  ]);
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

/** curl -v's trace on stderr up to the request it sent. */
function verboseRequest(req: Request): string {
  const request = [
    `${req.method} ${req.target} HTTP/1.1`,
    `Host: ${req.hostHeader}`,
    'User-Agent: curl/7.88.1',
    'Accept: */*',
    '',
  ];
  return (
    `*   Trying ${req.host}:${req.port}...\n` +
    `* Connected to ${req.host} (${req.host}) port ${req.port} (#0)\n` +
    request.map((l) => `> ${l}\r\n`).join('')
  );
}

/** curl -v's trace of the response's status line and headers (the body follows on stdout). */
function verboseResponse(r: HttpResponse, failed: boolean): string {
  const response = headerBlock(r)
    .split('\r\n')
    .slice(0, failed ? -2 : -1)
    .map((l) => `< ${l}\r\n`)
    .join('');
  return '* HTTP 1.0, assume close after body\n' + response;
}

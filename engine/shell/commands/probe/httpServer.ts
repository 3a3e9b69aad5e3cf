/**
 * What `python3 -m http.server` answers (Python 3.11.2, Lib/http/server.py,
 * SimpleHTTPRequestHandler): a listing of its directory for `/` (list_directory), the error
 * page for a path that is not there (send_error with DEFAULT_ERROR_MESSAGE). Its directory is
 * the one it was started in (the shell's, /root, or -d DIR) as the session's file system
 * models it (runtime/files.ts: the files written in it). Serving a file is not simulated: its
 * Last-Modified needs a modification time the file system does not keep.
 */
import type { DirEntry, FileSystem } from '../../runtime/files.ts';

/** The directory a server serves, read from the file system of the shell that started it. */
export interface StaticSite {
  readonly dir: string;
  readonly files: FileSystem;
}

export interface HttpResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

/** BaseHTTPRequestHandler.version_string(): server_version + sys_version. */
const SERVER = 'SimpleHTTP/0.6 Python/3.11.2';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** email.utils.formatdate(usegmt=True): `Thu, 26 Nov 2026 17:55:30 GMT`. */
export function httpDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} GMT`;
}

/** html.escape(s, quote=False). */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** urllib.parse.quote(s): everything but letters, digits, `_.-~` and `/` is %-escaped. */
function quote(s: string): string {
  return [...new TextEncoder().encode(s)]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9_.~/-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function unquote(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** list_directory: names sorted by their lower case, directories with a trailing slash. */
export function listingPage(requestPath: string, entries: readonly DirEntry[]): string {
  const title = `Directory listing for ${escapeHtml(unquote(requestPath))}`;
  const items = [...entries]
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
    .map((e) => {
      const name = e.dir ? `${e.name}/` : e.name;
      return `<li><a href="${quote(name)}">${escapeHtml(name)}</a></li>`;
    });
  return [
    '<!DOCTYPE HTML>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${title}</title>\n</head>`,
    `<body>\n<h1>${title}</h1>`,
    '<hr>\n<ul>',
    ...items,
    '</ul>\n<hr>\n</body>\n</html>\n',
  ].join('\n');
}

/** DEFAULT_ERROR_MESSAGE filled in by send_error. */
function errorPage(code: number, message: string, explain: string): string {
  return `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: ${code}</p>
        <p>Message: ${message}.</p>
        <p>Error code explanation: ${code} - ${explain}.</p>
    </body>
</html>
`;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** send_error(404, "File not found"): its own header order, `Connection: close`. */
function notFound(date: string): HttpResponse {
  const body = errorPage(404, 'File not found', 'Nothing matches the given URI');
  return {
    status: 404,
    reason: 'File not found',
    headers: [
      ['Server', SERVER],
      ['Date', date],
      ['Connection', 'close'],
      ['Content-Type', 'text/html;charset=utf-8'],
      ['Content-Length', String(utf8Length(body))],
    ],
    body,
  };
}

/**
 * The answer to `GET|HEAD target`, or undefined where it would serve a file or a redirect
 * (not simulated). The body is the one GET gets; HEAD sends the same headers without it.
 */
export function respond(site: StaticSite, target: string, now: Date): HttpResponse | undefined {
  const date = httpDate(now);
  // translate_path: the query and fragment are dropped, %-escapes decoded, `.`/`..` resolved.
  const path = unquote(target.split(/[?#]/)[0]!);
  const segments = path.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  const fsPath = [site.dir, ...segments].join('/');
  const isDirRequest = path.endsWith('/') || segments.length === 0;
  const entries = site.files.hasDirectory(fsPath) ? site.files.entries(fsPath) : undefined;
  if (entries !== undefined) {
    // A directory asked for without its slash is redirected (301); one with an index.html
    // serves that file: neither is simulated.
    if (!isDirRequest || entries.some((e) => /^index\.html?$/.test(e.name) && !e.dir))
      return undefined;
    const body = listingPage(target, entries);
    return {
      status: 200,
      reason: 'OK',
      headers: [
        ['Server', SERVER],
        ['Date', date],
        ['Content-type', 'text/html; charset=utf-8'],
        ['Content-Length', String(utf8Length(body))],
      ],
      body,
    };
  }
  // A path with a trailing slash that is no directory: send_head's 404.
  if (isDirRequest) return notFound(date);
  const parent = segments.slice(0, -1);
  const listed = site.files.entries([site.dir, ...parent].join('/'));
  const exists = listed?.some((e) => e.name === segments[segments.length - 1]);
  return exists === true ? undefined : notFound(date);
}

/** The status line and headers as they cross the wire (CRLF line ends). */
export function headerBlock(r: HttpResponse): string {
  const lines = [`HTTP/1.0 ${r.status} ${r.reason}`, ...r.headers.map(([k, v]) => `${k}: ${v}`)];
  return lines.map((l) => `${l}\r\n`).join('') + '\r\n';
}

/**
 * What the server writes on its stderr for one request (BaseHTTPRequestHandler.log_message:
 * client address, `- -`, log_date_time_string() in the server's clock, then the message):
 * send_error's `code N, message M` line first for an error, then log_request's line with the
 * request line, the status and `-` for the size. Measured with Python 3.11:
 *   10.0.0.1 - - [26/Nov/2026 18:08:20] code 404, message File not found
 *   10.0.0.1 - - [26/Nov/2026 18:08:20] "GET /nope HTTP/1.1" 404 -
 */
export function logLines(
  client: string,
  req: { readonly method: string; readonly target: string },
  r: HttpResponse,
  now: Date,
): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()} ${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
  const prefix = `${client} - - [${stamp}] `;
  const error = r.status >= 400 ? `${prefix}code ${r.status}, message ${r.reason}\n` : '';
  return `${error}${prefix}"${req.method} ${req.target} HTTP/1.1" ${r.status} -\n`;
}

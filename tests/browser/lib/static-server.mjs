// A tiny static file server for dist/ on 127.0.0.1, used by the browser tests and the
// Lighthouse bench (no dev server, no network beyond loopback). Directory URLs serve their
// index.html; unknown paths answer 404 with dist/404.html, like a typical static host.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.ico': 'image/x-icon',
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Maps a URL path to { path, directory } under root (directory: the URL named a folder and
 * we serve its index.html), or null. Never leaves root.
 */
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  if (await isFile(candidate)) return { path: candidate, directory: false };
  const index = join(candidate, 'index.html');
  if (await isFile(index)) return { path: index, directory: true };
  return null;
}

/**
 * Serves `dir` under `base` (e.g. '/' or '/course/'). Resolves to { origin, url, close }.
 * `port` 0 picks a free port.
 */
export async function serveStatic(dir, { base = '/', port = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file = null;
    if (url.pathname.startsWith(base)) {
      file = await resolveFile(root, `/${url.pathname.slice(base.length)}`);
    }
    if (file?.directory && !url.pathname.endsWith('/')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` });
      res.end();
      return;
    }
    const status = file ? 200 : 404;
    const path = file?.path ?? join(root, '404.html');
    try {
      const body = await readFile(path);
      res.writeHead(status, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const address = server.address();
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    url: `${origin}${base}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

// A small static file server for built output: URL prefixes mounted on folders, nothing served
// from outside them. Used by `npm run web` and by the benchmarks.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

// Files that keep their name from one build to the next; every other built file has a content
// hash in its name and may be cached for good.
const UNHASHED = new Set(['index.html', 'sw.js']);

/**
 * `mounts` maps URL prefixes ending in '/' to folders; the longest matching prefix wins.
 * `routes` maps exact paths to small generated answers `{ type, body }` (e.g. /config.json).
 */
export function createStaticServer(mounts, routes = {}) {
  const roots = Object.entries(mounts)
    .map(([prefix, folder]) => [prefix, resolve(folder)])
    .sort(([a], [b]) => b.length - a.length);

  async function fileFor(url) {
    let path;
    try {
      path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
    } catch {
      return null;
    }
    const mount = roots.find(([prefix]) => path.startsWith(prefix));
    if (!mount || path.includes('\0')) return null;
    const [prefix, root] = mount;
    const rest = path.slice(prefix.length);
    const candidate = resolve(root, rest === '' ? 'index.html' : rest);
    if (!candidate.startsWith(root + sep)) return null;
    const info = await stat(candidate).catch(() => null);
    return info?.isFile() ? candidate : null;
  }

  return createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = Object.hasOwn(routes, pathname) ? routes[pathname] : null;
    if (route) {
      res.writeHead(200, {
        'content-type': route.type,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      });
      res.end(route.body);
      return;
    }
    const file = await fileFor(req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': UNHASHED.has(basename(file))
        ? 'no-cache'
        : 'public, max-age=31536000, immutable',
    });
    res.end(await readFile(file));
  });
}

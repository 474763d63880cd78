import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_HOST, APP_SCHEME } from './origin';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
};

/** Registered before `ready`: a standard, secure scheme so the app gets a real origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

/**
 * Maps an app:// URL to a file under `root`, or null. Rejects other hosts, `..` in any encoding,
 * and symlinks pointing outside the root.
 */
export async function resolveAppFile(root: string, rawUrl: string): Promise<string | null> {
  let pathname: string;
  try {
    const url = new URL(rawUrl);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(root);
  const candidate = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (!candidate.startsWith(base + sep)) return null;
  try {
    const [real, realBase] = await Promise.all([realpath(candidate), realpath(base)]);
    return real.startsWith(realBase + sep) ? real : null;
  } catch {
    return null;
  }
}

/** The handler for `protocol.handle('app', …)`: files under the built renderer, else 404. */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = await resolveAppFile(root, request.url);
    if (!file)
      return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    return new Response(new Uint8Array(await readFile(file)), { status: 200, headers });
  };
}

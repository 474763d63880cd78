import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';
import {
  attendeeError,
  attendeeErrorResponse,
  handleAttendeeRequest,
  type AttendeeHttpResponse as ApiAnswer,
} from '../../shared/attendee/handle-request';
import {
  ATTENDEE_PAGE_PREFIX,
  type AttendeeBackend,
  type AttendeeErrorCode,
} from '../../shared/attendee/protocol';
import { createRateLimiter } from './rate-limit';

/** A phone's submission is a few hundred bytes; anything near this is not the page talking. */
export const DEFAULT_BODY_LIMIT = 16 * 1024;
const API_PREFIX = `${ATTENDEE_PAGE_PREFIX}api/`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/**
 * Sent with every answer. The page's own files only (no inline or remote script), never framed,
 * no referrer (the booth token is in the page's URL), types never sniffed.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export interface LanServerOptions {
  /** The built attendee page (dist-attendee/), served under /m/. */
  root: string;
  backend: AttendeeBackend;
  bodyLimit?: number;
  /** Requests per address per minute, API and files together. */
  perMinute?: number;
  clock?: () => number;
  log?: (message: string) => void;
}

/** `/m/<event id>` opens the page; the event id is a UUID. */
const PAGE_PATH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/?$/i;

/**
 * The booth's LAN server for the attendee mobile page (DESIGN.md "QR and scanning"): only `/m/…`
 * exists — the page's built files and the two API paths; API bodies are size-limited, parsed and
 * validated here, then answered by the backend (the bridge to the booth's renderer).
 */
export function createLanHttpServer(options: LanServerOptions): Server {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const clock = options.clock ?? Date.now;
  const limiter = createRateLimiter({ limit: options.perMinute ?? 120, windowMs: 60_000 });
  const root = resolve(options.root);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log?.(`lan: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, apiError('unavailable', 'the booth could not answer'));
      else res.destroy();
    });
  });
  // A phone that opens a connection and says nothing must not hold it for long.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!limiter.take(req.socket.remoteAddress ?? 'unknown', clock())) {
      return send(res, apiError('rate_limited', 'too many requests; wait a minute'), {
        'retry-after': '60',
      });
    }
    const pathname = pathOf(req.url);
    if (pathname === null || !pathname.startsWith(ATTENDEE_PAGE_PREFIX)) return notFound(res);
    if (pathname.startsWith(API_PREFIX)) {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return send(res, await api(req, pathname));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const file = await staticFile(root, pathname.slice(ATTENDEE_PAGE_PREFIX.length));
    if (!file) return notFound(res);
    const unhashed = basename(file) === 'index.html';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': unhashed ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  }

  async function api(req: IncomingMessage, pathname: string): Promise<ApiAnswer> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      req.resume();
      return apiError('invalid_input', 'send JSON (content-type: application/json)');
    }
    const text = await readBody(req, bodyLimit);
    if (text === null) {
      return { status: 413, body: { error: { code: 'invalid_input', message: 'body too large' } } };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return apiError('invalid_input', 'the body is not JSON');
    }
    return handleAttendeeRequest(options.backend, pathname, body);
  }

  /** Index of the page for `/m/` and `/m/<event id>`; otherwise a file under the root, or null. */
  async function staticFile(base: string, rest: string): Promise<string | null> {
    if (rest === '' || PAGE_PATH.test(rest)) return existingFile(base, 'index.html');
    return existingFile(base, rest);
  }

  return server;
}

/** Decoded pathname, or null for anything odd (bad escapes, NUL, backslashes, dot segments). */
function pathOf(url: string | undefined): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url ?? '/', 'http://lan.invalid').pathname);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(pathname) || pathname.split('/').some((s) => s === '..' || s === '.')) {
    return null;
  }
  return pathname;
}

/** A regular file inside `base` (symlinks resolved, so none can point out of it). */
async function existingFile(base: string, rest: string): Promise<string | null> {
  const candidate = resolve(base, rest);
  if (!candidate.startsWith(base + sep)) return null;
  try {
    const real = await realpath(candidate);
    const realBase = await realpath(base);
    if (!real.startsWith(realBase + sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function apiError(code: AttendeeErrorCode, message: string): ApiAnswer {
  return attendeeErrorResponse(attendeeError(code, message));
}

function send(res: ServerResponse, answer: ApiAnswer, extra: Record<string, string> = {}): void {
  res.writeHead(answer.status, {
    ...SECURITY_HEADERS,
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(answer.body));
}

function notFound(res: ServerResponse): void {
  send(res, { status: 404, body: { error: { code: 'not_found', message: 'not found' } } });
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  send(
    res,
    { status: 405, body: { error: { code: 'method_not_allowed', message: `use ${allow}` } } },
    { allow },
  );
}

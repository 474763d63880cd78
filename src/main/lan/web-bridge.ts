import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { LanBridgeRequest } from '../../shared/attendee/lan-bridge';
import type { LanBridge } from './bridge';
import type { LanController } from './controller';

/** The web-mode bridge's paths, on 127.0.0.1 only (the page learns them from /config.json). */
export const WEB_BRIDGE_PATHS = {
  requests: '/bridge/requests',
  answers: '/bridge/answers',
  status: '/lan/status',
  interfaces: '/lan/interfaces',
  start: '/lan/start',
  stop: '/lan/stop',
} as const;

const ANSWER_LIMIT = 64 * 1024;
const KEEPALIVE_MS = 15_000;

export interface WebBridgeOptions {
  bridge: LanBridge;
  controller: LanController;
  /** Shared with the booth page through /config.json; every call must carry it. */
  secret: string;
  /** Origins allowed to call (the web-mode booth page); default: any loopback http origin. */
  allowOrigin?: (origin: string) => boolean;
  log?: (message: string) => void;
}

export function isLoopbackOrigin(origin: string): boolean {
  return /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin);
}

/**
 * Web mode's side of the LAN bridge: the booth page (a browser tab, no IPC) keeps an event stream
 * open here to receive the phones' requests and POSTs its answers back; it also starts and stops
 * the LAN server. Listens on loopback only and wants the bridge secret on every call.
 */
export function createWebBridgeServer(options: WebBridgeOptions): Server {
  const { bridge, controller } = options;
  const allowOrigin = options.allowOrigin ?? isLoopbackOrigin;
  const secret = Buffer.from(options.secret);
  /** Open streams, newest last: requests go to the newest page that is still listening. */
  const streams: ServerResponse[] = [];

  function route(): void {
    const newest = streams.at(-1);
    bridge.connect(newest ? (request) => write(newest, request) : null);
  }

  function write(stream: ServerResponse, request: LanBridgeRequest): boolean {
    if (stream.destroyed || stream.writableEnded) return false;
    stream.write(`data: ${JSON.stringify(request)}\n\n`);
    return true;
  }

  function authorized(req: IncomingMessage, url: URL): boolean {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ')
      ? header.slice(7)
      : (url.searchParams.get('access_token') ?? '');
    const candidate = Buffer.from(given);
    return candidate.length === secret.length && timingSafeEqual(candidate, secret);
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge.invalid');
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!allowOrigin(origin)) return json(res, 403, { error: { code: 'forbidden' } });
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    if (!authorized(req, url)) return json(res, 401, { error: { code: 'unauthorized' } });

    const key = `${req.method} ${url.pathname}`;
    switch (key) {
      case `GET ${WEB_BRIDGE_PATHS.requests}`:
        return openStream(req, res);
      case `POST ${WEB_BRIDGE_PATHS.answers}`:
        return void readJson(req).then((body) =>
          body === undefined || !bridge.answer(body)
            ? json(res, 400, { error: { code: 'unknown_answer' } })
            : json(res, 200, { accepted: true }),
        );
      case `GET ${WEB_BRIDGE_PATHS.status}`:
        return json(res, 200, controller.status());
      case `GET ${WEB_BRIDGE_PATHS.interfaces}`:
        return json(res, 200, controller.interfaces());
      case `POST ${WEB_BRIDGE_PATHS.start}`:
        return void readJson(req).then(async (body) =>
          json(res, 200, await controller.start(body ?? {})),
        );
      case `POST ${WEB_BRIDGE_PATHS.stop}`:
        return void controller.stop().then((status) => json(res, 200, status));
      default:
        return json(res, 404, { error: { code: 'not_found' } });
    }
  });

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    streams.push(res);
    route();
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    req.on('close', () => {
      clearInterval(keepalive);
      streams.splice(streams.indexOf(res), 1);
      route();
      // No page left to answer: phones waiting now hear `unavailable` instead of a timeout.
      if (streams.length === 0) bridge.failAll();
    });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

/** The JSON body, or undefined when it is too large or not JSON. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= ANSWER_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > ANSWER_LIMIT) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', () => resolve(undefined));
  });
}

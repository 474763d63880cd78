import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ATTENDEE_API, type AttendeeBackend } from '../../shared/attendee';
import {
  attendeeError,
  attendeeErrorResponse,
  handleAttendeeRequest,
} from '../../shared/attendee/handle-request';

/**
 * The attendee phone page on the pool: `GET /m/:eventId` (the page), `/m/assets/*` (its script
 * and style, immutable) and the two API calls. No bearer token: the booth token in the body is
 * the credential. The request handling itself is shared with the booth's LAN server.
 */
export interface AttendeeRouteOptions {
  backend: AttendeeBackend;
  /** The built page (npm run build:attendee). */
  pageDir: string;
  /** API calls per minute per address: a venue's phones may share one NAT address. */
  perMinute: number;
}

/** A submission is a few short fields: anything bigger is not from the page. */
export const ATTENDEE_BODY_LIMIT_BYTES = 16 * 1024;

/** The page loads only its own script and style and talks only to its own origin. */
export const ATTENDEE_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const PageParamsSchema = z.object({ eventId: z.string().max(100) });
const AssetParamsSchema = z.object({ file: z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/) });

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', ATTENDEE_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin');
}

export async function registerAttendeeRoutes(
  app: FastifyInstance,
  options: AttendeeRouteOptions,
): Promise<void> {
  const pageDir = resolve(options.pageDir);
  const assetsDir = join(pageDir, 'assets');

  await app.register(async (scope) => {
    // Errors of this scope keep the attendee API's shape: the page reads only these codes.
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 429) {
        const { status: code, body } = attendeeErrorResponse(
          attendeeError('rate_limited', 'too many requests, try again in a minute'),
        );
        return secure(reply).status(code).send(body);
      }
      if (status >= 400 && status < 500) {
        // Malformed JSON, a wrong content type, a body over the limit: all bad input.
        const { body } = attendeeErrorResponse(attendeeError('invalid_input', 'invalid request'));
        return secure(reply).status(400).send(body);
      }
      request.log.error({ err: error }, 'attendee request failed');
      const { status: code, body } = attendeeErrorResponse(
        attendeeError('unavailable', 'the service is unavailable, try again'),
      );
      return secure(reply).status(code).send(body);
    });

    const limited = {
      bodyLimit: ATTENDEE_BODY_LIMIT_BYTES,
      config: {
        rateLimit: {
          max: options.perMinute,
          timeWindow: '1 minute',
          keyGenerator: (request: { ip: string }) => `attendee:${request.ip}`,
        },
      },
    };
    for (const path of [ATTENDEE_API.context, ATTENDEE_API.submit]) {
      scope.post(path, limited, async (request, reply) => {
        const answer = await handleAttendeeRequest(options.backend, path, request.body);
        return secure(reply)
          .header('cache-control', 'no-store')
          .status(answer.status)
          .send(answer.body);
      });
    }

    scope.get('/m/assets/:file', async (request, reply) => {
      const params = AssetParamsSchema.safeParse(request.params);
      const type = params.success ? CONTENT_TYPES[extname(params.data.file)] : undefined;
      if (!params.success || !type) return notFoundPage(reply);
      let bytes: Buffer;
      try {
        bytes = await readFile(join(assetsDir, params.data.file));
      } catch {
        return notFoundPage(reply);
      }
      // Vite names each asset by its content hash: a new build is a new URL.
      return secure(reply)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type(type)
        .send(bytes);
    });

    scope.get('/m/:eventId', async (request, reply) => {
      if (!PageParamsSchema.safeParse(request.params).success) return notFoundPage(reply);
      let html: Buffer;
      try {
        html = await readFile(join(pageDir, 'index.html'));
      } catch {
        return secure(reply)
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The attendee page is not built on this pool (npm run build:attendee).');
      }
      // The page itself is tiny and must pick up a new build at once.
      return secure(reply)
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(html);
    });
  });
}

function notFoundPage(reply: FastifyReply) {
  return secure(reply).status(404).type('text/plain; charset=utf-8').send('Not found');
}

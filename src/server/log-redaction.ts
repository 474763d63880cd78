import type { FastifyLoggerOptions, FastifyRequest } from 'fastify';

/**
 * Query parameters that carry secrets: the SSE token (EventSource cannot send headers), the
 * booth token of the attendee page's QR (`/m/:eventId?b=`) and the ticket of an attendee's own
 * link (`?t=`, which checks them in). Any of them in a log would let a log reader act as the
 * device or the attendee.
 */
const SECRET_PARAMS = /([?&](?:access_token|token|b|t)=)[^&#]*/gi;

/** White-paper download links carry their token in the path: /d/<token>. */
const SECRET_PATHS = /^\/d\/[^?#]*/;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]').replace(SECRET_PATHS, '/d/[redacted]');
}

/**
 * How requests appear in the pool's logs: method, path with secrets masked, client address. No
 * headers at all, so no bearer token can be written out.
 */
export function requestLogSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip,
  };
}

/** The pool's logger: the one main.ts runs with, and the one the redaction tests read. */
export function poolLoggerOptions(
  level: string,
  stream?: FastifyLoggerOptions['stream'],
): FastifyLoggerOptions {
  return { level, serializers: { req: requestLogSerializer }, ...(stream ? { stream } : {}) };
}

import type { FastifyRequest } from 'fastify';

/** Query parameters that carry secrets (EventSource cannot send headers, so the SSE token rides here). */
const SECRET_PARAMS = /([?&](?:access_token|token)=)[^&#]*/gi;

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

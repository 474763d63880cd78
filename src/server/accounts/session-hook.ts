import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AUTH_API_ERRORS } from '../../shared/api/auth';
import type { PoolDeps } from '../deps';
import { ApiError } from '../http-errors';
import { resolveSession, sessionCookieOf, type SessionPrincipal } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of the session cookie, when the request carries no bearer token. */
    sessionPrincipal: SessionPrincipal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads the session cookie of every request that has no Authorization header, before any body is
 * parsed, and refuses a cookie-authenticated write whose Origin is not the pool's own: a page of
 * another site can make the browser send the cookie (same-site subdomains, other ports, old
 * browsers without SameSite) but never forge Origin. authenticate() then takes the session.
 */
export async function registerSessions(
  app: FastifyInstance,
  deps: Pick<PoolDeps, 'db' | 'clock' | 'publicUrl'>,
): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('sessionPrincipal', null);
  app.addHook('onRequest', async (request) => {
    if (request.headers.authorization !== undefined) return;
    const sessionId = sessionCookieOf(request);
    if (!sessionId) return;
    const principal = await resolveSession(deps.db, sessionId, deps.clock());
    if (!principal) return;
    if (!SAFE_METHODS.has(request.method) && !isOwnOrigin(request, deps.publicUrl())) {
      throw new ApiError(
        403,
        AUTH_API_ERRORS.originRefused,
        'a signed-in write must come from the pool app itself (Origin header missing or foreign)',
      );
    }
    request.sessionPrincipal = principal;
  });
}

/** The origins this pool answers as: the one the request was made to, and its public address. */
export function isOwnOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  // Through URL, so a default port written out (Host: pool:80) matches the browser's Origin.
  const own = [originOf(`${request.protocol}://${request.host}`), originOf(publicUrl)];
  const presented = originOf(origin);
  return presented !== null && own.includes(presented);
}

/**
 * Writes that sign someone in (login, set-up, invite) carry no session yet, so the hook above
 * does not see them; a browser always sends Origin on them, and a foreign one would be a page
 * signing its visitor in to an account of the attacker's. Scripts without Origin pass.
 */
export function refuseForeignOrigin(request: FastifyRequest, publicUrl: string): void {
  if (request.headers.origin === undefined) return;
  if (!isOwnOrigin(request, publicUrl)) {
    throw new ApiError(
      403,
      AUTH_API_ERRORS.originRefused,
      'sign-in must come from the pool app itself (foreign Origin header)',
    );
  }
}

function originOf(url: string): string | null {
  try {
    return url ? new URL(url).origin.toLowerCase() : null;
  } catch {
    return null;
  }
}

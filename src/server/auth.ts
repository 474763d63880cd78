import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AUTH_ERROR_CODES } from '../shared/sync';
import type { SqlDatabase } from './db/sql';
import { forbidden, unauthorized } from './http-errors';

/**
 * Tokens are 256 random bits. Only their SHA-256 is stored: with that much entropy a plain hash
 * is enough (no salt or slow KDF needed), and lookups stay one indexed equality.
 * Prefixes tell the kind at a glance and let secret scanners find leaked ones.
 */
export const DEVICE_TOKEN_PREFIX = 'lpd_';
export const USER_TOKEN_PREFIX = 'lpu_';

export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type UserRole = 'admin' | 'marketing' | 'sales';

export type Principal =
  | { kind: 'device'; deviceId: string; eventId: string; name: string }
  | {
      kind: 'user';
      userId: string;
      role: UserRole;
      name: string;
      /** Set when the user came with the web app's session cookie rather than a bearer token. */
      sessionId?: string;
    };

export interface AuthenticateOptions {
  /**
   * EventSource cannot set headers, so the SSE streams alone take the token as `?access_token=`.
   * Anywhere else a token in the URL would end up in browser history, proxies and Referer
   * headers, and a link could make a signed-in browser act: it is ignored there.
   */
  queryToken?: boolean;
}

function bearerOf(
  request: FastifyRequest,
  { queryToken = false }: AuthenticateOptions,
): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  if (!queryToken) return null;
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.['access_token'];
  return typeof fromQuery === 'string' ? fromQuery : null;
}

/**
 * Who is calling: a device (scoped to its event) or a user; 401 for anything else. A request
 * without a bearer token is the user of its session cookie, when the sessions hook (registered
 * by app.ts, which also checks a write's Origin) found a live one.
 */
export async function authenticate(
  db: SqlDatabase,
  request: FastifyRequest,
  options: AuthenticateOptions = {},
): Promise<Principal> {
  const token = bearerOf(request, options);
  if (!token && request.sessionPrincipal) return request.sessionPrincipal;
  if (!token || token.length > 200) throw unauthorized();
  const hash = hashToken(token);
  if (token.startsWith(DEVICE_TOKEN_PREFIX)) {
    const [device] = await db.query<{
      id: string;
      event_id: string;
      name: string;
      revoked_at: number | null;
    }>('select id, event_id, name, revoked_at from devices where token_hash = $1', [hash]);
    if (!device) throw unauthorized('unknown device token');
    if (device.revoked_at !== null) {
      throw unauthorized('this device has been revoked', AUTH_ERROR_CODES.deviceRevoked);
    }
    return { kind: 'device', deviceId: device.id, eventId: device.event_id, name: device.name };
  }
  const [user] = await db.query<{
    id: string;
    role: UserRole;
    name: string;
    revoked_at: number | null;
  }>('select id, role, name, revoked_at from users where token_hash = $1', [hash]);
  if (!user) throw unauthorized('unknown token');
  if (user.revoked_at !== null) {
    throw unauthorized('this user token has been revoked', AUTH_ERROR_CODES.userRevoked);
  }
  return { kind: 'user', userId: user.id, role: user.role, name: user.name };
}

/** Marketing and admin users manage events and customers; sales only read their leads. */
export function requireUser(
  principal: Principal,
  roles: UserRole[],
): Extract<Principal, { kind: 'user' }> {
  if (principal.kind !== 'user' || !roles.includes(principal.role)) {
    throw forbidden(`requires one of the roles: ${roles.join(', ')}`);
  }
  return principal;
}

/** A device may touch only its own event; users with a role may touch any. */
export function requireEventAccess(principal: Principal, eventId: string): void {
  if (principal.kind === 'device' && principal.eventId !== eventId) {
    throw forbidden('this device is enrolled for another event');
  }
}

/**
 * The bootstrap admin: LEADPOND_ADMIN_TOKEN when given; otherwise one is generated the first
 * time and returned so the caller can print it once (only its hash is kept).
 */
export async function ensureAdmin(
  db: SqlDatabase,
  configured: string | undefined,
  now: number,
  newId: () => string,
): Promise<{ generatedToken: string | null }> {
  if (configured) {
    await db.query(
      `insert into users (id, name, role, token_hash, created_at) values ($1, 'admin', 'admin', $2, $3)
       on conflict (token_hash) do nothing`,
      [newId(), hashToken(configured), now],
    );
    return { generatedToken: null };
  }
  const admins = await db.query("select 1 from users where role = 'admin' and revoked_at is null");
  if (admins.length > 0) return { generatedToken: null };
  const token = newToken(USER_TOKEN_PREFIX);
  await db.query(
    `insert into users (id, name, role, token_hash, created_at) values ($1, 'admin', 'admin', $2, $3)`,
    [newId(), hashToken(token), now],
  );
  return { generatedToken: token };
}

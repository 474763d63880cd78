import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken, type UserRole } from '../auth';
import type { SqlExecutor } from '../db/sql';

/**
 * Web-app sessions. The browser holds a 256-bit random id in an HttpOnly cookie; the pool keeps
 * only its SHA-256, so a copy of the sessions table signs nobody in. A session ends when it is
 * idle too long, when it is too old whatever its use, on sign-out, and when its user is revoked.
 */
export const SESSION_COOKIE = 'lp_session';
export const SESSION_IDLE_MS = 3 * 24 * 60 * 60_000;
export const SESSION_MAX_AGE_MS = 14 * 24 * 60 * 60_000;
/** last_seen_at is written at most this often: a page load's burst of requests costs one write. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionPrincipal {
  kind: 'user';
  userId: string;
  role: UserRole;
  name: string;
  sessionId: string;
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh session for the user, and their sign-in time; returns the id for the cookie. */
export async function startSession(tx: SqlExecutor, userId: string, now: number): Promise<string> {
  const id = newSessionId();
  await tx.query(
    `insert into sessions (id_hash, user_id, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, $3, $4)`,
    [hashToken(id), userId, now, now + SESSION_MAX_AGE_MS],
  );
  await tx.query('update users set last_sign_in_at = $2 where id = $1', [userId, now]);
  return id;
}

/** The live session of this id with its (unrevoked) user, or null. */
export async function resolveSession(
  db: SqlExecutor,
  sessionId: string,
  now: number,
): Promise<SessionPrincipal | null> {
  if (sessionId.length === 0 || sessionId.length > 100) return null;
  const idHash = hashToken(sessionId);
  const [row] = await db.query<{
    user_id: string;
    role: UserRole;
    name: string;
    last_seen_at: string | number;
  }>(
    `select s.user_id, u.role, u.name, s.last_seen_at
       from sessions s join users u on u.id = s.user_id
      where s.id_hash = $1 and s.expires_at > $2 and s.last_seen_at > $3
        and u.revoked_at is null`,
    [idHash, now, now - SESSION_IDLE_MS],
  );
  if (!row) return null;
  if (Number(row.last_seen_at) < now - TOUCH_EVERY_MS) {
    await db.query('update sessions set last_seen_at = $2 where id_hash = $1', [idHash, now]);
  }
  return { kind: 'user', userId: row.user_id, role: row.role, name: row.name, sessionId };
}

export async function endSession(db: SqlExecutor, sessionId: string): Promise<void> {
  await db.query('delete from sessions where id_hash = $1', [hashToken(sessionId)]);
}

export async function endSessionsOf(db: SqlExecutor, userId: string): Promise<void> {
  await db.query('delete from sessions where user_id = $1', [userId]);
}

export async function isSessionLive(db: SqlExecutor, sessionId: string): Promise<boolean> {
  const rows = await db.query('select 1 from sessions where id_hash = $1', [hashToken(sessionId)]);
  return rows.length > 0;
}

/** The session id the browser sent, if any (never trusted until resolveSession found it). */
export function sessionCookieOf(request: FastifyRequest): string | null {
  const value = request.cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/ and
 * Secure when the browser reached the pool over https (directly, through a trusted proxy, or
 * because the pool's public address is https).
 */
export function setSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  sessionId: string,
  publicUrl: string,
): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: overHttps(request, publicUrl),
    maxAge: SESSION_MAX_AGE_MS / 1000,
  });
}

export function clearSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  publicUrl: string,
): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: overHttps(request, publicUrl),
  });
}

function overHttps(request: FastifyRequest, publicUrl: string): boolean {
  // request.protocol believes X-Forwarded-Proto only when trustProxy is configured.
  return request.protocol === 'https' || publicUrl.startsWith('https:');
}

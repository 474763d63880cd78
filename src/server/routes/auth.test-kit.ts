import type { LightMyRequestResponse } from 'fastify';
import type { InviteResponse, SessionResponse } from '../../shared/api';
import type { UserRole } from '../auth';
import type { TestPool } from '../testing';
import { bearer } from './routes.test-kit';

/** What app.inject's requests are addressed to, and so the pool's own origin in these tests. */
export const POOL_HOST = 'pool.test:8787';
export const POOL_ORIGIN = `http://${POOL_HOST}`;
export const TEST_PASSWORD = 'correct horse battery';

/** The session cookie a response set (its value), or throws. */
export function sessionCookieFrom(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'lp_session');
  if (!cookie?.value) throw new Error(`no session cookie: ${response.statusCode} ${response.body}`);
  return cookie.value;
}

/** Headers of a browser on the pool app's own page, signed in with `session`. */
export const fromApp = (session?: string) => ({
  host: POOL_HOST,
  origin: POOL_ORIGIN,
  ...(session ? { cookie: `lp_session=${session}` } : {}),
});

export interface SignedIn {
  id: string;
  email: string;
  password: string;
  session: string;
}

/** The first admin, through a set-up link as the printed one. */
export async function setUpAdmin(
  pool: TestPool,
  email = 'first-admin@example.com',
): Promise<SignedIn> {
  const token = await pool.issueSetupLink();
  if (!token) throw new Error('set-up is done already');
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/auth/setup',
    headers: fromApp(),
    payload: { token, name: 'First Admin', email, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`setup: ${response.body}`);
  const { user } = response.json() as SessionResponse;
  return { id: user.id, email, password: TEST_PASSWORD, session: sessionCookieFrom(response) };
}

let invited = 0;

/** An invitation made with the admin bearer token: the token in its link. */
export async function inviteToken(
  pool: TestPool,
  role: UserRole,
  email = `user${++invited}-${Date.now()}@example.com`,
): Promise<{ token: string; email: string }> {
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/users/invites',
    headers: bearer(pool.adminToken),
    payload: { name: `${role} person`, email, role },
  });
  if (response.statusCode !== 201) throw new Error(`invite: ${response.body}`);
  const { link } = response.json() as InviteResponse;
  return { token: link.slice(link.lastIndexOf('/') + 1), email };
}

/** A user of that role who accepted an invitation (and so is signed in). */
export async function signedInUser(pool: TestPool, role: UserRole): Promise<SignedIn> {
  const { token, email } = await inviteToken(pool, role);
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/auth/invite/accept',
    headers: fromApp(),
    payload: { token, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`accept: ${response.body}`);
  const { user } = response.json() as SessionResponse;
  return { id: user.id, email, password: TEST_PASSWORD, session: sessionCookieFrom(response) };
}

export function login(
  pool: TestPool,
  email: string,
  password: string,
  extra: { remoteAddress?: string; headers?: Record<string, string> } = {},
) {
  return pool.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { ...fromApp(), ...extra.headers },
    ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
    payload: { email, password },
  });
}

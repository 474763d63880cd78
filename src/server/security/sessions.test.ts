import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newSessionId } from '../accounts/sessions';
import {
  fromApp,
  login,
  POOL_HOST,
  sessionCookieFrom,
  setUpAdmin,
  signedInUser,
  type SignedIn,
} from '../routes/auth.test-kit';
import { bearer, createEvent, EVENT_BODY } from '../routes/routes.test-kit';
import { startTestPool, type TestPool } from '../testing';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * The web app's session cookie tried as an attacker would: fixation, cross-site writes, flags,
 * revocation, sign-out everywhere, and roles, all through the real routes on a real database.
 */
describe('attack: the session cookie', () => {
  let pool: TestPool;
  let admin: SignedIn;
  beforeAll(async () => {
    pool = await startTestPool();
    await pool.listen();
    admin = await setUpAdmin(pool);
  });
  afterAll(async () => {
    await pool.close();
  });

  const me = (session: string) =>
    pool.app.inject({ url: '/api/v1/auth/me', headers: fromApp(session) });
  const eventCount = async () =>
    Number(
      (
        await pool.db.query<{ n: number }>(
          `select count(*) as n from documents where collection = 'events'`,
        )
      )[0]?.n,
    );

  it('sets lp_session HttpOnly, SameSite=Strict, Path=/, not Secure over plain http', async () => {
    const response = await login(pool, admin.email, admin.password);
    expect(response.statusCode).toBe(200);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^lp_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Secure');
    // Only the SHA-256 of the id is stored.
    const id = sessionCookieFrom(response);
    const rows = await pool.db.query<{ id_hash: string }>('select id_hash from sessions');
    expect(rows.map((r) => r.id_hash)).not.toContain(id);
  });

  it('a session id the browser brought before signing in is never accepted nor promoted', async () => {
    const planted = newSessionId();
    expect((await me(planted)).statusCode).toBe(401);
    const response = await login(pool, admin.email, admin.password, {
      headers: { cookie: `lp_session=${planted}` },
    });
    expect(response.statusCode).toBe(200);
    const issued = sessionCookieFrom(response);
    expect(issued).not.toBe(planted);
    expect((await me(planted)).statusCode).toBe(401);
    expect((await me(issued)).statusCode).toBe(200);
  });

  it('signing in again ends the session the browser held', async () => {
    const before = sessionCookieFrom(await login(pool, admin.email, admin.password));
    const after = await login(pool, admin.email, admin.password, {
      headers: { cookie: `lp_session=${before}` },
    });
    expect(sessionCookieFrom(after)).not.toBe(before);
    expect((await me(before)).statusCode).toBe(401);
  });

  it('a cross-site form post with the cookie is refused and changes nothing', async () => {
    const before = await eventCount();
    const forged = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: {
        host: POOL_HOST,
        origin: 'https://evil.example',
        cookie: `lp_session=${admin.session}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `name=Forged&startsOn=2026-01-01&endsOn=2026-01-02`,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('origin_refused');
    const forgedJson = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/users/invites',
      headers: { ...fromApp(admin.session), origin: 'https://evil.example' },
      payload: { name: 'Mallory', email: 'mallory@evil.example', role: 'admin' },
    });
    expect(forgedJson.statusCode).toBe(403);
    expect(await eventCount()).toBe(before);
    expect(
      await pool.db.query('select 1 from invites where email = $1', ['mallory@evil.example']),
    ).toEqual([]);
  });

  it('a cookie write without Origin (or with Origin null) is refused; the pool’s own origin passes', async () => {
    const { origin: _own, ...noOrigin } = fromApp(admin.session);
    const post = (headers: Record<string, string>) =>
      pool.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: EVENT_BODY });
    const missing = await post(noOrigin);
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('origin_refused');
    expect((await post({ ...noOrigin, origin: 'null' })).statusCode).toBe(403);
    // Another port of the same host is another origin (a booth page in web mode, say).
    expect((await post({ ...noOrigin, origin: 'http://pool.test:5173' })).statusCode).toBe(403);
    expect((await post(fromApp(admin.session))).statusCode).toBe(201);
    // Reads need no Origin: browsers do not send one on same-origin GETs.
    expect((await pool.app.inject({ url: '/api/v1/events', headers: noOrigin })).statusCode).toBe(
      200,
    );
  });

  it('bearer-token requests are unaffected by Origin', async () => {
    const event = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...bearer(pool.adminToken), origin: 'https://booth.example' },
      payload: EVENT_BODY,
    });
    expect(event.statusCode).toBe(201);
  });

  it('a foreign page cannot sign its visitor in (login CSRF)', async () => {
    const response = await login(pool, admin.email, admin.password, {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.cookies).toEqual([]);
  });

  it('a revoked user’s session ends at once, open live streams included', async () => {
    const user = await signedInUser(pool, 'marketing');
    const event = await createEvent(pool, { name: 'Stream' });
    const controller = new AbortController();
    const stream = await fetch(
      `${pool.url}/api/v1/sync/stream?collections=people&eventId=${event.id}`,
      { headers: { cookie: `lp_session=${user.session}` }, signal: controller.signal },
    );
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    const ended = (async () => {
      try {
        for (;;) if ((await reader?.read())?.done !== false) return 'ended';
      } catch {
        return 'aborted';
      }
    })();
    const revoked = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/revoke`,
      headers: fromApp(admin.session),
    });
    expect(revoked.statusCode).toBe(200);
    expect((await me(user.session)).statusCode).toBe(401);
    expect(await pool.db.query('select 1 from sessions where user_id = $1', [user.id])).toEqual([]);
    const outcome = await Promise.race([
      ended,
      new Promise((resolve) => setTimeout(() => resolve('still open'), 8_000)),
    ]);
    controller.abort();
    expect(outcome).toBe('ended');
    // Nor can they sign in again.
    expect((await login(pool, user.email, user.password)).statusCode).toBe(401);
  });

  it('signing out everywhere ends every session of that user, and only theirs', async () => {
    const user = await signedInUser(pool, 'sales');
    const laptop = sessionCookieFrom(await login(pool, user.email, user.password));
    const other = await signedInUser(pool, 'sales');
    const out = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: fromApp(user.session),
    });
    expect(out.statusCode).toBe(204);
    expect((await me(user.session)).statusCode).toBe(401);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(other.session)).statusCode).toBe(200);
  });

  it('a sales user with a cookie is refused on admin and marketing routes', async () => {
    const sales = await signedInUser(pool, 'sales');
    const as = fromApp(sales.session);
    const refused = [
      await pool.app.inject({ url: '/api/v1/users', headers: as }),
      await pool.app.inject({
        method: 'POST',
        url: '/api/v1/users/invites',
        headers: as,
        payload: { name: 'X', email: 'x@example.com', role: 'admin' },
      }),
      await pool.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${sales.id}`,
        headers: as,
        payload: { role: 'admin' },
      }),
      await pool.app.inject({ url: '/api/v1/events', headers: as }),
      await pool.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: as,
        payload: EVENT_BODY,
      }),
      await pool.app.inject({ url: '/api/v1/customers/duplicates', headers: as }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
    expect((await me(sales.session)).json().user.role).toBe('sales');
    // What sales may do, they may do with the cookie: their own leads.
    expect((await pool.app.inject({ url: '/api/v1/customers', headers: as })).statusCode).toBe(200);
  });
});

describe('the Secure flag', () => {
  const flagsOf = async (
    options: Parameters<typeof startTestPool>[0],
    headers: Record<string, string>,
  ) => {
    const pool = await startTestPool(options);
    try {
      const admin = await setUpAdmin(pool);
      const response = await login(pool, admin.email, admin.password, { headers });
      expect(response.statusCode).toBe(200);
      return String(response.headers['set-cookie']);
    } finally {
      await pool.close();
    }
  };
  const https = { 'x-forwarded-proto': 'https', origin: 'https://pool.test:8787' };

  it('is set behind a trusted proxy that says https', async () => {
    expect(await flagsOf({ trustProxy: '127.0.0.1' }, https)).toContain('Secure');
  });

  it('is not set when an untrusted client says https', async () => {
    const flags = await flagsOf({}, { 'x-forwarded-proto': 'https' });
    expect(flags).not.toContain('Secure');
  });

  it('is set when the pool’s public address is https', async () => {
    const flags = await flagsOf({ publicUrl: 'https://leads.example.com' }, {});
    expect(flags).toContain('Secure');
    expect(flags).toContain('HttpOnly');
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionResponse, UserListResponse } from '../../shared/api';
import { INVITE_TTL_MS } from '../accounts/invites';
import { LOGIN_WINDOW_MS } from '../accounts/login-limiter';
import { startTestPool, type TestPool } from '../testing';
import {
  fromApp,
  inviteToken,
  login,
  sessionCookieFrom,
  signedInUser,
  TEST_PASSWORD,
  type SignedIn,
} from './auth.test-kit';
import { bearer } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('sign-in routes', () => {
  let pool: TestPool;
  let now = Date.parse('2026-12-01T08:00:00Z');
  let admin: SignedIn;
  beforeAll(async () => {
    pool = await startTestPool({ clock: () => now });
  });
  afterAll(async () => {
    await pool.close();
  });

  const me = (session: string) =>
    pool.app.inject({ url: '/api/v1/auth/me', headers: fromApp(session) });
  const accept = (token: string, password = TEST_PASSWORD) =>
    pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invite/accept',
      headers: fromApp(),
      payload: { token, password },
    });

  it('a set-up link makes the first admin, signed in, and works only once', async () => {
    const earlier = await pool.issueSetupLink();
    const token = await pool.issueSetupLink();
    expect(token).toMatch(/^lps_[A-Za-z0-9_-]{43}$/);
    const short = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      headers: fromApp(),
      payload: { token, name: 'Ann', email: 'ann@example.com', password: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('at least 10 characters');

    const setup = (link: string | null, email: string) =>
      pool.app.inject({
        method: 'POST',
        url: '/api/v1/auth/setup',
        headers: fromApp(),
        payload: { token: link, name: 'Ann', email, password: TEST_PASSWORD },
      });
    const first = await setup(token, ' Ann@Example.com ');
    expect(first.statusCode).toBe(200);
    expect((first.json() as SessionResponse).user).toMatchObject({
      name: 'Ann',
      email: 'ann@example.com',
      role: 'admin',
    });
    const session = sessionCookieFrom(first);
    expect((await me(session)).json().user.email).toBe('ann@example.com');

    for (const link of [token, earlier]) {
      const again = await setup(link, 'mallory@example.com');
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('setup_invalid');
    }
    expect(await pool.issueSetupLink()).toBeNull();
    const [row] = await pool.db.query<{ password_hash: string }>(
      'select password_hash from users where email = $1',
      ['ann@example.com'],
    );
    expect(row?.password_hash).toMatch(
      /^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/,
    );
    expect(row?.password_hash).not.toContain(TEST_PASSWORD);
    admin = {
      id: first.json().user.id,
      email: 'ann@example.com',
      password: TEST_PASSWORD,
      session,
    };
  });

  it('an invitation is accepted once, signs the new user in, and they sign in again later', async () => {
    const invited = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/users/invites',
      headers: fromApp(admin.session),
      payload: { name: '王芳', email: 'Wang.Fang@Example.com', role: 'marketing' },
    });
    expect(invited.statusCode).toBe(201);
    const body = invited.json();
    expect(body.invite).toMatchObject({ email: 'wang.fang@example.com', role: 'marketing' });
    expect(body.invite.expiresAt).toBe(now + INVITE_TTL_MS);
    expect(body.link).toMatch(/^\/app\/#\/invite\/lpi_[A-Za-z0-9_-]{43}$/);
    const token = body.link.split('/').pop();
    const [stored] = await pool.db.query<{ token_hash: string }>('select token_hash from invites');
    expect(stored?.token_hash).not.toContain(token);

    const open = await pool.app.inject({
      url: '/api/v1/users/invites',
      headers: fromApp(admin.session),
    });
    expect(open.json().invites).toEqual([
      expect.objectContaining({ email: 'wang.fang@example.com', role: 'marketing', name: '王芳' }),
    ]);
    expect(open.body).not.toContain(token);

    expect((await accept(token, 'short')).statusCode).toBe(400);
    const accepted = await accept(token);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ name: '王芳', role: 'marketing' });
    expect((await me(sessionCookieFrom(accepted))).json().user.email).toBe('wang.fang@example.com');
    const after = await pool.app.inject({
      url: '/api/v1/users/invites',
      headers: fromApp(admin.session),
    });
    expect(after.json().invites).toEqual([]);
    const twice = await accept(token);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.code).toBe('invite_invalid');

    const signedIn = await login(pool, 'WANG.FANG@example.com', TEST_PASSWORD);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.role).toBe('marketing');
    const events = await pool.app.inject({
      url: '/api/v1/events',
      headers: fromApp(sessionCookieFrom(signedIn)),
    });
    expect(events.statusCode).toBe(200);
  });

  it('refuses an expired invitation and an email that has a user already', async () => {
    const { token } = await inviteToken(pool, 'sales');
    now += INVITE_TTL_MS + 1;
    try {
      expect((await accept(token)).json().error.code).toBe('invite_invalid');
    } finally {
      now -= INVITE_TTL_MS + 1;
    }
    const taken = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/users/invites',
      headers: bearer(pool.adminToken),
      payload: { name: 'Again', email: 'wang.fang@example.com', role: 'sales' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('email_taken');
  });

  it('a wrong password and an unknown email get the same answer', async () => {
    const wrong = await login(pool, admin.email, 'not the password at all', {
      remoteAddress: '10.0.0.1',
    });
    const unknown = await login(pool, 'nobody@example.com', 'not the password at all', {
      remoteAddress: '10.0.0.1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.cookies).toEqual([]);
  });

  it('refuses the 6th try after 5 failures per email, even with the right password; a success does not count', async () => {
    const user = await signedInUser(pool, 'sales');
    const at = (address: string) => ({ remoteAddress: address });
    // Four failures and a success from four addresses: the success is not counted...
    for (let i = 0; i < 4; i++) {
      expect((await login(pool, user.email, 'wrong password!', at(`10.1.0.${i}`))).statusCode).toBe(
        401,
      );
    }
    expect((await login(pool, user.email, user.password, at('10.1.0.9'))).statusCode).toBe(200);
    // ...so a fifth failure is still checked, and then the email is locked from anywhere.
    expect((await login(pool, user.email, 'wrong password!', at('10.1.0.5'))).statusCode).toBe(401);
    const locked = await login(pool, user.email, user.password, at('10.1.0.6'));
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error).toMatchObject({ code: 'too_many_attempts' });
    expect(locked.json().error.message).toContain('15 minutes');
    expect(locked.cookies).toEqual([]);
    // The refused tries did not extend the lock: one window after the failures it opens.
    now += LOGIN_WINDOW_MS;
    try {
      expect((await login(pool, user.email, user.password, at('10.1.0.7'))).statusCode).toBe(200);
    } finally {
      now -= LOGIN_WINDOW_MS;
    }
  });

  it('refuses the 6th failed try from one address, whatever the email', async () => {
    const user = await signedInUser(pool, 'sales');
    for (let i = 0; i < 5; i++) {
      const response = await login(pool, `guess${i}@example.com`, 'wrong password!', {
        remoteAddress: '10.2.0.1',
      });
      expect(response.statusCode).toBe(401);
    }
    const sixth = await login(pool, user.email, user.password, { remoteAddress: '10.2.0.1' });
    expect(sixth.statusCode).toBe(429);
    const elsewhere = await login(pool, user.email, user.password, { remoteAddress: '10.2.0.2' });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('lists users with email, last sign-in and status', async () => {
    const list = await pool.app.inject({ url: '/api/v1/users', headers: fromApp(admin.session) });
    expect(list.statusCode).toBe(200);
    const { users } = list.json() as UserListResponse;
    expect(users.find((u) => u.email === 'ann@example.com')).toMatchObject({
      role: 'admin',
      lastSignInAt: now,
      revokedAt: null,
    });
    // The bootstrap admin has a token and no sign-in.
    expect(users.find((u) => u.email === null)).toMatchObject({
      role: 'admin',
      lastSignInAt: null,
    });
    expect(list.body).not.toContain('scrypt');
  });

  it('a new role holds from the next request; an admin cannot demote themselves', async () => {
    const user = await signedInUser(pool, 'marketing');
    const events = () => pool.app.inject({ url: '/api/v1/events', headers: fromApp(user.session) });
    expect((await events()).statusCode).toBe(200);
    const patch = (id: string, payload: object) =>
      pool.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        headers: fromApp(admin.session),
        payload,
      });
    expect((await patch(user.id, { role: 'sales', name: 'Renamed' })).statusCode).toBe(200);
    expect((await events()).statusCode).toBe(403);
    expect((await me(user.session)).json().user).toMatchObject({ role: 'sales', name: 'Renamed' });

    const self = await patch(admin.id, { role: 'marketing' });
    expect(self.statusCode).toBe(400);
    expect((await me(admin.session)).json().user.role).toBe('admin');
    expect((await patch(admin.id, {})).statusCode).toBe(400);
    expect((await patch('no-such-user', { role: 'sales' })).statusCode).toBe(404);
  });

  it('signing out ends the session and clears the cookie', async () => {
    const user = await signedInUser(pool, 'sales');
    const out = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: fromApp(user.session),
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'lp_session');
    expect(cleared?.value).toBe('');
    expect((await me(user.session)).statusCode).toBe(401);
  });

  it('a session ends after days without use, and after two weeks whatever the use', async () => {
    const user = await signedInUser(pool, 'sales');
    const start = now;
    try {
      now = start + 2 * 24 * 60 * 60_000;
      expect((await me(user.session)).statusCode).toBe(200);
      now = start + 4 * 24 * 60 * 60_000;
      expect((await me(user.session)).statusCode).toBe(200);
      now = start + 8 * 24 * 60 * 60_000;
      expect((await me(user.session)).statusCode).toBe(401);

      const busy = await login(pool, user.email, user.password);
      const busyStart = now;
      for (let day = 2; day <= 12; day += 2) {
        now = busyStart + day * 24 * 60 * 60_000;
        expect((await me(sessionCookieFrom(busy))).statusCode).toBe(200);
      }
      now = busyStart + 14 * 24 * 60 * 60_000 + 1;
      expect((await me(sessionCookieFrom(busy))).statusCode).toBe(401);
    } finally {
      now = start;
    }
  });
});

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boothKeyFromSecret, issueBoothToken } from '../../shared/attendee';
import { newId, systemClock } from '../../shared/ids';
import { issueSetupLink } from '../accounts/setup-link';
import { createPoolServer } from '../app';
import { ensureAdmin } from '../auth';
import type { SqlDatabase } from '../db/sql';
import { poolLoggerOptions } from '../log-redaction';
import { fromApp, inviteToken, sessionCookieFrom, TEST_PASSWORD } from '../routes/auth.test-kit';
import { bearer, createEvent, enrollDevice, importFile } from '../routes/routes.test-kit';
import { openTestDatabase, TEST_ADMIN_TOKEN, type TestPool } from '../testing';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Finding 10 of issue 11: booth tokens and tickets (?b=, ?t=) were written to the log verbatim. */
describe('attack: reading secrets out of the pool log', () => {
  const lines: string[] = [];
  let db: SqlDatabase;
  let pool: TestPool;
  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureAdmin(db, TEST_ADMIN_TOKEN, Date.now(), newId);
    const app = await createPoolServer({
      db,
      clock: systemClock,
      newId,
      publicUrl: () => 'http://pool.test',
      // The logger main.ts runs with, at its most talkative level, written to memory.
      logger: poolLoggerOptions(
        'trace',
        new Writable({
          write(chunk, _encoding, done) {
            lines.push(String(chunk));
            done();
          },
        }),
      ),
    });
    pool = { app, db, adminToken: TEST_ADMIN_TOKEN, routes: [] } as unknown as TestPool;
  });
  afterAll(async () => {
    await pool.app.close();
    await db.close();
  });

  it('masks booth tokens, tickets and query tokens wherever a request is logged', async () => {
    const event = await createEvent(pool);
    const device = await enrollDevice(pool, event.id);
    const me = await pool.app.inject({ url: '/api/v1/devices/me', headers: bearer(device) });
    const boothToken = issueBoothToken(
      me.json().deviceId as string,
      boothKeyFromSecret(device),
      Date.now(),
      crypto.getRandomValues(new Uint8Array(6)),
    );
    const imported = await importFile(pool, event.id, 'name,phone\n赵敏,13500135000\n', 'text/csv');
    const ticket = (imported.json() as { tickets: { ticket: string }[] }).tickets[0]?.ticket;
    if (!ticket) throw new Error('no ticket issued');
    const secrets = [boothToken, ticket, device];

    const b = encodeURIComponent(boothToken);
    const t = encodeURIComponent(ticket);
    const urls = [
      // The booth QR and the attendee's own ticket link, as a phone opens them.
      `/m/${event.id}?b=${b}`,
      `/m/${event.id}?b=${b}&t=${t}`,
      `/m/${event.id}?t=${t}&b=${b}&lang=en`,
      // The same on routes that fail: 404, a bad escape the router refuses, a 401.
      `/m/nowhere/at/all?b=${b}`,
      `/m/${event.id}%ZZ?T=${t}&B=${b}`,
      `/api/v1/customers?access_token=${device}&b=${b}`,
      `/api/v1/sync/people/pull?token=${device}`,
    ];
    for (const url of urls) await pool.app.inject({ method: 'GET', url });
    await pool.app.inject({
      method: 'POST',
      url: `/m/api/context?b=${b}`,
      payload: { eventId: event.id, boothToken, visitorToken: `v_${newId().replaceAll('-', '')}` },
    });

    const log = lines.join('');
    expect(log).toContain(`/m/${event.id}?b=[redacted]&t=[redacted]`);
    expect(log).toContain('?t=[redacted]&b=[redacted]&lang=en');
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      expect(log).not.toContain(encodeURIComponent(secret));
    }
  });

  it('never writes a password, session id, set-up or invitation token', async () => {
    const setupToken = await issueSetupLink(db, Date.now);
    const setup = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      headers: fromApp(),
      payload: {
        token: setupToken,
        name: 'Log',
        email: 'log@example.com',
        password: TEST_PASSWORD,
      },
    });
    expect(setup.statusCode).toBe(200);
    const adminSession = sessionCookieFrom(setup);
    const invite = await inviteToken(pool, 'sales');
    const accepted = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invite/accept',
      headers: fromApp(),
      payload: { token: invite.token, password: 'the invitee password' },
    });
    const inviteeSession = sessionCookieFrom(accepted);
    const wrong = 'a wrong password tried';
    await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: fromApp(),
      payload: { email: 'log@example.com', password: wrong },
    });
    const login = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: fromApp(),
      payload: { email: 'log@example.com', password: TEST_PASSWORD },
    });
    const loginSession = sessionCookieFrom(login);
    // A refused cross-site write and a sign-out, with the cookie.
    await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...fromApp(adminSession), origin: 'https://evil.example' },
    });
    await pool.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: fromApp(adminSession),
    });
    const log = lines.join('');
    expect(log).toContain('/api/v1/auth/login');
    const secrets = [
      TEST_PASSWORD,
      'the invitee password',
      wrong,
      adminSession,
      inviteeSession,
      loginSession,
      String(setupToken),
      invite.token,
    ];
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from './auth';
import { startTestPool, type TestPool } from './testing';

describe('pool basics', () => {
  let pool: TestPool;
  // One pool for the file: booting PGlite is the slow part, and the tests share no state.
  beforeAll(async () => {
    pool = await startTestPool();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('answers health with the database kind', async () => {
    const response = await pool.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      ok: true,
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    });
  });

  it('answers unknown routes and malformed bodies with {error: {code, message}}', async () => {
    const missing = await pool.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const malformed = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enroll',
      headers: { 'content-type': 'application/json' },
      payload: '{"code":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toMatch(/JSON/);
  });

  it('enrolls a device once per code and scopes its token to the event', async () => {
    const eventId = '0195f0c0-0000-7000-8000-000000000001';
    await pool.db.query(
      `insert into enrollment_codes (code_hash, event_id, created_by, created_at, expires_at)
       values ($1, $2, 'test', 0, $3)`,
      [hashToken('ABCD-1234'), eventId, Date.now() + 60_000],
    );
    const enroll = () =>
      pool.app.inject({
        method: 'POST',
        url: '/api/v1/devices/enroll',
        payload: { code: 'abcd-1234' },
      });
    const first = await enroll();
    expect(first.statusCode).toBe(200);
    const { token, eventId: scoped } = first.json();
    expect(scoped).toBe(eventId);
    expect(token).toMatch(/^lpd_[A-Za-z0-9_-]{43}$/);
    const [stored] = await pool.db.query<{ token_hash: string }>('select token_hash from devices');
    expect(stored?.token_hash).toBe(hashToken(token));
    expect(stored?.token_hash).not.toContain(token);

    const again = await enroll();
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toMatchObject({
      code: 'enrollment_code_used',
      message: expect.stringMatching(/already been used/),
    });

    const me = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/devices/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ eventId });
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enroll',
      headers: { 'content-type': 'application/json' },
      payload: `{"code":"${'A'.repeat(11 * 1024 * 1024)}"}`,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('body_too_large');
  });
});

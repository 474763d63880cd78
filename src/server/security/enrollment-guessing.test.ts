import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EnrollmentCodesResponse } from '../../shared/api';
import { bearer, createEvent } from '../routes/routes.test-kit';
import { ENROLLMENT_ALPHABET, ENROLLMENT_CODE_LENGTH } from '../routes/events';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ENROLL_PER_MINUTE = 5;
const REQUESTS_PER_MINUTE = 40;
const ATTACKER = '198.51.100.7';
const VENUE_NAT = '203.0.113.5';

/**
 * Finding 6 of issue 11: the limit was keyed by the Authorization header, so a made-up header per
 * request bypassed it, while booths behind one venue NAT shared (and exhausted) one budget.
 */
describe('attack: guessing enrollment codes past the rate limit', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool({
      enrollPerMinute: ENROLL_PER_MINUTE,
      rateLimitPerMinute: REQUESTS_PER_MINUTE,
    });
  });
  afterAll(async () => {
    await pool.close();
  });

  async function issueCode(eventId: string): Promise<string> {
    const response = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/enrollment-codes`,
      headers: bearer(pool.adminToken),
      payload: {},
    });
    const [issued] = (response.json() as EnrollmentCodesResponse).codes;
    if (!issued) throw new Error('no code');
    return issued.code;
  }

  const enroll = (code: string, from: string, authorization?: string) =>
    pool.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enroll',
      remoteAddress: from,
      headers: authorization ? { authorization } : {},
      payload: { code, deviceName: 'Booth' },
    });

  it('a made-up header per guess opens no new budget; a booth at another address still enrolls', async () => {
    const event = await createEvent(pool);
    const code = await issueCode(event.id);
    const statuses: number[] = [];
    for (let i = 0; i < 3 * ENROLL_PER_MINUTE; i++) {
      const guess = i === 2 * ENROLL_PER_MINUTE ? code : `GUES-SXXX-${String(i).padStart(4, 'A')}`;
      statuses.push(
        (await enroll(guess, ATTACKER, `Bearer made-up-${i}-${Math.random()}`)).statusCode,
      );
    }
    expect(statuses.slice(0, ENROLL_PER_MINUTE).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ENROLL_PER_MINUTE).every((s) => s === 429)).toBe(true);

    // The attacker's lucky guess of the real code was never tried: the code is still unused.
    const [before] = await pool.db.query<{ used_at: number | null }>(
      'select used_at from enrollment_codes where event_id = $1',
      [event.id],
    );
    expect(before?.used_at).toBeNull();
    expect(await pool.db.query('select 1 from devices where event_id = $1', [event.id])).toEqual(
      [],
    );
    // The booth behind the venue NAT has its own budget and gets its device.
    const booth = await enroll(code, VENUE_NAT);
    expect(booth.statusCode, booth.body).toBe(200);
    expect(booth.json().eventId).toBe(event.id);
  });

  it('booths behind one NAT keep their own budgets while garbage tokens from it are limited', async () => {
    const event = await createEvent(pool);
    const boothA = await testDeviceToken(pool.db, event.id);
    const boothB = await testDeviceToken(pool.db, event.id);
    const call = (authorization: string) =>
      pool.app.inject({
        method: 'GET',
        url: '/api/v1/devices/me',
        remoteAddress: VENUE_NAT,
        headers: { authorization },
      });
    const garbage: number[] = [];
    for (let i = 0; i < REQUESTS_PER_MINUTE + 5; i++) {
      garbage.push((await call(`Bearer lpd_made-up-${i}`)).statusCode);
    }
    expect(garbage.slice(0, REQUESTS_PER_MINUTE).every((s) => s === 401)).toBe(true);
    expect(garbage.slice(REQUESTS_PER_MINUTE)).toEqual(Array(5).fill(429));
    for (const token of [boothA, boothB]) {
      for (let i = 0; i < 10; i++) expect((await call(`Bearer ${token}`)).statusCode).toBe(200);
    }
  });

  it('issues codes of 16 characters from the unambiguous alphabet, grouped by four', async () => {
    const event = await createEvent(pool);
    const response = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/enrollment-codes`,
      headers: bearer(pool.adminToken),
      payload: { count: 50 },
    });
    const codes = (response.json() as EnrollmentCodesResponse).codes.map((c) => c.code);
    const group = `[${ENROLLMENT_ALPHABET}]{4}`;
    for (const code of codes) expect(code).toMatch(new RegExp(`^${group}(-${group}){3}$`));
    expect(new Set(codes).size).toBe(50);
    // The odds the README states: 1,000 live codes, 10,000 addresses at the default 20 a minute,
    // 30 days.
    const space = ENROLLMENT_ALPHABET.length ** ENROLLMENT_CODE_LENGTH;
    const guesses = 10_000 * 20 * 60 * 24 * 30;
    expect((1_000 * guesses) / space).toBeLessThan(1e-10);
  });
});

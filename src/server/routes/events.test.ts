import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollmentCodesResponse } from '../../shared/api';
import { EventSchema } from '../../shared/schemas';
import { parseEnrollmentQr } from '../../shared/sync';
import { startTestPool, type TestPool } from '../testing';
import { ENROLLMENT_ALPHABET, newEnrollmentCode } from './events';
import { bearer, createEvent, createUser, enrollDevice, EVENT_BODY } from './routes.test-kit';

describe('event routes', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
    await pool.listen();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  it('creates an event with a pool-held signing key, stored as a replicated document', async () => {
    const event = await createEvent(pool, { name: 'Expo', kioskIdleSeconds: 90 });
    expect(EventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ name: 'Expo', kioskIdleSeconds: 90, retentionDays: 90 });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(event.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const [doc] = await pool.db.query<{ event_id: string; data: unknown; seq: number }>(
      `select event_id, data, seq from documents where collection = 'events' and id = $1`,
      [event.id],
    );
    // Scoped to itself: devices of this event pull it.
    expect(doc?.event_id).toBe(event.id);
    expect(doc?.data).toEqual(event);
    const keys = await pool.db.query<{ private_key: string }>(
      'select private_key from event_keys where event_id = $1',
      [event.id],
    );
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(event)).not.toContain(keys[0]?.private_key);

    const one = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}`,
      headers: bearer(pool.adminToken),
    });
    expect(one.json().event).toEqual(event);
    const list = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/events',
      headers: bearer(pool.adminToken),
    });
    expect(list.json().events.map((e: { id: string }) => e.id)).toContain(event.id);
  });

  it('rejects bad event bodies with readable 400s', async () => {
    const post = (payload: unknown) =>
      pool.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: bearer(pool.adminToken),
        payload: payload as object,
      });
    const backwards = await post({ ...EVENT_BODY, startsOn: '2026-11-27', endsOn: '2026-11-25' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toContain(
      'endsOn: The end date is before the start date',
    );
    const withKey = await post({ ...EVENT_BODY, publicKey: 'mine' });
    expect(withKey.statusCode).toBe(400);
    expect(withKey.json().error.message).toMatch(/publicKey/);
    const notOnForm = await post({
      ...EVENT_BODY,
      form: { fields: ['name'], required: ['name', 'email'] },
    });
    expect(notOnForm.statusCode).toBe(400);
    expect(notOnForm.json().error.message).toMatch(/form\.required: .*email/);
    const noName = await post({ startsOn: '2026-01-01', endsOn: '2026-01-01' });
    expect(noName.json().error.message).toMatch(/name:/);
  });

  it('patches an event as the new master version, keeping its key and consent rules', async () => {
    const event = await createEvent(pool);
    const [before] = await pool.db.query<{ seq: number }>(
      `select seq from documents where collection = 'events' and id = $1`,
      [event.id],
    );
    const patch = (payload: object) =>
      pool.app.inject({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        headers: bearer(pool.adminToken),
        payload,
      });
    const renamed = await patch({ name: 'Expo (day 2)', cost: { amount: 1, currency: 'USD' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().event).toMatchObject({
      id: event.id,
      name: 'Expo (day 2)',
      cost: { amount: 1, currency: 'USD' },
      publicKey: event.publicKey,
      venue: event.venue,
    });
    const [after] = await pool.db.query<{ seq: number; data: { name: string } }>(
      `select seq, data from documents where collection = 'events' and id = $1`,
      [event.id],
    );
    expect(Number(after?.seq)).toBeGreaterThan(Number(before?.seq));
    expect(after?.data.name).toBe('Expo (day 2)');

    const sameVersion = await patch({ consent: { text: 'New words', version: 'v3' } });
    expect(sameVersion.statusCode).toBe(400);
    expect(sameVersion.json().error.message).toMatch(/new version/);
    expect((await patch({ consent: { text: 'New words', version: 'v4' } })).statusCode).toBe(200);
    // The same rule for each translation: the English text reworded under its old version.
    const english = (text: string, version: string) => ({
      consent: {
        text: 'New words',
        version: 'v4',
        translations: [{ language: 'en', text, version }],
      },
    });
    expect((await patch(english('We may contact you.', 'v4-en'))).statusCode).toBe(200);
    const reworded = await patch(english('We may sell your data.', 'v4-en'));
    expect(reworded.statusCode).toBe(400);
    expect(reworded.json().error.message).toMatch(/consent\.translations\.0\.version/);
    expect((await patch(english('We may contact you by mail.', 'v5-en'))).statusCode).toBe(200);
    expect((await patch({ endsOn: '2020-01-01' })).statusCode).toBe(400);
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ id: 'x' })).statusCode).toBe(400);
    const missing = await pool.app.inject({
      method: 'PATCH',
      url: '/api/v1/events/0195f0c0-0000-7000-8000-00000000ffff',
      headers: bearer(pool.adminToken),
      payload: { name: 'x' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('issues typable one-time enrollment codes with QR, and a device enrolls with one', async () => {
    const event = await createEvent(pool);
    const response = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/enrollment-codes`,
      headers: bearer(pool.adminToken),
      payload: { count: 3, ttlMinutes: 30 },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as EnrollmentCodesResponse;
    expect(body.codes).toHaveLength(3);
    expect(new Set(body.codes.map((c) => c.code)).size).toBe(3);
    for (const issued of body.codes) {
      expect(issued.code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
      expect(parseEnrollmentQr(issued.qrText)).toEqual({ poolUrl: pool.url, code: issued.code });
      expect(issued.qrImage).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      expect(issued.expiresAt).toBeGreaterThan(Date.now() + 29 * 60_000);
    }
    const stored = await pool.db.query<{ code_hash: string }>(
      'select code_hash from enrollment_codes where event_id = $1',
      [event.id],
    );
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toContain(body.codes[0]?.code);

    // Typed in lower case at the booth: still the code.
    const enroll = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enroll',
      payload: { code: body.codes[1]?.code.toLowerCase() },
    });
    expect(enroll.statusCode).toBe(200);
    expect(enroll.json().eventId).toBe(event.id);
    const me = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/devices/me',
      headers: bearer(enroll.json().token),
    });
    expect(me.json().eventId).toBe(event.id);

    const tooMany = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/enrollment-codes`,
      headers: bearer(pool.adminToken),
      payload: { count: 500 },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/count/);
    const noEvent = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/events/0195f0c0-0000-7000-8000-00000000ffff/enrollment-codes',
      headers: bearer(pool.adminToken),
    });
    expect(noEvent.statusCode).toBe(404);
  });

  it('reaches the devices of its event through sync, with every pool edit', async () => {
    const event = await createEvent(pool);
    const other = await createEvent(pool, { name: 'Other show' });
    const device = await enrollDevice(pool, event.id);
    const pull = async () => {
      const response = await pool.app.inject({
        method: 'GET',
        url: '/api/v1/sync/events/pull',
        headers: bearer(device),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().documents as { id: string; name: string; publicKey: string }[];
    };
    expect(await pull()).toEqual([
      expect.objectContaining({ id: event.id, publicKey: event.publicKey }),
    ]);
    await pool.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.id}`,
      headers: bearer(pool.adminToken),
      payload: { name: 'Renamed' },
    });
    const pulled = await pull();
    expect(pulled.map((e) => e.name)).toEqual(['Renamed']);
    expect(pulled.map((e) => e.id)).not.toContain(other.id);
  });

  it('draws codes from the unambiguous alphabet only', () => {
    const seen = new Set(
      Array.from({ length: 200 }, newEnrollmentCode).join('').replaceAll('-', ''),
    );
    for (const char of seen) expect(ENROLLMENT_ALPHABET).toContain(char);
    for (const lookalike of ['0', 'O', '1', 'I', 'L']) expect(seen.has(lookalike)).toBe(false);
  });

  it('allows only admin and marketing users; sales and device tokens get 403', async () => {
    const event = await createEvent(pool);
    const marketing = await createUser(pool, 'marketing');
    const sales = await createUser(pool, 'sales');
    const device = await enrollDevice(pool, event.id);

    const asMarketing = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer(marketing.token),
      payload: EVENT_BODY,
    });
    expect(asMarketing.statusCode).toBe(201);

    const calls = [
      { method: 'POST', url: '/api/v1/events', payload: EVENT_BODY },
      { method: 'GET', url: '/api/v1/events' },
      { method: 'GET', url: `/api/v1/events/${event.id}` },
      { method: 'PATCH', url: `/api/v1/events/${event.id}`, payload: { name: 'hijacked' } },
      { method: 'POST', url: `/api/v1/events/${event.id}/enrollment-codes`, payload: {} },
      { method: 'GET', url: `/api/v1/events/${event.id}/tickets` },
      { method: 'GET', url: `/api/v1/events/${event.id}/export.csv` },
      { method: 'GET', url: `/api/v1/events/${event.id}/export.xlsx` },
      { method: 'GET', url: '/api/v1/customers' },
      { method: 'GET', url: `/api/v1/customers/${event.id}` },
      { method: 'POST', url: '/api/v1/users', payload: { name: 'x', role: 'admin' } },
    ] as const;
    for (const token of [sales.token, device]) {
      for (const call of calls) {
        // A sales user reads the customers routed to them (customers-intelligence.test.ts).
        if (token === sales.token && call.url.startsWith('/api/v1/customers')) continue;
        const response = await pool.app.inject({ ...call, headers: bearer(token) });
        expect(response.statusCode, `${call.method} ${call.url}`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
    const anonymous = await pool.app.inject({ method: 'GET', url: '/api/v1/events' });
    expect(anonymous.statusCode).toBe(401);
    const [stored] = await pool.db.query<{ data: { name: string } }>(
      `select data from documents where collection = 'events' and id = $1`,
      [event.id],
    );
    expect(stored?.data.name).toBe(EVENT_BODY.name);
  });
});

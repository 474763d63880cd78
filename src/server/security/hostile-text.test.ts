import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CSV_MIME } from '../../shared/api';
import { boothKeyFromSecret, issueBoothToken } from '../../shared/attendee';
import { newId } from '../../shared/ids';
import { findUnstorableText } from '../../shared/schemas';
import { uploadAsset, pdfBytes } from '../routes/assets.test-kit';
import { fakePoolAppBuild } from '../routes/pool-app.test-kit';
import { bearer, importFile } from '../routes/routes.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { openScene, personOf, push, stored, type Scene } from './security.test-kit';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/** Finding 9 of issue 11: NUL bytes and lone surrogates gave 500 (503 on the phone page). */
const NUL = 'Ann\u0000Lee';
const LONE_HIGH = 'Ann\ud800';
const LONE_LOW = '\udc00Lee';
const HOSTILE_VALUES = [NUL, LONE_HIGH, LONE_LOW];
/** NUL percent-encoded: what a URL can carry of it. */
const NUL_URL_PARTS = ['a%00b', '%00'];
/**
 * The UTF-8 bytes of a surrogate are invalid UTF-8: the router refuses them in a path, the query
 * parser reads them as U+FFFD (harmless text). Either way no 5xx.
 */
const SURROGATE_URL_PARTS = ['%ED%A0%80', 'x%ED%B0%80'];
const HOSTILE_URL_PARTS = [...NUL_URL_PARTS, ...SURROGATE_URL_PARTS];

/** The JSON text of a value, lone surrogates as \ud800 escapes (what a client would send). */
const json = (value: unknown) => JSON.stringify(value);

describe('attack: NUL bytes and lone surrogates in every route family', () => {
  let pool: TestPool;
  let scene: Scene;
  let deviceIdA: string;
  let victimId: string;
  let victimAsStored: Record<string, unknown> | undefined;
  beforeAll(async () => {
    // A build in place, so `/app/*` is the static route under attack, not the 503 "not built" page.
    pool = await startTestPool({ poolAppDir: fakePoolAppBuild() });
    scene = await openScene(pool);
    const me = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/devices/me',
      headers: bearer(scene.deviceA),
    });
    deviceIdA = me.json().deviceId as string;
    const victim = personOf(scene.eventA.id, { name: '李四', phone: '13900139000' });
    victimId = victim.id;
    expect((await push(pool, scene.deviceA, 'people', [victim])).statusCode).toBe(200);
    victimAsStored = (await stored(pool, 'people', scene.eventA.id)).find((p) => p.id === victimId);
    expect(victimAsStored).toMatchObject({ name: '李四' });
  });
  afterAll(async () => {
    await pool.close();
  });

  /** Nothing the pool holds contains unstorable text (it could not: but a 200 would mean it tried). */
  async function expectNothingHostileStored() {
    const rows = await pool.db.query<{ data: unknown }>('select data from documents');
    expect(rows.filter((row) => findUnstorableText(row.data) !== null)).toEqual([]);
    const victim = (await stored(pool, 'people', scene.eventA.id)).find((p) => p.id === victimId);
    expect(victim).toEqual(victimAsStored);
  }

  it('a pushed person, fact or qualification with such text is refused with a clear 400', async () => {
    const { eventA, deviceA } = scene;
    for (const value of HOSTILE_VALUES) {
      const cases: [string, object][] = [
        ['people', { ...personOf(eventA.id, { name: '张三' }), name: value }],
        ['people', { ...personOf(eventA.id, { name: '张三' }), phone: value }],
        ['people', { ...personOf(eventA.id, { name: '张三' }), searchKey: value }],
        ['people', { ...personOf(eventA.id, {}), id: victimId, name: value }],
        [
          'interactions',
          {
            id: newId(),
            eventId: eventA.id,
            personId: victimId,
            type: 'note',
            deviceId: 'd',
            staffId: 's',
            occurredAt: 1,
            data: { [value]: 'key', text: value },
            updatedAt: 1,
          },
        ],
      ];
      for (const [collection, doc] of cases) {
        const response = await pool.app.inject({
          method: 'POST',
          url: `/api/v1/sync/${collection}/push`,
          headers: { ...bearer(deviceA), 'content-type': 'application/json' },
          payload: json([{ newDocumentState: { ...doc, _deleted: false } }]),
        });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().error.message).toMatch(/NUL|surrogate|cannot be stored/);
      }
    }
    await expectNothingHostileStored();
  });

  it('names, titles and queries of the admin API: 400, the event unchanged', async () => {
    const { eventA, marketing } = scene;
    for (const value of HOSTILE_VALUES) {
      const requests: { method: 'POST' | 'PATCH'; url: string; payload: unknown }[] = [
        { method: 'PATCH', url: `/api/v1/events/${eventA.id}`, payload: { name: value } },
        { method: 'PATCH', url: `/api/v1/events/${eventA.id}`, payload: { venue: value } },
        {
          method: 'POST',
          url: '/api/v1/events',
          payload: { name: value, startsOn: '2026-01-01', endsOn: '2026-01-02' },
        },
        { method: 'POST', url: '/api/v1/users', payload: { name: value, role: 'sales' } },
        { method: 'POST', url: '/api/v1/devices/enroll', payload: { code: `ABCD-${value}` } },
      ];
      for (const { method, url, payload } of requests) {
        const response = await pool.app.inject({
          method,
          url,
          headers: { ...bearer(marketing), 'content-type': 'application/json' },
          payload: json(payload),
        });
        expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
      }
    }
    for (const part of HOSTILE_URL_PARTS) {
      const expected = NUL_URL_PARTS.includes(part) ? [400] : [200, 400, 404];
      for (const url of [
        `/api/v1/customers?q=${part}`,
        `/api/v1/customers?tag=${part}`,
        `/api/v1/customers/${part}`,
        `/api/v1/events/${part}`,
        `/api/v1/events/${part}/export.csv`,
        `/api/v1/sync/people/pull?eventId=${part}`,
        `/api/v1/customers/merges?customerId=${part}`,
        `/api/v1/mail/outbox?status=${part}`,
      ]) {
        const response = await pool.app.inject({ method: 'GET', url, headers: bearer(marketing) });
        expect(expected, `GET ${url} ${response.body}`).toContain(response.statusCode);
      }
      const upload = await uploadAsset(pool, eventA.id, 'x', pdfBytes(part), 'application/pdf');
      expect(upload.statusCode).toBe(201);
      const titled = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/events/${eventA.id}/assets?title=${part}`,
        headers: { ...bearer(marketing), 'content-type': 'application/pdf' },
        payload: pdfBytes(`t${part}`),
      });
      expect([...expected, 201], titled.body).toContain(titled.statusCode);
      if (NUL_URL_PARTS.includes(part)) expect(titled.statusCode).toBe(400);
      const revoke = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/devices/${part}/revoke`,
        headers: bearer(marketing),
      });
      expect(expected).toContain(revoke.statusCode);
    }
    const event = (await stored(pool, 'events', eventA.id)).find((e) => e.id === eventA.id);
    expect(event).toMatchObject({ name: 'Expo A' });
    await expectNothingHostileStored();
  });

  it('an attendee file with such text is refused, nothing of it imported', async () => {
    const csv = `姓名,手机\n${NUL},13800138111\n${LONE_HIGH},13800138112\n王五,13800138113\n`;
    const response = await importFile(pool, scene.eventB.id, Buffer.from(csv, 'utf8'), CSV_MIME);
    // A lone surrogate has no UTF-8 bytes (it is written as U+FFFD); a NUL makes the file binary.
    expect(response.statusCode, response.body).toBe(422);
    expect((await stored(pool, 'people', scene.eventB.id)).map((p) => p.name)).not.toContain(
      '王五',
    );
    await expectNothingHostileStored();
  });

  it('the phone page answers 400 invalid_input, never 503', async () => {
    const boothToken = issueBoothToken(
      deviceIdA,
      boothKeyFromSecret(scene.deviceA),
      Date.now(),
      crypto.getRandomValues(new Uint8Array(6)),
    );
    const visitorToken = `v_${newId().replaceAll('-', '')}`;
    for (const value of HOSTILE_VALUES) {
      const bodies: [string, unknown][] = [
        ['context', { eventId: scene.eventA.id, boothToken: value, visitorToken }],
        ['context', { eventId: scene.eventA.id, boothToken, visitorToken, ticket: value }],
        [
          'submit',
          {
            eventId: scene.eventA.id,
            boothToken,
            visitorToken,
            fields: { name: value, phone: '13900139000' },
            consent: { granted: true, version: 'v3' },
            requests: { contentIds: [], drawIds: [], demo: false, trial: false },
          },
        ],
        [
          'submit',
          {
            eventId: scene.eventA.id,
            boothToken,
            visitorToken,
            fields: { name: '李四', company: value },
            consent: { granted: true, version: value },
            requests: { contentIds: [], drawIds: [], demo: false, trial: false },
          },
        ],
      ];
      for (const [path, body] of bodies) {
        const response = await pool.app.inject({
          method: 'POST',
          url: `/m/api/${path}`,
          headers: { 'content-type': 'application/json' },
          payload: json(body),
        });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().error.code).toBe('invalid_input');
      }
    }
    await expectNothingHostileStored();
  });

  it('no route of the route table answers 5xx to hostile path, query or body text', async () => {
    const tokens = [pool.adminToken, scene.deviceA];
    const outcomes: string[] = [];
    for (const route of pool.routes) {
      for (const part of HOSTILE_URL_PARTS.slice(0, 3)) {
        const path = route.url.replace(/:[A-Za-z]+/g, part);
        const query = `?q=${part}&eventId=${part}&collections=${part}&checkpoint=${part}`;
        for (const token of tokens) {
          const response = await pool.app.inject({
            method: route.method as 'GET',
            url: `${path}${query}`,
            headers: { ...bearer(token), 'content-type': 'application/json' },
            ...(route.method === 'GET' ? {} : { payload: json({ name: NUL, [LONE_HIGH]: 1 }) }),
          });
          if (response.statusCode >= 500) {
            outcomes.push(`${route.method} ${route.url} → ${response.statusCode}`);
          }
        }
      }
    }
    expect(outcomes).toEqual([]);
    await expectNothingHostileStored();
  });
});

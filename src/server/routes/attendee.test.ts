import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerDetailResponse,
  CustomerListResponse,
  DuplicateListResponse,
} from '../../shared/api';
import { ATTENDEE_PAGE_CSP } from './attendee';
import {
  BOOTH_TOKEN_SUBMIT_GRACE_MS,
  BOOTH_TOKEN_VALID_MS,
  boothKeyFromSecret,
  issueBoothToken,
  type AttendeeContext,
  type AttendeeSubmitResult,
} from '../../shared/attendee';
import { newId } from '../../shared/ids';
import { issueTicket } from '../../shared/scan/tickets';
import type { LeadEvent } from '../../shared/schemas';
import { hashToken } from '../auth';
import { createPoolServer } from '../app';
import { createPoolAttendeeBackend, visitorHash } from '../services/attendee-backend';
import { privateKeyOf } from '../services/event-keys';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, enrollDevice, importFile } from './routes.test-kit';

/**
 * The attendee page's API on a real pool: booth tokens minted with an enrolled device's token,
 * submissions checked through the admin customers API and the replicated documents.
 */
describe('attendee page API on the pool', () => {
  let pool: TestPool;
  let now = Date.UTC(2026, 10, 25, 9, 0, 0);
  let event: LeadEvent;
  let deviceToken: string;
  let deviceId: string;
  const assetId = newId();
  const drawId = newId();
  const drawnId = newId();

  const random = () => crypto.getRandomValues(new Uint8Array(6));
  const boothToken = (token = deviceToken, id = deviceId, at = now) =>
    issueBoothToken(id, boothKeyFromSecret(token), at, random());
  const visitor = () => `v_${newId().replaceAll('-', '')}`;

  const post = async (path: 'context' | 'submit', payload: unknown) => {
    const response = await pool.app.inject({
      method: 'POST',
      url: `/m/api/${path}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };
  const context = async (visitorToken: string, extra: Record<string, unknown> = {}) => {
    const { status, body } = await post('context', {
      eventId: event.id,
      boothToken: boothToken(),
      visitorToken,
      ...extra,
    });
    expect(status, JSON.stringify(body)).toBe(200);
    return body as unknown as AttendeeContext;
  };
  const submission = (visitorToken: string, overrides: Record<string, unknown> = {}) => ({
    eventId: event.id,
    boothToken: boothToken(),
    visitorToken,
    fields: {},
    consent: { granted: true, version: 'v3' },
    requests: { contentIds: [], drawIds: [], demo: false, trial: false },
    ...overrides,
  });
  const deviceIdOf = async (token: string) => {
    const [row] = await pool.db.query<{ id: string }>(
      'select id from devices where token_hash = $1',
      [hashToken(token)],
    );
    return String(row?.id);
  };
  const seedOffer = async (collection: string, id: string, data: Record<string, unknown>) => {
    await pool.db.query(
      `insert into documents (collection, id, event_id, seq, data, deleted, received_at)
       values ($1, $2, $3, (select coalesce(max(seq), 0) + 1 from documents where collection = $1), $4, false, 0)`,
      [collection, id, event.id, JSON.stringify({ id, eventId: event.id, ...data })],
    );
  };
  /** The person a phone's submissions went to (the answer never says: DESIGN.md "Trust"). */
  const personOf = async (visitorToken: string) => {
    const [row] = await pool.db.query<{ person_id: string }>(
      'select person_id from attendee_visitors where visitor_hash = $1',
      [visitorHash(visitorToken)],
    );
    return String(row?.person_id);
  };
  const interactionsOf = async (personId: string) =>
    pool.db.query<{ type: string; data: Record<string, unknown> }>(
      `select data->>'type' as type, data->'data' as data from documents
        where collection = 'interactions' and data->>'personId' = $1 order by seq`,
      [personId],
    );

  beforeAll(async () => {
    pool = await startTestPool({ clock: () => now });
    event = await createEvent(pool);
    deviceToken = await enrollDevice(pool, event.id);
    deviceId = await deviceIdOf(deviceToken);
    await seedOffer('assets', assetId, {
      title: '2026 制造业数字化白皮书',
      mime: 'application/pdf',
    });
    await seedOffer('draws', drawId, { name: '现场抽奖', status: 'open' });
    await seedOffer('draws', drawnId, { name: 'Already drawn', status: 'drawn' });
    await seedOffer('assets', newId(), { nothing: 'to show' });
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  it('shows the consent text in the page language and records the version that was shown', async () => {
    const bilingual = await createEvent(pool, {
      name: 'Bilingual Expo',
      consent: {
        text: '我们将按《个人信息保护法》处理您的信息。',
        version: 'v5',
        translations: [
          { language: 'en', text: 'We process your data under PIPL.', version: 'v5-en' },
        ],
      },
    });
    const token = await enrollDevice(pool, bilingual.id);
    const id = await deviceIdOf(token);
    const open = (language: string, visitorToken: string) =>
      post('context', {
        eventId: bilingual.id,
        boothToken: boothToken(token, id),
        visitorToken,
        language,
      });
    const guest = visitor();
    const english = await open('en', guest);
    expect((english.body as unknown as AttendeeContext).event).toMatchObject({
      consentText: 'We process your data under PIPL.',
      consentVersion: 'v5-en',
    });
    const chinese = await open('zh-CN', visitor());
    expect((chinese.body as unknown as AttendeeContext).event).toMatchObject({
      consentText: '我们将按《个人信息保护法》处理您的信息。',
      consentVersion: 'v5',
    });
    // A version the event never showed (an old page) is refused and nothing is stored.
    const stale = await post('submit', {
      ...submission(guest, { fields: { name: 'Ann Lee', phone: '13900001111' } }),
      eventId: bilingual.id,
      boothToken: boothToken(token, id),
      consent: { granted: true, version: 'v4-en' },
    });
    expect(stale.status).toBe(400);
    const saved = await post('submit', {
      ...submission(guest, { fields: { name: 'Ann Lee', phone: '13900001111' } }),
      eventId: bilingual.id,
      boothToken: boothToken(token, id),
      consent: { granted: true, version: 'v5-en' },
      language: 'en',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const [person] = await pool.db.query<{ data: { consent: { textVersion: string } } }>(
      `select data from documents where collection = 'people' and id = $1`,
      [await personOf(guest)],
    );
    expect(person?.data.consent.textVersion).toBe('v5-en');
  });

  it('gives a valid booth token the event, three fields to ask and the open offers', async () => {
    const ctx = await context(visitor());
    expect(ctx.event).toEqual({
      id: event.id,
      name: 'Expo 2026',
      consentText: 'We may contact you about our products.',
      consentVersion: 'v3',
    });
    expect(ctx.ask).toEqual(['name', 'phone', 'email']);
    expect(ctx.recognized).toBe(false);
    expect(ctx.assets).toEqual([{ id: assetId, title: '2026 制造业数字化白皮书' }]);
    expect(ctx.draws).toEqual([{ id: drawId, title: '现场抽奖' }]);
    expect(ctx.done).toEqual({
      registered: false,
      checkedIn: false,
      contentIds: [],
      drawIds: [],
      demo: false,
      trial: false,
    });
    expect(ctx.servedBy).toBe('pool');
  });

  it('refuses expired (410), forged, garbage, foreign-event and revoked tokens (401)', async () => {
    const request = (token: string, eventId = event.id) =>
      post('context', { eventId, boothToken: token, visitorToken: visitor() });

    const old = boothToken(deviceToken, deviceId, now - BOOTH_TOKEN_VALID_MS - 60_000);
    const expired = await request(old);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ error: { code: 'booth_token_expired' } });

    for (const token of ['', 'garbage', 'a.b', boothToken('lpd_not-the-device-token')]) {
      const refused = await request(token);
      expect(refused.status, token).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'booth_token_invalid' } });
    }
    // A valid token of a device that does not exist.
    expect((await request(boothToken(deviceToken, newId()))).status).toBe(401);

    const other = await createEvent(pool, { name: 'Other show' });
    const otherToken = await enrollDevice(pool, other.id);
    const foreign = boothToken(otherToken, await deviceIdOf(otherToken));
    expect((await request(foreign)).status).toBe(401);
    // On its own event's page the same token works.
    expect((await request(foreign, other.id)).status).toBe(200);

    const revokedToken = await enrollDevice(pool, event.id);
    const revokedId = await deviceIdOf(revokedToken);
    const beforeRevoke = boothToken(revokedToken, revokedId);
    expect((await request(beforeRevoke)).status).toBe(200);
    await pool.db.query('update devices set revoked_at = $1 where id = $2', [now, revokedId]);
    expect((await request(beforeRevoke)).status).toBe(401);
  });

  it('accepts a submission within the grace after the token expired, not after it', async () => {
    const shown = boothToken();
    const late = now + BOOTH_TOKEN_VALID_MS + 60_000;
    const tooLate = now + BOOTH_TOKEN_VALID_MS + BOOTH_TOKEN_SUBMIT_GRACE_MS + 60_000;
    const body = submission(visitor(), {
      boothToken: shown,
      fields: { name: 'Grace', phone: '13900139001' },
    });
    const saved = now;
    try {
      now = tooLate;
      expect((await post('submit', body)).status).toBe(410);
      now = late;
      expect((await post('submit', body)).status).toBe(200);
    } finally {
      now = saved;
    }
  });

  it('creates a person, its facts and a customer; the same visitor again is recognized', async () => {
    const me = visitor();
    const first = await post(
      'submit',
      submission(me, {
        fields: { name: '王伟', phone: '138 0013 8000', email: 'Wang.Wei@Example.cn' },
        requests: { contentIds: [assetId], drawIds: [drawId], demo: true, trial: false },
      }),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const result = first.body as unknown as AttendeeSubmitResult;
    expect(result.done).toEqual({
      registered: true,
      checkedIn: false,
      contentIds: [assetId],
      drawIds: [drawId],
      demo: true,
      trial: false,
    });
    expect(result.nextAsk).toEqual(['company', 'title']);
    // Online, the link comes at once (and by mail); relative to the pool that served the page.
    expect(result.downloads).toEqual([
      {
        assetId,
        title: expect.any(String) as unknown,
        url: expect.stringMatching(/^\/d\/[\w-]{43}$/) as unknown,
      },
    ]);

    expect(result).not.toHaveProperty('personId');
    const myPersonId = await personOf(me);
    const [person] = await pool.db.query<{ data: Record<string, unknown> }>(
      `select data from documents where collection = 'people' and id = $1`,
      [myPersonId],
    );
    expect(person?.data).toMatchObject({
      name: '王伟',
      phone: '+8613800138000',
      email: 'wang.wei@example.cn',
      consent: { granted: true, textVersion: 'v3', grantedAt: now },
      provenance: { name: { source: 'mobile', deviceId } },
    });
    const facts = await interactionsOf(myPersonId);
    expect(facts.map((fact) => fact.type)).toEqual([
      'registered',
      'content_requested',
      'draw_entered',
      'demo_requested',
    ]);
    expect(facts[1]?.data).toEqual({ assetId, email: 'wang.wei@example.cn', via: 'mobile' });

    const list = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/customers?q=${encodeURIComponent('+8613800138000')}`,
      headers: bearer(pool.adminToken),
    });
    const [customer] = (list.json() as CustomerListResponse).customers;
    expect(customer?.eventIds).toEqual([event.id]);
    const detail = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${customer?.id}`,
      headers: bearer(pool.adminToken),
    });
    const { people, interactions } = detail.json() as CustomerDetailResponse;
    expect(people.map((p) => p.id)).toEqual([myPersonId]);
    expect(interactions).toHaveLength(4);

    // Back again: recognized, asked only for what is missing, nothing done twice.
    const again = await context(me);
    expect(again.recognized).toBe(true);
    expect(again.ask).toEqual(['company', 'title']);
    expect(again.done.contentIds).toEqual([assetId]);
    const second = await post(
      'submit',
      submission(me, {
        fields: { company: '星海科技' },
        requests: { contentIds: [assetId], drawIds: [drawId], demo: true, trial: true },
      }),
    );
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(await personOf(me)).toBe(myPersonId);
    expect((await interactionsOf(myPersonId)).map((fact) => fact.type)).toEqual([
      'registered',
      'content_requested',
      'draw_entered',
      'demo_requested',
      'trial_requested',
    ]);
    expect((await context(me)).ask).toEqual(['title']);
  });

  it('records a double tap (two submits at once) as one set of facts', async () => {
    const me = visitor();
    const body = submission(me, {
      fields: { name: 'Twice', phone: '13000130000' },
      requests: { contentIds: [], drawIds: [drawId], demo: true, trial: false },
    });
    const [a, b] = await Promise.all([post('submit', body), post('submit', body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect((await interactionsOf(await personOf(me))).map((fact) => fact.type)).toEqual([
      'registered',
      'draw_entered',
      'demo_requested',
    ]);
  });

  it('never asks a returning visitor more than three fields', async () => {
    const wide = await createEvent(pool, {
      name: 'Wide form',
      form: {
        fields: ['name', 'phone', 'email', 'company', 'title', 'department', 'city', 'industry'],
        required: ['name', 'phone'],
      },
    });
    const token = await enrollDevice(pool, wide.id);
    const id = await deviceIdOf(token);
    const me = visitor();
    const ask = async () => {
      const { body } = await post('context', {
        eventId: wide.id,
        boothToken: boothToken(token, id),
        visitorToken: me,
      });
      return (body as unknown as AttendeeContext).ask;
    };
    const seen: string[][] = [];
    for (let visit = 0; visit < 4; visit++) {
      const fields = await ask();
      seen.push(fields);
      expect(fields.length).toBeLessThanOrEqual(3);
      const values: Record<string, string> = {
        name: '李娜',
        phone: '13700137000',
        email: 'li.na@example.com',
        company: 'Acme',
        title: 'CTO',
        department: 'R&D',
        city: '杭州',
        industry: 'IT',
      };
      const answer = Object.fromEntries(fields.map((field) => [field, values[field] ?? 'x']));
      const sent = await post('submit', {
        ...submission(me, { fields: answer }),
        eventId: wide.id,
        boothToken: boothToken(token, id),
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    }
    expect(seen).toEqual([
      ['name', 'phone', 'email'],
      ['company', 'title', 'department'],
      ['city', 'industry'],
      [],
    ]);
  });

  it('takes a stranger typing a known phone as a new person: it overwrites, merges and learns nothing', async () => {
    const alice = visitor();
    const first = await post(
      'submit',
      submission(alice, {
        fields: { name: 'Alice Zhang', phone: '13600136000', email: 'alice@example.com' },
        requests: { contentIds: [assetId], drawIds: [], demo: true, trial: false },
      }),
    );
    expect(first.status).toBe(200);
    await post('submit', submission(alice, { fields: { company: 'Secret Corp' } }));
    const alicePersonId = await personOf(alice);
    const aliceBefore = await pool.db.query<{ data: Record<string, unknown> }>(
      `select data from documents where collection = 'people' and id = $1`,
      [alicePersonId],
    );

    // Mallory types Alice's phone with her own name and email, and ticks consent.
    const mallory = visitor();
    const stranger = visitor();
    const before = await context(mallory);
    expect(before.recognized).toBe(false);
    const second = await post(
      'submit',
      submission(mallory, {
        fields: { name: 'M', phone: '+86 136 0013 6000', email: 'm@evil.example' },
      }),
    );
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    // The same answer, in the same shape, as for a phone number nobody ever typed.
    const fresh = await post(
      'submit',
      submission(stranger, {
        fields: { name: 'N', phone: '+86 136 0013 6999', email: 'n@example.com' },
      }),
    );
    expect(second.body).toEqual(fresh.body);
    const result = second.body as unknown as AttendeeSubmitResult;
    expect(result.done).toEqual({
      registered: true,
      checkedIn: false,
      contentIds: [],
      drawIds: [],
      demo: false,
      trial: false,
    });
    expect(result.nextAsk).toEqual(['company', 'title']);
    const text = JSON.stringify([result, await context(mallory)]);
    for (const secret of ['Alice', 'alice@example.com', 'Secret Corp', alicePersonId]) {
      expect(text).not.toContain(secret);
    }

    // Alice's record is exactly as it was; Mallory is a person of her own.
    const aliceAfter = await pool.db.query<{ data: Record<string, unknown> }>(
      `select data from documents where collection = 'people' and id = $1`,
      [alicePersonId],
    );
    expect(aliceAfter).toEqual(aliceBefore);
    const malloryPersonId = await personOf(mallory);
    expect(malloryPersonId).not.toBe(alicePersonId);
    const customers = await pool.db.query<{ person_id: string; customer_id: string }>(
      'select person_id, customer_id from customer_people where person_id = any($1::text[])',
      [[alicePersonId, malloryPersonId]],
    );
    expect(new Set(customers.map((c) => c.customer_id)).size).toBe(2);
    // Marketing gets the question.
    const queue = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/customers/duplicates',
      headers: bearer(pool.adminToken),
    });
    expect((queue.json() as DuplicateListResponse).duplicates).toContainEqual(
      expect.objectContaining({
        personId: malloryPersonId,
        key: { kind: 'phone', value: '+8613600136000' },
      }),
    );
    // A white paper for Mallory goes to Mallory's own email, never to Alice's.
    const paper = await post(
      'submit',
      submission(mallory, {
        requests: { contentIds: [assetId], drawIds: [], demo: false, trial: false },
      }),
    );
    expect(paper.status).toBe(200);
    const [request] = (await interactionsOf(malloryPersonId)).filter(
      (fact) => fact.type === 'content_requested',
    );
    expect(request?.data).toMatchObject({ email: 'm@evil.example' });
    const aliceTypes = (await interactionsOf(alicePersonId)).map((fact) => fact.type);
    expect(aliceTypes.filter((type) => type === 'registered')).toHaveLength(1);
  });

  it('fills only empty fields of a known person when the name agrees, and leaves consent alone', async () => {
    const owner = visitor();
    await post(
      'submit',
      submission(owner, {
        fields: { name: '赵六', phone: '13300133000', email: 'zhao6@example.cn' },
      }),
    );
    const zhaoId = await personOf(owner);
    // 赵六 withdraws consent at the booth (staff): recorded with its time.
    await pool.db.query(
      `update documents set data = jsonb_set(data, '{consent}', $2::jsonb)
        where collection = 'people' and id = $1`,
      [zhaoId, JSON.stringify({ granted: false, textVersion: 'v3', grantedAt: now })],
    );
    now += 60_000;
    const other = visitor();
    const sent = await post(
      'submit',
      submission(other, {
        fields: { name: 'Zhao Liu', phone: '133 0013 3000', email: 'other@example.cn' },
      }),
    );
    expect(sent.status).toBe(200);
    const [zhao] = await pool.db.query<{ data: Record<string, unknown> }>(
      `select data from documents where collection = 'people' and id = $1`,
      [zhaoId],
    );
    expect(zhao?.data).toMatchObject({
      name: '赵六',
      email: 'zhao6@example.cn',
      consent: { granted: false },
    });
  });

  it('recognizes a ticket holder and asks only what their record misses', async () => {
    const imported = await importFile(pool, event.id, 'name,phone\n赵敏,13500135000\n', 'text/csv');
    expect(imported.statusCode, imported.body).toBe(200);
    const ticket = (imported.json() as { tickets: { ticket: string; personId: string }[] })
      .tickets[0];
    const ctx = await context(visitor(), { ticket: ticket?.ticket });
    expect(ctx.recognized).toBe(true);
    expect(ctx.ask).toEqual(['email', 'company', 'title']);
    // A ticket signed by another key is no proof.
    const key = await privateKeyOf(pool.db, event.id);
    expect(key).not.toBeNull();
    const forged = issueTicket(
      { eventId: event.id, personId: String(ticket?.personId), issuedAt: now },
      'A'.repeat(43),
    );
    const stranger = await context(visitor(), { ticket: forged });
    expect(stranger.recognized).toBe(false);

    // Submitting from the ticket link checks the holder in, once; a forged ticket checks no one in.
    const holder = visitor();
    for (let i = 0; i < 2; i++) {
      const sent = await post(
        'submit',
        submission(holder, { ticket: ticket?.ticket, fields: { email: 'zhao.min@example.cn' } }),
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect((sent.body as unknown as AttendeeSubmitResult).done.checkedIn).toBe(true);
    }
    const forgedSubmit = await post(
      'submit',
      submission(visitor(), { ticket: forged, fields: { name: '假冒', phone: '13500135001' } }),
    );
    expect((forgedSubmit.body as unknown as AttendeeSubmitResult).done.checkedIn).toBe(false);
    const checkIns = await pool.db.query<{ id: string }>(
      `select id from documents where collection = 'interactions' and event_id = $1
         and data->>'type' = 'checked_in' and data->>'personId' = $2`,
      [event.id, String(ticket?.personId)],
    );
    expect(checkIns).toHaveLength(1);
  });

  it('requires consent, valid fields and known offers (400), and never answers garbage with 500', async () => {
    const noConsent = await post(
      'submit',
      submission(visitor(), {
        fields: { name: 'No', phone: '13300133000' },
        consent: { granted: false, version: 'v3' },
      }),
    );
    expect(noConsent.status).toBe(400);
    expect(noConsent.body).toMatchObject({
      error: { code: 'consent_required', fields: { consent: 'errors.consent' } },
    });

    const badFields = await post(
      'submit',
      submission(visitor(), { fields: { name: '', phone: '12', email: 'not-an-email' } }),
    );
    expect(badFields.status).toBe(400);
    expect(badFields.body).toMatchObject({
      error: {
        code: 'invalid_input',
        fields: { name: 'errors.required', phone: 'errors.phone', email: 'errors.email' },
      },
    });

    const unknownOffer = await post(
      'submit',
      submission(visitor(), {
        fields: { name: 'Offer', phone: '13200132000' },
        requests: { contentIds: [], drawIds: [drawnId], demo: false, trial: false },
      }),
    );
    expect(unknownOffer.status).toBe(400);
    expect(unknownOffer.body).toMatchObject({ error: { code: 'unknown_offer' } });

    const garbage: unknown[] = [null, 42, 'text', [], {}, { boothToken: 5 }];
    const badSubmissions: unknown[] = [
      { ...submission(visitor()), visitorToken: 'short' },
      { ...submission(visitor()), fields: { name: 'x'.repeat(300) } },
      { ...submission(visitor()), fields: { notAField: 'x' } },
      { ...submission(visitor()), requests: { contentIds: ['x'] } },
      { ...submission(visitor()), eventId: 'not-an-id' },
    ];
    const cases = [
      ...garbage.flatMap((body) => [
        ['context', body],
        ['submit', body],
      ]),
      ...badSubmissions.map((body) => ['submit', body]),
      ['context', { eventId: event.id, boothToken: boothToken(), visitorToken: 'x' }],
    ] as ['context' | 'submit', unknown][];
    for (const [path, body] of cases) {
      const response = await post(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_input' } });
    }
    const raw = async (payload: string, contentType = 'application/json') =>
      pool.app.inject({
        method: 'POST',
        url: '/m/api/submit',
        headers: { 'content-type': contentType },
        payload,
      });
    for (const response of [
      await raw('{"unterminated'),
      await raw('<html>', 'text/html'),
      await raw(JSON.stringify({ pad: 'x'.repeat(40_000) })),
    ]) {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_input' } });
    }
  });

  it('lists download links for the visitor papers when the pool can make them', async () => {
    const made: string[] = [];
    const backend = createPoolAttendeeBackend(
      { db: pool.db, clock: () => now, newId },
      {
        // The white-paper feature's link maker, reduced to what the page sees: a URL per request.
        downloadLink: async (tx, requestId) => {
          const [row] = await tx.query<{ type: string }>(
            `select data->>'type' as type from documents where collection = 'interactions' and id = $1`,
            [requestId],
          );
          if (row?.type !== 'content_requested') return null;
          made.push(requestId);
          return { url: `https://pool.example/d/${requestId}` };
        },
      },
    );
    const result = await backend.submit(
      submission(visitor(), {
        fields: { name: 'Reader', phone: '13100131000', email: 'reader@example.com' },
        requests: { contentIds: [assetId], drawIds: [], demo: false, trial: false },
        language: 'en',
      }) as Parameters<typeof backend.submit>[0],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(made).toHaveLength(1);
    expect(result.value.downloads).toEqual([
      { assetId, title: '2026 制造业数字化白皮书', url: `https://pool.example/d/${made[0]}` },
    ]);
    const [fact] = await pool.db.query<{ data: Record<string, unknown> }>(
      `select data->'data' as data from documents where collection = 'interactions' and id = $1`,
      [String(made[0])],
    );
    expect(fact?.data).toMatchObject({ assetId, email: 'reader@example.com', via: 'mobile' });
  });

  it('serves the page with a strict CSP and its assets with long caching', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadpond-attendee-page-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><script type="module" src="/m/assets/a-1.js"></script>',
    );
    writeFileSync(join(dir, 'assets', 'a-1.js'), 'console.log(1)');
    const app = await createPoolServer({
      db: pool.db,
      clock: () => now,
      newId,
      publicUrl: () => '',
      attendeePageDir: dir,
    });
    try {
      const page = await app.inject({ method: 'GET', url: `/m/${event.id}?b=x` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['content-security-policy']).toBe(ATTENDEE_PAGE_CSP);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['x-frame-options']).toBe('DENY');
      const script = await app.inject({ method: 'GET', url: '/m/assets/a-1.js' });
      expect(script.statusCode).toBe(200);
      expect(script.headers['content-type']).toContain('text/javascript');
      expect(script.headers['cache-control']).toContain('immutable');
      for (const url of [
        '/m/assets/..%2Findex.html',
        '/m/assets/missing.js',
        '/m/assets/a-1.exe',
      ]) {
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
      }
    } finally {
      await app.close();
    }
  });

  it('limits the API per address', async () => {
    const limited = await createPoolServer({
      db: pool.db,
      clock: () => now,
      newId,
      publicUrl: () => '',
      attendeePerMinute: 3,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await limited.inject({
          method: 'POST',
          url: '/m/api/context',
          payload: { eventId: event.id, boothToken: boothToken(), visitorToken: visitor() },
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) {
          expect(response.json()).toMatchObject({ error: { code: 'rate_limited' } });
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

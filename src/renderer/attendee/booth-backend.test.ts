import { afterEach, describe, expect, it } from 'vitest';
import {
  BOOTH_TOKEN_VALID_MS,
  boothKeyFromSecret,
  issueBoothToken,
  type AttendeeBackend,
  type AttendeeSubmission,
} from '../../shared/attendee';
import { newId } from '../../shared/ids';
import { EMPTY_PERSON_INPUT } from '../../shared/schemas';
import { closeTestStores, openStore } from '../store/testing';
import { registerAttendee } from '../store/leads';
import { ticketFor } from '../store/event-keys';
import { createBoothBackend, visitorDocId } from './booth-backend';

const DEVICE_ID = '0192f0a4-1c2b-7d3e-8f40-123456789abc';
const KEY = boothKeyFromSecret('lpd_the-device-token-of-this-booth');
const ASSET = '0192f0a4-1c2b-7d3e-8f40-0000000000a1';
const DRAW = '0192f0a4-1c2b-7d3e-8f40-0000000000d1';
const PHONE_A = 'A'.repeat(22);
const PHONE_B = 'B'.repeat(22);

let now = Date.UTC(2026, 10, 25, 9, 0, 0);

async function setup() {
  const store = await openStore();
  const backend = createBoothBackend({
    db: store.db,
    clock: () => now,
    newId,
    booth: async () => ({ deviceId: DEVICE_ID, eventId: store.event.id, key: KEY }),
    offers: async () => ({
      assets: [{ id: ASSET, title: '智能制造白皮书' }],
      draws: [{ id: DRAW, title: '幸运抽奖' }],
    }),
  });
  const token = issueBoothToken(DEVICE_ID, KEY, now, new Uint8Array(6).fill(7));
  return { ...store, backend, token };
}

function submission(
  token: string,
  visitorToken: string,
  fields: AttendeeSubmission['fields'],
  requests: Partial<AttendeeSubmission['requests']> = {},
): AttendeeSubmission {
  return {
    boothToken: token,
    visitorToken,
    fields,
    consent: { granted: true, version: 'v3' },
    requests: { contentIds: [], drawIds: [], demo: false, trial: false, ...requests },
  };
}

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const result = await promise;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

afterEach(async () => {
  await closeTestStores();
  now = Date.UTC(2026, 10, 25, 9, 0, 0);
});

describe('booth backend: booth tokens', () => {
  it('refuses another key, another device, an expired page; accepts a late submit within the grace', async () => {
    const { backend, token } = await setup();
    const visit = { boothToken: token, visitorToken: PHONE_A };
    expect((await backend.context(visit)).ok).toBe(true);
    const foreign = issueBoothToken(DEVICE_ID, boothKeyFromSecret('other'), now, new Uint8Array(6));
    expect(await backend.context({ ...visit, boothToken: foreign })).toMatchObject({
      ok: false,
      error: { code: 'booth_token_invalid' },
    });
    const otherBooth = issueBoothToken(newId(), KEY, now, new Uint8Array(6));
    expect(await backend.context({ ...visit, boothToken: otherBooth })).toMatchObject({
      ok: false,
      error: { code: 'booth_token_invalid' },
    });
    expect(await backend.context({ ...visit, eventId: newId() })).toMatchObject({
      ok: false,
      error: { code: 'booth_token_invalid' },
    });
    now += BOOTH_TOKEN_VALID_MS + 60_000;
    expect(await backend.context(visit)).toMatchObject({
      ok: false,
      error: { code: 'booth_token_expired' },
    });
    const late = await backend.submit(
      submission(token, PHONE_A, { name: '王伟', phone: '13800138000' }),
    );
    expect(late.ok).toBe(true);
  });
});

describe('booth backend: a visitor registers from their phone', () => {
  it('writes the person and each engagement fact once, before answering, and recognizes the phone next time', async () => {
    const { backend, token, db, event } = await setup();
    const first = await ok(backend.context({ boothToken: token, visitorToken: PHONE_A }));
    expect(first).toMatchObject({
      event: { id: event.id, name: event.name, consentVersion: 'v3' },
      ask: ['name', 'phone', 'email'],
      recognized: false,
      assets: [{ id: ASSET, title: '智能制造白皮书' }],
      servedBy: 'booth',
    });

    const result = await ok(
      backend.submit({
        ...submission(
          token,
          PHONE_A,
          { name: ' 王伟 ', phone: '138 0013 8000', email: 'Wang.Wei@Example.CN' },
          { contentIds: [ASSET], drawIds: [DRAW], demo: true },
        ),
        language: 'en',
      }),
    );
    // Committed before the answer: the staff console (the same store) has it already.
    const person = await db.people.findOne({ selector: { phone: '+8613800138000' } }).exec();
    const personId = person?.id ?? '';
    expect(person?.toJSON()).toMatchObject({
      name: '王伟',
      phone: '+8613800138000',
      email: 'wang.wei@example.cn',
      consent: { granted: true, textVersion: 'v3' },
      provenance: { name: { source: 'mobile', deviceId: DEVICE_ID } },
    });
    const facts = await db.interactions.find({ selector: { personId } }).exec();
    expect(facts.map((f) => f.type).sort()).toEqual([
      'content_requested',
      'demo_requested',
      'draw_entered',
      'registered',
    ]);
    expect(facts.find((f) => f.type === 'content_requested')?.data).toEqual({
      assetId: ASSET,
      email: 'wang.wei@example.cn',
      via: 'mobile',
      lang: 'en',
    });
    expect(facts.every((f) => f.deviceId === DEVICE_ID && f.eventId === event.id)).toBe(true);
    expect(result).toEqual({
      done: {
        registered: true,
        checkedIn: false,
        contentIds: [ASSET],
        drawIds: [DRAW],
        demo: true,
        trial: false,
      },
      nextAsk: ['company', 'title'],
      downloads: [],
    });

    // Back again: recognized, asked only what is missing; the same requests add nothing.
    const again = await ok(backend.context({ boothToken: token, visitorToken: PHONE_A }));
    expect(again).toMatchObject({ recognized: true, ask: ['company', 'title'] });
    expect(again.done).toEqual(result.done);
    const second = await ok(
      backend.submit(
        submission(
          token,
          PHONE_A,
          { company: '华为' },
          { contentIds: [ASSET], demo: true, trial: true },
        ),
      ),
    );
    expect(second.nextAsk).toEqual(['title']);
    expect((await db.people.findOne(personId).exec())?.company).toBe('华为');
    const after = await db.interactions.find({ selector: { personId } }).exec();
    expect(after.map((f) => f.type).sort()).toEqual([
      'content_requested',
      'demo_requested',
      'draw_entered',
      'registered',
      'trial_requested',
    ]);
    expect(await db.people.count().exec()).toBe(1);
    // The phone's token itself is never stored, only its hash.
    expect(await db.getLocal(visitorDocId(event.id, PHONE_A))).not.toBeNull();
  });

  it('merges a phone number known for someone else silently and shows that visitor nothing of theirs', async () => {
    const { backend, token, db, event, ctx } = await setup();
    const staffCapture = await registerAttendee(
      ctx,
      event,
      {
        ...EMPTY_PERSON_INPUT,
        name: '李娜',
        phone: '13900139000',
        email: 'li.na@corp.cn',
        company: '腾讯',
        title: 'CTO',
      },
      { source: 'staff', consentGranted: true, requireConsent: false },
    );
    if (!staffCapture.ok) throw new Error('seed failed');
    const known = staffCapture.value.person;
    await ok(
      backend.submit(
        submission(token, PHONE_B, { name: '李娜', phone: '139-0013-9000' }, { drawIds: [DRAW] }),
      ),
    ).then(async (result) => {
      // Filled into 李娜 (the names agree): no second person, and no id in the answer.
      expect(await db.people.count().exec()).toBe(1);
      expect(JSON.stringify(result)).not.toContain(known.id);
      // Only what this phone did: not the staff's registration, not the person's other fields.
      expect(result.done).toEqual({
        registered: true,
        checkedIn: false,
        contentIds: [],
        drawIds: [DRAW],
        demo: false,
        trial: false,
      });
      expect(result.nextAsk).toEqual(['email', 'company', 'title']);
      expect(JSON.stringify(result)).not.toMatch(/腾讯|li\.na|CTO/);
    });
    const context = await ok(backend.context({ boothToken: token, visitorToken: PHONE_B }));
    expect(context.ask).toEqual(['email', 'company', 'title']);
    expect(JSON.stringify(context)).not.toMatch(/腾讯|li\.na|CTO|13900139000/);
    expect(await db.people.count().exec()).toBe(1);
    const merged = (await db.people.findOne(known.id).exec())?.toJSON();
    expect(merged).toMatchObject({ company: '腾讯', email: 'li.na@corp.cn' });
    // A white paper for someone merged this way goes to the address this visitor typed, only.
    expect(
      await backend.submit(submission(token, PHONE_B, {}, { contentIds: [ASSET] })),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { email: 'errors.required' } },
    });

    // A third phone never sees the second one's submission.
    const stranger = await ok(backend.context({ boothToken: token, visitorToken: 'C'.repeat(22) }));
    expect(stranger).toMatchObject({ recognized: false, ask: ['name', 'phone', 'email'] });
    expect(stranger.done).toEqual({
      registered: false,
      checkedIn: false,
      contentIds: [],
      drawIds: [],
      demo: false,
      trial: false,
    });
  });

  it('keeps a stranger typing a known phone as their own person: nothing overwritten, nothing told', async () => {
    const { backend, token, db, event, ctx } = await setup();
    const seeded = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '李娜', phone: '13900139000', company: '腾讯' },
      { source: 'staff', consentGranted: true, requireConsent: false },
    );
    if (!seeded.ok) throw new Error('seed failed');
    const known = seeded.value.person;
    const answer = await ok(
      backend.submit(
        submission(token, PHONE_B, { name: '赵六', phone: '13900139000', email: 'zl@x.cn' }),
      ),
    );
    expect(JSON.stringify(answer)).not.toMatch(new RegExp(`腾讯|李娜|${known.id}`));
    expect((await db.people.findOne(known.id).exec())?.toJSON()).toEqual(known);
    const strangerDoc = await db.people.findOne({ selector: { name: '赵六' } }).exec();
    const stranger = strangerDoc?.toJSON();
    expect(stranger).toMatchObject({ name: '赵六', email: 'zl@x.cn', company: '' });
    const link = await db.interactions
      .find({ selector: { personId: strangerDoc?.id ?? '', type: 'duplicate_suspected' } })
      .exec();
    expect(link.map((f) => f.data)).toEqual([
      { otherPersonId: known.id, keys: 'phone', channel: 'mobile' },
    ]);
    // The stranger's phone sees their own submission only, as any first-time visitor does.
    const context = await ok(backend.context({ boothToken: token, visitorToken: PHONE_B }));
    expect(JSON.stringify(context)).not.toMatch(/腾讯|李娜/);
  });

  it('recognizes a ticket holder and asks only what their person still misses', async () => {
    const { backend, token, db, event, ctx } = await setup();
    const seeded = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '张三', phone: '13700137000', company: '阿里' },
      { source: 'import', consentGranted: false, requireConsent: false },
    );
    if (!seeded.ok) throw new Error('seed failed');
    const ticket = (await ticketFor(db, event, seeded.value.person)) ?? '';
    const context = await ok(backend.context({ boothToken: token, visitorToken: PHONE_A, ticket }));
    expect(context).toMatchObject({ recognized: true, ask: ['email', 'title'] });
    const result = await ok(
      backend.submit({ ...submission(token, PHONE_A, { email: 'zs@ali.cn' }), ticket }),
    );
    expect((await db.people.findOne(seeded.value.person.id).exec())?.email).toBe('zs@ali.cn');
    expect(result.nextAsk).toEqual(['title']);
    // Opened from their own ticket, the page checks them in — once, however often they submit.
    expect(result.done.checkedIn).toBe(true);
    await ok(backend.submit({ ...submission(token, PHONE_A, {}), ticket }));
    const checkIns = await db.interactions
      .find({ selector: { personId: seeded.value.person.id, type: 'checked_in' } })
      .exec();
    expect(checkIns).toHaveLength(1);
    // A stranger's phone with no ticket checks nobody in.
    const other = await ok(
      backend.submit(submission(token, PHONE_B, { name: '李四', phone: '13900139000' })),
    );
    expect(other.done.checkedIn).toBe(false);
  });
});

describe('booth backend: bad input', () => {
  it('wants consent, valid fields, known offers, and an email for a white paper', async () => {
    const { backend, token, db } = await setup();
    const base = submission(token, PHONE_A, { name: '王伟', phone: '13800138000' });
    expect(
      await backend.submit({ ...base, consent: { granted: false, version: 'v3' } }),
    ).toMatchObject({ ok: false, error: { code: 'consent_required' } });
    expect(
      await backend.submit({ ...base, consent: { granted: true, version: 'v1' } }),
    ).toMatchObject({ ok: false, error: { code: 'consent_required' } });
    // A mistyped phone is reported with the missing consent, not only once the box is ticked.
    expect(
      await backend.submit({
        ...submission(token, PHONE_A, { name: '王伟', phone: '12' }),
        consent: { granted: false, version: 'v3' },
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'consent_required',
        fields: { phone: 'errors.phone', consent: 'errors.consent' },
      },
    });
    expect(
      await backend.submit(submission(token, PHONE_A, { name: '', phone: '12' })),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { phone: 'errors.phone', name: 'errors.required' } },
    });
    expect(
      await backend.submit({ ...base, requests: { ...base.requests, drawIds: [newId()] } }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_offer' } });
    expect(
      await backend.submit({ ...base, requests: { ...base.requests, contentIds: [ASSET] } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { email: 'errors.required' } },
    });
    expect(await db.people.count().exec()).toBe(0);
    expect(await db.interactions.count().exec()).toBe(0);
  });

  it('writes one person when the same visitor submits twice at once', async () => {
    const { backend, token, db } = await setup();
    const body = submission(token, PHONE_A, { name: '王伟', phone: '13800138000' }, { demo: true });
    const [a, b] = await Promise.all([backend.submit(body), backend.submit(body)]);
    expect(a.ok && b.ok).toBe(true);
    expect(await db.people.count().exec()).toBe(1);
    expect(await db.interactions.count().exec()).toBe(2);
  });
});

export type { AttendeeBackend };

describe('consent texts per language on the booth LAN page', () => {
  it('shows the English text to an English phone and records the version it showed', async () => {
    const { backend, token, db, event } = await setup();
    await db.events.upsert({
      ...event,
      consent: {
        ...event.consent,
        translations: [
          { language: 'en', text: 'We process your data under PIPL.', version: 'v3-en' },
        ],
      },
    });
    const english = await ok(
      backend.context({ boothToken: token, visitorToken: PHONE_A, language: 'en' }),
    );
    expect(english.event).toMatchObject({
      consentText: 'We process your data under PIPL.',
      consentVersion: 'v3-en',
    });
    const chinese = await ok(backend.context({ boothToken: token, visitorToken: PHONE_B }));
    expect(chinese.event).toMatchObject({ consentText: event.consent.text, consentVersion: 'v3' });

    expect(
      await backend.submit({
        ...submission(token, PHONE_A, { name: 'Ann Lee', phone: '13900001111' }),
        consent: { granted: true, version: 'v2-en' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'consent_required' } });
    await ok(
      backend.submit({
        ...submission(token, PHONE_A, { name: 'Ann Lee', phone: '13900001111' }),
        consent: { granted: true, version: 'v3-en' },
        language: 'en',
      }),
    );
    const person = await db.people.findOne({ selector: { phone: '+8613900001111' } }).exec();
    expect(person?.toJSON().consent).toMatchObject({ granted: true, textVersion: 'v3-en' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  EventSchema,
  qualificationId,
  type LeadEvent,
} from '../../shared/schemas';
import { loadOpenDuplicates } from '../store/duplicates';
import { newEventDraft, registerAttendee, saveQualification } from '../store/leads';
import { closeTestStores, openStore } from '../store/testing';
import { countLocalOnlyLeads, localLeadEvents, rehomeLocalLeads } from './local-leads';

afterEach(closeTestStores);

const staff = { source: 'staff' as const, consentGranted: true, requireConsent: false };

/** An event as the pool sends it: its public key, no private key on this device. */
function poolEvent(): LeadEvent {
  return EventSchema.parse({
    ...newEventDraft('2026-11-25'),
    id: newId(),
    name: '客户池活动',
    publicKey: 'pool-public-key',
    createdAt: 1,
    updatedAt: 1,
  });
}

async function storeWithLocalLeads(count: number) {
  const store = await openStore();
  const pool = poolEvent();
  await store.db.events.insert(pool);
  const people = [];
  for (let i = 0; i < count; i++) {
    const result = await registerAttendee(
      store.ctx,
      store.event,
      { ...EMPTY_PERSON_INPUT, name: `本地${i}`, phone: `1390000${String(1000 + i)}` },
      staff,
    );
    if (!result.ok) throw new Error('seed');
    people.push(result.value.person);
    await saveQualification(
      store.ctx,
      store.event.id,
      result.value.person.id,
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'hot' },
      `备注${i}`,
    );
  }
  return { ...store, pool, people };
}

describe('local leads', () => {
  it('counts the leads of events made on this device, not the pool event', async () => {
    const { db, event, pool, ctx } = await storeWithLocalLeads(3);
    await registerAttendee(
      ctx,
      pool,
      { ...EMPTY_PERSON_INPUT, name: '池', phone: '13700137000' },
      staff,
    );
    expect(await countLocalOnlyLeads(db, pool.id)).toBe(3);
    expect((await localLeadEvents(db, pool.id)).map((e) => [e.event.id, e.leads])).toEqual([
      [event.id, 3],
    ]);
    // Not enrolled, the count is the same: the pool's event was not made on this device.
    expect(await countLocalOnlyLeads(db, null)).toBe(3);
  });

  it('re-homes people, facts and qualifications into the pool event, once', async () => {
    const { db, ctx, event, pool, people } = await storeWithLocalLeads(11);
    expect(await rehomeLocalLeads(ctx, event.id, pool.id)).toBe(11);
    expect(await countLocalOnlyLeads(db, pool.id)).toBe(0);
    expect(await db.people.count({ selector: { eventId: pool.id } }).exec()).toBe(11);
    expect(await db.interactions.count({ selector: { eventId: event.id } }).exec()).toBe(0);
    expect(await db.interactions.count({ selector: { eventId: pool.id } }).exec()).toBe(11);
    const first = people[0];
    if (!first) throw new Error('seed');
    const qualification = await db.qualifications
      .findOne(qualificationId(pool.id, first.id))
      .exec();
    expect(qualification?.toJSON()).toMatchObject({
      eventId: pool.id,
      rating: 'hot',
      notes: [{ text: '备注0' }],
    });
    expect(await db.qualifications.count({ selector: { eventId: event.id } }).exec()).toBe(0);
    // Ids are kept: the people are the same people.
    expect((await db.people.findOne(first.id).exec())?.eventId).toBe(pool.id);
    expect(await rehomeLocalLeads(ctx, event.id, pool.id)).toBe(0);
    expect(await db.qualifications.count().exec()).toBe(11);
  });

  it('finishes a run killed half-way without losing or doubling anything', async () => {
    const { db, ctx, event, pool, people } = await storeWithLocalLeads(4);
    const [moved, , copied] = people;
    if (!moved || !copied) throw new Error('seed');
    // The killed run had moved one person and written one qualification's copy, not removed it.
    await (await db.people.findOne(moved.id).exec())?.incrementalPatch({ eventId: pool.id });
    const original = await db.qualifications.findOne(qualificationId(event.id, copied.id)).exec();
    if (!original) throw new Error('seed');
    await db.qualifications.insert({
      ...original.toMutableJSON(),
      id: qualificationId(pool.id, copied.id),
      eventId: pool.id,
    });
    expect(await rehomeLocalLeads(ctx, event.id, pool.id)).toBe(3);
    expect(await db.people.count({ selector: { eventId: pool.id } }).exec()).toBe(4);
    expect(await db.qualifications.count().exec()).toBe(4);
    const merged = await db.qualifications.findOne(qualificationId(pool.id, copied.id)).exec();
    expect(merged?.notes.map((n) => n.text)).toEqual(['备注2']);
    expect(await db.interactions.count({ selector: { eventId: pool.id } }).exec()).toBe(4);
  });

  it('links a re-homed lead to a pool attendee with the same phone, and merges nothing', async () => {
    const { db, ctx, event, pool, people } = await storeWithLocalLeads(1);
    const local = people[0];
    if (!local) throw new Error('seed');
    const attendee = await registerAttendee(
      ctx,
      pool,
      { ...EMPTY_PERSON_INPUT, name: '导入的人', phone: local.phone, company: '阿里' },
      { source: 'import', consentGranted: false, requireConsent: false },
    );
    if (!attendee.ok) throw new Error('seed');
    await rehomeLocalLeads(ctx, event.id, pool.id);
    expect((await db.people.findOne(attendee.value.person.id).exec())?.toJSON()).toEqual(
      attendee.value.person,
    );
    expect((await db.people.findOne(local.id).exec())?.name).toBe('本地0');
    expect((await loadOpenDuplicates(db, local.id)).map((d) => d.other.id)).toEqual([
      attendee.value.person.id,
    ]);
  });
});

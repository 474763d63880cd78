import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { classifyScan, generateEventKeyPair, issueTicket } from '../../shared/scan';
import { EMPTY_PERSON_INPUT } from '../../shared/schemas';
import { captureBadge, checkInPerson, checkInTicket, type BoothContext } from './checkins';
import { ticketFor } from './event-keys';
import { registerAttendee } from './leads';
import { closeTestStores, openStore, testContext } from './testing';

afterEach(closeTestStores);

async function boothWithAttendee() {
  const store = await openStore();
  const booth: BoothContext = { ...store.ctx, deviceName: 'Booth-1' };
  const registered = await registerAttendee(
    booth,
    store.event,
    { ...EMPTY_PERSON_INPUT, name: '张三', phone: '13800138000', company: '示例科技' },
    { source: 'staff', consentGranted: true, requireConsent: false },
  );
  if (!registered.ok) throw new Error('registration failed');
  const ticket = await ticketFor(store.db, store.event, registered.value.person);
  if (!ticket) throw new Error('no ticket: the event made here should hold its key');
  return { ...store, booth, person: registered.value.person, ticket };
}

async function checkInFacts(booth: BoothContext) {
  const facts = await booth.db.interactions.find({ selector: { type: 'checked_in' } }).exec();
  return facts.map((fact) => fact.toJSON());
}

describe('check-in', () => {
  it('admits a valid ticket once; a second scan reports the first check-in and records nothing', async () => {
    const { booth, event, person, ticket } = await boothWithAttendee();
    const first = await checkInTicket(booth, event, ticket, 'camera');
    expect(first).toMatchObject({ kind: 'admit', personId: person.id, person: { name: '张三' } });
    const again = await checkInTicket(booth, event, ticket, 'hid');
    expect(again).toMatchObject({
      kind: 'already',
      person: { name: '张三' },
      first: { deviceName: 'Booth-1', at: first.at },
    });
    const facts = await checkInFacts(booth);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      personId: person.id,
      data: { method: 'camera', deviceName: 'Booth-1' },
    });
  });

  it('issues the same ticket for the same person every time', async () => {
    const { db, event, person, ticket } = await boothWithAttendee();
    expect(await ticketFor(db, event, person)).toBe(ticket);
  });

  it('rejects tampered, foreign and garbage tickets and records nothing', async () => {
    const { booth, event, ticket } = await boothWithAttendee();
    const tampered = ticket.slice(0, 20) + (ticket[20] === 'A' ? 'B' : 'A') + ticket.slice(21);
    const otherKeys = generateEventKeyPair();
    const foreign = issueTicket(
      { eventId: newId(), personId: newId(), issuedAt: 0 },
      otherKeys.privateKey,
    );
    expect(await checkInTicket(booth, event, tampered, 'camera')).toMatchObject({
      kind: 'reject',
      reason: 'badSignature',
    });
    expect(await checkInTicket(booth, event, foreign, 'camera')).toMatchObject({
      kind: 'reject',
      reason: 'foreignEvent',
    });
    expect(await checkInTicket(booth, event, 'LP1.nope', 'hid')).toMatchObject({
      kind: 'reject',
      reason: 'malformed',
    });
    expect(await checkInFacts(booth)).toEqual([]);
  });

  it('checks in a valid ticket of a person not on this device as a stub', async () => {
    const { booth, event, db } = await boothWithAttendee();
    const stranger = newId();
    const keyDoc = await db.getLocal<{ privateKey: string }>(`event-key-${event.id}`);
    const ticket = issueTicket(
      { eventId: event.id, personId: stranger, issuedAt: Date.now() },
      keyDoc!.toJSON().data.privateKey,
    );
    expect(await checkInTicket(booth, event, ticket, 'camera')).toMatchObject({
      kind: 'admit',
      personId: stranger,
    });
    const stub = await db.people.findOne(stranger).exec();
    expect(stub?.toJSON()).toMatchObject({ id: stranger, eventId: event.id, name: '' });
  });

  it('counts a person once when two devices both checked them in offline', async () => {
    const { booth, event, person, ticket, db } = await boothWithAttendee();
    const other: BoothContext = { ...testContext(db, 'dev-2'), deviceName: 'Booth-2' };
    // Booth-2 admitted the same person earlier, offline; its fact arrives by sync.
    await db.interactions.insert({
      id: newId(),
      eventId: event.id,
      personId: person.id,
      type: 'checked_in',
      deviceId: other.deviceId,
      staffId: 'staff-2',
      occurredAt: 1_000,
      data: { method: 'camera', deviceName: 'Booth-2' },
      updatedAt: 1_000,
    });
    expect(await checkInTicket(booth, event, ticket, 'camera')).toMatchObject({
      kind: 'already',
      first: { deviceName: 'Booth-2', at: 1_000 },
    });
    expect(await checkInPerson(booth, event, person.id)).toMatchObject({ kind: 'already' });
  });

  it('captures a walk-in badge, and a re-scan of the same badge updates the same person', async () => {
    const { booth, event, db } = await boothWithAttendee();
    const card =
      'BEGIN:VCARD\nVERSION:3.0\nFN:Alice Smith\nORG:Acme\nEMAIL:alice@acme.io\nEND:VCARD';
    const scan = classifyScan(card);
    if (scan.kind !== 'badge') throw new Error('expected a badge');
    const first = await captureBadge(booth, event, scan, 'camera');
    expect(first).toMatchObject({
      isNew: true,
      person: { name: 'Alice Smith', company: 'Acme', badgeCode: card },
    });
    expect(first.person.provenance.name?.source).toBe('badge');
    const again = await captureBadge(booth, event, scan, 'hid');
    expect(again).toMatchObject({ isNew: false, person: { id: first.person.id } });

    const unknown = classifyScan('EXPO-000123');
    if (unknown.kind !== 'unknown') throw new Error('expected unknown');
    const raw = await captureBadge(booth, event, unknown, 'hid');
    expect(raw.person).toMatchObject({ name: '', badgeCode: 'EXPO-000123' });
    expect((await captureBadge(booth, event, unknown, 'hid')).person.id).toBe(raw.person.id);
    const scans = await db.interactions.find({ selector: { type: 'badge_scanned' } }).exec();
    expect(scans).toHaveLength(4);
  });
});

import { mergeQualifications } from '../../shared/qualification-ops';
import { QualificationSchema, qualificationId, type LeadEvent } from '../../shared/schemas';
import type { LeadDatabase } from '../store/database';
import { madeOnThisDevice } from '../store/event-keys';
import {
  duplicateFacts,
  findMatches,
  recordInteraction,
  type CaptureContext,
} from '../store/leads';

/** A local event (made on this device) whose leads are not in the pool: they never sync. */
export interface LocalLeadEvent {
  event: LeadEvent;
  leads: number;
}

/**
 * Events this device made, other than the one it is enrolled for, that hold leads. The sync push
 * takes only the enrolled event's documents (the pool refuses any other), so these leads exist
 * on this laptop alone until they are brought into the pool's event.
 */
export async function localLeadEvents(
  db: LeadDatabase,
  enrolledEventId: string | null,
): Promise<LocalLeadEvent[]> {
  const events = await db.events.find().exec();
  const found: LocalLeadEvent[] = [];
  for (const doc of events) {
    const event = doc.toMutableJSON();
    if (event.id === enrolledEventId || !(await madeOnThisDevice(db, event))) continue;
    const leads = await db.people.count({ selector: { eventId: event.id } }).exec();
    if (leads > 0) found.push({ event, leads });
  }
  return found;
}

export async function countLocalOnlyLeads(
  db: LeadDatabase,
  enrolledEventId: string | null,
): Promise<number> {
  const events = await localLeadEvents(db, enrolledEventId);
  return events.reduce((sum, e) => sum + e.leads, 0);
}

/**
 * Brings the leads of local event `fromEventId` into the pool's event `toEventId`, so they push:
 * people, facts and qualifications are re-homed. Crash-safe and idempotent — each step selects
 * only what still names the local event, so running it again after the app was killed finishes
 * the job and repeats nothing:
 * - a person or fact is re-homed by one atomic document write (its id stays; pool ids are made
 *   on devices, so nothing collides), the person first so a fact never names an absent person;
 * - a qualification's id contains the event, so the new one is written before the old one is
 *   removed (merged with one already there);
 * - a re-homed person who shares a phone, email or WeChat id with someone already in the pool's
 *   event (an imported attendee, say) gets a possible-duplicate link — a match is never a merge.
 * Returns how many people were moved by this run.
 */
export async function rehomeLocalLeads(
  ctx: CaptureContext,
  fromEventId: string,
  toEventId: string,
): Promise<number> {
  const { db, clock } = ctx;
  if (fromEventId === toEventId) return 0;
  const people = await db.people.find({ selector: { eventId: fromEventId } }).exec();
  for (const doc of people) {
    const person = doc.toMutableJSON();
    const matches = (await findMatches(db, toEventId, person)).filter(
      (m) => m.person.id !== person.id,
    );
    // Links first: a crash before the move repeats them, which names the same pair again.
    for (const fact of duplicateFacts(toEventId, person.id, matches, 'staff')) {
      await recordInteraction(ctx, fact);
    }
    await doc.incrementalPatch({ eventId: toEventId, updatedAt: clock() });
  }

  const qualifications = await db.qualifications
    .find({ selector: { eventId: fromEventId } })
    .exec();
  for (const doc of qualifications) {
    const old = doc.toMutableJSON();
    const id = qualificationId(toEventId, old.personId);
    const rebased = { ...old, id, eventId: toEventId, updatedAt: clock() };
    const existing = await db.qualifications.findOne(id).exec();
    const next = existing ? mergeQualifications(existing.toMutableJSON(), rebased) : rebased;
    await db.qualifications.upsert(QualificationSchema.parse({ ...next, updatedAt: clock() }));
    await doc.remove();
  }

  const facts = await db.interactions.find({ selector: { eventId: fromEventId } }).exec();
  for (const doc of facts) await doc.incrementalPatch({ eventId: toEventId, updatedAt: clock() });
  return people.length;
}

const KEPT_ID = 'local-leads-kept';

/** Local events whose leads staff chose to keep on this laptop (they are not offered again). */
export async function loadKeptLocal(db: LeadDatabase): Promise<string[]> {
  const doc = await db.getLocal<{ eventIds: string[] }>(KEPT_ID);
  return [...(doc?.toJSON().data.eventIds ?? [])];
}

export async function setKeptLocal(db: LeadDatabase, eventIds: string[]): Promise<void> {
  await db.upsertLocal(KEPT_ID, { eventIds: [...new Set(eventIds)] });
}

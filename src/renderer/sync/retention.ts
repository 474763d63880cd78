import type { RxDocumentData } from 'rxdb';
import {
  qualificationId,
  type Interaction,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import type { LeadDatabase } from '../store/database';

export const DAY_MS = 86_400_000;

/** The collections a purge removes documents from, and what marks a purge tombstone. */
export type PurgedCollection = 'people' | 'interactions' | 'qualifications';

export function purgeKey(collection: PurgedCollection, id: string): string {
  return `${collection}|${id}`;
}

const MARKERS_ID = 'retention-purged';

/** Tombstones a purge made: they stay on this device, the push never sends them (engine.ts). */
export async function loadPurgeMarkers(db: LeadDatabase): Promise<Set<string>> {
  const doc = await db.getLocal<{ keys: string[] }>(MARKERS_ID);
  return new Set(doc?.toJSON().data.keys ?? []);
}

export async function savePurgeMarkers(db: LeadDatabase, keys: Iterable<string>): Promise<void> {
  await db.upsertLocal(MARKERS_ID, { keys: [...new Set(keys)] });
}

export interface PurgeDeps {
  db: LeadDatabase;
  eventId: string;
  now: number;
  /** Which of these documents the pool is known to hold exactly as they are here. */
  confirmed(
    collection: PurgedCollection,
    docs: RxDocumentData<Person | Interaction | Qualification>[],
  ): Promise<Set<string>>;
  /** Persists the markers before anything is removed, so no purge tombstone is ever pushed. */
  mark(keys: string[]): Promise<void>;
}

export interface PurgeResult {
  people: number;
  interactions: number;
  qualifications: number;
}

/**
 * Lost-device protection (DESIGN.md "Local store constraints"): a person of the enrolled event
 * untouched for longer than the event's retention days is removed from this device together with
 * their facts and qualification — only when every one of those documents is confirmed in the pool
 * and none is newer than the cut-off. A pending write keeps the whole person here. The pool keeps
 * everything; a later change in the pool brings the person back by sync.
 */
export async function purgeExpired(deps: PurgeDeps): Promise<PurgeResult> {
  const { db, eventId, now } = deps;
  const result: PurgeResult = { people: 0, interactions: 0, qualifications: 0 };
  const event = await db.events.findOne(eventId).exec();
  if (!event) return result;
  const cutoff = now - event.retentionDays * DAY_MS;
  const candidates = await db.people
    .find({ selector: { eventId, updatedAt: { $lt: cutoff } } })
    .exec();
  for (const person of candidates) {
    const [facts, qualification] = await Promise.all([
      db.interactions.find({ selector: { personId: person.id } }).exec(),
      db.qualifications.findOne(qualificationId(eventId, person.id)).exec(),
    ]);
    const cluster = [person, ...facts, ...(qualification ? [qualification] : [])];
    if (cluster.some((doc) => doc.updatedAt >= cutoff)) continue;
    const [personOk, factsOk, qualificationOk] = await Promise.all([
      deps.confirmed('people', [person.toJSON(true) as RxDocumentData<Person>]),
      deps.confirmed(
        'interactions',
        facts.map((f) => f.toJSON(true) as RxDocumentData<Interaction>),
      ),
      qualification
        ? deps.confirmed('qualifications', [
            qualification.toJSON(true) as RxDocumentData<Qualification>,
          ])
        : Promise.resolve(new Set<string>()),
    ]);
    const allConfirmed =
      personOk.has(person.id) &&
      facts.every((f) => factsOk.has(f.id)) &&
      (!qualification || qualificationOk.has(qualification.id));
    if (!allConfirmed) continue;
    await deps.mark([
      purgeKey('people', person.id),
      ...facts.map((f) => purgeKey('interactions', f.id)),
      ...(qualification ? [purgeKey('qualifications', qualification.id)] : []),
    ]);
    // Facts and qualification first: a crash never leaves facts of a person who is gone.
    await Promise.all(facts.map((f) => f.remove()));
    await qualification?.remove();
    await person.remove();
    result.people += 1;
    result.interactions += facts.length;
    result.qualifications += qualification ? 1 : 0;
  }
  return result;
}

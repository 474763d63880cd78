import { mergeQualifications } from '../../shared/qualification-ops';
import { qualificationId, type Qualification } from '../../shared/schemas';
import type { SyncedCollection } from '../../shared/sync';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { writeDocuments, type DocumentWrite } from './documents';
import { queueContentRequests } from './download-tokens';
import { countNewFacts } from './event-summary';
import { rescoreTouched } from './scoring';
import {
  ingestPeople,
  lockCollections,
  put,
  readOne,
  redirectTargets,
  type IdentityContext,
} from './identity';

/**
 * The one way documents enter the pool, whoever sends them (a device's push, an attendee
 * import, a pool-side edit): validated documents in, stored with fresh sequence numbers. Each
 * collection's rule lives here once, so every entry point behaves the same:
 *
 * - people go through identity resolution (services/identity.ts);
 * - interactions are insert-only: an id the pool already has is the same fact and is skipped;
 *   a fact about a person folded into another is stored on the survivor;
 * - a qualification of a folded person is merged into the survivor's;
 * - a new content_requested interaction also gets a download token and a queued mail;
 * - new interactions are added to the per-event dashboard summaries (services/event-summary.ts);
 * - events and assets are stored as given.
 *
 * Must run inside a transaction (it holds the collections' sequence locks until commit).
 */
export interface IngestDocument {
  id: string;
  eventId: string;
  deleted: boolean;
  data: Record<string, unknown>;
}

export async function ingestDocuments(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId' | 'assets' | 'scoreOnIngest'>,
  collection: SyncedCollection,
  documents: readonly IngestDocument[],
): Promise<void> {
  if (documents.length === 0) return;
  switch (collection) {
    case 'people':
      await ingestPeople(tx, deps, documents);
      return rescore(
        tx,
        deps,
        documents.map((doc) => doc.id),
      );
    case 'interactions':
      return rescore(tx, deps, await ingestInteractions(tx, deps, documents));
    case 'qualifications':
      await ingestQualifications(tx, deps, documents);
      return rescore(
        tx,
        deps,
        documents.map((doc) => String(doc.data.personId)),
      );
    case 'draws':
      await lockCollections(tx, ['draws']);
      await writeDocuments(tx, 'draws', documents, deps.clock());
      return;
    case 'events':
    case 'assets':
      await lockCollections(tx, [collection]);
      await writeDocuments(tx, collection, documents, deps.clock());
      return;
  }
}

/**
 * The customers of the people a write touched are rescored in its transaction, so a list read
 * right after a push already filters on the new grade and score.
 */
async function rescore(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId' | 'scoreOnIngest'>,
  personIds: readonly string[],
): Promise<void> {
  if (deps.scoreOnIngest === false || personIds.length === 0) return;
  await rescoreTouched(tx, { personIds }, deps);
}

/** Returns the people the new facts are about. */
async function ingestInteractions(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'assets'>,
  documents: readonly IngestDocument[],
): Promise<string[]> {
  await lockCollections(tx, ['interactions']);
  const unique = new Map<string, IngestDocument>();
  for (const doc of documents) if (!unique.has(doc.id)) unique.set(doc.id, doc);
  const known = await tx.query<{ id: string }>(
    `select id from documents where collection = 'interactions' and id = any($1::text[])`,
    [[...unique.keys()]],
  );
  for (const { id } of known) unique.delete(id);
  const fresh = [...unique.values()];
  const targets = await redirectTargets(
    tx,
    fresh.map((doc) => String(doc.data.personId)),
  );
  const writes: DocumentWrite[] = fresh.map((doc) => {
    const target = targets.get(String(doc.data.personId));
    return target ? { ...doc, data: { ...doc.data, personId: target } } : doc;
  });
  await writeDocuments(tx, 'interactions', writes, deps.clock());
  // The dashboards' per-event counts grow with the new facts, in this transaction.
  await countNewFacts(tx, writes);
  // A new white-paper request gets its download token and queued mail in this transaction.
  await queueContentRequests(tx, deps, writes);
  return writes.map((doc) => String(doc.data.personId));
}

async function ingestQualifications(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  documents: readonly IngestDocument[],
): Promise<void> {
  await lockCollections(tx, ['qualifications']);
  const ctx: IdentityContext = { tx, now: deps.clock(), newId: deps.newId };
  const targets = await redirectTargets(
    tx,
    documents.map((doc) => String(doc.data.personId)),
  );
  // Plain documents are written in runs; a run is flushed before a redirected document merges
  // into a survivor, so the batch's order holds.
  let plain: IngestDocument[] = [];
  for (const doc of documents) {
    const target = targets.get(String(doc.data.personId));
    if (!target) {
      plain.push(doc);
      continue;
    }
    await writeDocuments(tx, 'qualifications', plain, ctx.now);
    plain = [];
    // The person was folded into another: re-send the tombstone (the device drops its copy)
    // and merge what it wrote into the survivor's qualification.
    const own = await readOne(tx, 'qualifications', doc.id);
    await put(ctx, 'qualifications', {
      id: doc.id,
      eventId: doc.eventId,
      deleted: true,
      data: own?.data ?? doc.data,
    });
    if (doc.deleted) continue;
    const id = qualificationId(doc.eventId, target);
    const rebased = { ...(doc.data as unknown as Qualification), id, personId: target };
    const current = await readOne(tx, 'qualifications', id);
    const merged =
      current && !current.deleted
        ? mergeQualifications(current.data as unknown as Qualification, rebased)
        : rebased;
    await put(ctx, 'qualifications', {
      id,
      eventId: doc.eventId,
      deleted: false,
      data: merged as unknown as Record<string, unknown>,
    });
  }
  await writeDocuments(tx, 'qualifications', plain, ctx.now);
}

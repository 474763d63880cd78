import { type PullResponse, type SyncCheckpoint, type SyncedCollection } from '../../shared/sync';
import type { Principal } from '../auth';

type DevicePrincipal = Extract<Principal, { kind: 'device' }>;
import type { SqlDatabase, SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { badRequest, forbidden } from '../http-errors';
import { changesChannel, readChangesSince, readDocuments, type StoredDocument } from './documents';
import { lockCollections } from './identity';
import { decideDrawPush } from './draw-ownership';
import { guardErasedPush } from './erasure';
import { ingestDocuments, type IngestDocument } from './ingest';
import {
  trustedDeviceInteraction,
  trustedDevicePerson,
  trustedDeviceQualification,
} from '../../shared/trust';
import type { Interaction, Person, Qualification } from '../../shared/schemas';

/**
 * The pool's side of RxDB's replication protocol (DESIGN.md "Sync"): pull by sequence
 * checkpoint, push with `assumedMasterState` conflict detection, and the change feed behind the
 * live streams. Routes only authenticate, parse and call these.
 */

/** A document as it travels to and from devices: its data plus RxDB's `_deleted`. */
export type WireDocument = Record<string, unknown> & { _deleted: boolean };

export const toWire = (doc: StoredDocument): WireDocument => ({
  ...doc.data,
  _deleted: doc.deleted,
});

/** The event a document belongs to: an event document is its own scope. */
export function eventIdOf(collection: SyncedCollection, doc: Record<string, unknown>): string {
  const value = collection === 'events' ? doc.id : doc.eventId;
  return typeof value === 'string' ? value : '';
}

/**
 * Which event's documents the caller may sync: a device only its own (asking for another is 403),
 * a marketing or admin user the one named by `?eventId=`.
 */
export function syncScope(principal: Principal, requestedEventId: string | undefined): string {
  if (principal.kind === 'device') {
    if (requestedEventId !== undefined && requestedEventId !== principal.eventId) {
      throw forbidden('this device is enrolled for another event');
    }
    return principal.eventId;
  }
  if (principal.role !== 'admin' && principal.role !== 'marketing') {
    throw forbidden('syncing requires a device token or an admin/marketing user');
  }
  if (!requestedEventId) throw badRequest('a user token must name the event: ?eventId=<uuid>');
  return requestedEventId;
}

/** The changes of one event after a checkpoint, oldest first; the checkpoint stays when none. */
export async function pullChanges(
  db: SqlExecutor,
  collection: SyncedCollection,
  eventId: string,
  checkpoint: SyncCheckpoint | null,
  limit: number,
): Promise<PullResponse<WireDocument>> {
  const after = checkpoint?.seq ?? 0;
  const docs = await readChangesSince(db, collection, eventId, after, limit);
  const last = docs.at(-1);
  return { documents: docs.map(toWire), checkpoint: { seq: last ? last.seq : after } };
}

export interface PushRow {
  newDocumentState: WireDocument;
  assumedMasterState?: WireDocument | null | undefined;
}

/** Key order does not matter (jsonb reorders keys); everything else does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

const sameDocument = (a: WireDocument, b: WireDocument) => canonicalJson(a) === canonicalJson(b);

/**
 * Applies a device's push in the caller's transaction and returns the conflicts: the current
 * master of every row the pool did not take (empty when it took them all). Only devices push
 * (the route refuses users: they edit through the routes that check their edits). The rules per
 * collection (DESIGN.md "Data model"):
 *
 * - events: the pool wins. A device never writes one; for an event the pool has, the push is
 *   answered with the master as a conflict (the client's handler adopts it); pushing an event
 *   the pool does not have is refused with 403.
 * - interactions: insert-only. A new id is stored; an id the pool has is the same fact and is
 *   neither a conflict nor a second copy (ingest skips it).
 * - people, qualifications: the standard RxDB rule — when the pool has the document and
 *   `assumedMasterState` differs from it, the master is returned and the client merges
 *   (mergePeople / mergeQualifications) and pushes again. Exception: a document of a person who
 *   was folded into another (person_redirects) is always taken, and ingest merges it into the
 *   survivor: the merge is field-wise, so there is nothing for the client to decide. A row
 *   equal to the master is neither taken nor a conflict, whatever it assumed: the client already
 *   holds the pool's state.
 *
 * - assets: the pool's only (uploaded with their file); a push is refused with 403, from anyone.
 *
 * - draws: owned by the device that pushed them first; other devices' changes come back as
 *   conflicts (services/draw-ownership.ts), then the standard rule applies to the owner.
 *
 * Scope (DESIGN.md "Trust"): a device writes only its own event. A row of another event, a row
 * whose id the pool holds in another event, and a fact or qualification naming a person of
 * another event are refused one by one (not stored, not answered as conflicts); the rest of the
 * push is taken. What a device pushes is made believable first (shared/trust.ts): identity
 * fields normalized, times clamped to the pool's clock, source ranks capped at staff.
 */
export async function pushChanges(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId' | 'assets'>,
  device: DevicePrincipal,
  collection: SyncedCollection,
  rows: readonly PushRow[],
): Promise<PushResult> {
  const [result] = await pushChangesOfMany(tx, deps, collection, [{ device, rows }]);
  return result ?? { conflicts: [], refused: [] };
}

/** One device's push request: who pushes, and the rows it sent. */
export interface PushRequest {
  device: DevicePrincipal;
  rows: readonly PushRow[];
}

/**
 * Several devices' pushes of one collection applied as if one after the other, in the order
 * given, but with one read of the masters and one ingest for all of them (group commit, see
 * services/push-groups.ts); returns each request's own result. No id may appear in two requests
 * (the caller splits them): a request's masters are then untouched by the others, so the
 * outcome equals the sequential one. Throws when any request is bad: the caller undoes the
 * whole call and retries each request alone.
 */
export async function pushChangesOfMany(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId' | 'assets'>,
  collection: SyncedCollection,
  requests: readonly PushRequest[],
): Promise<PushResult[]> {
  if (collection === 'assets') {
    // The file must be in the pool before its metadata: assets come only through the upload API.
    throw forbidden('assets are written by the pool (POST /events/:id/assets), not pushed');
  }
  const receivedAt = deps.clock();
  const results: PushResult[] = requests.map(() => ({ conflicts: [], refused: [] }));
  // RxDB never sends one id twice in a batch; if a client does, its last row counts.
  const latest = new Map<string, { row: PushRow; request: number }>();
  for (const [request, { device, rows }] of requests.entries()) {
    const own = new Set<string>();
    for (const row of rows) {
      const id = String(row.newDocumentState.id);
      const eventId = eventIdOf(collection, row.newDocumentState);
      if (eventId !== device.eventId) {
        results[request]!.refused.push({ id, reason: 'another_event' });
        continue;
      }
      if (collection === 'qualifications') checkQualificationId(row.newDocumentState);
      if (latest.has(id) && !own.has(id)) {
        throw new Error(`push requests applied together share the id ${id}`);
      }
      own.add(id);
      latest.set(id, {
        request,
        row: { ...row, newDocumentState: believable(collection, row.newDocumentState, receivedAt) },
      });
    }
  }
  // Locked before reading the masters: nobody changes them between our read and our write.
  await lockCollections(tx, [collection]);
  const inScope = [...latest.values()].map(({ row }) => row);
  const masters = await readDocuments(tx, collection, [...latest.keys()]);
  const foreignPeople = await peopleOfOtherEvents(tx, collection, inScope);
  const redirected = await redirectedIds(tx, collection, inScope);
  // An erased person pushed again by a booth that was offline: answered with tombstones.
  const erased = await guardErasedPush(
    tx,
    collection,
    [...latest].flatMap(([id, { row }]) => {
      const eventId = eventIdOf(collection, row.newDocumentState);
      const master = masters.get(id);
      const outOfScope =
        (master && master.eventId !== eventId) ||
        foreignPeople.has(String(row.newDocumentState.personId));
      return outOfScope ? [] : [{ id, eventId, data: row.newDocumentState }];
    }),
    masters,
    receivedAt,
  );
  for (const master of erased.conflicts) {
    const owner = latest.get(master.id);
    if (owner) results[owner.request]!.conflicts.push(toWire(master));
  }

  const accepted: IngestDocument[] = [];
  for (const [id, { row, request }] of latest) {
    const { conflicts, refused } = results[request]!;
    const device = requests[request]!.device;
    const master = masters.get(id);
    let doc = row.newDocumentState;
    const eventId = eventIdOf(collection, doc);
    if (master && master.eventId !== eventId) {
      refused.push({ id, reason: 'another_event' });
      continue;
    }
    if (foreignPeople.has(String(doc.personId))) {
      refused.push({ id, reason: 'person_of_another_event' });
      continue;
    }
    if (erased.handled.has(id)) continue;
    if (collection === 'draws') {
      const decision = decideDrawPush(device.deviceId, master ? toWire(master) : null, doc);
      if (decision.kind === 'invalid') throw badRequest(decision.reason);
      if (decision.kind === 'conflict' && master) {
        conflicts.push(toWire(master));
        continue;
      }
      if (decision.kind === 'take') doc = decision.doc;
    }
    const { _deleted: deleted, ...data } = doc;
    const write: IngestDocument = { id, eventId, deleted, data };
    if (collection === 'interactions' || redirected.has(id)) {
      accepted.push(write);
      continue;
    }
    if (collection === 'events') {
      if (!master) throw forbidden('events are written by the pool, not by devices');
      if (!sameDocument(toWire(master), doc)) conflicts.push(toWire(master));
      continue;
    }
    // The device restates what the pool holds: nothing to take, nothing to merge.
    if (master && sameDocument(toWire(master), doc)) continue;
    const assumed = row.assumedMasterState ?? null;
    if (master && (assumed === null || !sameDocument(toWire(master), assumed))) {
      conflicts.push(toWire(master));
      continue;
    }
    accepted.push(write);
  }
  await ingestDocuments(tx, deps, collection, accepted);
  return results;
}

export interface RefusedRow {
  id: string;
  reason: 'another_event' | 'person_of_another_event';
}

export interface PushResult {
  /** The masters of rows the pool did not take: RxDB's push answer. */
  conflicts: WireDocument[];
  /** Rows outside the device's scope: neither stored nor conflicts (logged by the route). */
  refused: RefusedRow[];
}

/** A device's document as the pool will believe it (shared/trust.ts). */
function believable(
  collection: SyncedCollection,
  doc: WireDocument,
  receivedAt: number,
): WireDocument {
  const { _deleted, ...data } = doc;
  // The shared push schemas checked the shape; these rules only narrow values.
  switch (collection) {
    case 'people':
      return { ...trustedDevicePerson(data as unknown as Person, receivedAt), _deleted };
    case 'interactions':
      return { ...trustedDeviceInteraction(data as unknown as Interaction, receivedAt), _deleted };
    case 'qualifications':
      return {
        ...trustedDeviceQualification(data as unknown as Qualification, receivedAt),
        _deleted,
      };
    default:
      return doc;
  }
}

/**
 * The person ids named by facts or qualifications of this push that are people of another event
 * (DESIGN.md "Trust": a fact must name a person of the device's event). A person the pool does not
 * know yet is no refusal: a device may push facts before the people they are about.
 */
async function peopleOfOtherEvents(
  tx: SqlExecutor,
  collection: SyncedCollection,
  rows: readonly PushRow[],
): Promise<Set<string>> {
  if (collection !== 'interactions' && collection !== 'qualifications') return new Set();
  const byEvent = new Map<string, Set<string>>();
  for (const row of rows) {
    const eventId = String(row.newDocumentState.eventId);
    const set = byEvent.get(eventId) ?? new Set<string>();
    set.add(String(row.newDocumentState.personId));
    byEvent.set(eventId, set);
  }
  const foreign = new Set<string>();
  for (const [eventId, personIds] of byEvent) {
    const found = await tx.query<{ id: string }>(
      `select id from documents
        where collection = 'people' and id = any($1::text[]) and event_id <> $2`,
      [[...personIds], eventId],
    );
    for (const { id } of found) foreign.add(id);
  }
  return foreign;
}

/** Qualifications are one per person per event: their id says which (`eventId|personId`). */
function checkQualificationId(doc: WireDocument): void {
  if (doc.id !== `${String(doc.eventId)}|${String(doc.personId)}`) {
    throw badRequest(`qualification id must be "<eventId>|<personId>", got ${String(doc.id)}`);
  }
}

/** Rows whose person was folded into another: taken without conflict check (see pushChanges). */
async function redirectedIds(
  tx: SqlExecutor,
  collection: SyncedCollection,
  rows: readonly PushRow[],
): Promise<Set<string>> {
  if (collection !== 'people' && collection !== 'qualifications') return new Set();
  const personIds = rows.map((row) =>
    String(collection === 'people' ? row.newDocumentState.id : row.newDocumentState.personId),
  );
  const found = await tx.query<{ from_id: string }>(
    'select from_id from person_redirects where from_id = any($1::text[])',
    [personIds],
  );
  const from = new Set(found.map((r) => r.from_id));
  return new Set(
    rows
      .filter((row) =>
        from.has(
          String(collection === 'people' ? row.newDocumentState.id : row.newDocumentState.personId),
        ),
      )
      .map((row) => String(row.newDocumentState.id)),
  );
}

/**
 * One LISTEN per collection for the whole process, fanned out to every open stream: a hundred
 * booths streaming cost one database connection, not a hundred.
 */
export class ChangeFeed {
  private readonly subscribers = new Map<SyncedCollection, Set<() => void>>();
  private readonly listening = new Map<SyncedCollection, Promise<() => Promise<void>>>();

  constructor(private readonly db: SqlDatabase) {}

  async subscribe(collection: SyncedCollection, onChange: () => void): Promise<() => void> {
    let set = this.subscribers.get(collection);
    if (!set) {
      set = new Set();
      this.subscribers.set(collection, set);
    }
    set.add(onChange);
    if (!this.listening.has(collection)) {
      const subscribers = set;
      const stop = this.db.listen(changesChannel(collection), () => {
        for (const subscriber of subscribers) subscriber();
      });
      this.listening.set(collection, stop);
      stop.catch(() => this.listening.delete(collection));
    }
    await this.listening.get(collection);
    return () => {
      set.delete(onChange);
    };
  }

  /** Open subscriptions of a collection (streams still connected). */
  subscriberCount(collection: SyncedCollection): number {
    return this.subscribers.get(collection)?.size ?? 0;
  }

  async close(): Promise<void> {
    const stops = [...this.listening.values()];
    this.listening.clear();
    this.subscribers.clear();
    for (const stop of stops) await (await stop.catch(() => async () => undefined))();
  }
}

export interface ChangeStreamOptions {
  db: SqlExecutor;
  feed: ChangeFeed;
  collection: SyncedCollection;
  eventId: string;
  /** Called with 'RESYNC' first, then with each batch of changes, in order. */
  send: (message: PullResponse<WireDocument> | 'RESYNC') => void;
  /** The stream cannot go on (the database failed): the caller ends the connection. */
  onError: (error: unknown) => void;
  batchSize?: number;
}

/**
 * A live stream of one event's changes. It subscribes first, then reads where the collection
 * stands, then tells the client to RESYNC: whatever committed before that point the client pulls,
 * whatever commits after it wakes the stream, so nothing falls between the two.
 */
export async function openChangeStream(options: ChangeStreamOptions): Promise<() => void> {
  const { db, feed, collection, eventId, send, onError, batchSize = 500 } = options;
  let cursor = 0;
  let running = false;
  let again = false;
  let closed = false;
  const pump = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (;;) {
          const docs = await readChangesSince(db, collection, eventId, cursor, batchSize);
          const last = docs.at(-1);
          if (!last || closed) break;
          cursor = last.seq;
          send({ documents: docs.map(toWire), checkpoint: { seq: cursor } });
          if (docs.length < batchSize) break;
        }
      } while (again && !closed);
    } catch (error) {
      if (!closed) onError(error);
    } finally {
      running = false;
    }
  };
  // Wake-ups before RESYNC is sent are covered by the cursor read below or by one pump after it.
  let ready = false;
  let woken = false;
  const unsubscribe = await feed.subscribe(collection, () => {
    if (ready) void pump();
    else woken = true;
  });
  const [stand] = await db.query<{ last: number }>(
    'select last from collection_seqs where collection = $1',
    [collection],
  );
  cursor = Number(stand?.last ?? 0);
  send('RESYNC');
  ready = true;
  if (woken) void pump();
  return () => {
    closed = true;
    unsubscribe();
  };
}

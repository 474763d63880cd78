import {
  createRevision,
  getChangedDocumentsSince,
  getHeightOfRevision,
  now,
  type BulkWriteRow,
  type RxCollection,
  type RxDocumentData,
  type RxStorageInstance,
  type WithDeleted,
} from 'rxdb';
import type { SyncCheckpoint, SyncedCollection } from '../../shared/sync';
import type { LeadDatabase } from '../store/database';
import { abortableDelay } from './abortable';
import type { SyncDocument } from './transport';

/**
 * The first pull of a fresh device, without the bookkeeping a two-way replication writes.
 *
 * A two-way RxDB replication stores, next to every pulled document, a meta document with the
 * state it assumes the pool holds: for the 100k attendees of a large event that doubles the
 * IndexedDB writes of the first pull. So a collection that is still empty on this device is first
 * filled page by page straight from the pool, each document written the way RxDB's downstream
 * writes it (with the `_meta.o` mark of the replication, which later tells RxDB the document is
 * the pool's, not a local edit). The two-way replication then starts with its pull checkpoint
 * where this pull ended, and its push checkpoint after the pulled documents.
 *
 * What the push must still send are the local writes made meanwhile (staff keep working during
 * the first pull; the kiosk window writes too). A document without the mark, or changed since, is
 * a local write: their ids are collected while the pull runs, and at the end they are written
 * again unchanged, which moves them after the pulled documents in the local change feed. The push
 * then starts right after the last pulled document. A write from another window whose change
 * event was still on its way when the pull ended is not passed over either: the pull waits until
 * SAFETY_MS have gone by since its last write, then reads the store itself (not the events) for
 * every document written in the SAFETY_MS before it, and moves the local ones among them too.
 * (Starting the push SAFETY_MS early instead would push back the thousands of pulled documents
 * written in that window: 10 s of a 33 s first pull of 100k people.)
 *
 * Interrupted (a crash, a reload, a revoked device), nothing is lost: the marker stays 'running'
 * and the two-way replication starts from the beginning in both directions, as it always did.
 */
export const SAFETY_MS = 2000;
/**
 * A pause after each page: RxDB runs a query again (20 ms later) when a write landed while it
 * read, so pages written back to back held every query of the app (a check-in's lookup too)
 * until the whole pull was done: 21 s for 100k people.
 */
const READ_WINDOW_MS = 25;
/** Pages per write: fewer, larger IndexedDB transactions, and half the pauses. */
const PAGES_PER_WRITE = 2;
const LATE_WRITES_PAGE = 1000;

/** Dexie storage's position in the local change feed, as RxDB's push side keeps it. */
export interface ForkCheckpoint {
  id: string;
  lwt: number;
}

export interface BootstrapResult {
  downstreamFrom: SyncCheckpoint | null;
  upstreamFrom: ForkCheckpoint;
}

type Marker =
  | { identifier: string; phase: 'running' }
  | ({ identifier: string; phase: 'done' } & BootstrapResult);

const markerId = (collection: SyncedCollection) => `sync-bootstrap-${collection}`;

interface ReplicationMark {
  lwt: number;
  /** Set by RxDB's downstream: the revision height it wrote, and whose replication it was. */
  o?: { _rev: number; hash: string };
}

const markOf = (doc: RxDocumentData<SyncDocument>) => doc._meta as unknown as ReplicationMark;

function isPulled(doc: RxDocumentData<SyncDocument>): boolean {
  const mark = markOf(doc).o;
  return mark !== undefined && mark._rev === getHeightOfRevision(doc._rev);
}

/**
 * Where the push starts after a first pull whose last document was written at `lastPulledLwt`
 * (the local writes among and before them were moved after it).
 */
export function upstreamStart(lastPulledLwt: number): ForkCheckpoint {
  // Nothing pulled: every document is a local one. 1 is RxDB's smallest lwt.
  if (lastPulledLwt === 0) return { id: '', lwt: 1 };
  // Ids sort below '\uffff': none of the documents written at `lwt` itself is taken.
  return { id: '\uffff', lwt: lastPulledLwt };
}

/** The checkpoints a finished first pull left for this collection and replication. */
export async function bootstrappedCheckpoints(
  db: LeadDatabase,
  collection: SyncedCollection,
  identifier: string,
): Promise<BootstrapResult | null> {
  const marker = await db.getLocal<Marker>(markerId(collection));
  const data = marker?.toJSON().data;
  if (!data || data.identifier !== identifier || data.phase !== 'done') return null;
  return { downstreamFrom: data.downstreamFrom, upstreamFrom: data.upstreamFrom };
}

export interface PulledPage {
  documents: WithDeleted<SyncDocument>[];
  checkpoint: SyncCheckpoint | null;
}

export interface BootstrapInput {
  db: LeadDatabase;
  collection: SyncedCollection;
  /** The two-way replication's identifier: its mark goes on every written document. */
  identifier: string;
  batchSize: number;
  /** One page of the pool's pull endpoint; retries are the caller's (it knows the backoff). */
  pullPage(checkpoint: SyncCheckpoint | null, limit: number): Promise<PulledPage>;
  signal: AbortSignal;
  safetyMs?: number;
}

/** The storage under RxDB's wrapper, which would replace `_meta` on inserts. */
function rawStorage(collection: RxCollection<SyncDocument>) {
  return (
    collection.storageInstance as unknown as {
      originalStorageInstance: RxStorageInstance<SyncDocument, unknown, unknown>;
    }
  ).originalStorageInstance;
}

/**
 * Fills an empty collection from the pool, then records the checkpoints the two-way replication
 * starts from. Resolves false (and writes nothing) when the collection is not empty or had a first
 * pull before; resolves false too when cancelled through `signal`.
 */
export async function bootstrapFirstPull(input: BootstrapInput): Promise<boolean> {
  const { db, collection, identifier, signal } = input;
  if (await db.getLocal(markerId(collection))) return false;
  const rxCollection = db[collection] as unknown as RxCollection<SyncDocument>;
  if ((await rxCollection.count().exec()) > 0) return false;
  await db.upsertLocal<Marker>(markerId(collection), { identifier, phase: 'running' });

  const storage = rawStorage(rxCollection);
  const primary = rxCollection.schema.primaryPath as string;
  const hash = await db.hashFunction(`rxdbreplication${identifier}`);
  let lastPulledLwt = 0;
  const localIds = new Set<string>();
  const changes = storage.changeStream().subscribe((bulk) => {
    for (const event of bulk.events) {
      const doc = event.documentData as RxDocumentData<SyncDocument>;
      if (isPulled(doc)) lastPulledLwt = Math.max(lastPulledLwt, markOf(doc).lwt);
      else localIds.add(event.documentId);
    }
  });

  /**
   * Local writes of the last `safetyMs` before the pull's last write, read from the store once
   * their commits have had that long to land: a write from another window may commit, and its
   * change event arrive, after the pull's last page.
   */
  async function collectLateLocalWrites(safetyMs: number): Promise<void> {
    await abortableDelay(lastPulledLwt + safetyMs - Date.now(), signal);
    let from: ForkCheckpoint = { id: '', lwt: Math.max(0, lastPulledLwt - safetyMs) };
    for (;;) {
      const page = await getChangedDocumentsSince(storage, LATE_WRITES_PAGE, from);
      for (const doc of page.documents)
        if (!isPulled(doc)) localIds.add(String(doc[primary as keyof SyncDocument]));
      if (page.documents.length < LATE_WRITES_PAGE) return;
      from = page.checkpoint;
    }
  }

  /** Local writes made during the pull, written again so the push finds them after it. */
  async function moveLocalWritesLast(): Promise<void> {
    if (localIds.size === 0) return;
    const local = (await storage.findDocumentsById([...localIds], true)).filter(
      (doc) => !isPulled(doc),
    );
    if (local.length === 0) return;
    const result = await rxCollection.storageInstance.bulkWrite(
      local.map((doc) => ({ previous: doc, document: { ...doc } })),
      'leadpond-first-pull-local-writes',
    );
    // 409: written again meanwhile, which moved it anyway.
    const failed = result.error.find((error) => error.status !== 409);
    if (failed) throw new Error(`first pull: moving local ${collection} failed (${failed.status})`);
  }

  /** A pulled document as RxDB's downstream stores it, over `previous` (its state in the store). */
  function pulledRow(
    doc: WithDeleted<SyncDocument> | RxDocumentData<SyncDocument>,
    lwt: number,
    previous?: RxDocumentData<SyncDocument>,
  ): BulkWriteRow<SyncDocument> {
    const _rev = createRevision(db.token, previous);
    const mark: ReplicationMark = { lwt, o: { _rev: getHeightOfRevision(_rev), hash } };
    return {
      ...(previous ? { previous } : {}),
      document: {
        ...doc,
        _attachments: {},
        _meta: mark as unknown as RxDocumentData<SyncDocument>['_meta'],
        _rev,
      } as RxDocumentData<SyncDocument>,
    };
  }

  const writeFailed = (status: number) =>
    new Error(`first pull: writing ${collection} failed (${status})`);

  /**
   * Written as inserts, without reading the documents first (the store reads them itself to
   * check each write): a document already stored comes back as a 409 with its stored state. A
   * pulled one (changed on the pool again during the pull) is then written over it; a local
   * write is kept, and the replication pushes and merges it.
   */
  async function write(documents: WithDeleted<SyncDocument>[]): Promise<void> {
    if (documents.length === 0) return;
    const lwt = now();
    const inserted = await db.lockedRun(() =>
      storage.bulkWrite(
        documents.map((doc) => pulledRow(doc, lwt)),
        'leadpond-first-pull',
      ),
    );
    const overPulled: BulkWriteRow<SyncDocument>[] = [];
    for (const error of inserted.error) {
      if (error.status !== 409) throw writeFailed(error.status);
      const stored = error.documentInDb;
      if (isPulled(stored)) overPulled.push(pulledRow(error.writeRow.document, lwt, stored));
    }
    if (overPulled.length === 0) return;
    const updated = await db.lockedRun(() => storage.bulkWrite(overPulled, 'leadpond-first-pull'));
    // 409: a local write got there in between; the replication pushes and merges it.
    const failed = updated.error.find((error) => error.status !== 409);
    if (failed) throw writeFailed(failed.status);
  }

  try {
    let checkpoint: SyncCheckpoint | null = null;
    const fetchPage = (from: SyncCheckpoint | null) => {
      const page = input.pullPage(from, input.batchSize);
      // Awaited on the next turn of the loop; a write failing first must not leave it unhandled.
      page.catch(() => undefined);
      return page;
    };
    let next = fetchPage(null);
    // By id: a document the pool changed between two pages of one write comes twice, the later wins.
    const unwritten = new Map<string, WithDeleted<SyncDocument>>();
    let unwrittenPages = 0;
    for (;;) {
      const page = await next;
      if (signal.aborted) return false;
      const full = page.documents.length >= input.batchSize;
      checkpoint = page.checkpoint ?? checkpoint;
      // The next page travels while this one is written.
      if (full) next = fetchPage(checkpoint);
      for (const doc of page.documents) {
        unwritten.set(String(doc[primary as keyof SyncDocument]), doc);
      }
      unwrittenPages += 1;
      if (full && unwrittenPages < PAGES_PER_WRITE) continue;
      await write([...unwritten.values()]);
      unwritten.clear();
      unwrittenPages = 0;
      if (!full) break;
      await abortableDelay(READ_WINDOW_MS, signal);
    }
    if (signal.aborted) return false;
    if (lastPulledLwt > 0) await collectLateLocalWrites(input.safetyMs ?? SAFETY_MS);
    if (signal.aborted) return false;
    const upstreamFrom = upstreamStart(lastPulledLwt);
    await moveLocalWritesLast();
    await db.upsertLocal<Marker>(markerId(collection), {
      identifier,
      phase: 'done',
      downstreamFrom: checkpoint,
      upstreamFrom,
    });
    return true;
  } finally {
    changes.unsubscribe();
  }
}

import type { Subscription } from 'rxjs';
import { getChangedDocumentsSince, type RxStorageDefaultCheckpoint } from 'rxdb';
import { indexedSearchKey, PeopleSearchIndex, type SearchResult } from '../../shared/search';
import type { Person } from '../../shared/schemas';
import type { LeadDatabase } from './database';

const SNAPSHOT_ID = 'search-snapshot';
const SNAPSHOT_VERSION = 2;
const PAGE = 5000;
/**
 * Two windows stamp their writes with their own clocks, so a write may commit just after a newer
 * one: replaying a few seconds before the checkpoint picks such stragglers up (re-applying is
 * harmless).
 */
const REPLAY_MARGIN_MS = 5_000;
const SAVE_DELAY_MS = 5_000;

interface Snapshot {
  version: number;
  checkpoint: RxStorageDefaultCheckpoint;
  /**
   * Every index row as `eventId FIELD id FIELD rank FIELD key`, rows joined by ROW: one string
   * crosses IndexedDB's structured clone far faster than 100k small arrays.
   */
  packed: string;
}

const FIELD = '\u0002';
const ROW = '\u0003';
// eslint-disable-next-line no-control-regex -- the snapshot's own separators must not occur in a key
const SEPARATORS = /[\u0002\u0003]/g;

/** Whether change-feed position `a` comes after `b`. */
function isAfter(a: RxStorageDefaultCheckpoint, b: RxStorageDefaultCheckpoint): boolean {
  return a.lwt > b.lwt || (a.lwt === b.lwt && a.id > b.id);
}

/**
 * Keeps one in-memory search index per event in step with the people collection. Start-up reads
 * a snapshot of the index (one document) and then only the people changed since it, because
 * walking 100k documents through an IndexedDB cursor takes seconds; RxDB's change stream keeps it
 * current afterwards, including writes from other windows.
 */
export class PeopleSearch {
  private readonly indexes = new Map<string, PeopleSearchIndex>();
  private readonly eventOf = new Map<string, string>();
  private subscription: Subscription | null = null;
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private loaded = false;
  private checkpoint: RxStorageDefaultCheckpoint | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly db: LeadDatabase) {}

  /** Resolves when search answers over every stored person. */
  async start(): Promise<void> {
    this.subscription = this.db.people.$.subscribe((change) => {
      // The collection's stream also carries its local documents — the snapshot itself among them.
      if (change.isLocal) return;
      this.apply(change.documentData as Person, change.operation === 'DELETE');
      this.changed();
      this.scheduleSave();
    });
    const snapshot = await this.readSnapshot();
    if (snapshot) {
      for (const row of snapshot.packed === '' ? [] : snapshot.packed.split(ROW)) {
        const [eventId = '', id = '', rank = '0', key = ''] = row.split(FIELD);
        this.indexFor(eventId).upsert(id, key, Number(rank));
        this.eventOf.set(id, eventId);
      }
      this.checkpoint = { id: '', lwt: Math.max(0, snapshot.checkpoint.lwt - REPLAY_MARGIN_MS) };
    }
    await this.catchUp();
    this.loaded = true;
    this.changed();
    // Search is ready now; refreshing a missing or stale snapshot for the next start-up can
    // happen after. A current one is left alone: packing and writing 100k rows is a long task
    // (over 100 ms on a busy laptop) that would land on the first scans after start-up.
    if (!snapshot || this.checkpoint === undefined || isAfter(this.checkpoint, snapshot.checkpoint))
      this.scheduleSave();
  }

  /** Stops following changes and writes a pending snapshot. */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      await this.saveSnapshot();
    }
  }

  /** False while the index is still being filled: results may miss people until then. */
  get ready(): boolean {
    return this.loaded;
  }

  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Monotonic counter, bumped on each change, for React's useSyncExternalStore. */
  get revision(): number {
    return this.version;
  }

  count(eventId: string): number {
    return this.indexes.get(eventId)?.size ?? 0;
  }

  search(eventId: string, query: string, limit: number): SearchResult {
    return this.indexes.get(eventId)?.search(query, limit) ?? { ids: [], total: 0 };
  }

  /** Writes the snapshot now (also called a few seconds after changes). */
  async saveSnapshot(): Promise<void> {
    if (!this.loaded) return;
    // The checkpoint only ever comes from the storage's own change order, never from events.
    await this.catchUp();
    if (!this.checkpoint) return;
    const snapshot: Snapshot = {
      version: SNAPSHOT_VERSION,
      checkpoint: this.checkpoint,
      packed: [...this.indexes]
        .flatMap(([eventId, index]) =>
          index
            .rows()
            .map(([id, key, rank]) => [eventId, id, rank, key.replace(SEPARATORS, '')].join(FIELD)),
        )
        .join(ROW),
    };
    await this.db.people.upsertLocal(SNAPSHOT_ID, snapshot);
  }

  /** Reads every person changed after the checkpoint (everyone, without a snapshot). */
  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await getChangedDocumentsSince<Person, RxStorageDefaultCheckpoint>(
        this.db.people.storageInstance,
        PAGE,
        this.checkpoint,
      );
      for (const doc of page.documents) this.apply(doc, doc._deleted);
      if (page.documents.length > 0) this.checkpoint = page.checkpoint;
      if (page.documents.length < PAGE) break;
    }
    this.checkpoint ??= { id: '', lwt: 0 };
  }

  private async readSnapshot(): Promise<Snapshot | null> {
    const doc = await this.db.people.getLocal<Snapshot>(SNAPSHOT_ID);
    const data = doc?.toJSON().data;
    return data && data.version === SNAPSHOT_VERSION ? (data as Snapshot) : null;
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.saveSnapshot();
    }, SAVE_DELAY_MS);
  }

  private apply(person: Person, deleted: boolean): void {
    if (deleted) this.remove(person.id);
    else this.add(person);
  }

  private indexFor(eventId: string): PeopleSearchIndex {
    let index = this.indexes.get(eventId);
    if (!index) {
      index = new PeopleSearchIndex();
      this.indexes.set(eventId, index);
    }
    return index;
  }

  private add(person: Person): void {
    const previousEvent = this.eventOf.get(person.id);
    if (previousEvent !== undefined && previousEvent !== person.eventId) this.remove(person.id);
    this.indexFor(person.eventId).upsert(person.id, indexedSearchKey(person), person.updatedAt);
    this.eventOf.set(person.id, person.eventId);
  }

  private remove(id: string): void {
    const eventId = this.eventOf.get(id);
    if (eventId !== undefined) this.indexes.get(eventId)?.remove(id);
    this.eventOf.delete(id);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

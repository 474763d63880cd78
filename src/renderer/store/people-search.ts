import type { Subscription } from 'rxjs';
import { PeopleSearchIndex, type SearchResult } from '../../shared/search';
import type { Person } from '../../shared/schemas';
import type { LeadDatabase } from './database';

/**
 * Keeps one in-memory search index per event in step with the people collection: filled once
 * from IndexedDB, then updated from RxDB's change stream (including writes from other windows).
 */
export class PeopleSearch {
  private readonly indexes = new Map<string, PeopleSearchIndex>();
  private readonly eventOf = new Map<string, string>();
  private subscription: Subscription | null = null;
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private loaded = false;

  constructor(private readonly db: LeadDatabase) {}

  /** Loads every stored person. Resolves when search answers over all of them. */
  async start(): Promise<void> {
    this.subscription = this.db.people.$.subscribe((change) => {
      if (change.operation === 'DELETE') this.remove(change.documentId);
      else this.add(change.documentData as Person);
      this.changed();
    });
    const docs = await this.db.people.storageInstance.query(
      this.db.people.find().getPreparedQuery(),
    );
    for (const doc of docs.documents) {
      if (!doc._deleted) this.add(doc as unknown as Person);
    }
    this.loaded = true;
    this.changed();
  }

  stop(): void {
    this.subscription?.unsubscribe();
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

  /** False while the index is still being filled: results may miss people until then. */
  get ready(): boolean {
    return this.loaded;
  }

  count(eventId: string): number {
    return this.indexes.get(eventId)?.size ?? 0;
  }

  search(eventId: string, query: string, limit: number): SearchResult {
    return this.indexes.get(eventId)?.search(query, limit) ?? { ids: [], total: 0 };
  }

  private add(person: Person): void {
    const previousEvent = this.eventOf.get(person.id);
    if (previousEvent !== undefined && previousEvent !== person.eventId) this.remove(person.id);
    let index = this.indexes.get(person.eventId);
    if (!index) {
      index = new PeopleSearchIndex();
      this.indexes.set(person.eventId, index);
    }
    index.upsert(person.id, person.searchKey, person.updatedAt);
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

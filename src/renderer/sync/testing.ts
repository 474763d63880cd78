import { deepEqual } from 'rxdb';
import { map, merge, Subject } from 'rxjs';
import { newId } from '../../shared/ids';
import { DEFAULT_CONFIG } from '../../shared/intelligence';
import { EventSchema, type LeadEvent } from '../../shared/schemas';
import type { StreamMessage, SyncCheckpoint, SyncedCollection } from '../../shared/sync';
import type { TokenStore } from '../platform/index-types';
import { newEventDraft } from '../store/leads';
import type { NetworkMonitor } from './engine';
import {
  SyncError,
  type DeviceInfo,
  type PoolAuth,
  type PushRow,
  type SyncDocument,
  type SyncTransport,
} from './transport';

/**
 * An in-memory pool that speaks the replication protocol (sequence checkpoints,
 * assumedMasterState conflicts, a live stream) for the engine's unit tests. The real pool is
 * exercised end to end by e2e/sync-*.spec.ts.
 */
export class FakePool implements SyncTransport {
  static readonly URL = 'http://pool.test';
  readonly deviceId = 'device-from-pool';
  online = true;
  revoked = false;
  /** Each pull's collection and checkpoint, in order. */
  readonly pulls: { collection: SyncedCollection; checkpoint: SyncCheckpoint | null }[] = [];
  readonly pushes: { collection: SyncedCollection; rows: PushRow[] }[] = [];
  /** Awaited before answering a pull: lets a test act while a first pull is under way. */
  beforePull: (collection: SyncedCollection, checkpoint: SyncCheckpoint | null) => Promise<void> =
    async () => undefined;
  /** What GET /sync/intelligence answers; `intelligenceFetches` counts the requests. */
  intelligenceAnswer: { revision: number; config: unknown } = {
    revision: 0,
    config: DEFAULT_CONFIG,
  };
  intelligenceFetches = 0;
  private seq = 0;
  private readonly docs = new Map<
    SyncedCollection,
    Map<string, { seq: number; doc: SyncDocument }>
  >();
  private readonly live = new Map<SyncedCollection, Subject<StreamMessage<SyncDocument>>>();
  private readonly codes = new Map<string, string>();
  private readonly tokens = new Set<string>();

  constructor(readonly eventId: string) {}

  addCode(code: string): void {
    this.codes.set(code, this.eventId);
  }

  /** A write by the pool itself (admin, another device); streamed to live devices. */
  write(collection: SyncedCollection, doc: SyncDocument): void {
    const stored = { seq: ++this.seq, doc: structuredClone(doc) };
    this.table(collection).set(String(doc.id), stored);
    this.live.get(collection)?.next({ documents: [stored.doc], checkpoint: { seq: stored.seq } });
  }

  get(collection: SyncedCollection, id: string): SyncDocument | undefined {
    return this.table(collection).get(id)?.doc;
  }

  all(collection: SyncedCollection): SyncDocument[] {
    return [...this.table(collection).values()].map((row) => row.doc);
  }

  private table(collection: SyncedCollection) {
    let table = this.docs.get(collection);
    if (!table) {
      table = new Map();
      this.docs.set(collection, table);
    }
    return table;
  }

  private check(auth?: PoolAuth): void {
    if (!this.online) throw new SyncError('unreachable', 'Failed to fetch');
    if (!auth) return;
    if (!this.tokens.has(auth.token)) throw new SyncError('unauthorized', 'unknown device token');
    if (this.revoked) throw new SyncError('revoked', 'this device has been revoked', 401);
  }

  async enroll(_poolUrl: string, request: { code: string }) {
    this.check();
    const eventId = this.codes.get(request.code);
    if (!eventId) throw new SyncError('code_unknown', 'unknown enrollment code', 401);
    this.codes.delete(request.code);
    const token = `lpd_fake-token-${this.tokens.size}-0123456789abcdef`;
    this.tokens.add(token);
    return { token, deviceId: this.deviceId, eventId };
  }

  async me(auth: PoolAuth): Promise<DeviceInfo> {
    this.check(auth);
    return { deviceId: this.deviceId, eventId: this.eventId, name: 'Booth' };
  }

  async intelligence(auth: PoolAuth) {
    this.check(auth);
    this.intelligenceFetches++;
    return structuredClone(this.intelligenceAnswer);
  }

  async pull(
    auth: PoolAuth,
    collection: SyncedCollection,
    checkpoint: SyncCheckpoint | null,
    limit: number,
  ) {
    this.check(auth);
    this.pulls.push({ collection, checkpoint });
    await this.beforePull(collection, checkpoint);
    this.check(auth);
    const after = checkpoint?.seq ?? 0;
    const rows = [...this.table(collection).values()]
      .filter((row) => row.seq > after)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
    const last = rows.at(-1);
    return {
      documents: rows.map((row) => structuredClone(row.doc)),
      checkpoint: last ? { seq: last.seq } : checkpoint,
    };
  }

  async push(auth: PoolAuth, collection: SyncedCollection, rows: PushRow[]) {
    this.check(auth);
    this.pushes.push({ collection, rows: structuredClone(rows) });
    const conflicts: SyncDocument[] = [];
    for (const row of rows) {
      const current = this.get(collection, String(row.newDocumentState.id));
      const assumed = row.assumedMasterState ?? undefined;
      if (current && !(assumed && deepEqual(current, assumed))) {
        conflicts.push(structuredClone(current));
        continue;
      }
      this.write(collection, row.newDocumentState);
    }
    return conflicts;
  }

  streams(_auth: PoolAuth, collections: readonly SyncedCollection[]) {
    return merge(
      ...collections.map((collection) => {
        let subject = this.live.get(collection);
        if (!subject) {
          subject = new Subject();
          this.live.set(collection, subject);
        }
        return subject.pipe(map((message) => ({ collection, message })));
      }),
    );
  }
}

export function memoryTokenStore(initial: string | null = null): TokenStore & {
  token: string | null;
} {
  return {
    token: initial,
    async save(token) {
      this.token = token;
    },
    async load() {
      return this.token;
    },
    async clear() {
      this.token = null;
    },
  };
}

export function fakeNetwork(): NetworkMonitor & { setOnline(online: boolean): void } {
  let online = true;
  const listeners = new Set<() => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setOnline(next) {
      online = next;
      listeners.forEach((listener) => listener());
    },
  };
}

/** An event as a pool hands it to an enrolling device (fixed times, fresh id). */
export function poolEvent(): LeadEvent {
  return EventSchema.parse({
    ...newEventDraft('2026-11-25'),
    id: newId(),
    name: '客户池活动',
    publicKey: '',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
  });
}

/** Engine options for tests: fast retries, no leader election in one test "tab", no timers. */
export const TEST_SYNC_OPTIONS = {
  waitForLeadership: false,
  retryDelay: () => 20,
  pendingDebounceMs: 5,
  purgeIntervalMs: null,
} as const;

import {
  BehaviorSubject,
  debounceTime,
  defer,
  filter,
  map,
  merge,
  share,
  startWith,
  Subject,
  type Observable,
  type Subscription,
} from 'rxjs';
import { addRxPlugin, type RxCollection, type RxDocumentData, type WithDeleted } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Clock } from '../../shared/ids';
import {
  devicesPush,
  SYNCED_COLLECTIONS,
  type SyncCheckpoint,
  type SyncedCollection,
} from '../../shared/sync';
import type { TokenStore } from '../platform/index-types';
import type { LeadDatabase } from '../store/database';
import { saveIntelligence } from '../store/intelligence-config';
import {
  loadEnrollment,
  loadLastSuccess,
  normalizeEnrollmentCode,
  normalizePoolUrl,
  saveEnrollment,
  saveLastSuccess,
  type Enrollment,
} from './enrollment';
import {
  bootstrapFirstPull,
  bootstrappedCheckpoints,
  SAFETY_MS,
  type BootstrapResult,
} from './bootstrap';
import { abortableDelay } from './abortable';
import { countLocalOnlyLeads } from './local-leads';
import { confirmedInPool, countUnpushed } from './pending';
import {
  loadPurgeMarkers,
  purgeExpired,
  savePurgeMarkers,
  type PurgedCollection,
  type PurgeResult,
} from './retention';
import { deriveState, retryDelay, type Outcome, type SyncFailure, type SyncStatus } from './status';
import {
  isSyncError,
  SyncError,
  type PoolAuth,
  type SyncDocument,
  type SyncTransport,
} from './transport';

/** navigator.onLine and its events, injectable so tests decide what the network does. */
export interface NetworkMonitor {
  isOnline(): boolean;
  subscribe(listener: () => void): () => void;
}

export function browserNetwork(): NetworkMonitor {
  return {
    isOnline: () => navigator.onLine,
    subscribe(listener) {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
  };
}

export interface SyncOptions {
  pullBatchSize: number;
  pushBatchSize: number;
  /** Only one tab/window of a profile replicates (RxDB leader election). */
  waitForLeadership: boolean;
  /** Delay before the next attempt after `failures` consecutive failures. */
  retryDelay(failures: number): number;
  /** How long changes settle before the pending count is read again. */
  pendingDebounceMs: number;
  /** See bootstrap.ts: how far before the last pulled document the push starts. */
  firstPullSafetyMs: number;
  /** How often expired, confirmed data is purged (retention.ts); null: only when asked. */
  purgeIntervalMs: number | null;
  /**
   * How often the pool's lead-intelligence config is fetched again while syncing, besides each
   * (re)connection of the live stream, syncNow and the network coming back; null: only then.
   */
  intelligenceRefreshMs: number | null;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  pullBatchSize: 1000,
  pushBatchSize: 500,
  waitForLeadership: true,
  retryDelay: (failures) => retryDelay(failures),
  pendingDebounceMs: 150,
  firstPullSafetyMs: SAFETY_MS,
  purgeIntervalMs: 3_600_000,
  intelligenceRefreshMs: 600_000,
};

export interface SyncEngineDeps {
  db: LeadDatabase;
  transport: SyncTransport;
  tokenStore: TokenStore;
  clock: Clock;
  network?: NetworkMonitor;
  options?: Partial<SyncOptions>;
  /** Before a revoked device removes its database: stop what still reads it, erase backups. */
  beforeWipe?: () => Promise<void>;
  /** After the wipe: the app returns to the enrollment screen (it reloads, the database is gone). */
  afterWipe?: () => void;
}

export interface EnrollInput {
  poolUrl: string;
  code: string;
  deviceName?: string;
}

export interface SyncEngine {
  readonly status$: Observable<SyncStatus>;
  getStatus(): SyncStatus;
  /** Loads the enrollment and token; starts replicating when enrolled. Never waits for the network. */
  start(): Promise<void>;
  /** Enrolls with a one-time code; throws SyncError (code_unknown, code_used, unreachable, …). */
  enroll(input: EnrollInput): Promise<Enrollment>;
  /** Pull everything that may have been missed, now. */
  syncNow(): void;
  /** Resolves when every collection is replicated both ways (tests, diagnostics). */
  awaitInSync(): Promise<void>;
  /** Removes the enrolled event's expired data that the pool confirmed (retention.ts). */
  purgeExpired(now?: number): Promise<PurgeResult>;
  stop(): Promise<void>;
}

interface Replication {
  collection: SyncedCollection;
  state: RxReplicationState<SyncDocument, SyncCheckpoint>;
  failures: number;
}

/** Identifies the replication's checkpoints: a new enrollment (other pool or device) starts afresh. */
export function replicationIdentifier(enrollment: Enrollment): string {
  return `leadpond-pool|${enrollment.poolUrl}|${enrollment.deviceId}`;
}

// The first pull waits for leadership like the replications do (they add this plugin too).
addRxPlugin(RxDBLeaderElectionPlugin);

/** Resolves when `promise` does, or at once (false) when the signal aborts. */
function unlessAborted(promise: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  return Promise.race([
    promise,
    new Promise((resolve) =>
      signal.addEventListener('abort', () => resolve(false), { once: true }),
    ),
  ]);
}

function failureOf(error: unknown, at: number): SyncFailure {
  if (isSyncError(error)) return { kind: error.kind, message: error.message, at };
  return { kind: 'rejected', message: error instanceof Error ? error.message : String(error), at };
}

/**
 * Replicates the device's event with the pool (DESIGN.md "Sync"): one RxDB replication per synced
 * collection over the transport, live through the SSE stream, retrying with backoff. Checkpoints
 * live in RxDB's meta storage, so a restart resumes where it stopped. Writes stay local-first:
 * nothing here is awaited by the UI.
 */
export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, transport, tokenStore, clock } = deps;
  const options: SyncOptions = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
  const network = deps.network ?? browserNetwork();

  let enrollment: Enrollment | null = null;
  let token: string | null = null;
  let replications: Replication[] = [];
  let subscriptions: Subscription[] = [];
  let unsubscribeNetwork: (() => void) | null = null;
  let outcomes = new Map<string, Outcome>();
  /** Shown to staff; kept across reloads, so an offline restart still says when sync last worked. */
  let lastSuccessAt: number | null = null;
  /** This run's first contact: until then the state is 'syncing', whatever was stored. */
  let sessionSuccessAt: number | null = null;
  /** Stored at most once a minute: every handler success would otherwise be a write. */
  let storedSuccessAt = 0;
  let lastError: SyncFailure | null = null;
  let pending: number | null = null;
  let localOnly = 0;
  let poolMail: SyncStatus['poolMail'] = null;
  let localSubscription: Subscription | null = null;
  /** Purge tombstones (retention.ts): kept on this device, never pushed. */
  let purged = new Set<string>();
  let purgeTimer: ReturnType<typeof setInterval> | null = null;
  let intelligenceTimer: ReturnType<typeof setInterval> | null = null;
  /** The fetch under way; stopping waits for it, so it never writes into a closed store. */
  let intelligenceFetch: Promise<void> | null = null;
  let active = false;
  let revoking: Promise<void> | null = null;
  /** Pull handlers running now; the pending count is not read while they bring documents. */
  let pulling = 0;
  const pullsSettled$ = new Subject<void>();

  const status$ = new BehaviorSubject<SyncStatus>(snapshot());

  function snapshot(): SyncStatus {
    return {
      state: deriveState({
        enrolled: enrollment !== null,
        online: network.isOnline(),
        active,
        pending,
        lastSuccessAt: sessionSuccessAt,
        outcomes: outcomes.values(),
        localOnly,
      }),
      enrollment,
      pending: enrollment ? pending : null,
      lastSuccessAt,
      lastError,
      localOnly,
      poolMail,
    };
  }

  function publish(): void {
    status$.next(snapshot());
  }

  function auth(): PoolAuth {
    if (!enrollment || !token) throw new SyncError('unauthorized', 'this device is not enrolled');
    return { poolUrl: enrollment.poolUrl, token };
  }

  function succeeded(channel: string, replication?: Replication): void {
    const at = clock();
    outcomes.set(channel, { ok: true, at });
    // The replication's own error on this collection is over once its handlers succeed again.
    outcomes.delete(`${channel.split(':')[0]}:replication`);
    lastSuccessAt = at;
    sessionSuccessAt = at;
    if (at - storedSuccessAt >= 60_000) {
      storedSuccessAt = at;
      void saveLastSuccess(db, at).catch(() => undefined);
    }
    if (replication) {
      replication.failures = 0;
      replication.state.retryTime = options.retryDelay(0);
    }
    publish();
  }

  function failed(channel: string, error: unknown, replication?: Replication): void {
    const failure = failureOf(error, clock());
    outcomes.set(channel, { ok: false, failure });
    lastError = failure;
    if (replication) replication.state.retryTime = options.retryDelay(++replication.failures);
    publish();
    // Not awaited: the wipe cancels the replication whose handler is running right now.
    if (failure.kind === 'revoked') void revoke();
  }

  async function call<T>(
    channel: string,
    replication: Replication | undefined,
    run: (auth: PoolAuth) => Promise<T>,
  ): Promise<T> {
    try {
      const result = await run(auth());
      succeeded(channel, replication);
      return result;
    } catch (error) {
      failed(channel, error, replication);
      throw error;
    }
  }

  /**
   * Fetches the pool's scoring config into the local store (store/intelligence-config.ts), in
   * the background: nothing waits for it, and a failure leaves the booth on the config it had
   * (the one cached, or the default). Failures are not shown in the sync status, which is about
   * whether the leads reached the pool; a revoked device learns it from the replications.
   */
  function refreshIntelligence(): void {
    if (intelligenceFetch || !enrollment || !token) return;
    const current = auth();
    intelligenceFetch = (async () => {
      try {
        const answer = await transport.intelligence(current);
        await saveIntelligence(db, answer, clock());
      } catch {
        // Offline, an older pool without the route, or the store closing: try again next time.
      } finally {
        intelligenceFetch = null;
      }
    })();
  }

  /** Bumped on every start and stop: a first pull that outlives its start does not go on. */
  let generation = 0;
  let starting: Promise<void> = Promise.resolve();
  let cancelFirstPull: () => void = () => undefined;

  function pullOptions(collection: SyncedCollection, replication: Replication) {
    return {
      batchSize: options.pullBatchSize,
      handler: async (checkpoint: SyncCheckpoint | undefined, batchSize: number) => {
        pulling++;
        const answer = await call(`${collection}:pull`, replication, (a) =>
          transport.pull(a, collection, checkpoint ?? null, batchSize),
        ).finally(() => {
          // RxDB writes this batch after the handler returns; the recount waits for that.
          if (--pulling === 0) setTimeout(() => pullsSettled$.next(), 0);
        });
        return {
          documents: answer.documents as WithDeleted<SyncDocument>[],
          checkpoint: answer.checkpoint ?? checkpoint,
        };
      },
    };
  }

  /** One page of a first pull, retried with the usual backoff until it arrives or is cancelled. */
  async function pullPageWithRetry(
    collection: SyncedCollection,
    checkpoint: SyncCheckpoint | null,
    limit: number,
    signal: AbortSignal,
  ) {
    for (let failures = 0; ;) {
      try {
        const page = await call(`${collection}:pull`, undefined, (a) =>
          transport.pull(a, collection, checkpoint, limit),
        );
        return {
          documents: page.documents as WithDeleted<SyncDocument>[],
          checkpoint: page.checkpoint,
        };
      } catch (error) {
        if (signal.aborted || (isSyncError(error) && error.kind === 'revoked')) throw error;
        await abortableDelay(options.retryDelay(++failures), signal);
      }
    }
  }

  /**
   * Fills still-empty collections with a first pull that skips the replication's bookkeeping
   * (bootstrap.ts), then starts the live two-way replications from where it ended. Local writes
   * made meanwhile wait in the store and are pushed once the replications run.
   */
  function startReplications(current: Enrollment): void {
    const run = ++generation;
    const identifier = replicationIdentifier(current);
    const cancel = new AbortController();
    cancelFirstPull = () => cancel.abort();
    active = true;
    publish();
    refreshIntelligence();
    if (options.intelligenceRefreshMs !== null)
      intelligenceTimer = setInterval(refreshIntelligence, options.intelligenceRefreshMs);
    starting = (async () => {
      // Only the window that leads replication pulls: a kiosk or big-screen window of the same
      // store waits, as its replications do, instead of pulling everything a second time.
      if (options.waitForLeadership && db.multiInstance) {
        await unlessAborted(db.waitForLeadership(), cancel.signal);
        if (cancel.signal.aborted) return;
      }
      const from = new Map<SyncedCollection, BootstrapResult | null>();
      await Promise.all(
        SYNCED_COLLECTIONS.map(async (collection) => {
          if (devicesPush(collection)) {
            await bootstrapFirstPull({
              db,
              collection,
              identifier,
              batchSize: options.pullBatchSize,
              pullPage: (checkpoint, limit) =>
                pullPageWithRetry(collection, checkpoint, limit, cancel.signal),
              signal: cancel.signal,
              safetyMs: options.firstPullSafetyMs,
            });
          }
          from.set(collection, await bootstrappedCheckpoints(db, collection, identifier));
        }),
      );
      if (run === generation) startLiveReplications(current, from);
    })().catch((error: unknown) => {
      // Stopped or wiped under a first pull: nothing is left to start.
      if (run === generation) failed('replication', error);
    });
  }

  function startLiveReplications(
    current: Enrollment,
    from: Map<SyncedCollection, BootstrapResult | null>,
  ): void {
    const identifier = replicationIdentifier(current);
    // One connection carries every collection's changes; each replication gets RESYNC when it
    // subscribes, since the connection may have carried its changes before it listened.
    const live$ = transport.streams(auth(), SYNCED_COLLECTIONS).pipe(share());
    // The stream (re)opens after the pool was away: its config may have changed meanwhile.
    subscriptions.push(
      live$
        .pipe(filter((tagged) => tagged.collection === 'events' && tagged.message === 'RESYNC'))
        .subscribe(() => refreshIntelligence()),
    );
    const streamOf = (collection: SyncedCollection) =>
      defer(() =>
        live$.pipe(
          filter((tagged) => tagged.collection === collection),
          map((tagged) => tagged.message),
          startWith('RESYNC' as const),
        ),
      );
    replications = SYNCED_COLLECTIONS.map((collection) => {
      const replication = { collection, failures: 0 } as Replication;
      // The collections hold different document types; the protocol moves them as plain
      // validated records (transport.ts), so one replication type serves all four.
      const rxCollection = db[collection] as unknown as RxCollection<SyncDocument>;
      const firstPull = from.get(collection);
      replication.state = replicateRxCollection<SyncDocument, SyncCheckpoint>({
        replicationIdentifier: identifier,
        collection: rxCollection,
        live: true,
        retryTime: options.retryDelay(0),
        waitForLeadership: options.waitForLeadership,
        // A booth's staff window may sit behind the kiosk or be minimized: keep syncing.
        toggleOnDocumentVisible: false,
        pull: {
          ...pullOptions(collection, replication),
          // Applied only when the replication has no checkpoint of its own yet.
          ...(firstPull?.downstreamFrom ? { initialCheckpoint: firstPull.downstreamFrom } : {}),
          stream$: streamOf(collection).pipe(
            filter((message) => message === 'RESYNC' || message.checkpoint !== null),
            map((message) =>
              message === 'RESYNC'
                ? 'RESYNC'
                : {
                    documents: message.documents as WithDeleted<SyncDocument>[],
                    checkpoint: message.checkpoint as SyncCheckpoint,
                  },
            ),
          ),
        },
        // Events and assets belong to the pool: the device only pulls them.
        push: !devicesPush(collection)
          ? undefined
          : {
              batchSize: options.pushBatchSize,
              // After a first pull, the push skips the pulled documents (bootstrap.ts).
              ...(firstPull ? { initialCheckpoint: firstPull.upstreamFrom } : {}),
              // Leads of local, pre-enrollment events stay on the device: the pool would
              // refuse documents of an event this device is not enrolled for.
              // A purge tombstone (retention.ts) is this device forgetting, not a deletion: the
              // pool keeps the document.
              modifier: (doc) =>
                (doc as { eventId?: unknown }).eventId === current.eventId &&
                !(doc._deleted && purged.has(`${collection}|${String(doc.id)}`))
                  ? doc
                  : null,
              handler: (rows) =>
                call(`${collection}:push`, replication, (a) =>
                  transport.push(
                    a,
                    collection,
                    rows.map((row) =>
                      row.assumedMasterState
                        ? {
                            newDocumentState: row.newDocumentState,
                            assumedMasterState: row.assumedMasterState,
                          }
                        : { newDocumentState: row.newDocumentState },
                    ),
                  ),
                ) as Promise<WithDeleted<SyncDocument>[]>,
            },
      });
      return replication;
    });

    const activity = replications.map((r) => r.state.active$);
    const working = new Map<SyncedCollection, boolean>();
    subscriptions.push(
      ...replications.map((r) =>
        r.state.active$.subscribe((isActive) => {
          working.set(r.collection, isActive);
          active = [...working.values()].some(Boolean);
          publish();
        }),
      ),
      // Recount after local writes and after the replication moved documents — but not while a
      // pull is writing: the count walks every document past the upstream checkpoint, so during
      // a first pull of 100k people recounting after each batch makes the pull quadratic. The
      // end of the pulls is in the merge, so the count follows right after.
      merge(
        pullsSettled$,
        ...SYNCED_COLLECTIONS.map((name) => db[name].$),
        ...activity,
        ...replications.map((r) => r.state.sent$),
      )
        .pipe(debounceTime(options.pendingDebounceMs))
        .subscribe(() => {
          if (pulling === 0) void recount();
        }),
      ...replications.map((r) =>
        r.state.error$.subscribe((error) => {
          // Handler failures are recorded by call(); this catches the replication's own ones.
          if (!isRxHandlerError(error)) failed(`${r.collection}:replication`, error);
        }),
      ),
    );
    void recount();
    if (options.purgeIntervalMs !== null) {
      const run = () => void purgeNow().catch(() => undefined);
      // A replication stopped before its first sync rejects awaitInSync (rxjs EmptyError): then
      // there is nothing to purge, and the rejection must not go unhandled.
      void Promise.all(replications.map((r) => r.state.awaitInSync())).then(run, () => undefined);
      purgeTimer = setInterval(run, options.purgeIntervalMs);
    }
  }

  async function purgeNow(now = clock()): Promise<PurgeResult> {
    const current = enrollment;
    const none = { people: 0, interactions: 0, qualifications: 0 };
    if (!current || replications.length === 0) return none;
    const stateOf = (collection: PurgedCollection) =>
      replications.find((r) => r.collection === collection)?.state;
    return purgeExpired({
      db,
      eventId: current.eventId,
      now,
      confirmed: async (collection, docs) => {
        const state = stateOf(collection);
        return state
          ? confirmedInPool(state, docs as unknown as RxDocumentData<SyncDocument>[])
          : new Set();
      },
      mark: async (keys) => {
        for (const key of keys) purged.add(key);
        await savePurgeMarkers(db, purged);
      },
    });
  }

  /** Leads of local events: counted per event by index, so a 100k first pull stays cheap. */
  async function countLocal(): Promise<void> {
    try {
      localOnly = await countLocalOnlyLeads(db, enrollment?.eventId ?? null);
      publish();
    } catch {
      // The database is closing (stop, wipe).
    }
  }

  let counting = false;
  let countAgain = false;
  /** One count at a time; changes during a count ask for one more. Every result is shown. */
  async function recount(): Promise<void> {
    if (counting) {
      countAgain = true;
      return;
    }
    counting = true;
    try {
      do {
        countAgain = false;
        await countOnce();
      } while (countAgain);
    } finally {
      counting = false;
    }
  }

  async function countOnce(): Promise<void> {
    const current = enrollment;
    if (!current) return;
    try {
      const counts = await Promise.all(
        replications
          .filter((r) => devicesPush(r.collection))
          .map((r) =>
            countUnpushed(
              r.state,
              (doc: RxDocumentData<SyncDocument>) =>
                doc.eventId === current.eventId &&
                !(doc._deleted && purged.has(`${r.collection}|${String(doc.id)}`)),
            ),
          ),
      );
      pending = counts.some((c) => c === null)
        ? null
        : counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
      publish();
    } catch {
      // The database is closing (stop, wipe): the count no longer matters.
    }
  }

  async function stopReplications(): Promise<void> {
    generation++;
    if (purgeTimer) clearInterval(purgeTimer);
    purgeTimer = null;
    if (intelligenceTimer) clearInterval(intelligenceTimer);
    intelligenceTimer = null;
    subscriptions.forEach((s) => s.unsubscribe());
    subscriptions = [];
    cancelFirstPull();
    const stopping = replications;
    replications = [];
    active = false;
    await Promise.all(stopping.map((r) => r.state.cancel()));
    await starting;
    await intelligenceFetch;
  }

  /**
   * Asks the pool who this device is, once per start: a revoked device learns it here even with
   * nothing to sync. Unreachable is not recorded: the replications report reachability, and
   * retry, where this one-off check would leave a stale failure behind.
   */
  async function checkDevice(): Promise<void> {
    try {
      const me = await transport.me(auth());
      poolMail = me.mail ?? null;
      succeeded('device');
    } catch (error) {
      if (!(isSyncError(error) && error.kind === 'unreachable')) failed('device', error);
    }
  }

  async function revoke(): Promise<void> {
    if (revoking) return revoking;
    revoking = (async () => {
      await stopReplications();
      unsubscribeNetwork?.();
      localSubscription?.unsubscribe();
      await tokenStore.clear();
      await deps.beforeWipe?.();
      await db.remove();
      enrollment = null;
      token = null;
      pending = null;
      publish();
      deps.afterWipe?.();
    })();
    return revoking;
  }

  return {
    status$: status$.asObservable(),
    getStatus: () => status$.getValue(),

    async start() {
      unsubscribeNetwork = network.subscribe(() => {
        publish();
        if (network.isOnline()) refreshIntelligence();
      });
      enrollment = await loadEnrollment(db);
      lastSuccessAt = enrollment ? await loadLastSuccess(db) : null;
      purged = await loadPurgeMarkers(db);
      // Counted against the enrollment just loaded: which event is the pool's decides what is local.
      localSubscription = merge(db.people.$, db.events.$)
        .pipe(debounceTime(options.pendingDebounceMs), startWith(null))
        .subscribe(() => void countLocal());
      token = enrollment ? await tokenStore.load() : null;
      if (enrollment && !token) {
        failed('device', new SyncError('unauthorized', 'the device token is missing'));
        return;
      }
      if (enrollment) {
        startReplications(enrollment);
        void checkDevice();
      }
      publish();
    },

    async enroll(input) {
      const poolUrl = normalizePoolUrl(input.poolUrl);
      if (!poolUrl) throw new SyncError('not_a_pool', 'not an http(s) address');
      const answer = await transport.enroll(poolUrl, {
        code: normalizeEnrollmentCode(input.code),
        ...(input.deviceName ? { deviceName: input.deviceName } : {}),
      });
      await stopReplications();
      await tokenStore.save(answer.token);
      const next: Enrollment = {
        poolUrl,
        deviceId: answer.deviceId,
        eventId: answer.eventId,
        enrolledAt: clock(),
      };
      await saveEnrollment(db, next);
      enrollment = next;
      token = answer.token;
      outcomes = new Map();
      lastError = null;
      lastSuccessAt = clock();
      sessionSuccessAt = lastSuccessAt;
      pending = null;
      startReplications(next);
      void countLocal();
      // Learns what the pool can do (e.g. send mail) without waiting for the next start.
      void checkDevice();
      publish();
      return next;
    },

    syncNow() {
      for (const r of replications) r.state.reSync();
      refreshIntelligence();
    },

    async awaitInSync() {
      await starting;
      await Promise.all(replications.map((r) => r.state.awaitInSync()));
    },

    purgeExpired: (now) => purgeNow(now),

    async stop() {
      localSubscription?.unsubscribe();
      localSubscription = null;
      await stopReplications();
      unsubscribeNetwork?.();
      unsubscribeNetwork = null;
      if (enrollment && lastSuccessAt !== null && lastSuccessAt > storedSuccessAt) {
        storedSuccessAt = lastSuccessAt;
        await saveLastSuccess(db, lastSuccessAt).catch(() => undefined);
      }
    },
  };

  /** Errors of our own handlers reach error$ wrapped as RC_PULL / RC_PUSH; call() saw them. */
  function isRxHandlerError(error: unknown): boolean {
    const code = (error as { code?: unknown }).code;
    return code === 'RC_PULL' || code === 'RC_PUSH';
  }
}

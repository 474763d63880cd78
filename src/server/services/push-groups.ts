import type { SyncedCollection } from '../../shared/sync';
import type { SqlDatabase, SqlExecutor } from '../db/sql';
import { heldLocksOf, lockCollections, restoreHeldLocks } from './identity';

/**
 * Group commit for pushes (issue 15): the pushes of one collection that arrive while its
 * previous transaction runs wait together and then share one transaction — one sequence lock,
 * one commit — instead of queueing for the lock one by one. Every push keeps its own outcome:
 *
 * - pushes whose ids are disjoint are applied in one call (one read of the masters, one ingest)
 *   inside a savepoint; if that call fails, the savepoint is rolled back and each push is applied
 *   alone in a savepoint of its own, so one bad push fails alone and nothing of it is stored;
 * - pushes that share an id go in separate calls, in arrival order, so the later one sees the
 *   earlier one's write as its master, as it would one transaction later;
 * - results are answered only after the commit: acknowledged means committed. A failed commit
 *   fails every push of the group; the devices retry, and nothing of theirs was stored.
 *
 * A push joins as soon as its request arrives (`push` takes the work that authenticates and parses
 * it), and a group starts only once the pushes already arriving have joined it, or after
 * ARRIVAL_WAIT_MS: on PGlite, where every query of the process takes turns, a group started at
 * once would hold the database while the others' authentication waits behind it, and every group
 * would hold one push.
 *
 * The collection's sequence lock is taken once per group, before any savepoint (a lock taken
 * inside a savepoint would go with its rollback), and held until commit, so seq order and the
 * pull's never-skip rule (DESIGN.md "Sync") hold as before. Groups of different collections run
 * at once on PostgreSQL (each on its own connection); on PGlite they take turns, as every
 * transaction does there. Pool processes on one PostgreSQL each group their own pushes and wait
 * for each other on the same row lock.
 */
export interface PushGroupsOptions<Request, Result> {
  db: SqlDatabase;
  /** Applies requests of one collection together; throws when any of them is bad. */
  apply: (
    tx: SqlExecutor,
    collection: SyncedCollection,
    requests: readonly Request[],
  ) => Promise<Result[]>;
  /** The document ids a request writes: requests sharing one are never applied together. */
  idsOf: (request: Request) => readonly string[];
  /** Rows a group takes at most (a bound on one transaction's length); one request always fits. */
  maxRows?: number;
  rowsOf?: (request: Request) => number;
  /** Told after each commit how many requests the group held (tests and logs). */
  onCommitted?: (collection: SyncedCollection, size: number) => void;
}

interface Member<Request, Result> {
  request: Request;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

type Outcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

const SAVEPOINT = 'leadpond_push';
export const DEFAULT_GROUP_ROWS = 5_000;
/** How long a group waits at most for pushes still authenticating before it starts. */
export const ARRIVAL_WAIT_MS = 200;

export class PushGroups<Request, Result> {
  private readonly waiting = new Map<SyncedCollection, Member<Request, Result>[]>();
  private readonly leading = new Set<SyncedCollection>();
  /** Pushes whose request is still being authenticated and parsed: they settle when they join. */
  private readonly arriving = new Map<SyncedCollection, Set<Promise<unknown>>>();

  constructor(private readonly options: PushGroupsOptions<Request, Result>) {}

  /**
   * Resolves with this request's result once the group holding it has committed; `prepare`
   * (authentication, parsing) runs first, and its error is the push's error.
   */
  push(collection: SyncedCollection, prepare: () => Promise<Request>): Promise<Result> {
    const prepared = prepare();
    const arriving = this.arriving.get(collection) ?? new Set<Promise<unknown>>();
    this.arriving.set(collection, arriving);
    const arrival = prepared.then(
      () => undefined,
      () => undefined,
    );
    arriving.add(arrival);
    return prepared.then(
      (request) =>
        new Promise<Result>((resolve, reject) => {
          arriving.delete(arrival);
          const queue = this.waiting.get(collection) ?? [];
          queue.push({ request, resolve, reject });
          this.waiting.set(collection, queue);
          if (!this.leading.has(collection)) void this.lead(collection);
        }),
      (error: unknown) => {
        arriving.delete(arrival);
        throw error;
      },
    );
  }

  /** Requests waiting for the next group of a collection. */
  waitingCount(collection: SyncedCollection): number {
    return this.waiting.get(collection)?.length ?? 0;
  }

  /** One leader per collection commits group after group until nobody waits. */
  private async lead(collection: SyncedCollection): Promise<void> {
    this.leading.add(collection);
    try {
      while (this.waitingCount(collection) > 0) await this.commitGroup(collection);
    } finally {
      this.leading.delete(collection);
    }
  }

  /**
   * Until the pushes arriving now have joined (or ARRIVAL_WAIT_MS has passed). First a turn of
   * the event loop: PGlite runs its queries on this thread and resolves them as microtasks, so
   * without it a whole transaction can run before any other request's body is even read.
   */
  private async arrivals(collection: SyncedCollection): Promise<void> {
    await new Promise<void>((done) => setImmediate(done));
    const arriving = [...(this.arriving.get(collection) ?? [])];
    if (arriving.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((done) => {
      timer = setTimeout(done, ARRIVAL_WAIT_MS);
    });
    await Promise.race([Promise.all(arriving), limit]);
    clearTimeout(timer);
  }

  private async commitGroup(collection: SyncedCollection): Promise<void> {
    await this.arrivals(collection);
    let members: Member<Request, Result>[] = [];
    let outcomes: Outcome<Result>[] = [];
    try {
      await this.options.db.transaction(async (tx) => {
        // Whoever arrives while we wait for the connection and the lock joins this group.
        await lockCollections(tx, [collection]);
        members = this.take(collection);
        outcomes = [];
        for (const run of disjointRuns(members, this.options.idsOf)) {
          outcomes.push(...(await this.applyRun(tx, collection, run)));
        }
      });
    } catch (error) {
      // The transaction itself failed (commit, connection): nothing of the group was stored.
      // Failed before the group was taken (no connection): the waiting fail now, not in a loop.
      if (members.length === 0) members = this.take(collection);
      for (const member of members) member.reject(error);
      return;
    }
    this.options.onCommitted?.(collection, members.length);
    members.forEach((member, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) member.resolve(outcome.value);
      else member.reject(outcome ? outcome.error : new Error('push was not applied'));
    });
  }

  /** The waiting requests up to the row bound (at least one), in arrival order. */
  private take(collection: SyncedCollection): Member<Request, Result>[] {
    const queue = this.waiting.get(collection) ?? [];
    const maxRows = this.options.maxRows ?? DEFAULT_GROUP_ROWS;
    const rowsOf = this.options.rowsOf ?? (() => 1);
    let rows = 0;
    let count = 0;
    while (count < queue.length) {
      rows += rowsOf(queue[count]!.request);
      if (count > 0 && rows > maxRows) break;
      count++;
    }
    return queue.splice(0, count);
  }

  /** Applies a run together; on failure, undoes it and applies each request alone. */
  private async applyRun(
    tx: SqlExecutor,
    collection: SyncedCollection,
    run: readonly Member<Request, Result>[],
  ): Promise<Outcome<Result>[]> {
    const together = await this.applyInSavepoint(
      tx,
      collection,
      run.map((member) => member.request),
    );
    if (together.ok) return together.value.map((value) => ({ ok: true, value }));
    if (run.length === 1) return [together];
    const alone: Outcome<Result>[] = [];
    for (const member of run) {
      const outcome = await this.applyInSavepoint(tx, collection, [member.request]);
      alone.push(outcome.ok ? { ok: true, value: outcome.value[0]! } : outcome);
    }
    return alone;
  }

  /**
   * Applies requests in a savepoint: released when they succeed, rolled back when any throws
   * (the error is their outcome). Failing to roll back fails the whole transaction.
   */
  private async applyInSavepoint(
    tx: SqlExecutor,
    collection: SyncedCollection,
    requests: readonly Request[],
  ): Promise<Outcome<Result[]>> {
    const locks = heldLocksOf(tx);
    await tx.query(`savepoint ${SAVEPOINT}`);
    try {
      const results = await this.options.apply(tx, collection, requests);
      if (results.length !== requests.length) {
        throw new Error(`${results.length} results for ${requests.length} pushes`);
      }
      await tx.query(`release savepoint ${SAVEPOINT}`);
      return { ok: true, value: results };
    } catch (error) {
      await tx.query(`rollback to savepoint ${SAVEPOINT}`);
      await tx.query(`release savepoint ${SAVEPOINT}`);
      restoreHeldLocks(tx, locks);
      return { ok: false, error };
    }
  }
}

/** Splits members, in order, into runs in which no two requests share an id. */
function disjointRuns<T extends { request: R }, R>(
  members: readonly T[],
  idsOf: (request: R) => readonly string[],
): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let seen = new Set<string>();
  for (const member of members) {
    const ids = idsOf(member.request);
    if (ids.some((id) => seen.has(id))) {
      runs.push(run);
      run = [];
      seen = new Set();
    }
    run.push(member);
    for (const id of ids) seen.add(id);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

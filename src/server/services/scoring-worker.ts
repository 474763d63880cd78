import type { Clock, IdGenerator } from '../../shared/ids';
import type { SqlDatabase, SqlExecutor } from '../db/sql';
import { loadConfig } from './intelligence-config';
import type { MailLog } from './mail-worker';
import { createPassLoop } from './pass-loop';
import { rescoreCustomers, SCORING_CHANNEL } from './scoring';

/**
 * The decay pass: scores fall with age, so customers whose rescore_at has come are scored again,
 * a batch per transaction. Rows are claimed `for update skip locked`, so several pool processes
 * share the due rows and no customer is scored twice by one pass (the claim and its writes are
 * one transaction: a process that dies mid-batch leaves its rows due for the next one). Woken by
 * NOTIFY when a saved config made everyone due, and by a periodic tick.
 */
export interface ScoringWorkerOptions {
  db: SqlDatabase;
  clock: Clock;
  newId: IdGenerator;
  log?: MailLog;
  /** Longest sleep between two looks for due customers. */
  tickMs?: number;
  batchSize?: number;
  /**
   * Batches in flight at once. On PostgreSQL the database works while Node scores, so two
   * overlap (they claim with skip locked like two processes); PGlite runs one statement at a
   * time, where more would only interleave.
   */
  concurrency?: number;
  /** Told of every batch this worker scored (tests prove "once" with it). */
  onScored?: (customerIds: readonly string[]) => void;
}

export interface ScoringWorker {
  start(): Promise<void>;
  /** Scores every due customer it can claim; resolves with how many it scored. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const silentLog: MailLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Claims up to `limit` due customers in the caller's transaction; other processes skip them.
 * Ordered by rescore_at alone, so the customers_rescore index hands over the first rows: a tie
 * breaker on id would sort every due row for each batch (100k rows, 100 times, after a config
 * change).
 */
export async function claimDueCustomers(
  tx: SqlExecutor,
  now: number,
  limit: number,
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `select id from customers
      where merged_into is null and rescore_at is not null and rescore_at <= $1
      order by rescore_at
      limit $2
      for update skip locked`,
    [now, limit],
  );
  return rows.map((row) => row.id);
}

export function createScoringWorker(options: ScoringWorkerOptions): ScoringWorker {
  const {
    db,
    clock,
    newId,
    log = silentLog,
    tickMs = 60_000,
    batchSize = 200,
    concurrency = db.kind === 'postgres' ? 2 : 1,
    onScored,
  } = options;
  /** One batch in one transaction: claimed, scored, written, released at commit. */
  async function batch(): Promise<number> {
    return db.transaction(async (tx) => {
      const now = clock();
      const ids = await claimDueCustomers(tx, now, batchSize);
      if (ids.length === 0) return 0;
      const revision = await loadConfig(tx);
      const result = await rescoreCustomers(tx, ids, { revision, now, newId });
      onScored?.(result.scored);
      return ids.length;
    });
  }

  async function lane(): Promise<number> {
    let scored = 0;
    for (;;) {
      const claimed = await batch();
      scored += claimed;
      if (claimed < batchSize || loop.isStopped()) return scored;
    }
  }

  async function pass(): Promise<number> {
    const lanes = await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
    return lanes.reduce((sum, n) => sum + n, 0);
  }

  const loop = createPassLoop({
    db,
    pass,
    nextWaitMs: () => tickMs,
    onDone: (scored) => {
      if (scored > 0) log.info({ scored }, 'decay pass scored customers');
    },
    onError: (error) =>
      log.error(
        { error: error instanceof Error ? error.message : String(error) },
        'decay pass failed',
      ),
  });

  return {
    start: () => loop.start(SCORING_CHANNEL),
    runOnce: () => loop.runOnce(),
    stop: () => loop.stop(),
  };
}

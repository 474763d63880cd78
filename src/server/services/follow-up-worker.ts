import type { Clock } from '../../shared/ids';
import type { SqlDatabase } from '../db/sql';
import { queueSlaMails } from './follow-up-mail';
import { loadConfig } from './intelligence-config';
import type { MailLog } from './mail-worker';
import { createPassLoop } from './pass-loop';

/**
 * Watches follow-up deadlines: every tick, open MQLs near or past their SLA get their reminder or
 * escalation queued (follow-up-mail.ts), a batch per transaction, rows claimed with skip locked so
 * several pool processes share the work.
 */
export interface FollowUpWorkerOptions {
  db: SqlDatabase;
  clock: Clock;
  log?: MailLog;
  /** How long before the deadline the owner is reminded (default 1 hour). */
  reminderBeforeMs?: number;
  tickMs?: number;
  batchSize?: number;
}

export interface FollowUpWorker {
  start(): Promise<void>;
  /** Queues what is due now; resolves with how many mails. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** No NOTIFY wakes this loop: deadlines come with time, so only the tick does. */
const TICK_CHANNEL = 'leadpond_follow_up';

export function createFollowUpWorker(options: FollowUpWorkerOptions): FollowUpWorker {
  const {
    db,
    clock,
    log,
    reminderBeforeMs = 3_600_000,
    tickMs = 60_000,
    batchSize = 500,
  } = options;
  async function pass(): Promise<number> {
    let queued = 0;
    for (;;) {
      const { count, full } = await db.transaction(async (tx) => {
        const { config } = await loadConfig(tx);
        const done = await queueSlaMails(tx, config, clock(), reminderBeforeMs, batchSize);
        return { count: done.mails, full: done.leads >= batchSize };
      });
      queued += count;
      if (!full || loop.isStopped()) return queued;
    }
  }
  const loop = createPassLoop({
    db,
    pass,
    nextWaitMs: () => tickMs,
    onError: (error) =>
      log?.error(
        { error: error instanceof Error ? error.message : String(error) },
        'follow-up pass failed',
      ),
  });
  return {
    start: () => loop.start(TICK_CHANNEL),
    runOnce: () => loop.runOnce(),
    stop: () => loop.stop(),
  };
}

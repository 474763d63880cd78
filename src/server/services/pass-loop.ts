import type { SqlDatabase } from '../db/sql';

/**
 * The loop a queue worker of the pool runs (the mail queue, the decay pass): passes over due rows,
 * one at a time, woken by NOTIFY on a channel and by a timer. A wake-up during a pass runs one
 * more pass after it instead of a second one beside it, so nothing is missed and nothing runs
 * twice in one process (other processes are kept apart by `for update skip locked`).
 */
export interface PassLoop {
  /** Runs passes until no wake-up came in meanwhile; resolves with what they counted. */
  runOnce(): Promise<number>;
  /** Listens on the channel and runs a first pass. */
  start(channel: string): Promise<void>;
  /** Stops the timer and the listener, and waits for a pass under way. */
  stop(): Promise<void>;
  /** A pass in progress checks this between batches. */
  isStopped(): boolean;
}

export interface PassLoopOptions {
  db: Pick<SqlDatabase, 'listen'>;
  /** One pass: claims and handles due rows until there are none; resolves with how many. */
  pass(): Promise<number>;
  /** How long to sleep after a pass; null: until woken. */
  nextWaitMs(): Promise<number | null> | number | null;
  onDone?(count: number): void;
  onError(error: unknown): void;
}

export function createPassLoop(options: PassLoopOptions): PassLoop {
  const { db, pass, nextWaitMs, onDone, onError } = options;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let running: Promise<number> | null = null;
  let again = false;

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let count = 0;
      try {
        do {
          again = false;
          count += await pass();
        } while (again && !stopped);
        onDone?.(count);
      } catch (error) {
        onError(error);
      } finally {
        running = null;
        schedule();
      }
      return count;
    })();
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    void Promise.resolve()
      .then(nextWaitMs)
      .catch(() => null)
      .then((wait) => {
        if (stopped || wait === null) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void runOnce(), wait);
        timer.unref?.();
      });
  }

  return {
    runOnce,
    async start(channel) {
      unlisten = await db.listen(channel, () => void runOnce());
      void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await unlisten?.();
      await running;
    },
    isStopped: () => stopped,
  };
}

import type { Clock } from '../../shared/ids';
import type { SqlDatabase } from '../db/sql';
import type { MailLog } from './mail-worker';
import { WEBHOOK_DISABLED_MAIL_KIND } from './mail-message';
import { enqueueMails } from './mail-outbox';
import { createPassLoop } from './pass-loop';
import {
  WEBHOOK_CHANNEL,
  bodiesOf,
  claimDueMessages,
  nextMessageDueAt,
  recordAttempt,
  type ClaimedMessage,
} from './webhook-outbox';
import { signWebhook } from './webhook-signing';
import { deliveryRefusal, type Resolve, type WebhookTargetPolicy } from './webhook-targets';

/**
 * Delivers the webhook outbox: claims due messages, signs each attempt (Standard Webhooks),
 * POSTs it, logs the outcome, and retries failures on a schedule. A webhook that has failed
 * without a single success for `disableAfterMs` is disabled and the admins are mailed.
 */

/** Standard Webhooks' suggested schedule: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export interface WebhookWorkerOptions {
  db: SqlDatabase;
  clock: Clock;
  newId: () => string;
  policy: WebhookTargetPolicy;
  log?: MailLog;
  /** Wait before the 2nd, 3rd … attempt; its length is the number of retries. */
  retryScheduleMs?: readonly number[];
  /** Failing this long with no success disables the webhook. */
  disableAfterMs?: number;
  timeoutMs?: number;
  tickMs?: number;
  leaseMs?: number;
  batchSize?: number;
  /** DNS for the delivery-time address check (tests give names an address). */
  resolve?: Resolve;
}

export interface WebhookWorker {
  start(): Promise<void>;
  /** One pass over the due messages; resolves with how many were delivered. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const silentLog: MailLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const {
    db,
    clock,
    newId,
    policy,
    log = silentLog,
    retryScheduleMs = DEFAULT_RETRY_SCHEDULE_MS,
    disableAfterMs = 5 * 24 * 3_600_000,
    timeoutMs = 15_000,
    tickMs = 30_000,
    leaseMs = 2 * 60_000,
    batchSize = 20,
    resolve,
  } = options;

  async function post(message: ClaimedMessage, body: string) {
    const refusal = await deliveryRefusal(message.url, policy, resolve);
    if (refusal) return { statusCode: null, ok: false, excerpt: `refused: ${refusal}` };
    const headers = signWebhook(message.secrets, message.id, Math.floor(clock() / 1000), body);
    try {
      const response = await fetch(message.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Leadpond' },
        body,
        // A redirect could lead anywhere, past the address check: it counts as a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text().catch(() => '');
      const ok = response.status >= 200 && response.status < 300;
      return { statusCode: response.status, ok, excerpt: text.slice(0, 500) };
    } catch (error) {
      return {
        statusCode: null,
        ok: false,
        excerpt: error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : '',
      };
    }
  }

  async function disable(webhookId: string, reason: string): Promise<void> {
    const now = clock();
    await db.transaction(async (tx) => {
      const [hook] = await tx.query<{ url: string }>(
        `update webhooks set disabled_at = $2, disabled_reason = $3
          where id = $1 and disabled_at is null returning url`,
        [webhookId, now, reason],
      );
      if (!hook) return;
      const admins = await tx.query<{ email: string }>(
        `select email from users
          where role = 'admin' and revoked_at is null and email is not null order by email`,
      );
      await enqueueMails(
        tx,
        admins.map((admin) => ({
          kind: WEBHOOK_DISABLED_MAIL_KIND,
          dedupeKey: `webhook-disabled:${webhookId}:${now}:${admin.email}`,
          to: admin.email,
          payload: { webhookId, url: hook.url, reason, disabledAt: now },
          now,
        })),
      );
    });
    log.warn({ webhookId, reason }, 'webhook disabled');
  }

  async function deliver(message: ClaimedMessage, body: string): Promise<boolean> {
    const started = performance.now();
    const answer = await post(message, body);
    const at = clock();
    const retryDelay = retryScheduleMs[message.attempts - 1];
    const failingSince = await recordAttempt(db, newId(), {
      messageId: message.id,
      webhookId: message.webhookId,
      attempt: message.attempts,
      at,
      statusCode: answer.statusCode,
      ok: answer.ok,
      latencyMs: Math.round(performance.now() - started),
      excerpt: answer.excerpt,
      retryAt: answer.ok || retryDelay === undefined ? null : at + retryDelay,
    });
    // Only ids and status codes in the log: bodies carry personal data.
    log.info(
      { webhookId: message.webhookId, messageId: message.id, status: answer.statusCode },
      answer.ok ? 'webhook delivered' : 'webhook attempt failed',
    );
    if (!answer.ok && failingSince !== null && at - failingSince >= disableAfterMs) {
      await disable(
        message.webhookId,
        `no successful delivery since ${new Date(failingSince).toISOString()}`,
      );
    }
    return answer.ok;
  }

  async function pass(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const claimed = await claimDueMessages(db, clock(), leaseMs, batchSize);
      const bodies = await bodiesOf(db, claimed);
      // One receiver at a time per webhook keeps its order; different webhooks in parallel.
      const byHook = new Map<string, ClaimedMessage[]>();
      for (const message of claimed) {
        byHook.set(message.webhookId, [...(byHook.get(message.webhookId) ?? []), message]);
      }
      const results = await Promise.all(
        [...byHook.values()].map(async (messages) => {
          let count = 0;
          for (const message of messages) {
            if (await deliver(message, bodies.get(message.id) ?? '')) count++;
          }
          return count;
        }),
      );
      delivered += results.reduce((sum, count) => sum + count, 0);
      if (claimed.length < batchSize || loop.isStopped()) return delivered;
    }
  }

  const loop = createPassLoop({
    db,
    pass,
    nextWaitMs: async () => {
      const due = await nextMessageDueAt(db).catch(() => null);
      return due === null ? tickMs : Math.max(0, Math.min(tickMs, due - clock()));
    },
    onError: (error) =>
      log.error(
        { error: error instanceof Error ? error.message : String(error) },
        'webhook pass failed',
      ),
  });

  return {
    start: () => loop.start(WEBHOOK_CHANNEL),
    runOnce: () => loop.runOnce(),
    stop: () => loop.stop(),
  };
}

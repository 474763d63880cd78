import type { WebhookEventType } from '../../shared/api';
import type { SqlExecutor } from '../db/sql';

/**
 * The webhook outbox (table webhook_messages). Messages are written in the transaction of what
 * caused them — a push, a merge, a stage move — one per subscriber, so an event is queued exactly
 * when its cause commits and a retried push queues nothing twice (dedupe keys). The worker
 * (webhook-worker.ts) claims due messages with a lease, as the mail queue does: a pool killed
 * mid-delivery leaves the message to be claimed again, under the same webhook-id.
 */

/** NOTIFY channel that wakes the webhook workers when a message is queued (at commit). */
export const WEBHOOK_CHANNEL = 'leadpond_webhooks';

export interface WebhookEvent {
  type: WebhookEventType;
  /**
   * What makes this event itself: a stage change's id, a merge's id. `customer.created` and
   * `customer.updated` give none: they are one per customer and transaction, so a push that
   * creates a customer and writes its profile sends one `customer.created`.
   */
  cause?: string;
  customerId: string;
  /** What the event says beyond the customer's state (from → to, why, the merged id). */
  data?: Record<string, unknown>;
}

/** Queues the events for every active subscriber of their type, in the caller's transaction. */
export async function emitWebhookEvents(
  tx: SqlExecutor,
  events: readonly WebhookEvent[],
  now: number,
): Promise<void> {
  if (events.length === 0) return;
  const rows = await tx.query(
    `insert into webhook_messages
       (id, webhook_id, event_type, dedupe_key, customer_id, data, status, next_attempt_at,
        created_at)
     select 'msg_' || md5(w.id || ':' || k.key), w.id, e.type, k.key, e.customer_id, e.data,
            'pending', $2, $2
       from jsonb_to_recordset($1::jsonb)
              as e(type text, cause text, customer_id text, data jsonb)
      cross join lateral (
        select coalesce(e.type || ':' || e.cause,
                        'customer:' || e.customer_id || ':' || txid_current()::text) as key) k
       join webhooks w on w.disabled_at is null and e.type = any (w.events)
     on conflict (webhook_id, dedupe_key) do nothing
     returning id`,
    [
      JSON.stringify(
        events.map((event) => ({
          type: event.type,
          cause: event.cause ?? null,
          customer_id: event.customerId,
          data: event.data ?? {},
        })),
      ),
      now,
    ],
  );
  if (rows.length > 0) await tx.query('select pg_notify($1, $2)', [WEBHOOK_CHANNEL, '']);
}

/** `customer.updated` for customers whose profile, tags or merge state just changed. */
export function customersUpdated(customerIds: Iterable<string>): WebhookEvent[] {
  return [...new Set(customerIds)].map((customerId) => ({ type: 'customer.updated', customerId }));
}

export interface ClaimedMessage {
  id: string;
  webhookId: string;
  eventType: WebhookEventType;
  customerId: string | null;
  data: Record<string, unknown>;
  body: string | null;
  createdAt: number;
  /** Including this one. */
  attempts: number;
  url: string;
  secrets: string[];
}

/** Claims up to `limit` due messages of active webhooks for `leaseMs`. */
export async function claimDueMessages(
  db: SqlExecutor,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<ClaimedMessage[]> {
  const rows = await db.query<{
    id: string;
    webhook_id: string;
    event_type: WebhookEventType;
    customer_id: string | null;
    data: Record<string, unknown>;
    body: string | null;
    created_at: number;
    attempts: number;
  }>(
    `update webhook_messages set status = 'sending', attempts = attempts + 1, claimed_until = $2
      where id in (
        select m.id from webhook_messages m join webhooks w on w.id = m.webhook_id
         where w.disabled_at is null
           and ((m.status = 'pending' and m.next_attempt_at <= $1)
             or (m.status = 'sending' and m.claimed_until < $1))
         order by m.next_attempt_at, m.id
         limit $3
         for update of m skip locked)
      returning id, webhook_id, event_type, customer_id, data, body, created_at, attempts`,
    [now, now + leaseMs, limit],
  );
  if (rows.length === 0) return [];
  const hooks = await db.query<{
    id: string;
    url: string;
    secret: string;
    previous_secret: string | null;
    previous_secret_until: number | null;
  }>(
    'select id, url, secret, previous_secret, previous_secret_until from webhooks where id = any($1::text[])',
    [[...new Set(rows.map((row) => row.webhook_id))]],
  );
  const hookOf = new Map(hooks.map((hook) => [hook.id, hook]));
  return rows.flatMap((row) => {
    const hook = hookOf.get(row.webhook_id);
    if (!hook) return [];
    const previousValid =
      hook.previous_secret !== null && Number(hook.previous_secret_until ?? 0) > now;
    return [
      {
        id: row.id,
        webhookId: row.webhook_id,
        eventType: row.event_type,
        customerId: row.customer_id,
        data: row.data,
        body: row.body,
        createdAt: Number(row.created_at),
        attempts: Number(row.attempts),
        url: hook.url,
        secrets: previousValid ? [hook.secret, hook.previous_secret as string] : [hook.secret],
      },
    ];
  });
}

/** What a customer event carries: the customer as the pool holds it now, no internals. */
export async function customerSnapshots(
  db: SqlExecutor,
  customerIds: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.query<{
    id: string;
    profile: Record<string, unknown>;
    grade: string;
    score: number;
    engagement_level: number;
    stage: string;
    owner: string | null;
    tags: string[];
    merged_into: string | null;
    created_at: number;
    updated_at: number;
  }>(
    `select id, profile, grade, score, engagement_level, stage, owner, tags, merged_into,
            created_at, updated_at
       from customers where id = any($1::text[])`,
    [[...new Set(customerIds)]],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        profile: row.profile,
        grade: row.grade,
        score: Number(row.score),
        matrix: `${row.grade}${Number(row.engagement_level)}`,
        stage: row.stage,
        owner: row.owner,
        tags: row.tags,
        mergedInto: row.merged_into,
        createdAt: new Date(Number(row.created_at)).toISOString(),
        updatedAt: new Date(Number(row.updated_at)).toISOString(),
      },
    ]),
  );
}

/**
 * The bodies of claimed messages. A body is fixed at the first attempt — from the customer as the
 * pool holds it then — and every retry and replay sends the same bytes.
 */
export async function bodiesOf(
  db: SqlExecutor,
  messages: readonly ClaimedMessage[],
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const unfixed = messages.filter((message) => message.body === null);
  for (const message of messages) if (message.body !== null) bodies.set(message.id, message.body);
  if (unfixed.length === 0) return bodies;
  const snapshots = await customerSnapshots(
    db,
    unfixed.flatMap((message) => (message.customerId ? [message.customerId] : [])),
  );
  for (const message of unfixed) {
    // An erased customer is announced by id alone: nothing of their profile leaves the pool.
    const customer =
      message.eventType === 'customer.erased'
        ? null
        : (snapshots.get(message.customerId ?? '') ?? null);
    bodies.set(
      message.id,
      JSON.stringify({
        type: message.eventType,
        timestamp: new Date(message.createdAt).toISOString(),
        data: { customerId: message.customerId, ...message.data, customer },
      }),
    );
  }
  await db.query(
    `update webhook_messages m set body = b.body
       from jsonb_to_recordset($1::jsonb) as b(id text, body text)
      where m.id = b.id and m.body is null`,
    [JSON.stringify(unfixed.map((message) => ({ id: message.id, body: bodies.get(message.id) })))],
  );
  return bodies;
}

export interface AttemptOutcome {
  messageId: string;
  webhookId: string;
  attempt: number;
  at: number;
  statusCode: number | null;
  ok: boolean;
  latencyMs: number;
  excerpt: string;
  /** For a failure: when to try again, or null when the schedule is used up. */
  retryAt: number | null;
}

/**
 * Records the attempt and moves the message on, in one statement (it runs once per delivery);
 * returns the webhook's failing_since after it.
 */
export async function recordAttempt(
  db: SqlExecutor,
  attemptId: string,
  outcome: AttemptOutcome,
): Promise<number | null> {
  const [hook] = await db.query<{ failing_since: number | null }>(
    `with attempt as (
       insert into webhook_attempts
         (id, message_id, webhook_id, attempt, at, status_code, ok, latency_ms, excerpt)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)),
     message as (
       update webhook_messages
          set status = case when $7 then 'delivered'
                            when $10::bigint is null then 'failed' else 'pending' end,
              delivered_at = case when $7 then $5 else delivered_at end,
              next_attempt_at = case when $7 then next_attempt_at
                                     else coalesce($10::bigint, next_attempt_at) end,
              claimed_until = null
        where id = $2)
     update webhooks
        set failing_since = case when $7 then null else coalesce(failing_since, $5) end
      where id = $3
     returning failing_since`,
    [
      attemptId,
      outcome.messageId,
      outcome.webhookId,
      outcome.attempt,
      outcome.at,
      outcome.statusCode,
      outcome.ok,
      outcome.latencyMs,
      outcome.excerpt.slice(0, 500),
      outcome.retryAt,
    ],
  );
  return hook?.failing_since === null || hook?.failing_since === undefined
    ? null
    : Number(hook.failing_since);
}

/** When the next message falls due (a retry, or a lease running out). */
export async function nextMessageDueAt(db: SqlExecutor): Promise<number | null> {
  const [row] = await db.query<{ due: number | null }>(
    `select min(case when m.status = 'pending' then m.next_attempt_at else m.claimed_until end)
            as due
       from webhook_messages m join webhooks w on w.id = m.webhook_id
      where m.status in ('pending', 'sending') and w.disabled_at is null`,
  );
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}

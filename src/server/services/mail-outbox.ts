import type { MailOutboxEntry, MailStatus } from '../../shared/api';
import { newId } from '../../shared/ids';
import type { SqlExecutor } from '../db/sql';

/**
 * The mail queue (table mail_outbox). Rows are inserted in the transaction of whatever caused the
 * mail, so a mail is queued exactly when its cause commits; the worker (mail-worker.ts) claims
 * due rows atomically (`for update skip locked`: two pool processes never send one row twice),
 * sends outside any transaction, then records the outcome. A claim is a lease: a process that
 * dies mid-send leaves the row to be claimed again once the lease ends, so nothing is lost.
 */

/** NOTIFY channel that wakes the workers when a row is queued (delivered at commit). */
export const MAIL_CHANNEL = 'leadpond_mail';

export interface QueueMail {
  kind: string;
  /** One mail per key, ever: queueing the same cause twice is a no-op. */
  dedupeKey: string;
  to: string;
  payload: Record<string, unknown>;
  now: number;
}

/** Queues a mail in the caller's transaction; false when the key was already queued. */
export async function enqueueMail(tx: SqlExecutor, mail: QueueMail): Promise<boolean> {
  return (await enqueueMails(tx, [mail])).has(mail.dedupeKey);
}

/**
 * Queues several mails with one statement (a push may carry many requests); returns the keys
 * that were new. One NOTIFY wakes the workers at commit.
 */
export async function enqueueMails(
  tx: SqlExecutor,
  mails: readonly QueueMail[],
): Promise<Set<string>> {
  if (mails.length === 0) return new Set();
  const rows = await tx.query<{ dedupe_key: string }>(
    `insert into mail_outbox
       (id, kind, dedupe_key, to_address, payload, status, attempts, next_attempt_at, created_at)
     select m.id, m.kind, m.dedupe_key, m.to_address, m.payload, 'queued', 0, m.now, m.now
       from jsonb_to_recordset($1::jsonb)
         as m(id text, kind text, dedupe_key text, to_address text, payload jsonb, now bigint)
     on conflict (dedupe_key) do nothing returning dedupe_key`,
    [
      JSON.stringify(
        mails.map((mail) => ({
          id: newId(),
          kind: mail.kind,
          dedupe_key: mail.dedupeKey,
          to_address: mail.to,
          payload: mail.payload,
          now: mail.now,
        })),
      ),
    ],
  );
  if (rows.length > 0) await tx.query('select pg_notify($1, $2)', [MAIL_CHANNEL, '']);
  return new Set(rows.map((row) => row.dedupe_key));
}

export interface ClaimedMail {
  id: string;
  kind: string;
  to: string;
  payload: Record<string, unknown>;
  /** Including this one. */
  attempts: number;
}

/** Claims up to `limit` due rows for `leaseMs`; what one process claims no other can. */
export async function claimDueMail(
  db: SqlExecutor,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<ClaimedMail[]> {
  const rows = await db.query<{
    id: string;
    kind: string;
    to_address: string;
    payload: Record<string, unknown>;
    attempts: number;
  }>(
    `update mail_outbox set status = 'sending', attempts = attempts + 1, claimed_until = $2
      where id in (
        select id from mail_outbox
         where (status = 'queued' and next_attempt_at <= $1)
            or (status = 'sending' and claimed_until < $1)
         order by next_attempt_at, id
         limit $3
         for update skip locked)
      returning id, kind, to_address, payload, attempts`,
    [now, now + leaseMs, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    payload: row.payload,
    attempts: Number(row.attempts),
  }));
}

/** Delivered: the link's token leaves the queue (the mail has it now). */
export async function markMailSent(db: SqlExecutor, id: string, now: number): Promise<void> {
  await db.query(
    `update mail_outbox
        set status = 'sent', sent_at = $2, claimed_until = null, last_error = null,
            payload = payload - 'token'
      where id = $1`,
    [id, now],
  );
}

/** Not delivered: again at `retryAt`, or given up (null) — then the token is dropped as well. */
export async function markMailFailed(
  db: SqlExecutor,
  id: string,
  error: string,
  retryAt: number | null,
): Promise<void> {
  if (retryAt === null) {
    await db.query(
      `update mail_outbox
          set status = 'failed', claimed_until = null, last_error = $2, payload = payload - 'token'
        where id = $1`,
      [id, error.slice(0, 500)],
    );
    return;
  }
  await db.query(
    `update mail_outbox
        set status = 'queued', claimed_until = null, last_error = $2, next_attempt_at = $3
      where id = $1`,
    [id, error.slice(0, 500), retryAt],
  );
}

/** When the next row falls due (a queued row's next attempt, or a lease running out). */
export async function nextMailDueAt(db: SqlExecutor): Promise<number | null> {
  const [row] = await db.query<{ due: number | null }>(
    `select min(case when status = 'queued' then next_attempt_at else claimed_until end) as due
       from mail_outbox where status in ('queued', 'sending')`,
  );
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}

/** The admin view: newest first, never the payload (it holds the link's token). */
export async function listOutbox(
  db: SqlExecutor,
  status: MailStatus | undefined,
  limit: number,
): Promise<MailOutboxEntry[]> {
  const rows = await db.query<{
    id: string;
    kind: string;
    to_address: string;
    status: MailStatus;
    attempts: number;
    next_attempt_at: number;
    last_error: string | null;
    created_at: number;
    sent_at: number | null;
    request_id: string | null;
  }>(
    `select id, kind, to_address, status, attempts, next_attempt_at, last_error, created_at,
            sent_at, payload->>'requestId' as request_id
       from mail_outbox where ($1::text is null or status = $1)
      order by created_at desc, id desc limit $2`,
    [status ?? null, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    requestId: row.request_id,
  }));
}

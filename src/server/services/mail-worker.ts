import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Clock } from '../../shared/ids';
import { AssetSchema, EventSchema } from '../../shared/schemas';
import type { SqlDatabase } from '../db/sql';
import { DOWNLOAD_MAIL_KIND, downloadUrl } from './download-tokens';
import {
  FOLLOW_UP_MAIL_KINDS,
  WEBHOOK_DISABLED_MAIL_KIND,
  renderDownloadMail,
  renderFollowUpMail,
  renderWebhookDisabledMail,
  type FollowUpMail,
} from './mail-message';
import { createPassLoop } from './pass-loop';
import {
  TICKET_MAIL_KIND,
  TicketMailGone,
  TicketMailPayloadSchema,
  composeTicketMail,
} from './ticket-mail';
import {
  MAIL_CHANNEL,
  claimDueMail,
  markMailFailed,
  markMailSent,
  nextMailDueAt,
  type ClaimedMail,
} from './mail-outbox';

/**
 * Sends what mail_outbox holds, over SMTP (nodemailer). Woken by NOTIFY when a row is queued and
 * by a periodic tick (retries fall due, another process's lease ran out). Temporary failures are
 * retried with exponential backoff up to `maxAttempts`; an SMTP 5xx answer is final. Without an
 * SMTP URL the worker sends nothing and the mail stays queued (visible in the admin view).
 */

/** Pino's shape; the pool passes its logger. Nothing logged here carries a link or token. */
export interface MailLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silentLog: MailLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface MailWorkerOptions {
  db: SqlDatabase;
  clock: Clock;
  publicUrl: () => string;
  /** smtp://user:pass@host:port or smtps://…; undefined: nothing is sent. */
  smtpUrl: string | undefined;
  from: string;
  log?: MailLog;
  /** Longest sleep between two looks at the queue. */
  tickMs?: number;
  /** Wait before the 2nd attempt; doubles each time up to maxRetryMs. */
  baseRetryMs?: number;
  maxRetryMs?: number;
  maxAttempts?: number;
  /** How long a claimed row is this process's; past it another process may take it. */
  leaseMs?: number;
  batchSize?: number;
}

export interface MailWorker {
  start(): Promise<void>;
  /** One pass over the due rows; resolves with how many were delivered. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const DownloadPayloadSchema = z.object({
  requestId: z.string(),
  assetId: z.string(),
  eventId: z.string(),
  token: z.string(),
  expiresAt: z.number(),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

const WebhookDisabledPayloadSchema = z.object({
  url: z.string(),
  reason: z.string(),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

const FollowUpPayloadSchema = z.object({
  customerId: z.string(),
  ownerId: z.string(),
  dueAt: z.number().nullable(),
});

/** A failure no retry will fix. */
class FinalMailError extends Error {}

export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const {
    db,
    clock,
    publicUrl,
    smtpUrl,
    from,
    log = silentLog,
    tickMs = 30_000,
    baseRetryMs = 60_000,
    maxRetryMs = 6 * 60 * 60 * 1000,
    maxAttempts = 8,
    leaseMs = 5 * 60 * 1000,
    batchSize = 20,
  } = options;
  const transporter = smtpUrl
    ? nodemailer.createTransport({
        url: smtpUrl,
        // Well inside the lease: a hung server must not let another process send the mail too.
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      })
    : null;

  async function composeFollowUp(mail: ClaimedMail, which: FollowUpMail) {
    const payload = FollowUpPayloadSchema.safeParse(mail.payload);
    if (!payload.success) throw new FinalMailError('mail payload is not valid');
    const { customerId, ownerId, dueAt } = payload.data;
    const [customer] = await db.query<{
      profile: { name?: string; company?: string };
      grade: string;
      engagement_level: number;
      owner_name: string | null;
    }>(
      `select c.profile, c.grade, c.engagement_level, u.name as owner_name
         from customers c left join users u on u.id = $2
        where c.id = $1 and c.merged_into is null`,
      [customerId, ownerId],
    );
    if (!customer)
      throw new FinalMailError('the lead was merged or erased before the mail went out');
    const message = renderFollowUpMail({
      lang: 'zh-CN',
      which,
      name: customer.profile.name ?? null,
      company: customer.profile.company ?? null,
      cell: `${customer.grade}${Number(customer.engagement_level)}`,
      owner: customer.owner_name ?? ownerId,
      dueAt,
      url: `${publicUrl()}/app/#/customers/${encodeURIComponent(customerId)}`,
    });
    return { ...message, messageId: `<${mail.id}@leadpond.invalid>` };
  }

  async function compose(mail: ClaimedMail) {
    const followUp = (Object.keys(FOLLOW_UP_MAIL_KINDS) as FollowUpMail[]).find(
      (which) => FOLLOW_UP_MAIL_KINDS[which] === mail.kind,
    );
    if (followUp) return composeFollowUp(mail, followUp);
    if (mail.kind === TICKET_MAIL_KIND) {
      const payload = TicketMailPayloadSchema.safeParse(mail.payload);
      if (!payload.success) throw new FinalMailError('mail payload is not valid');
      try {
        const message = await composeTicketMail(db, publicUrl(), payload.data);
        return { ...message, messageId: `<${mail.id}@leadpond.invalid>` };
      } catch (error) {
        if (error instanceof TicketMailGone) throw new FinalMailError(error.message);
        throw error;
      }
    }
    if (mail.kind === WEBHOOK_DISABLED_MAIL_KIND) {
      const payload = WebhookDisabledPayloadSchema.safeParse(mail.payload);
      if (!payload.success) throw new FinalMailError('mail payload is not valid');
      const message = renderWebhookDisabledMail(payload.data);
      return { ...message, messageId: `<${mail.id}@leadpond.invalid>` };
    }
    if (mail.kind !== DOWNLOAD_MAIL_KIND)
      throw new FinalMailError(`unknown mail kind ${mail.kind}`);
    const payload = DownloadPayloadSchema.safeParse(mail.payload);
    if (!payload.success) throw new FinalMailError('mail payload is not valid');
    const { assetId, eventId, token, expiresAt, lang, requestId } = payload.data;
    const rows = await db.query<{ collection: string; data: unknown; deleted: boolean }>(
      `select collection, data, deleted from documents
        where (collection = 'assets' and id = $1) or (collection = 'events' and id = $2)`,
      [assetId, eventId],
    );
    const assetRow = rows.find((row) => row.collection === 'assets');
    const asset = AssetSchema.safeParse(assetRow?.data);
    if (!assetRow || assetRow.deleted || !asset.success) {
      throw new FinalMailError('the white paper was deleted before the mail went out');
    }
    const event = EventSchema.safeParse(rows.find((row) => row.collection === 'events')?.data);
    const message = renderDownloadMail({
      lang,
      title: asset.data.title,
      eventName: event.success ? event.data.name : '',
      url: downloadUrl(publicUrl(), token),
      expiresAt,
    });
    return { ...message, messageId: `<download-${requestId}@leadpond.invalid>` };
  }

  async function deliver(mail: ClaimedMail): Promise<boolean> {
    if (!transporter) return false;
    try {
      const message = await compose(mail);
      await transporter.sendMail({ from, to: mail.to, ...message });
      await markMailSent(db, mail.id, clock());
      log.info({ mailId: mail.id, kind: mail.kind, attempts: mail.attempts }, 'mail sent');
      return true;
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const final =
        error instanceof FinalMailError ||
        (typeof code === 'number' && code >= 500) ||
        mail.attempts >= maxAttempts;
      const reason = error instanceof Error ? error.message : String(error);
      const retryAt = final ? null : clock() + retryDelayMs(mail.attempts, baseRetryMs, maxRetryMs);
      await markMailFailed(db, mail.id, reason, retryAt);
      log.warn(
        { mailId: mail.id, attempts: mail.attempts, final, error: reason },
        final ? 'mail failed for good' : 'mail failed, will retry',
      );
      return false;
    }
  }

  async function pass(): Promise<number> {
    if (!transporter) return 0;
    let delivered = 0;
    for (;;) {
      const claimed = await claimDueMail(db, clock(), leaseMs, batchSize);
      for (const mail of claimed) if (await deliver(mail)) delivered++;
      if (claimed.length < batchSize || loop.isStopped()) return delivered;
    }
  }

  const loop = createPassLoop({
    db,
    pass,
    // Wake for the next retry that falls due before the tick; with no sender, only when told.
    nextWaitMs: async () => {
      if (!transporter) return null;
      const due = await nextMailDueAt(db).catch(() => null);
      return due === null ? tickMs : Math.max(0, Math.min(tickMs, due - clock()));
    },
    onError: (error) =>
      log.error(
        { error: error instanceof Error ? error.message : String(error) },
        'mail pass failed',
      ),
  });

  return {
    async start() {
      if (!transporter) {
        log.warn({}, 'LEADPOND_SMTP_URL not set: mail stays queued, nothing is sent');
        return;
      }
      await loop.start(MAIL_CHANNEL);
    },
    runOnce: () => loop.runOnce(),
    async stop() {
      await loop.stop();
      transporter?.close();
    },
  };
}

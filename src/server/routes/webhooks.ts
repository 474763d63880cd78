import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateWebhookBodySchema,
  WEBHOOK_API_ERRORS,
  WebhookDeliveriesQuerySchema,
  type WebhookAttemptEntry,
  type WebhookCreatedResponse,
  type WebhookDeliveriesResponse,
  type WebhookEventType,
  type WebhookListResponse,
  type WebhookMessageStatus,
  type WebhookSecretResponse,
  type WebhookSummary,
} from '../../shared/api';
import { authenticate, requireUser } from '../auth';
import type { PoolDeps } from '../deps';
import type { SqlExecutor } from '../db/sql';
import { ApiError, notFound, parseWith } from '../http-errors';
import { WEBHOOK_CHANNEL } from '../services/webhook-outbox';
import { newWebhookSecret } from '../services/webhook-signing';
import { parseAllowHosts, targetRefusal } from '../services/webhook-targets';

const IdParamsSchema = z.object({ id: z.string().max(64) });
const MessageParamsSchema = z.object({ id: z.string().max(64), messageId: z.string().max(80) });
/** How long a rotated-out secret keeps signing beside the new one. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;

interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  created_at: number;
  disabled_at: number | null;
  disabled_reason: string | null;
  pending: number;
  last_at: number | null;
  last_status: number | null;
  last_ok: boolean | null;
}

const orNull = (value: number | null) => (value === null ? null : Number(value));

async function listWebhooks(db: SqlExecutor, id?: string): Promise<WebhookSummary[]> {
  const rows = await db.query<WebhookRow>(
    `select w.id, w.url, w.events, w.description, w.created_at, w.disabled_at, w.disabled_reason,
            (select count(*) from webhook_messages m
              where m.webhook_id = w.id and m.status in ('pending', 'sending'))::int as pending,
            a.at as last_at, a.status_code as last_status, a.ok as last_ok
       from webhooks w
       left join lateral (select at, status_code, ok from webhook_attempts
                           where webhook_id = w.id order by at desc, id desc limit 1) a on true
      where ($1::text is null or w.id = $1)
      order by w.created_at, w.id`,
    [id ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    createdAt: Number(row.created_at),
    disabledAt: orNull(row.disabled_at),
    disabledReason: row.disabled_reason,
    pending: Number(row.pending),
    lastAttempt:
      row.last_at === null
        ? null
        : { at: Number(row.last_at), statusCode: row.last_status, ok: row.last_ok === true },
  }));
}

/**
 * Webhook subscriptions (Standard Webhooks): only admins manage them, since a webhook sends every
 * customer's profile to wherever it points. Secrets are shown at creation and rotation only.
 */
export function registerWebhookRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId } = deps;
  const policy = deps.webhookTargets ?? parseAllowHosts(undefined);
  const admin = async (request: Parameters<typeof authenticate>[1]) =>
    requireUser(await authenticate(db, request), ['admin']);
  const findOne = async (id: string) => {
    const [webhook] = await listWebhooks(db, id);
    if (!webhook) throw notFound(`no webhook ${id}`);
    return webhook;
  };

  api.post('/webhooks', async (request, reply) => {
    const user = await admin(request);
    const body = parseWith(CreateWebhookBodySchema, request.body);
    const refusal = targetRefusal(body.url, policy);
    if (refusal) {
      throw new ApiError(400, WEBHOOK_API_ERRORS.targetRefused, `webhook URL refused: ${refusal}`);
    }
    const id = newId();
    const secret = newWebhookSecret();
    await db.query(
      `insert into webhooks (id, url, events, description, secret, created_by, created_at)
       values ($1, $2, $3::text[], $4, $5, $6, $7)`,
      [id, body.url, body.events, body.description ?? null, secret, user.userId, clock()],
    );
    const response: WebhookCreatedResponse = { webhook: await findOne(id), secret };
    return reply.status(201).send(response);
  });

  api.get('/webhooks', async (request) => {
    await admin(request);
    const response: WebhookListResponse = { webhooks: await listWebhooks(db) };
    return response;
  });

  api.delete('/webhooks/:id', async (request, reply) => {
    await admin(request);
    const { id } = parseWith(IdParamsSchema, request.params, 'path');
    const deleted = await db.query('delete from webhooks where id = $1 returning id', [id]);
    if (deleted.length === 0) throw notFound(`no webhook ${id}`);
    return reply.status(204).send();
  });

  api.post('/webhooks/:id/rotate', async (request) => {
    await admin(request);
    const { id } = parseWith(IdParamsSchema, request.params, 'path');
    const secret = newWebhookSecret();
    const previousValidUntil = clock() + ROTATION_OVERLAP_MS;
    const rotated = await db.query(
      `update webhooks set previous_secret = secret, previous_secret_until = $3, secret = $2
        where id = $1 returning id`,
      [id, secret, previousValidUntil],
    );
    if (rotated.length === 0) throw notFound(`no webhook ${id}`);
    const response: WebhookSecretResponse = { secret, previousValidUntil };
    return response;
  });

  // After a disable (repeated failures): deliveries resume with what is still pending.
  api.post('/webhooks/:id/enable', async (request) => {
    await admin(request);
    const { id } = parseWith(IdParamsSchema, request.params, 'path');
    await db.transaction(async (tx) => {
      const enabled = await tx.query(
        `update webhooks set disabled_at = null, disabled_reason = null, failing_since = null
          where id = $1 returning id`,
        [id],
      );
      if (enabled.length === 0) throw notFound(`no webhook ${id}`);
      await tx.query('select pg_notify($1, $2)', [WEBHOOK_CHANNEL, '']);
    });
    return { webhook: await findOne(id) };
  });

  api.get('/webhooks/:id/deliveries', async (request) => {
    await admin(request);
    const { id } = parseWith(IdParamsSchema, request.params, 'path');
    const { limit } = parseWith(WebhookDeliveriesQuerySchema, request.query, 'query');
    await findOne(id);
    const rows = await db.query<{
      message_id: string;
      event_type: WebhookEventType;
      attempt: number;
      at: number;
      status_code: number | null;
      ok: boolean;
      latency_ms: number;
      excerpt: string;
      status: WebhookMessageStatus;
    }>(
      `select a.message_id, m.event_type, a.attempt, a.at, a.status_code, a.ok, a.latency_ms,
              a.excerpt, m.status
         from webhook_attempts a join webhook_messages m on m.id = a.message_id
        where a.webhook_id = $1 order by a.at desc, a.id desc limit $2`,
      [id, limit],
    );
    const attempts: WebhookAttemptEntry[] = rows.map((row) => ({
      messageId: row.message_id,
      eventType: row.event_type,
      attempt: Number(row.attempt),
      at: Number(row.at),
      statusCode: row.status_code,
      ok: row.ok,
      latencyMs: Number(row.latency_ms),
      excerpt: row.excerpt,
      messageStatus: row.status,
    }));
    const response: WebhookDeliveriesResponse = { attempts };
    return response;
  });

  // Sends a message again with its own webhook-id and body: receivers deduplicate by the id.
  api.post('/webhooks/:id/messages/:messageId/replay', async (request, reply) => {
    await admin(request);
    const { id, messageId } = parseWith(MessageParamsSchema, request.params, 'path');
    await db.transaction(async (tx) => {
      const queued = await tx.query(
        `update webhook_messages set status = 'pending', next_attempt_at = $3, claimed_until = null
          where id = $2 and webhook_id = $1 and status in ('failed', 'delivered') returning id`,
        [id, messageId, clock()],
      );
      if (queued.length === 0) throw notFound(`no finished message ${messageId} of webhook ${id}`);
      await tx.query('select pg_notify($1, $2)', [WEBHOOK_CHANNEL, '']);
    });
    return reply.status(202).send({ queued: messageId });
  });
}

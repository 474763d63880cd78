import { z } from 'zod';
import { storableString } from '../schemas/common';

/** What a pool sends to webhook subscribers (DESIGN.md "Follow-up and hand-off"). */
export const WEBHOOK_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.merged',
  'customer.erased',
  'lead.routed',
  'lead.stage_changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Standard Webhooks secrets: `whsec_` and the base64 of the key's bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export const WEBHOOK_API_ERRORS = {
  /** The target is not https, or points at loopback / a private network, and is not allowed. */
  targetRefused: 'webhook_target_refused',
} as const;

export const CreateWebhookBodySchema = z.object({
  url: storableString()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/ })),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .transform((events) => [...new Set(events)]),
  description: storableString().trim().max(200).optional(),
});
export type CreateWebhookBody = z.input<typeof CreateWebhookBodySchema>;

export const WebhookDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface WebhookSummary {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  createdAt: number;
  /** Set when the pool stopped delivering (repeated failures, or an admin); null while active. */
  disabledAt: number | null;
  disabledReason: string | null;
  /** Messages waiting for their first or next attempt. */
  pending: number;
  /** The newest attempt, if any. */
  lastAttempt: { at: number; statusCode: number | null; ok: boolean } | null;
}

/** The only answers that carry a secret: creation and rotation. */
export interface WebhookCreatedResponse {
  webhook: WebhookSummary;
  secret: string;
}
export interface WebhookSecretResponse {
  secret: string;
  /** The old secret still signs (as a second signature) until then, so receivers can switch. */
  previousValidUntil: number;
}
export interface WebhookListResponse {
  webhooks: WebhookSummary[];
}

export type WebhookMessageStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** One attempt to deliver one message: what the delivery log shows. */
export interface WebhookAttemptEntry {
  messageId: string;
  eventType: WebhookEventType;
  attempt: number;
  at: number;
  /** The receiver's HTTP status; null when no answer came (refused, timeout, DNS). */
  statusCode: number | null;
  ok: boolean;
  latencyMs: number;
  /** The first characters of the answer, or what went wrong. */
  excerpt: string;
  messageStatus: WebhookMessageStatus;
}
export interface WebhookDeliveriesResponse {
  attempts: WebhookAttemptEntry[];
}

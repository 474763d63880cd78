import { z } from 'zod';
import { AssetTitleSchema, IdSchema, type Asset } from '../schemas';

/**
 * The pool's white-paper endpoints (admin/marketing):
 *
 *   POST   /events/:id/assets?title=<url-encoded>   the file is the raw body → AssetUploadResponse
 *   GET    /events/:id/assets                       → AssetListResponse
 *   GET    /events/:id/assets/:assetId/file         the file
 *   DELETE /events/:id/assets/:assetId              tombstone → AssetResponse
 *   GET    /mail/outbox?status=                     → MailOutboxResponse
 *
 * and, public, `GET /d/:token`: the attendee's download link.
 */
export const AssetUploadQuerySchema = z.object({ title: AssetTitleSchema });

export const AssetParamsSchema = z.object({ id: IdSchema, assetId: IdSchema });

export interface AssetResponse {
  asset: Asset;
}
export interface AssetUploadResponse extends AssetResponse {
  /** true: this event already had this exact file (same SHA-256); nothing new was stored. */
  deduplicated: boolean;
}
export interface AssetListResponse {
  assets: Asset[];
  /** The pool's upload limit (LEADPOND_ASSET_MAX_BYTES), so a client can say it before sending. */
  maxUploadBytes: number;
}

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export const MailStatusSchema = z.enum(MAIL_STATUSES);
export type MailStatus = z.infer<typeof MailStatusSchema>;

export const MailOutboxQuerySchema = z.object({
  status: MailStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** One queued mail as marketing sees it: never its link (the token is a secret). */
export interface MailOutboxEntry {
  id: string;
  kind: string;
  to: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  /** The content_requested interaction this mail answers. */
  requestId: string | null;
}
export interface MailOutboxResponse {
  entries: MailOutboxEntry[];
}

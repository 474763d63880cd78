import { z } from 'zod';
import { IdSchema, TimestampSchema, storableString } from './common';

/** Largest white paper the schema can describe; the pool's own upload limit is lower (config). */
export const MAX_ASSET_BYTES = 1024 * 1024 * 1024;

/** Types a white paper may be: decided by the file's first bytes, never by its name. */
export const ASSET_MIME_TYPES = ['application/pdf'] as const;
export const AssetMimeSchema = z.enum(ASSET_MIME_TYPES);
export type AssetMime = z.infer<typeof AssetMimeSchema>;

/** SHA-256 of the file, lowercase hex: the same file twice in an event is one asset. */
export const FileHashSchema = storableString().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');

export const AssetTitleSchema = storableString()
  .trim()
  .min(1, { message: 'errors.required' })
  .max(200, { message: 'errors.tooLong' });

/**
 * A white paper of an event (DESIGN.md "Data model": written by the pool, the pool wins).
 * Devices replicate this metadata only; the file stays in the pool and reaches attendees through
 * expiring download links.
 */
export const AssetSchema = z.object({
  id: IdSchema,
  eventId: IdSchema,
  title: AssetTitleSchema,
  fileHash: FileHashSchema.max(64),
  size: z.number().int().min(0).max(MAX_ASSET_BYTES),
  mime: AssetMimeSchema,
  /** Where marketing downloads the file from the pool (admin/marketing token). */
  url: storableString().max(2000),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Asset = z.infer<typeof AssetSchema>;

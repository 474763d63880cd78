import { z } from 'zod';
import { IdSchema, storableString } from '../schemas';

/**
 * The `data` of the engagement interactions, read by the pool (mail queue, draws) and the devices.
 * Interactions keep a loose record for forward compatibility; these parse it where it matters.
 */
export const ContentRequestedDataSchema = z.object({
  assetId: IdSchema,
  /** Where the link goes: the email the visitor gave with this request, normalized. */
  email: z.email().max(254),
  /** 'mobile' | 'kiosk' | 'staff' — where the request was made. */
  via: storableString().max(20),
  /** Language of the email with the link (zh-CN when absent). */
  lang: z.enum(['zh-CN', 'en']).optional(),
});
export const ContentDownloadedDataSchema = z.object({
  assetId: IdSchema,
  /** The content_requested interaction whose link was used. */
  requestId: IdSchema,
});
export const DrawEnteredDataSchema = z.object({ drawId: IdSchema });
export const DrawWonDataSchema = z.object({
  drawId: IdSchema,
  prizeId: storableString().max(64),
  prizeName: storableString().max(200),
});
export const DemoRequestedDataSchema = z.object({ via: storableString().max(20) });

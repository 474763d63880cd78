import { z } from 'zod';
import { IdSchema, TimestampSchema, storableString } from './common';

export const INTERACTION_TYPES = [
  'registered',
  'checked_in',
  'badge_scanned',
  'content_requested',
  'content_downloaded',
  'draw_entered',
  'draw_won',
  'demo_requested',
  'trial_requested',
  'survey_answered',
  'note',
  /** The booth found this person shares a key with another (shared/duplicate-links.ts). */
  'duplicate_suspected',
  'duplicate_resolved',
] as const;
export const InteractionTypeSchema = z.enum(INTERACTION_TYPES);
export type InteractionType = z.infer<typeof InteractionTypeSchema>;

/**
 * An append-only fact. The id is made on the device, so uploading the same fact twice is the same
 * fact; `occurredAt` is the device's clock at the moment it happened.
 */
export const InteractionSchema = z.object({
  id: IdSchema,
  eventId: IdSchema,
  personId: IdSchema,
  type: InteractionTypeSchema,
  deviceId: storableString().max(64),
  staffId: storableString().max(64),
  occurredAt: TimestampSchema,
  data: z.record(
    storableString().max(40),
    z.union([storableString().max(2000), z.number(), z.boolean()]),
  ),
  updatedAt: TimestampSchema,
});
export type Interaction = z.infer<typeof InteractionSchema>;

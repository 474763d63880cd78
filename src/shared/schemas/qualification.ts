import { z } from 'zod';
import { IdSchema, TimestampSchema, storableString, text } from './common';

export const RATINGS = ['', 'hot', 'warm', 'cold'] as const;
export const BUDGETS = ['unknown', 'none', 'under_100k', '100k_1m', 'over_1m'] as const;
export const AUTHORITIES = [
  'unknown',
  'decision_maker',
  'influencer',
  'evaluator',
  'user',
] as const;
export const TIMELINES = [
  'unknown',
  'now',
  'within_3m',
  'within_6m',
  'within_12m',
  'later',
] as const;
export const NEXT_STEPS = ['none', 'demo', 'trial', 'call', 'quote', 'meeting'] as const;

export const NoteSchema = z.object({
  id: IdSchema,
  text: text(4000).min(1, { message: 'errors.required' }),
  staffId: storableString().max(64),
  at: TimestampSchema,
});
export type Note = z.infer<typeof NoteSchema>;

/** The fields staff edit; each is merged field-wise (newest wins), notes are concatenated. */
export const QualificationFieldsSchema = z.object({
  rating: z.enum(RATINGS),
  budget: z.enum(BUDGETS),
  authority: z.enum(AUTHORITIES),
  need: text(2000),
  timeline: z.enum(TIMELINES),
  competition: text(500),
  interests: z.array(text(100)).max(50),
  nextStep: z.enum(NEXT_STEPS),
  owner: text(100),
});
export type QualificationFields = z.infer<typeof QualificationFieldsSchema>;
export type QualificationField = keyof QualificationFields;

/**
 * One per person per event. Its id is `eventId|personId`, so two devices qualifying the same
 * person offline write the same document and merge instead of duplicating.
 */
export const QualificationSchema = QualificationFieldsSchema.extend({
  id: storableString().max(80),
  eventId: IdSchema,
  personId: IdSchema,
  notes: z.array(NoteSchema).max(500),
  /** When each field was last set, for the field-wise merge. */
  fieldUpdatedAt: z.partialRecord(QualificationFieldsSchema.keyof(), TimestampSchema),
  updatedAt: TimestampSchema,
});
export type Qualification = z.infer<typeof QualificationSchema>;

export const EMPTY_QUALIFICATION_FIELDS: QualificationFields = {
  rating: '',
  budget: 'unknown',
  authority: 'unknown',
  need: '',
  timeline: 'unknown',
  competition: '',
  interests: [],
  nextStep: 'none',
  owner: '',
};

export function qualificationId(eventId: string, personId: string): string {
  return `${eventId}|${personId}`;
}

export type NextStep = (typeof NEXT_STEPS)[number];

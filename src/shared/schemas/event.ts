import { z } from 'zod';
import { IdSchema, TimestampSchema, storableString, text } from './common';
import { LANGUAGES } from '../i18n';
import { PROFILE_FIELDS } from './person';

export const FormFieldSchema = z.enum(PROFILE_FIELDS);
export type FormField = z.infer<typeof FormFieldSchema>;

const DateSchema = z.iso.date({ message: 'errors.date' });

export const EventFormSchema = z.object({
  /** Fields the kiosk and mobile pages ask for, in this order. */
  fields: z.array(FormFieldSchema).min(1).max(PROFILE_FIELDS.length),
  required: z.array(FormFieldSchema).max(PROFILE_FIELDS.length),
});
export type EventForm = z.infer<typeof EventFormSchema>;

/** The limits the messages errors.idleSeconds and errors.retentionDays state (i18n tests keep them in step). */
export const KIOSK_IDLE_SECONDS = { min: 5, max: 3600 } as const;
export const RETENTION_DAYS = { min: 1, max: 3650 } as const;

/**
 * The consent text in another language than the main one, with its own version: an English
 * kiosk shows the English text, and the person's record names the version they were shown.
 */
export const ConsentTranslationSchema = z.object({
  language: z.enum(LANGUAGES),
  text: text(4000).min(1, { message: 'errors.required' }),
  version: text(40).min(1, { message: 'errors.required' }),
});
export type ConsentTranslation = z.infer<typeof ConsentTranslationSchema>;

export const EventConsentSchema = z.object({
  /** The main text (the event's own language, zh-CN by default), shown where no translation fits. */
  text: text(4000),
  version: text(40),
  translations: z
    .array(ConsentTranslationSchema)
    .max(LANGUAGES.length)
    .refine((list) => new Set(list.map((t) => t.language)).size === list.length, {
      message: 'errors.duplicateLanguage',
    })
    .default([]),
});
export type EventConsent = z.infer<typeof EventConsentSchema>;

export const EventSchema = z.object({
  id: IdSchema,
  name: storableString()
    .trim()
    .min(1, { message: 'errors.required' })
    .max(200, { message: 'errors.tooLong' }),
  venue: text(200),
  startsOn: DateSchema,
  endsOn: DateSchema,
  /** Total spend in the currency's major unit, for ROI (cost per lead, cost per MQL). */
  cost: z.object({ amount: z.number().min(0).max(1e12), currency: storableString().length(3) }),
  form: EventFormSchema,
  /** Products / topics a lead can be interested in. */
  interests: z.array(text(100).min(1)).max(50),
  consent: EventConsentSchema,
  /** Seconds of inactivity after which the kiosk clears itself. */
  kioskIdleSeconds: z
    .number({ message: 'errors.idleSeconds' })
    .int({ message: 'errors.idleSeconds' })
    .min(KIOSK_IDLE_SECONDS.min, { message: 'errors.idleSeconds' })
    .max(KIOSK_IDLE_SECONDS.max, { message: 'errors.idleSeconds' }),
  retentionDays: z
    .number({ message: 'errors.retentionDays' })
    .int({ message: 'errors.retentionDays' })
    .min(RETENTION_DAYS.min, { message: 'errors.retentionDays' })
    .max(RETENTION_DAYS.max, { message: 'errors.retentionDays' }),
  /** Ed25519 public key (base64url) that verifies this event's tickets; '' until tickets exist. */
  publicKey: storableString().max(100),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type LeadEvent = z.infer<typeof EventSchema>;

export const DEFAULT_EVENT_FORM: EventForm = {
  fields: ['name', 'phone', 'email', 'company', 'title'],
  required: ['name', 'phone'],
};

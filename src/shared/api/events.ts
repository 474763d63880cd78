import { z } from 'zod';
import { DEFAULT_EVENT_FORM, EventSchema, type LeadEvent } from '../schemas';

/**
 * Bodies of the pool's event endpoints. The pool makes the id, timestamps and ticket key pair,
 * so a client sends everything else; only the name and dates are needed, the rest has the same
 * defaults as a new event on a device (`newEventDraft`).
 */
const editable = EventSchema.omit({ id: true, createdAt: true, updatedAt: true, publicKey: true });
const fields = editable.shape;

/** Cross-field rules every saved event keeps (a single field's schema cannot see the others). */
function checkEventRules(
  event: Pick<LeadEvent, 'startsOn' | 'endsOn' | 'form'>,
  ctx: z.core.$RefinementCtx,
): void {
  if (event.endsOn < event.startsOn) {
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'errors.endBeforeStart' });
  }
  const missing = event.form.required.filter((field) => !event.form.fields.includes(field));
  if (missing.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['form', 'required'],
      message: `required fields must also be form fields: ${missing.join(', ')}`,
    });
  }
}

export const CreateEventBodySchema = z
  .object({
    name: fields.name,
    startsOn: fields.startsOn,
    endsOn: fields.endsOn,
    venue: fields.venue.default(''),
    cost: fields.cost.default({ amount: 0, currency: 'CNY' }),
    form: fields.form.default(DEFAULT_EVENT_FORM),
    interests: fields.interests.default([]),
    consent: fields.consent.default({ text: '', version: 'v1', translations: [] }),
    kioskIdleSeconds: fields.kioskIdleSeconds.default(60),
    retentionDays: fields.retentionDays.default(90),
  })
  .strict()
  .superRefine(checkEventRules);
export type CreateEventBody = z.input<typeof CreateEventBodySchema>;

/**
 * A partial update: nested objects (cost, form, consent) are replaced whole. The merged event is
 * checked again with the full rules, so a patch cannot make an event invalid.
 */
export const PatchEventBodySchema = editable
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });
export type PatchEventBody = z.input<typeof PatchEventBodySchema>;

/** The stored event after a patch: the full schema plus the cross-field rules. */
export const SavedEventSchema = EventSchema.superRefine(checkEventRules);

export interface EventResponse {
  event: LeadEvent;
}
export interface EventListResponse {
  events: LeadEvent[];
}

export const EnrollmentCodesBodySchema = z
  .object({
    count: z.number().int().min(1).max(50).default(1),
    /** Minutes until an unused code stops working; one day by default, at most 30 days. */
    ttlMinutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60)
      .default(24 * 60),
  })
  .strict();
export type EnrollmentCodesBody = z.input<typeof EnrollmentCodesBodySchema>;

export interface EnrollmentCodeIssued {
  /** What staff type on the device, e.g. `K7WD-P3XQ-M4RT-9HVB`; shown once (only its hash is stored). */
  code: string;
  /** The enrollment QR's text (`leadpond-enroll:<pool URL>#<code>`). */
  qrText: string;
  /** The same QR as a PNG data URL, ready for an <img>. */
  qrImage: string;
  expiresAt: number;
}

export interface EnrollmentCodesResponse {
  eventId: string;
  codes: EnrollmentCodeIssued[];
}

import { z } from 'zod';
import { FormFieldSchema, IdSchema, storableString, text } from '../schemas';
import type { AttendeeErrorCode } from './paths';

/**
 * The attendee mobile page's API. Two servers answer it with the same paths and bodies: the pool
 * (when the booth QR points there) and the booth laptop's LAN server (when the venue has no
 * internet). Both implement `AttendeeBackend`; the page cannot tell them apart.
 *
 *   GET  /m/:eventId?b=<boothToken>   the page (static HTML + one small script)
 *   POST /m/api/context               AttendeeContextRequest → AttendeeContext
 *   POST /m/api/submit                AttendeeSubmission     → AttendeeSubmitResult
 *
 * Errors are `{error: {code, message, fields?}}` with the codes of paths.ts, status 400/401/410/429.
 * Nothing in a response is about anyone but the visitor making the request: a phone number that
 * matches someone else merges the submission into that person, but never shows their data.
 */
export {
  ATTENDEE_API,
  ATTENDEE_ERROR_CODES,
  ATTENDEE_PAGE_PREFIX,
  type AttendeeErrorCode,
} from './paths';

/** The phone's own random id (kept in its localStorage): how a returning visitor is recognized. */
export const VisitorTokenSchema = storableString().regex(/^[A-Za-z0-9_-]{22,64}$/);

/**
 * The event of the page's URL (`/m/:eventId`): a booth token of a device of another event is
 * refused. Optional so a client that predates it still works (the token's device names an event).
 */
const PageEventSchema = IdSchema.optional();

export const AttendeeContextRequestSchema = z.object({
  eventId: PageEventSchema,
  boothToken: storableString().max(100),
  visitorToken: VisitorTokenSchema,
  /** A signed ticket (LP1…) when the page was opened from the attendee's ticket link. */
  ticket: storableString().max(200).optional(),
  language: z.enum(['zh-CN', 'en']).optional(),
});
export type AttendeeContextRequest = z.infer<typeof AttendeeContextRequestSchema>;

/** Something the visitor can ask for: a white paper or a draw. */
export const AttendeeOfferSchema = z.object({ id: IdSchema, title: storableString().max(200) });
export type AttendeeOffer = z.infer<typeof AttendeeOfferSchema>;

/** What this visitor already did at this event (their own facts only). */
export const AttendeeDoneSchema = z.object({
  registered: z.boolean(),
  /** Checked in by opening the page from their own ticket link (DESIGN.md check-in rules). */
  checkedIn: z.boolean(),
  contentIds: z.array(IdSchema),
  drawIds: z.array(IdSchema),
  demo: z.boolean(),
  trial: z.boolean(),
});
export type AttendeeDone = z.infer<typeof AttendeeDoneSchema>;

/** A visitor who has done nothing at this event yet. */
export const NOTHING_DONE: AttendeeDone = {
  registered: false,
  checkedIn: false,
  contentIds: [],
  drawIds: [],
  demo: false,
  trial: false,
};

export const AttendeeContextSchema = z.object({
  event: z.object({
    id: IdSchema,
    name: storableString().max(200),
    consentText: storableString().max(4000),
    consentVersion: storableString().max(40),
  }),
  /** Fields to show on this visit (progressive profiling: fieldsToAsk, at most three). */
  ask: z.array(FormFieldSchema).max(3),
  required: z.array(FormFieldSchema),
  /** The visitor is known (earlier visit, ticket): greet them back, ask only what is missing. */
  recognized: z.boolean(),
  assets: z.array(AttendeeOfferSchema),
  draws: z.array(AttendeeOfferSchema),
  done: AttendeeDoneSchema,
  /** 'pool' when online links can be shown at once; 'booth' when the link comes by email later. */
  servedBy: z.enum(['pool', 'booth']),
});
export type AttendeeContext = z.infer<typeof AttendeeContextSchema>;

export const AttendeeRequestsSchema = z.object({
  contentIds: z.array(IdSchema).max(20),
  drawIds: z.array(IdSchema).max(10),
  demo: z.boolean(),
  trial: z.boolean(),
});
export type AttendeeRequests = z.infer<typeof AttendeeRequestsSchema>;

export const AttendeeSubmissionSchema = z.object({
  eventId: PageEventSchema,
  boothToken: storableString().max(100),
  visitorToken: VisitorTokenSchema,
  ticket: storableString().max(200).optional(),
  /** Raw text per asked field; validated and normalized with PersonInputSchema by the backend. */
  fields: z.partialRecord(FormFieldSchema, storableString().max(254)),
  consent: z.object({ granted: z.boolean(), version: text(40) }),
  requests: AttendeeRequestsSchema,
  /** The page's language: the white-paper email is written in it. */
  language: z.enum(['zh-CN', 'en']).optional(),
});
export type AttendeeSubmission = z.infer<typeof AttendeeSubmissionSchema>;

/**
 * What a phone hears after a submit. No person id and nothing of any record but its own facts
 * (DESIGN.md "Trust: say nothing"): the answer has the same shape whether or not the phone number
 * or email was known to the pool.
 */
export const AttendeeSubmitResultSchema = z.object({
  done: AttendeeDoneSchema,
  /** Fields a later visit will ask for. */
  nextAsk: z.array(FormFieldSchema).max(3),
  /** Download links shown at once (pool only; the booth sends them by email after sync). */
  downloads: z.array(
    z.object({
      assetId: IdSchema,
      title: storableString().max(200),
      url: storableString().max(2000),
    }),
  ),
});
export type AttendeeSubmitResult = z.infer<typeof AttendeeSubmitResultSchema>;

export interface AttendeeError {
  code: AttendeeErrorCode;
  message: string;
  /** Per-field i18n keys (`errors.phone`) for inline errors. */
  fields?: Partial<Record<string, string>>;
}

export type AttendeeResult<T> = { ok: true; value: T } | { ok: false; error: AttendeeError };

/** Implemented by the pool (src/server) and by the booth device (src/renderer, over the LAN bridge). */
export interface AttendeeBackend {
  context(request: AttendeeContextRequest): Promise<AttendeeResult<AttendeeContext>>;
  submit(request: AttendeeSubmission): Promise<AttendeeResult<AttendeeSubmitResult>>;
}

export const ATTENDEE_ERROR_STATUS: Record<AttendeeErrorCode, number> = {
  booth_token_invalid: 401,
  booth_token_expired: 410,
  invalid_input: 400,
  consent_required: 400,
  unknown_offer: 400,
  rate_limited: 429,
  unavailable: 503,
};

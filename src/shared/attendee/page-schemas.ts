import * as z from 'zod/mini';
import type { FormField } from '../schemas';
import { ATTENDEE_ERROR_CODES, type AttendeeErrorCode } from './paths';
import type { AttendeeContext, AttendeeError, AttendeeSubmitResult } from './protocol';

/**
 * How the phone page checks what a server sent, with `zod/mini` so the page stays tiny (the full
 * schemas in protocol.ts pull all of zod; the servers validate requests with those). Field names
 * are checked against the page's own list of inputs, which is typed to cover every FormField.
 */
const shortText = (max: number) => z.string().check(z.maxLength(max));
const id = shortText(36);

const OfferSchema = z.object({ id, title: shortText(200) });
const DoneSchema = z.object({
  registered: z.boolean(),
  checkedIn: z.boolean(),
  contentIds: z.array(id),
  drawIds: z.array(id),
  demo: z.boolean(),
  trial: z.boolean(),
});

const PageContextSchema = z.object({
  event: z.object({
    id,
    name: shortText(200),
    consentText: shortText(4000),
    consentVersion: shortText(40),
  }),
  ask: z.array(shortText(40)).check(z.maxLength(3)),
  required: z.array(shortText(40)),
  recognized: z.boolean(),
  assets: z.array(OfferSchema),
  draws: z.array(OfferSchema),
  done: DoneSchema,
  servedBy: z.enum(['pool', 'booth']),
});

const PageSubmitResultSchema = z.object({
  done: DoneSchema,
  nextAsk: z.array(shortText(40)).check(z.maxLength(3)),
  downloads: z.array(z.object({ assetId: id, title: shortText(200), url: shortText(2000) })),
});

const PageErrorSchema = z.object({
  error: z.object({
    code: shortText(40),
    message: shortText(2000),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});

const onlyFields = (names: string[], known: ReadonlySet<string>) =>
  names.filter((name): name is FormField => known.has(name));

export function parsePageContext(
  value: unknown,
  knownFields: ReadonlySet<string>,
): AttendeeContext | null {
  const parsed = PageContextSchema.safeParse(value);
  if (!parsed.success) return null;
  return {
    ...parsed.data,
    ask: onlyFields(parsed.data.ask, knownFields),
    required: onlyFields(parsed.data.required, knownFields),
  };
}

export function parsePageSubmitResult(
  value: unknown,
  knownFields: ReadonlySet<string>,
): AttendeeSubmitResult | null {
  const parsed = PageSubmitResultSchema.safeParse(value);
  if (!parsed.success) return null;
  return { ...parsed.data, nextAsk: onlyFields(parsed.data.nextAsk, knownFields) };
}

/** An error body, or null; an unknown code reads as `unavailable` (a newer server's error). */
export function parsePageError(value: unknown): AttendeeError | null {
  const parsed = PageErrorSchema.safeParse(value);
  if (!parsed.success) return null;
  const { code, message, fields } = parsed.data.error;
  const known = (ATTENDEE_ERROR_CODES as readonly string[]).includes(code);
  return {
    code: known ? (code as AttendeeErrorCode) : 'unavailable',
    message,
    ...(fields ? { fields } : {}),
  };
}

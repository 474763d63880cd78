import type { z } from 'zod';
import { CreateEventBodySchema } from '../../../shared/api/events';
import { readableMessage } from '../../../shared/api/messages';
import type { Language } from '../../../shared/i18n';
import {
  DEFAULT_EVENT_FORM,
  PROFILE_FIELDS,
  type FormField,
  type LeadEvent,
} from '../../../shared/schemas';

/**
 * The event form's state: what the inputs hold (numbers as typed text), turned into the pool's
 * body and checked with the pool's own schema, so the screen says the same as the pool would.
 */
export interface EventDraft {
  name: string;
  venue: string;
  startsOn: string;
  endsOn: string;
  costAmount: string;
  currency: string;
  fields: FormField[];
  required: FormField[];
  /** One product or topic per line. */
  interests: string;
  consentText: string;
  consentVersion: string;
  consentEnText: string;
  consentEnVersion: string;
  kioskIdleSeconds: string;
  retentionDays: string;
}

export type DraftKey = keyof EventDraft;

export function newDraft(today: string): EventDraft {
  return {
    name: '',
    venue: '',
    startsOn: today,
    endsOn: today,
    costAmount: '0',
    currency: 'CNY',
    fields: [...DEFAULT_EVENT_FORM.fields],
    required: [...DEFAULT_EVENT_FORM.required],
    interests: '',
    consentText: '',
    consentVersion: 'v1',
    consentEnText: '',
    consentEnVersion: '',
    kioskIdleSeconds: '60',
    retentionDays: '90',
  };
}

export function draftOf(event: LeadEvent): EventDraft {
  const english = event.consent.translations.find((t) => t.language === 'en');
  return {
    name: event.name,
    venue: event.venue,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    costAmount: String(event.cost.amount),
    currency: event.cost.currency,
    fields: [...event.form.fields],
    required: [...event.form.required],
    interests: event.interests.join('\n'),
    consentText: event.consent.text,
    consentVersion: event.consent.version,
    consentEnText: english?.text ?? '',
    consentEnVersion: english?.version ?? '',
    kioskIdleSeconds: String(event.kioskIdleSeconds),
    retentionDays: String(event.retentionDays),
  };
}

/** Typed text as a number; '' and junk become NaN so the schema's own message is said. */
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** Ticking "ask" keeps the order the event has and appends; unticking drops "required" too. */
export function toggleAsked(draft: EventDraft, field: FormField, asked: boolean): EventDraft {
  if (asked) {
    const fields = draft.fields.includes(field) ? draft.fields : [...draft.fields, field];
    return { ...draft, fields };
  }
  return {
    ...draft,
    fields: draft.fields.filter((f) => f !== field),
    required: draft.required.filter((f) => f !== field),
  };
}

/** Moves an asked field one place earlier (-1) or later (+1) in the order the kiosk asks. */
export function moveField(draft: EventDraft, field: FormField, step: -1 | 1): EventDraft {
  const from = draft.fields.indexOf(field);
  const to = from + step;
  if (from < 0 || to < 0 || to >= draft.fields.length) return draft;
  const fields = [...draft.fields];
  [fields[from], fields[to]] = [fields[to] as FormField, field];
  return { ...draft, fields };
}

/** The form's rows: asked fields in their order first, then the others in the usual order. */
export function fieldRows(draft: EventDraft): FormField[] {
  return [...draft.fields, ...PROFILE_FIELDS.filter((field) => !draft.fields.includes(field))];
}

export function toggleRequired(draft: EventDraft, field: FormField, required: boolean) {
  const rest = draft.required.filter((f) => f !== field);
  const next = required ? PROFILE_FIELDS.filter((f) => f === field || rest.includes(f)) : rest;
  return { ...draft, required: next };
}

/** The body POST /events and PATCH /events/:id take (every editable field). */
export function bodyOf(draft: EventDraft) {
  const interests = draft.interests
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const english =
    draft.consentEnText.trim() !== '' || draft.consentEnVersion.trim() !== ''
      ? [{ language: 'en' as const, text: draft.consentEnText, version: draft.consentEnVersion }]
      : [];
  return {
    name: draft.name,
    venue: draft.venue,
    startsOn: draft.startsOn,
    endsOn: draft.endsOn,
    cost: { amount: numberOf(draft.costAmount), currency: draft.currency.trim().toUpperCase() },
    form: { fields: draft.fields, required: draft.required },
    interests,
    consent: { text: draft.consentText, version: draft.consentVersion, translations: english },
    kioskIdleSeconds: numberOf(draft.kioskIdleSeconds),
    retentionDays: numberOf(draft.retentionDays),
  };
}

/** Which input an issue of the schema belongs to. */
function keyOfPath(path: readonly PropertyKey[]): DraftKey | null {
  const [head, next] = path;
  switch (head) {
    case 'name':
    case 'venue':
    case 'startsOn':
    case 'endsOn':
    case 'kioskIdleSeconds':
    case 'retentionDays':
      return head;
    case 'cost':
      return next === 'currency' ? 'currency' : 'costAmount';
    case 'form':
      return next === 'required' ? 'required' : 'fields';
    case 'interests':
      return 'interests';
    case 'consent':
      if (next === 'translations')
        return path[3] === 'version' ? 'consentEnVersion' : 'consentEnText';
      return next === 'version' ? 'consentVersion' : 'consentText';
    default:
      return null;
  }
}

/**
 * Messages for issues whose schema carries no i18n key (plain zod limits): said per input, in
 * the catalog's words. The rest are the shared `errors.*` texts (limits stated, e.g. 5–3600 s).
 */
export type FallbackMessage = (key: DraftKey, issue: z.core.$ZodIssue) => string;

export type DraftErrors = Partial<Record<DraftKey, string>>;

export function draftErrors(
  draft: EventDraft,
  language: Language,
  fallback: FallbackMessage,
): DraftErrors {
  const errors: DraftErrors = {};
  const parsed = CreateEventBodySchema.safeParse(bodyOf(draft));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = keyOfPath(issue.path);
      if (key === null || errors[key]) continue;
      errors[key] = issue.message.startsWith('errors.')
        ? readableMessage(issue.message, language)
        : fallback(key, issue);
    }
  }
  // The cross-field rule runs only once every field has its type, so a junk number elsewhere
  // would hide it: say it here too (same key, same words).
  if (!errors.endsOn && !errors.startsOn && draft.endsOn < draft.startsOn) {
    errors.endsOn = readableMessage('errors.endBeforeStart', language);
  }
  // A main text without a version would be recorded as agreed to under no name.
  if (
    !errors.consentVersion &&
    draft.consentText.trim() !== '' &&
    draft.consentVersion.trim() === ''
  )
    errors.consentVersion = fallback('consentVersion', {
      code: 'custom',
      path: ['consent', 'version'],
      message: 'version required',
      input: draft.consentVersion,
    });
  return errors;
}

/** The pool refuses new consent words under an old version; say so before it does. */
export function consentVersionStale(draft: EventDraft, original: LeadEvent) {
  const english = original.consent.translations.find((t) => t.language === 'en');
  return {
    main:
      draft.consentText !== original.consent.text &&
      draft.consentVersion === original.consent.version,
    english:
      english !== undefined &&
      draft.consentEnText !== english.text &&
      draft.consentEnVersion === english.version,
  };
}

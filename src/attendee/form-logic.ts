import type {
  AttendeeContext,
  AttendeeDone,
  AttendeeOffer,
  AttendeeSubmission,
} from '../shared/attendee/protocol';
import type { FormField } from '../shared/schemas';

/**
 * The phone page's decisions, as pure functions of the context and what the visitor typed, so
 * they are unit-tested without a browser. The servers check everything again.
 */
export interface FormState {
  values: Partial<Record<FormField, string>>;
  contentIds: string[];
  drawIds: string[];
  demo: boolean;
  trial: boolean;
  consent: boolean;
  /** i18n keys per field (and `consent`), from the page's own check or the server's answer. */
  errors: Record<string, string>;
}

export const emptyFormState = (): FormState => ({
  values: {},
  contentIds: [],
  drawIds: [],
  demo: false,
  trial: false,
  consent: false,
  errors: {},
});

/**
 * The inputs to show: the fields the server asked for, plus email when white papers are chosen
 * and this phone has not given an email yet (or the server says one is needed). The link goes to
 * an address the visitor typed themselves, never to one someone else gave for the same phone.
 */
export function fieldsToShow(
  context: AttendeeContext,
  state: FormState,
  emailGivenBefore: boolean,
): FormField[] {
  const shown = [...context.ask];
  const wantsPapers = state.contentIds.length > 0;
  const emailNeeded = (wantsPapers && !emailGivenBefore) || state.errors.email !== undefined;
  if (emailNeeded && !shown.includes('email')) shown.push('email');
  return shown;
}

/** What the page can tell before sending: consent, required fields, the email for papers. */
export function checkBeforeSubmit(
  context: AttendeeContext,
  state: FormState,
  shown: readonly FormField[],
  emailGivenBefore: boolean,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of shown) {
    const empty = (state.values[field] ?? '').trim() === '';
    if (empty && context.required.includes(field)) errors[field] = 'errors.required';
  }
  const email = (state.values.email ?? '').trim();
  if (state.contentIds.length > 0 && email === '' && shown.includes('email') && !emailGivenBefore) {
    errors.email = 'errors.emailForPapers';
  }
  if (!state.consent) errors.consent = 'errors.consent';
  return errors;
}

export function buildSubmission(
  context: AttendeeContext,
  state: FormState,
  shown: readonly FormField[],
  credentials: {
    boothToken: string;
    visitorToken: string;
    ticket?: string | undefined;
    language?: 'zh-CN' | 'en';
  },
): AttendeeSubmission {
  const fields: Partial<Record<FormField, string>> = {};
  for (const field of shown) {
    const value = (state.values[field] ?? '').trim();
    if (value !== '') fields[field] = value;
  }
  return {
    eventId: context.event.id,
    boothToken: credentials.boothToken,
    visitorToken: credentials.visitorToken,
    ...(credentials.ticket ? { ticket: credentials.ticket } : {}),
    fields,
    consent: { granted: state.consent, version: context.event.consentVersion },
    requests: {
      contentIds: [...state.contentIds],
      drawIds: [...state.drawIds],
      demo: state.demo,
      trial: state.trial,
    },
    ...(credentials.language ? { language: credentials.language } : {}),
  };
}

/** Offers this visitor has not taken yet (what they already did is listed, not offered again). */
export function openOffers(context: AttendeeContext): {
  assets: AttendeeOffer[];
  draws: AttendeeOffer[];
  demo: boolean;
  trial: boolean;
} {
  return {
    assets: context.assets.filter((offer) => !context.done.contentIds.includes(offer.id)),
    draws: context.draws.filter((offer) => !context.done.drawIds.includes(offer.id)),
    demo: !context.done.demo,
    trial: !context.done.trial,
  };
}

export type DoneLine =
  | { key: 'doneRegistered' | 'doneCheckedIn' | 'doneDemo' | 'doneTrial' }
  | { key: 'doneContent' | 'doneDraw'; title: string };

/** The thank-you list: only what this visitor did, named by the offers' titles. */
export function doneLines(context: AttendeeContext, done: AttendeeDone): DoneLine[] {
  const titleOf = (offers: AttendeeOffer[], id: string) =>
    offers.find((offer) => offer.id === id)?.title;
  const lines: DoneLine[] = [];
  if (done.registered) lines.push({ key: 'doneRegistered' });
  if (done.checkedIn) lines.push({ key: 'doneCheckedIn' });
  for (const id of done.contentIds) {
    const title = titleOf(context.assets, id);
    if (title !== undefined) lines.push({ key: 'doneContent', title });
  }
  for (const id of done.drawIds) {
    const title = titleOf(context.draws, id);
    if (title !== undefined) lines.push({ key: 'doneDraw', title });
  }
  if (done.demo) lines.push({ key: 'doneDemo' });
  if (done.trial) lines.push({ key: 'doneTrial' });
  return lines;
}

/** Server field keys the page can show inline; anything else goes into the banner. */
export function inlineErrors(
  fields: Partial<Record<string, string>> | undefined,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, key] of Object.entries(fields ?? {})) if (key) errors[field] = key;
  return errors;
}

export function toggle(list: readonly string[], id: string, on: boolean): string[] {
  const without = list.filter((item) => item !== id);
  return on ? [...without, id] : without;
}

import { z } from 'zod';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  PROFILE_FIELDS,
  PersonInputSchema,
  type Consent,
  type EventForm,
  type Person,
  type PersonInput,
  type PersonProfile,
  type ProfileField,
  type Source,
} from './schemas';
import { formatPhoneForReading } from './identity';
import { buildSearchKey } from './search';

/** Field → i18n message key, for inline form errors. */
export type FieldErrors = Partial<Record<ProfileField | 'consent', string>>;

export type ValidationResult =
  { ok: true; profile: PersonProfile } | { ok: false; errors: FieldErrors };

/**
 * Validates what a form submitted against the person schema and the event's required fields.
 * Every entry point (kiosk, staff form, mobile page) uses this, so errors are the same everywhere.
 */
export function validatePersonInput(input: unknown, form?: EventForm): ValidationResult {
  const parsed = PersonInputSchema.safeParse(input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && isProfileField(field) && !errors[field]) {
        errors[field] = issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
      }
    }
  }
  const raw = z.record(z.string(), z.unknown()).safeParse(input);
  for (const field of form?.required ?? ['name']) {
    const value = raw.success ? raw.data[field] : undefined;
    if (typeof value !== 'string' || value.trim() === '') errors[field] = 'errors.required';
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, profile: parsed.data };
}

export function isProfileField(value: string): value is ProfileField {
  return (PROFILE_FIELDS as readonly string[]).includes(value);
}

export interface WriteContext {
  source: Source;
  deviceId: string;
  at: number;
}

export function createPerson(
  id: string,
  eventId: string,
  profile: PersonProfile,
  consent: Consent,
  context: WriteContext,
): Person {
  const empty: Person = {
    id,
    eventId,
    ...EMPTY_PERSON_INPUT,
    badgeCode: '',
    consent: NO_CONSENT,
    provenance: {},
    searchKey: '',
    createdAt: context.at,
    updatedAt: context.at,
  };
  return applyProfile(empty, profile, 'fill', context, consent);
}

/**
 * Applies a profile to a person. `fill` writes only fields the person has empty (a kiosk, badge or
 * phone re-capture never replaces what is known: a matching phone is a question, not a licence —
 * DESIGN.md "Trust"); `overwrite` takes every value (staff editing the record). Changed fields
 * record their provenance.
 */
export function applyProfile(
  person: Person,
  profile: Partial<PersonProfile>,
  mode: 'fill' | 'overwrite',
  context: WriteContext,
  consent?: Consent,
): Person {
  const next: Person = { ...person, provenance: { ...person.provenance } };
  for (const field of PROFILE_FIELDS) {
    const value = profile[field];
    if (value === undefined || value === person[field]) continue;
    if (mode === 'fill' && (value === '' || person[field] !== '')) continue;
    next[field] = value;
    next.provenance[field] = { source: context.source, deviceId: context.deviceId, at: context.at };
  }
  // A fresh consent replaces an older one; a missing one never revokes what was granted.
  if (consent?.granted) next.consent = consent;
  next.searchKey = buildSearchKey(next);
  next.updatedAt = context.at;
  return next;
}

export function profileOf(person: Person): PersonInput {
  const input = {} as PersonInput;
  for (const field of PROFILE_FIELDS) input[field] = person[field];
  return input;
}

/** Display name for lists: the name, else the best identity key, never empty. */
export function displayName(person: Pick<Person, 'name' | 'email' | 'phone' | 'wechatId'>): string {
  return person.name || person.email || person.phone || person.wechatId || '—';
}

/** A profile value as people read it: phones grouped ("138 0013 8000"), anything else as stored. */
export function readableField(field: string, value: string): string {
  return field === 'phone' ? formatPhoneForReading(value) : value;
}

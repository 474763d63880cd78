import type { EventForm, FormField, ProfileField } from '../schemas';

/** Progressive profiling: a visit never asks for more than this many fields. */
export const MAX_FIELDS_PER_VISIT = 3;

/**
 * The fields to ask a visitor for: only those still empty on their person (all of the form's for
 * someone new), required ones first, each group in the event's order, at most `max`. A person
 * with nothing missing is asked nothing.
 */
export function fieldsToAsk(
  form: EventForm,
  known: Partial<Record<ProfileField, string>> | null,
  max = MAX_FIELDS_PER_VISIT,
): FormField[] {
  const missing = form.fields.filter((field) => (known?.[field] ?? '').trim() === '');
  const required = missing.filter((field) => form.required.includes(field));
  const optional = missing.filter((field) => !form.required.includes(field));
  return [...required, ...optional].slice(0, max);
}

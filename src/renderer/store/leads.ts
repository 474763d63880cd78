import type { Clock, IdGenerator } from '../../shared/ids';
import {
  applyProfile,
  createPerson,
  profileOf,
  validatePersonInput,
  type FieldErrors,
} from '../../shared/person-ops';
import { editQualification, emptyQualification } from '../../shared/qualification-ops';
import {
  DEFAULT_EVENT_FORM,
  EventSchema,
  InteractionSchema,
  NO_CONSENT,
  PROFILE_FIELDS,
  PersonSchema,
  QualificationFieldsSchema,
  QualificationSchema,
  qualificationId,
  type Interaction,
  type InteractionType,
  type LeadEvent,
  type Person,
  type PersonInput,
  type PersonProfile,
  type ProfileField,
  type Qualification,
  type QualificationFields,
  type Source,
} from '../../shared/schemas';
import type { LeadDatabase } from './database';

/** Who and what is writing: every write carries the device's id and clock. */
export interface CaptureContext {
  db: LeadDatabase;
  deviceId: string;
  staffId: string;
  clock: Clock;
  newId: IdGenerator;
}

export type WriteResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface RegistrationOptions {
  source: Source;
  /** The attendee ticked the consent box for the event's current consent text. */
  consentGranted: boolean;
  requireConsent: boolean;
}

/** Finds a person already captured at this event by phone, email or badge code (in that order). */
export async function findExisting(
  db: LeadDatabase,
  eventId: string,
  keys: { phone?: string; email?: string; badgeCode?: string },
) {
  for (const key of ['phone', 'email', 'badgeCode'] as const) {
    const value = keys[key];
    if (!value) continue;
    const found = await db.people.findOne({ selector: { eventId, [key]: value } }).exec();
    if (found) return found;
  }
  return null;
}

/**
 * A registration (kiosk, staff walk-in, mobile): validated, merged into the person already known
 * by phone or email (filling only empty fields, so nothing known is erased), then a `registered`
 * fact. Resolves only after IndexedDB committed both writes.
 */
export async function registerAttendee(
  ctx: CaptureContext,
  event: LeadEvent,
  input: unknown,
  options: RegistrationOptions,
): Promise<WriteResult<{ person: Person; isNew: boolean }>> {
  const validation = validatePersonInput(input, event.form);
  const errors: FieldErrors = validation.ok ? {} : { ...validation.errors };
  if (options.requireConsent && !options.consentGranted) errors.consent = 'errors.consent';
  if (!validation.ok || Object.keys(errors).length > 0) return { ok: false, errors };

  const at = ctx.clock();
  const write = { source: options.source, deviceId: ctx.deviceId, at };
  const consent = options.consentGranted
    ? { granted: true, textVersion: event.consent.version, grantedAt: at }
    : NO_CONSENT;
  const { profile } = validation;
  const existing = await findExisting(ctx.db, event.id, profile);
  const person = existing
    ? applyProfile(existing.toMutableJSON(), profile, 'fill', write, consent)
    : createPerson(ctx.newId(), event.id, profile, consent, write);
  const valid = PersonSchema.parse(person);
  // Both writes are committed before the attendee is thanked; they go to IndexedDB together.
  await Promise.all([
    existing ? existing.incrementalPatch(valid) : ctx.db.people.insert(valid),
    recordInteraction(ctx, {
      eventId: event.id,
      personId: person.id,
      type: 'registered',
      data: { channel: options.source, consentVersion: consent.textVersion },
    }),
  ]);
  return { ok: true, value: { person, isNew: !existing } };
}

/**
 * Staff edit of a known person: the fields staff edited are stored as shown (they may be
 * cleared). Fields they did not touch keep what the store holds now, not what the form was
 * opened with: sync may have merged newer values in meanwhile, and a save must not revert them.
 * `edited` omitted: every field counts as edited.
 */
export async function updatePerson(
  ctx: CaptureContext,
  event: LeadEvent,
  personId: string,
  input: PersonInput,
  edited: readonly ProfileField[] = PROFILE_FIELDS,
): Promise<WriteResult<Person>> {
  const current = await ctx.db.people.findOne(personId).exec();
  if (!current) return { ok: false, errors: { name: 'errors.notFound' } };
  const stored = current.toMutableJSON();
  const shown: PersonInput = { ...profileOf(stored) };
  for (const field of edited) shown[field] = input[field];
  const validation = validatePersonInput(shown, event.form);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const changes: Partial<PersonProfile> = {};
  for (const field of edited) changes[field] = validation.profile[field];
  const write = { source: 'staff' as const, deviceId: ctx.deviceId, at: ctx.clock() };
  const person = PersonSchema.parse(applyProfile(stored, changes, 'overwrite', write));
  await ctx.db.people.upsert(person);
  return { ok: true, value: person };
}

export async function recordInteraction(
  ctx: CaptureContext,
  fact: { eventId: string; personId: string; type: InteractionType; data?: Interaction['data'] },
): Promise<Interaction> {
  const at = ctx.clock();
  const interaction = InteractionSchema.parse({
    id: ctx.newId(),
    eventId: fact.eventId,
    personId: fact.personId,
    type: fact.type,
    deviceId: ctx.deviceId,
    staffId: ctx.staffId,
    occurredAt: at,
    data: fact.data ?? {},
    updatedAt: at,
  });
  await ctx.db.interactions.insert(interaction);
  return interaction;
}

export async function loadQualification(
  db: LeadDatabase,
  eventId: string,
  personId: string,
): Promise<Qualification | null> {
  const doc = await db.qualifications.findOne(qualificationId(eventId, personId)).exec();
  return doc ? doc.toMutableJSON() : null;
}

export async function saveQualification(
  ctx: CaptureContext,
  eventId: string,
  personId: string,
  fields: QualificationFields,
  noteText: string,
): Promise<WriteResult<Qualification>> {
  const parsedFields = QualificationFieldsSchema.safeParse(fields);
  if (!parsedFields.success) return { ok: false, errors: {} };
  const at = ctx.clock();
  const current =
    (await loadQualification(ctx.db, eventId, personId)) ??
    emptyQualification(eventId, personId, at);
  const text = noteText.trim();
  const note = text === '' ? null : { id: ctx.newId(), text, staffId: ctx.staffId, at };
  const next = QualificationSchema.parse(editQualification(current, parsedFields.data, note, at));
  await ctx.db.qualifications.upsert(next);
  return { ok: true, value: next };
}

export type EventDraft = Omit<LeadEvent, 'id' | 'createdAt' | 'updatedAt' | 'publicKey'>;

/** What a new event starts from: a one-day event with the default form and consent version v1. */
export function newEventDraft(day: string): EventDraft {
  return {
    name: '',
    venue: '',
    startsOn: day,
    endsOn: day,
    cost: { amount: 0, currency: 'CNY' },
    form: DEFAULT_EVENT_FORM,
    interests: [],
    consent: { text: '', version: 'v1' },
    kioskIdleSeconds: 60,
    retentionDays: 90,
  };
}

export type EventWriteResult =
  { ok: true; value: LeadEvent } | { ok: false; errors: Record<string, string> };

/** Events are made locally until the pool exists; later the pool owns them. */
export async function saveEvent(
  ctx: CaptureContext,
  draft: EventDraft,
  existingId?: string,
): Promise<EventWriteResult> {
  const at = ctx.clock();
  const existing = existingId ? await ctx.db.events.findOne(existingId).exec() : null;
  const id = existing?.id ?? ctx.newId();
  const parsed = EventSchema.safeParse({
    publicKey: '',
    ...existing?.toMutableJSON(),
    ...draft,
    id,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      errors[key] ??= issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
    }
    return { ok: false, errors };
  }
  if (parsed.data.endsOn < parsed.data.startsOn)
    return { ok: false, errors: { endsOn: 'errors.endBeforeStart' } };
  // The signing code loads only when an event is made, keeping it out of start-up.
  const { createEventKey } = await import('./event-keys');
  const event = existing
    ? parsed.data
    : { ...parsed.data, publicKey: await createEventKey(ctx.db, id) };
  await ctx.db.events.upsert(event);
  return { ok: true, value: event };
}

import { acceptedConsentVersion } from '../../shared/consent-text';
import type { Clock, IdGenerator } from '../../shared/ids';
import {
  applyProfile,
  createPerson,
  profileOf,
  validatePersonInput,
  type FieldErrors,
} from '../../shared/person-ops';
import {
  DuplicateResolvedDataSchema,
  DuplicateSuspectedDataSchema,
} from '../../shared/duplicate-links';
import {
  decideSelfService,
  MATCH_KEYS,
  matchesAmong,
  mergedChanges,
  type FieldPick,
  type MatchKey,
  type PersonMatch,
} from '../../shared/person-match';
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
  type Consent,
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
  /** The version of the consent text shown (a translation's on an English kiosk); default main. */
  consentVersion?: string;
  requireConsent: boolean;
}

/** The person with this badge code at the event: the same physical badge scanned again. */
export async function findByBadgeCode(db: LeadDatabase, eventId: string, badgeCode: string) {
  if (!badgeCode) return null;
  return db.people.findOne({ selector: { eventId, badgeCode } }).exec();
}

/**
 * Everyone at the event who shares a phone, email or WeChat id with `typed` (normalized values,
 * as PersonInputSchema stores them: `138 0013 8000` finds +8613800138000).
 */
export async function findMatches(
  db: LeadDatabase,
  eventId: string,
  typed: Pick<PersonProfile, MatchKey>,
): Promise<PersonMatch[]> {
  const found: Person[] = [];
  for (const key of MATCH_KEYS) {
    if (!typed[key]) continue;
    const docs = await db.people.find({ selector: { eventId, [key]: typed[key] } }).exec();
    found.push(...docs.map((doc) => doc.toMutableJSON()));
  }
  return matchesAmong(typed, found);
}

/**
 * What to record for a tick of the consent box: the version of the text that was shown (a
 * translation's, on an English kiosk), when it is one of the event's; else the main version.
 */
function consentFor(
  event: LeadEvent,
  granted: boolean,
  at: number,
  shownVersion?: string,
): Consent {
  if (!granted) return NO_CONSENT;
  const version =
    (shownVersion !== undefined && acceptedConsentVersion(event.consent, shownVersion)) ||
    event.consent.version;
  return { granted: true, textVersion: version, grantedAt: at };
}

/**
 * The facts that link a newly created person to the people it may duplicate: one on each side of
 * every pair, so either lead finds its pairs by its own facts (an indexed query, at any size).
 */
export function duplicateFacts(
  eventId: string,
  personId: string,
  duplicates: readonly PersonMatch[],
  channel: Source,
) {
  const fact = (on: string, other: string, keys: readonly string[]) => ({
    eventId,
    personId: on,
    type: 'duplicate_suspected' as const,
    data: DuplicateSuspectedDataSchema.parse({
      otherPersonId: other,
      keys: keys.join(','),
      channel,
    }),
  });
  return duplicates.flatMap((match) => [
    fact(personId, match.person.id, match.keys),
    fact(match.person.id, personId, match.keys),
  ]);
}

/** `typed.<field>` entries: what a registration typed differently from the person it filled. */
export function unappliedData(unapplied: Partial<Record<ProfileField, string>>) {
  return Object.fromEntries(
    Object.entries(unapplied).map(([field, value]) => [`typed.${field}`, value]),
  );
}

/**
 * A self-service registration (kiosk, phone, badge): validated, then decided by
 * decideSelfService — a new person, the same person's empty fields filled, or its own person
 * linked as a possible duplicate. Nothing known is replaced, and the answer is the same for the
 * attendee either way. Resolves only after IndexedDB committed every write.
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
  const consent = consentFor(event, options.consentGranted, at, options.consentVersion);
  const { profile } = validation;
  const decision = decideSelfService(profile, await findMatches(ctx.db, event.id, profile));
  // Names and keys agree: the same person — but consent someone recorded is never re-granted
  // by a self-service match (DESIGN.md "Trust"); the fact below keeps what was consented to now.
  const person = PersonSchema.parse(
    decision.kind === 'fill'
      ? applyProfile(
          decision.person,
          profile,
          'fill',
          write,
          decision.person.consent.grantedAt === 0 ? consent : undefined,
        )
      : createPerson(ctx.newId(), event.id, profile, consent, write),
  );
  const registered = {
    eventId: event.id,
    personId: person.id,
    type: 'registered' as const,
    data: {
      channel: options.source,
      consentVersion: consent.textVersion,
      ...(decision.kind === 'fill' ? unappliedData(decision.unapplied) : {}),
    },
  };
  const links =
    decision.kind === 'separate'
      ? duplicateFacts(event.id, person.id, decision.duplicates, options.source)
      : [];
  // Every write is committed before the attendee is thanked; they go to IndexedDB together.
  await Promise.all([
    decision.kind === 'fill' ? ctx.db.people.upsert(person) : ctx.db.people.insert(person),
    ...[registered, ...links].map((fact) => recordInteraction(ctx, fact)),
  ]);
  return { ok: true, value: { person, isNew: decision.kind !== 'fill' } };
}

/** What staff decided about a new lead whose keys match people already captured. */
export type StaffResolution =
  | { kind: 'ask' }
  | { kind: 'separate' }
  | { kind: 'merge'; into: string; picks: Partial<Record<ProfileField, FieldPick>> };

export type StaffEntryResult =
  | { kind: 'saved'; person: Person }
  | { kind: 'matches'; matches: PersonMatch[]; profile: PersonProfile };

/**
 * A new lead typed by staff. A match is a question, not an overwrite: with `ask`, a lead whose
 * phone, email or WeChat id is already known is not written — the matches come back for staff
 * to choose. `separate` saves it as its own person (recording that staff judged them distinct);
 * `merge` writes into the chosen person only what it lacks and what staff picked.
 */
export async function saveNewLead(
  ctx: CaptureContext,
  event: LeadEvent,
  input: unknown,
  consentGranted: boolean,
  resolution: StaffResolution,
): Promise<WriteResult<StaffEntryResult>> {
  const validation = validatePersonInput(input, event.form);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const { profile } = validation;
  const matches = await findMatches(ctx.db, event.id, profile);
  if (matches.length > 0 && resolution.kind === 'ask') {
    return { ok: true, value: { kind: 'matches', matches, profile } };
  }
  const at = ctx.clock();
  const write = { source: 'staff' as const, deviceId: ctx.deviceId, at };
  const consent = consentFor(event, consentGranted, at);
  const registered = (personId: string) => ({
    eventId: event.id,
    personId,
    type: 'registered' as const,
    data: { channel: 'staff', consentVersion: consent.textVersion },
  });

  if (resolution.kind === 'merge') {
    const target = matches.find((m) => m.person.id === resolution.into)?.person;
    if (!target) return { ok: false, errors: { name: 'errors.notFound' } };
    const changes = mergedChanges(target, profile, resolution.picks);
    const person = PersonSchema.parse(applyProfile(target, changes, 'overwrite', write, consent));
    await Promise.all([
      ctx.db.people.upsert(person),
      recordInteraction(ctx, registered(person.id)),
    ]);
    return { ok: true, value: { kind: 'saved', person } };
  }

  const person = PersonSchema.parse(createPerson(ctx.newId(), event.id, profile, consent, write));
  // Staff judged them distinct: the pair is closed on both sides.
  const closed = (on: string, other: string) => ({
    eventId: event.id,
    personId: on,
    type: 'duplicate_resolved' as const,
    data: DuplicateResolvedDataSchema.parse({ otherPersonId: other, resolution: 'distinct' }),
  });
  const distinct = matches.flatMap((match) => [
    closed(person.id, match.person.id),
    closed(match.person.id, person.id),
  ]);
  await Promise.all([
    ctx.db.people.insert(person),
    ...[registered(person.id), ...distinct].map((fact) => recordInteraction(ctx, fact)),
  ]);
  return { ok: true, value: { kind: 'saved', person } };
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
    consent: { text: '', version: 'v1', translations: [] },
    kioskIdleSeconds: 60,
    retentionDays: 90,
  };
}

export type EventWriteResult =
  { ok: true; value: LeadEvent } | { ok: false; errors: Record<string, string> };

/** Events are made locally until the pool exists; later the pool owns them. */
const validDates = (draft: EventDraft) =>
  EventSchema.shape.startsOn.safeParse(draft.startsOn).success &&
  EventSchema.shape.endsOn.safeParse(draft.endsOn).success;

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
    // The date order is shown with the other errors, not only once they are fixed.
    if (!errors.endsOn && validDates(draft) && draft.endsOn < draft.startsOn)
      errors.endsOn = 'errors.endBeforeStart';
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

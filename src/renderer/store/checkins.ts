import { applyProfile, createPerson } from '../../shared/person-ops';
import { decideSelfService } from '../../shared/person-match';
import {
  decideCheckIn,
  decideManualCheckIn,
  firstCheckIns,
  verifyTicket,
  verifyTicketBy,
  type BadgeFields,
  type CheckInDecision,
  type FirstCheckIn,
  type ScanResult,
  type SignatureCheck,
} from '../../shared/scan';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  PersonSchema,
  type LeadEvent,
  type Person,
  type PersonProfile,
} from '../../shared/schemas';
import type { LeadDatabase } from './database';
import {
  duplicateFacts,
  findByBadgeCode,
  findMatches,
  recordInteraction,
  unappliedData,
  type CaptureContext,
} from './leads';

export type ScanMethod = 'camera' | 'hid' | 'manual';

/** What the check-in screen shows after a scan: green, amber or red, with who and why. */
export type CheckInOutcome = CheckInDecision & {
  person: Person | null;
  /** The check-in just recorded (admit only). */
  at?: number;
};

export interface BoothContext extends CaptureContext {
  deviceName: string;
  /** The platform's Ed25519 (ticket-signatures.ts); the portable one when absent. */
  signatureCheck?: SignatureCheck;
}

/** The first check-in of a person at an event, from every device's facts synced so far. */
export async function findFirstCheckIn(
  db: LeadDatabase,
  eventId: string,
  personId: string,
): Promise<FirstCheckIn | null> {
  const facts = await db.interactions
    .find({ selector: { personId, eventId, type: 'checked_in' }, sort: [{ occurredAt: 'asc' }] })
    .exec();
  return firstCheckIns(facts.map((fact) => fact.toJSON())).get(personId) ?? null;
}

/**
 * A ticket holder this device has not seen yet (not synced, or registered elsewhere) still gets
 * in: an empty person with the ticket's id, which sync completes later.
 */
async function personOrStub(
  ctx: BoothContext,
  event: LeadEvent,
  personId: string,
  at: number,
  found: Promise<Person | null>,
) {
  const existing = await found;
  if (existing) return existing;
  const stub = PersonSchema.parse(
    createPerson(personId, event.id, EMPTY_PERSON_INPUT, NO_CONSENT, {
      source: 'ticket',
      deviceId: ctx.deviceId,
      at,
    }),
  );
  await ctx.db.people.insert(stub);
  return stub;
}

const findPerson = async (db: LeadDatabase, personId: string): Promise<Person | null> =>
  (await db.people.findOne(personId).exec())?.toMutableJSON() ?? null;

/**
 * The person and their first check-in, read side by side: a scan's result waits for the slower
 * of the two reads, not for both in turn.
 */
function lookUp(db: LeadDatabase, eventId: string, personId: string) {
  const person = findPerson(db, personId);
  // Awaited only once the prior check-in is known; a failure must not go unhandled meanwhile.
  person.catch(() => undefined);
  return { prior: findFirstCheckIn(db, eventId, personId), person };
}

async function admit(
  ctx: BoothContext,
  event: LeadEvent,
  decision: CheckInDecision,
  method: ScanMethod,
  found: Promise<Person | null>,
  data: Record<string, string | number> = {},
): Promise<CheckInOutcome> {
  if (decision.kind === 'reject') return { ...decision, person: null };
  if (decision.kind === 'already') return { ...decision, person: await found };
  const person = await personOrStub(ctx, event, decision.personId, ctx.clock(), found);
  const fact = await recordInteraction(ctx, {
    eventId: event.id,
    personId: decision.personId,
    type: 'checked_in',
    data: { method, deviceName: ctx.deviceName, ...data },
  });
  return { ...decision, person, at: fact.occurredAt };
}

/**
 * Ticket scan: verified offline with the event's public key, then admitted once. Resolves after
 * the check-in is committed, so a green screen is never shown for a check-in that could be lost.
 */
export async function checkInTicket(
  ctx: BoothContext,
  event: LeadEvent,
  text: string,
  method: ScanMethod,
): Promise<CheckInOutcome> {
  const verdict = ctx.signatureCheck
    ? await verifyTicketBy(text, event, ctx.signatureCheck)
    : verifyTicket(text, event);
  if (!verdict.ok) return { ...decideCheckIn(verdict, null), person: null };
  const { prior, person } = lookUp(ctx.db, event.id, verdict.claims.personId);
  return admit(ctx, event, decideCheckIn(verdict, await prior), method, person, {
    ticketIssuedAt: verdict.claims.issuedAt,
  });
}

/** Staff found the person by searching: the same rules, no ticket. */
export async function checkInPerson(
  ctx: BoothContext,
  event: LeadEvent,
  personId: string,
): Promise<CheckInOutcome> {
  const { prior, person } = lookUp(ctx.db, event.id, personId);
  return admit(ctx, event, decideManualCheckIn(personId, await prior), 'manual', person);
}

/**
 * A walk-in's badge: the same badge scanned again is the same person; otherwise the badge is a
 * self-service registration by the match rule (decideSelfService) — a new person, the same
 * person's empty fields filled, or its own person linked as a possible duplicate. The raw badge
 * text is kept as the badge code, and a `badge_scanned` fact records the scan.
 */
export async function captureBadge(
  ctx: BoothContext,
  event: LeadEvent,
  scan: Extract<ScanResult, { kind: 'badge' | 'unknown' }>,
  method: ScanMethod,
): Promise<{ person: Person; isNew: boolean }> {
  const fields: BadgeFields = scan.kind === 'badge' ? scan.fields : {};
  const typed: PersonProfile = { ...EMPTY_PERSON_INPUT, ...fields };
  const at = ctx.clock();
  const write = { source: 'badge' as const, deviceId: ctx.deviceId, at };
  const sameBadge = (await findByBadgeCode(ctx.db, event.id, scan.badgeCode))?.toMutableJSON();
  const decision = sameBadge
    ? ({ kind: 'fill', person: sameBadge, unapplied: {} } as const)
    : decideSelfService(typed, await findMatches(ctx.db, event.id, typed));
  const base =
    decision.kind === 'fill'
      ? decision.person
      : createPerson(ctx.newId(), event.id, EMPTY_PERSON_INPUT, NO_CONSENT, write);
  const filled = applyProfile(base, fields, 'fill', write);
  const person = PersonSchema.parse({
    ...filled,
    badgeCode: filled.badgeCode || scan.badgeCode,
    updatedAt: at,
  });
  const links =
    decision.kind === 'separate'
      ? duplicateFacts(event.id, person.id, decision.duplicates, 'badge')
      : [];
  await Promise.all([
    ctx.db.people.upsert(person),
    recordInteraction(ctx, {
      eventId: event.id,
      personId: person.id,
      type: 'badge_scanned',
      data: {
        format: scan.kind === 'badge' ? scan.format : 'unknown',
        method,
        deviceName: ctx.deviceName,
        ...(decision.kind === 'fill' ? unappliedData(decision.unapplied) : {}),
      },
    }),
    ...links.map((fact) => recordInteraction(ctx, fact)),
  ]);
  return { person, isNew: decision.kind !== 'fill' };
}

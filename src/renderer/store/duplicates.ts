import {
  DuplicateResolvedDataSchema,
  openDuplicates,
  type DuplicateResolution,
  type OpenDuplicate,
} from '../../shared/duplicate-links';
import { mergedChanges, type FieldPick } from '../../shared/person-match';
import { applyProfile, profileOf } from '../../shared/person-ops';
import { mergeQualifications } from '../../shared/qualification-ops';
import {
  PersonSchema,
  QualificationSchema,
  qualificationId,
  type Interaction,
  type LeadEvent,
  type Person,
  type PersonProfile,
  type ProfileField,
} from '../../shared/schemas';
import type { LeadDatabase } from './database';
import { recordInteraction, type CaptureContext } from './leads';

const DUPLICATE_TYPES = ['duplicate_suspected', 'duplicate_resolved'];

/** The person's own duplicate facts: every pair is recorded on both its sides. */
export async function duplicateFactsOf(db: LeadDatabase, personId: string): Promise<Interaction[]> {
  const docs = await db.interactions
    .find({ selector: { personId, type: { $in: DUPLICATE_TYPES } } })
    .exec();
  return docs.map((doc) => doc.toMutableJSON());
}

/** The possible duplicates of a person staff still have to look at (other person still there). */
export async function loadOpenDuplicates(
  db: LeadDatabase,
  personId: string,
): Promise<(OpenDuplicate & { other: Person })[]> {
  const open = openDuplicates(personId, await duplicateFactsOf(db, personId));
  const found: (OpenDuplicate & { other: Person })[] = [];
  for (const link of open) {
    const other = await db.people.findOne(link.otherPersonId).exec();
    if (other) found.push({ ...link, other: other.toMutableJSON() });
  }
  return found;
}

/** Closes a pair on both its sides. */
async function resolve(
  ctx: CaptureContext,
  eventId: string,
  personId: string,
  otherPersonId: string,
  resolution: DuplicateResolution,
) {
  const fact = (on: string, other: string) =>
    recordInteraction(ctx, {
      eventId,
      personId: on,
      type: 'duplicate_resolved',
      data: DuplicateResolvedDataSchema.parse({ otherPersonId: other, resolution }),
    });
  await Promise.all([fact(personId, otherPersonId), fact(otherPersonId, personId)]);
}

/** Staff say the two are different people: the pair closes, both stay as they are. */
export function dismissDuplicate(
  ctx: CaptureContext,
  event: LeadEvent,
  personId: string,
  otherPersonId: string,
): Promise<void> {
  return resolve(ctx, event.id, personId, otherPersonId, 'distinct');
}

/**
 * Staff say `absorbId` is the same person as `keepId`: the kept person takes what it lacks and the
 * values staff picked (as a staff edit), the absorbed person's newer consent, qualification
 * (merged field-wise, notes kept) and facts; then the absorbed person is removed. Everything is
 * written to the kept person before anything is removed, so a crash in between loses nothing
 * (at worst both remain, with the pair still open).
 */
export async function mergeDuplicate(
  ctx: CaptureContext,
  event: LeadEvent,
  keepId: string,
  absorbId: string,
  picks: Partial<Record<ProfileField, FieldPick>>,
): Promise<Person | null> {
  const [keepDoc, absorbDoc] = await Promise.all([
    ctx.db.people.findOne(keepId).exec(),
    ctx.db.people.findOne(absorbId).exec(),
  ]);
  if (!keepDoc || !absorbDoc || keepId === absorbId) return null;
  const keep = keepDoc.toMutableJSON();
  const absorb = absorbDoc.toMutableJSON();
  const at = ctx.clock();
  const write = { source: 'staff' as const, deviceId: ctx.deviceId, at };
  const changes = mergedChanges(keep, profileOf(absorb) as PersonProfile, picks);
  const newerConsent =
    absorb.consent.granted &&
    (!keep.consent.granted || absorb.consent.grantedAt > keep.consent.grantedAt);
  const merged = PersonSchema.parse(
    applyProfile(keep, changes, 'overwrite', write, newerConsent ? absorb.consent : undefined),
  );
  await ctx.db.people.upsert(merged);

  const [keepQualification, absorbQualification] = await Promise.all([
    ctx.db.qualifications.findOne(qualificationId(event.id, keepId)).exec(),
    ctx.db.qualifications.findOne(qualificationId(event.id, absorbId)).exec(),
  ]);
  if (absorbQualification) {
    const rebased = {
      ...absorbQualification.toMutableJSON(),
      id: qualificationId(event.id, keepId),
      personId: keepId,
    };
    const next = keepQualification
      ? mergeQualifications(keepQualification.toMutableJSON(), rebased)
      : rebased;
    await ctx.db.qualifications.upsert(QualificationSchema.parse({ ...next, updatedAt: at }));
  }

  const facts = await ctx.db.interactions.find({ selector: { personId: absorbId } }).exec();
  await Promise.all(
    facts.map((fact) => fact.incrementalPatch({ personId: keepId, updatedAt: at })),
  );
  // Only the kept side: the absorbed person is about to go, and their facts are now the kept one's.
  await recordInteraction(ctx, {
    eventId: event.id,
    personId: keepId,
    type: 'duplicate_resolved',
    data: DuplicateResolvedDataSchema.parse({ otherPersonId: absorbId, resolution: 'merged' }),
  });
  await absorbQualification?.remove();
  await absorbDoc.remove();
  return merged;
}

import {
  PROFILE_FIELDS,
  type Consent,
  type Person,
  type ProfileField,
  type Provenance,
} from './schemas';
import { buildSearchKey } from './search';
import { SOURCE_RANK, isSelfServicePerson } from './trust';

/** A value with no recorded source counts as self-service: nobody vouched for it. */
const rankOf = (provenance: Provenance | undefined) =>
  provenance ? SOURCE_RANK[provenance.source] : SOURCE_RANK.kiosk;

/**
 * Field-wise merge of two versions of one person (DESIGN.md "Data model", people: newest non-empty
 * value per field wins, provenance kept). Used by the device's replication conflict handler and by
 * the pool when two people of one event turn out to be the same person, so both ends converge.
 *
 * The result's content does not depend on the argument order (mergePeople(a, b) and
 * mergePeople(b, a) differ only in id/eventId, which are `a`'s): every choice is made by a total
 * order on the candidates, never by "whichever came first". Properties that are not part of the
 * Person schema (RxDB's `_deleted`, `_meta`, …) are carried over from `a` untouched. Each choice
 * is the maximum of a total order, so the merge is also associative and idempotent: three or more
 * devices converge whatever the order in which their versions meet.
 */
export function mergePeople(a: Person, b: Person): Person {
  const merged = mergeFields(a, b);
  merged.searchKey = buildSearchKey(merged);
  return merged;
}

/** mergePeople without the search key, which only a stored person document needs. */
function mergeFields(a: Person, b: Person): Person {
  const merged: Person = { ...a, provenance: {} };
  for (const field of PROFILE_FIELDS) {
    const winner = pickField(field, a, b);
    merged[field] = winner.value;
    if (winner.provenance) merged.provenance[field] = winner.provenance;
  }
  merged.badgeCode = pickBadgeCode(a, b);
  merged.consent = pickConsent(a.consent, b.consent);
  merged.createdAt = Math.min(a.createdAt, b.createdAt);
  merged.updatedAt = Math.max(a.updatedAt, b.updatedAt);
  return merged;
}

interface FieldCandidate {
  value: string;
  provenance: Provenance | undefined;
}

/**
 * Total order on one field's two candidates. A non-empty value always beats an empty one (a later
 * capture that left the field blank knows nothing, it did not erase it); then the higher source
 * rank (DESIGN.md "Trust": a kiosk or phone never replaces what staff or an import wrote); then
 * the newer provenance; on equal times the value, source and device decide, so every device
 * picks the same.
 */
function compareCandidates(x: FieldCandidate, y: FieldCandidate): number {
  const filled = Number(x.value !== '') - Number(y.value !== '');
  if (filled !== 0) return filled;
  const rank = rankOf(x.provenance) - rankOf(y.provenance);
  if (rank !== 0) return rank;
  // A value without provenance (an old or hand-made document) is older than any recorded write.
  const at = (x.provenance?.at ?? -1) - (y.provenance?.at ?? -1);
  if (at !== 0) return at;
  return (
    compareText(x.value, y.value) ||
    compareText(x.provenance?.source ?? '', y.provenance?.source ?? '') ||
    compareText(x.provenance?.deviceId ?? '', y.provenance?.deviceId ?? '')
  );
}

function pickField(field: ProfileField, a: Person, b: Person): FieldCandidate {
  const x = { value: a[field], provenance: a.provenance[field] };
  const y = { value: b[field], provenance: b.provenance[field] };
  return compareCandidates(x, y) >= 0 ? x : y;
}

/**
 * Badge codes carry no provenance: a non-empty code beats an empty one, and between two different
 * codes the larger one is kept. Arbitrary but a semilattice (like every other choice here), so any
 * number of devices merging in any order end with the same code; the pool keeps every code as an
 * identity key of the customer anyway.
 */
function pickBadgeCode(a: Person, b: Person): string {
  return compareText(a.badgeCode, b.badgeCode) >= 0 ? a.badgeCode : b.badgeCode;
}

/**
 * The consent record with the latest `grantedAt` wins, so a newer grant (new text version)
 * replaces an older one and a withdrawal recorded later (granted false, with its time) is
 * honoured. An empty record (never asked: grantedAt 0) therefore never revokes a grant. On equal
 * times a withdrawal wins over a grant (the cautious reading under PIPL/GDPR), then the text
 * version decides.
 */
function pickConsent(a: Consent, b: Consent): Consent {
  if (a.grantedAt !== b.grantedAt) return a.grantedAt > b.grantedAt ? a : b;
  if (a.granted !== b.granted) return a.granted ? b : a;
  return compareText(a.textVersion, b.textVersion) >= 0 ? a : b;
}

/** Code-unit order, not locale order: the same on every device whatever its language. */
function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Two people of one customer (or one event) becoming one in the pool: the field-wise merge, except
 * that a self-service capture (kiosk, phone page) never grants or withdraws consent for a person
 * someone else recorded consent for (DESIGN.md "Trust"). Only where nobody asked before does the
 * self-service answer count.
 */
export function foldPeople(a: Person, b: Person): Person {
  const merged = foldFields(a, b);
  merged.searchKey = buildSearchKey(merged);
  return merged;
}

/**
 * foldPeople for a customer's profile, which keeps no search key: the same choices, without the
 * cost of spelling every name in pinyin again.
 */
export function foldProfiles(a: Person, b: Person): Person {
  return foldFields(a, b);
}

function foldFields(a: Person, b: Person): Person {
  const merged = mergeFields(a, b);
  const aSelf = isSelfServicePerson(a);
  const bSelf = isSelfServicePerson(b);
  if (aSelf !== bSelf) {
    const vouched = aSelf ? b : a;
    if (vouched.consent.grantedAt > 0) merged.consent = vouched.consent;
  }
  return merged;
}

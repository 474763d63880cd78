import { namesCompatible } from './names';
import { isPlaceholderKey } from './trust';
import { PROFILE_FIELDS, type Person, type PersonProfile, type ProfileField } from './schemas';

/** The identity keys a registration is matched by (already normalized by PersonInputSchema). */
export const MATCH_KEYS = ['phone', 'email', 'wechatId'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

export interface PersonMatch {
  person: Person;
  /** Which keys the typed profile shares with this person. */
  keys: MatchKey[];
}

type Keys = Pick<PersonProfile, MatchKey>;

export function sharedKeys(typed: Keys, person: Keys): MatchKey[] {
  return MATCH_KEYS.filter((key) => typed[key] !== '' && typed[key] === person[key]);
}

/** The people among `candidates` that share a key with `typed`, oldest first, each once. */
export function matchesAmong(typed: Keys, candidates: readonly Person[]): PersonMatch[] {
  const seen = new Set<string>();
  const matches: PersonMatch[] = [];
  for (const person of candidates) {
    if (seen.has(person.id)) continue;
    seen.add(person.id);
    const keys = sharedKeys(typed, person);
    if (keys.length > 0) matches.push({ person, keys });
  }
  return matches.sort((a, b) => a.person.createdAt - b.person.createdAt);
}

/**
 * What a self-service registration (kiosk, phone, badge) does when it meets people already
 * captured (DESIGN.md "Trust"): it never replaces a value and never tells the attendee.
 * Placeholder keys (trust.ts: 13800138000, info@…) are no evidence: sharing one is sharing nothing.
 * - `create`: nobody shares a real key.
 * - `fill`: one person shares a key, the names agree and no other key disagrees — the same
 *   person; only their empty fields are filled. `unapplied` keeps what they typed differently
 *   (recorded with the registration, so nothing typed is lost).
 * - `separate`: anything else — the registration becomes its own person, linked to the others
 *   as a possible duplicate for staff to merge or dismiss.
 */
export type SelfServiceDecision =
  | { kind: 'create' }
  | { kind: 'fill'; person: Person; unapplied: Partial<Record<ProfileField, string>> }
  | { kind: 'separate'; duplicates: PersonMatch[] };

const KEY_KIND = { phone: 'phone', email: 'email', wechatId: 'wechat' } as const;

/** The matches that are evidence: keys such as 13800138000 or info@ are shared by many people. */
function evidence(matches: readonly PersonMatch[]): PersonMatch[] {
  return matches.flatMap((match) => {
    const keys = match.keys.filter((key) => !isPlaceholderKey(KEY_KIND[key], match.person[key]));
    return keys.length > 0 ? [{ ...match, keys }] : [];
  });
}

export function decideSelfService(
  typed: PersonProfile,
  matches: readonly PersonMatch[],
): SelfServiceDecision {
  const real = evidence(matches);
  const [only, ...others] = real;
  if (!only) return { kind: 'create' };
  const { person } = only;
  const contradicted = MATCH_KEYS.some(
    (key) => typed[key] !== '' && person[key] !== '' && typed[key] !== person[key],
  );
  if (others.length > 0 || contradicted || !namesCompatible(typed.name, person.name)) {
    return { kind: 'separate', duplicates: real };
  }
  const unapplied: Partial<Record<ProfileField, string>> = {};
  for (const { field, typed: value } of differingFields(person, typed)) unapplied[field] = value;
  return { kind: 'fill', person, unapplied };
}

/** A field both sides hold with different values: staff pick one when merging. */
export interface FieldDifference {
  field: ProfileField;
  existing: string;
  typed: string;
}

export function differingFields(
  existing: Pick<Person, ProfileField>,
  typed: Pick<PersonProfile, ProfileField>,
): FieldDifference[] {
  return PROFILE_FIELDS.flatMap((field) =>
    existing[field] !== '' && typed[field] !== '' && existing[field] !== typed[field]
      ? [{ field, existing: existing[field], typed: typed[field] }]
      : [],
  );
}

export type FieldPick = 'existing' | 'typed';

/**
 * The changes a staff merge writes to the existing person: every field it lacks that was typed,
 * and, of the fields both hold, those staff picked the typed value for. An unpicked field keeps
 * the existing value — a merge never replaces anything staff did not choose to replace.
 */
export function mergedChanges(
  existing: Pick<Person, ProfileField>,
  typed: Pick<PersonProfile, ProfileField>,
  picks: Partial<Record<ProfileField, FieldPick>>,
): Partial<PersonProfile> {
  const changes: Partial<PersonProfile> = {};
  for (const field of PROFILE_FIELDS) {
    if (typed[field] === '' || typed[field] === existing[field]) continue;
    if (existing[field] === '' || picks[field] === 'typed') changes[field] = typed[field];
  }
  return changes;
}

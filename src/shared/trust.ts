import type { IdentityKeyKind } from './identity';
import { normalizeEmail, normalizePhone, normalizeWechatId } from './identity';
import {
  PROFILE_FIELDS,
  type Interaction,
  type Person,
  type Qualification,
  type Source,
} from './schemas';
import { buildSearchKey } from './search';

/**
 * What the pool believes, and from whom (DESIGN.md "Trust"). Pure rules, so the pool and the
 * booth decide alike.
 */

/**
 * Sources by how much their word counts: marketing's import and pool edits above booth staff
 * (and the badges and tickets they scan) above self-service (kiosk, phone page). A field-wise
 * merge never lets a lower rank replace a value of a higher one.
 */
export const SOURCE_RANK: Record<Source, number> = {
  pool: 3,
  import: 3,
  staff: 2,
  badge: 2,
  ticket: 2,
  kiosk: 1,
  mobile: 1,
};

const SELF_SERVICE: readonly Source[] = ['kiosk', 'mobile'];

export const isSelfServiceSource = (source: Source) => SELF_SERVICE.includes(source);

/**
 * A person document only self-service wrote: every field it holds came from a kiosk or phone (or
 * it says nothing about where its values came from, which is no better). Such a document may fill
 * what is empty; it never renames, re-addresses or re-consents anybody, and never merges on its own.
 */
export function isSelfServicePerson(person: Pick<Person, 'provenance'>): boolean {
  return Object.values(person.provenance).every(
    (provenance) => provenance === undefined || isSelfServiceSource(provenance.source),
  );
}

/** A device's clock may run a little fast; anything further ahead is a forgery or a broken clock. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The highest source a device may claim: import and pool edits are marketing's, never a booth's. */
const DEVICE_MAX_RANK = SOURCE_RANK.staff;

/**
 * A person as a device pushed it, made believable: identity fields normalized (a phone the pool
 * cannot read is no key, and no text a spreadsheet could run), times no later than the pool's
 * receive time plus skew (a forged future time cannot win field-wise merges), sources no higher
 * than staff. The pool stores this, never the raw push.
 */
export function trustedDevicePerson(person: Person, receivedAt: number): Person {
  const latest = receivedAt + CLOCK_SKEW_MS;
  const clamp = (at: number) => Math.min(at, latest);
  const email = normalizeEmail(person.email);
  const next: Person = {
    ...person,
    // Devices normalize with the same code: an E.164 number needs no second parse.
    phone: E164.test(person.phone) ? person.phone : (normalizePhone(person.phone) ?? ''),
    email: EMAIL_SHAPE.test(email) ? email : '',
    wechatId: normalizeWechatId(person.wechatId),
    provenance: {},
    consent: { ...person.consent, grantedAt: clamp(person.consent.grantedAt) },
    createdAt: clamp(person.createdAt),
    updatedAt: clamp(person.updatedAt),
  };
  for (const field of PROFILE_FIELDS) {
    const provenance = person.provenance[field];
    if (!provenance) continue;
    const source = SOURCE_RANK[provenance.source] > DEVICE_MAX_RANK ? 'staff' : provenance.source;
    next.provenance[field] = { ...provenance, source, at: clamp(provenance.at) };
  }
  const identityChanged =
    next.phone !== person.phone || next.email !== person.email || next.wechatId !== person.wechatId;
  // The device derived the key with the same function; only changed fields need a new one.
  if (identityChanged || person.searchKey.length === 0) next.searchKey = buildSearchKey(next);
  return next;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** A fact as a device pushed it, with its times no later than the pool's receive time plus skew. */
export function trustedDeviceInteraction(fact: Interaction, receivedAt: number): Interaction {
  const latest = receivedAt + CLOCK_SKEW_MS;
  return {
    ...fact,
    occurredAt: Math.min(fact.occurredAt, latest),
    updatedAt: Math.min(fact.updatedAt, latest),
  };
}

/** A qualification as a device pushed it: no field or note can claim a time in the future. */
export function trustedDeviceQualification(
  qualification: Qualification,
  receivedAt: number,
): Qualification {
  const latest = receivedAt + CLOCK_SKEW_MS;
  const clamp = (at: number) => Math.min(at, latest);
  const fieldUpdatedAt: Qualification['fieldUpdatedAt'] = {};
  for (const [field, at] of Object.entries(qualification.fieldUpdatedAt)) {
    if (at !== undefined) fieldUpdatedAt[field as keyof typeof fieldUpdatedAt] = clamp(at);
  }
  return {
    ...qualification,
    fieldUpdatedAt,
    notes: qualification.notes.map((note) => ({ ...note, at: clamp(note.at) })),
    updatedAt: clamp(qualification.updatedAt),
  };
}

/** Deliberately loose (the schema checked length): one @, no spaces, a dot in the domain. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// ─── Keys that identify nobody ───────────────────────────────────────────────────────────────

/**
 * Role mailboxes: many people type them, so they prove nothing about who someone is.
 */
const ROLE_MAILBOXES = new Set([
  'admin',
  'contact',
  'hello',
  'hr',
  'info',
  'marketing',
  'no-reply',
  'noreply',
  'office',
  'sales',
  'service',
  'support',
  'test',
  'webmaster',
]);

/** Phone numbers people type when they will not give theirs (Chinese national digits). */
const PLACEHOLDER_PHONES = new Set(['13800138000', '13812345678', '12345678901']);

/**
 * Whether a normalized key is a placeholder that many people share (DESIGN.md "Trust": blocked
 * keys): it is stored with the person but never links anyone to anyone.
 */
export function isPlaceholderKey(kind: IdentityKeyKind, value: string): boolean {
  if (kind === 'email') return ROLE_MAILBOXES.has(value.slice(0, value.indexOf('@')));
  if (kind !== 'phone') return false;
  const chinese = value.startsWith('+86');
  const national = chinese ? value.slice(3) : value.replace(/^\+/, '');
  if (chinese && PLACEHOLDER_PHONES.has(national)) return true;
  // 11111111111, or a real prefix with one digit repeated (13888888888, 13900000000).
  const subscriber = chinese ? national.slice(3) : national;
  return /^(\d)\1+$/.test(national) || /^(\d)\1{6,}$/.test(subscriber);
}

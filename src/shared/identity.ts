import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Identity keys are compared after normalization, so the same person captured twice matches. */
export type IdentityKeyKind = 'email' | 'phone' | 'wechat' | 'badge';

export const DEFAULT_PHONE_REGION: CountryCode = 'CN';

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Returns the E.164 form, or null when the number is not a valid phone number. */
export function normalizePhone(
  raw: string,
  region: CountryCode = DEFAULT_PHONE_REGION,
): string | null {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.length > 40) return null;
  const parsed = parsePhoneNumberFromString(trimmed, region);
  return parsed?.isValid() ? parsed.number : null;
}

/** WeChat ids are case-sensitive and kept as given, only trimmed. */
export function normalizeWechatId(raw: string): string {
  return raw.trim();
}

/** The digits a person would type to find a phone: national number without the country code. */
export function nationalDigits(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? String(parsed.nationalNumber) : e164.replace(/\D/g, '');
}

export interface IdentityKey {
  kind: IdentityKeyKind;
  value: string;
}

/** The normalized keys a person can be recognized by; empty and invalid values are no keys. */
export function identityKeysOf(person: {
  email: string;
  phone: string;
  wechatId: string;
  badgeCode: string;
}): IdentityKey[] {
  const keys: IdentityKey[] = [];
  const email = normalizeEmail(person.email);
  if (email !== '') keys.push({ kind: 'email', value: email });
  const phone = person.phone.trim() === '' ? null : normalizePhone(person.phone);
  if (phone) keys.push({ kind: 'phone', value: phone });
  const wechat = normalizeWechatId(person.wechatId);
  if (wechat !== '') keys.push({ kind: 'wechat', value: wechat });
  const badge = person.badgeCode.trim();
  if (badge !== '') keys.push({ kind: 'badge', value: badge });
  return keys;
}

/**
 * A stored (E.164) phone as people read it: "138 0013 8000" for a number of `home` (the
 * country the reader dials from), "+1 415-555-0101" for any other; text that is not a valid
 * number is returned as it was stored.
 */
export function formatPhoneForReading(
  stored: string,
  home: CountryCode | null = DEFAULT_PHONE_REGION,
): string {
  const parsed = stored.trim() === '' ? undefined : parsePhoneNumberFromString(stored);
  if (!parsed?.isValid()) return stored;
  return parsed.country === home ? parsed.formatNational() : parsed.formatInternational();
}

import { z } from 'zod';
import { normalizeEmail, normalizePhone, normalizeWechatId } from '../../identity';

/** The person fields a badge can carry; the rest of a profile is for staff to complete. */
export const BADGE_FIELDS = [
  'name',
  'phone',
  'email',
  'wechatId',
  'company',
  'title',
  'department',
  'province',
  'city',
] as const;
export type BadgeField = (typeof BADGE_FIELDS)[number];
export type BadgeFields = Partial<Record<BadgeField, string>>;

/** Same limits as the person schema, so a badge's fields can be stored as they come out. */
const MAX_LENGTH: Record<BadgeField, number> = {
  name: 100,
  phone: 20,
  email: 254,
  wechatId: 40,
  company: 200,
  title: 100,
  department: 100,
  province: 50,
  city: 50,
};

const emailSchema = z.email();

/**
 * Normalizes what a parser found: phone to E.164 and email to lower case (dropped when invalid,
 * the raw badge text keeps them for staff), text trimmed and cut to the stored length.
 */
export function cleanBadgeFields(found: BadgeFields): BadgeFields {
  const clean: BadgeFields = {};
  for (const field of BADGE_FIELDS) {
    const raw = found[field]?.replace(/\s+/g, ' ').trim();
    if (!raw) continue;
    if (field === 'phone') {
      const phone = normalizePhone(raw);
      if (phone) clean.phone = phone;
    } else if (field === 'email') {
      const email = normalizeEmail(raw);
      if (email.length <= MAX_LENGTH.email && emailSchema.safeParse(email).success)
        clean.email = email;
    } else if (field === 'wechatId') {
      const wechatId = normalizeWechatId(raw);
      if (!/\s/.test(wechatId) && wechatId.length <= MAX_LENGTH.wechatId) clean.wechatId = wechatId;
    } else {
      clean[field] = Array.from(raw).slice(0, MAX_LENGTH[field]).join('');
    }
  }
  return clean;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Chinese names are family name first without a space; Western ones given name first. */
export function joinName(family: string, given: string): string {
  const f = family.trim();
  const g = given.trim();
  if (f === '' || g === '') return f || g;
  return CJK.test(f + g) ? `${f}${g}` : `${g} ${f}`;
}

import { normalizePhone } from '../../identity';
import type { BadgeParser } from './registry';

const EMAIL_SHAPE = /^(?:mailto:)?([^\s@:]{1,64}@[^\s@]{1,253})$/i;
const PHONE_SHAPE = /^(?:tel:)?(\+?[\d\s()-]{5,24})$/i;

/** A badge that is only an email address, a phone number (or their mailto:/tel: URIs), or a URL. */
export const plainParser: BadgeParser = {
  id: 'plain',
  parse(text) {
    const trimmed = text.trim();
    if (trimmed.length > 300) return null;
    const email = EMAIL_SHAPE.exec(trimmed);
    if (email?.[1]) return { email: email[1] };
    const phone = PHONE_SHAPE.exec(trimmed);
    if (phone?.[1] && normalizePhone(phone[1])) return { phone: phone[1] };
    // A URL names the badge (often the organizer's lookup page) but not the person.
    if (/^https?:\/\/\S+$/i.test(trimmed)) return {};
    return null;
  },
};

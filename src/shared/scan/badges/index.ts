export { BADGE_FIELDS, cleanBadgeFields, type BadgeField, type BadgeFields } from './fields';
export type { BadgeParser } from './registry';
export { firstVcard, vcardBadgeText, vcardParser } from './vcard';
export { mecardParser } from './mecard';
export { plainParser } from './plain';

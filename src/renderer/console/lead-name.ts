import type { TFunction } from 'i18next';
import { displayName } from '../../shared/person-ops';
import type { Person } from '../../shared/schemas';

type Named = Pick<Person, 'name' | 'email' | 'phone' | 'wechatId' | 'badgeCode'>;

/** A lead someone can be told apart by: a name or a contact detail, not only a scanned code. */
function identified(person: Named): boolean {
  return (
    Boolean(person.name || person.email || person.phone || person.wechatId) ||
    person.badgeCode === ''
  );
}

/** The start of an unknown badge's code: enough to match it to the badge in hand. */
function shortCode(code: string): string {
  const chars = Array.from(code.replace(/\s+/g, ' ').trim());
  return chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : chars.join('');
}

/**
 * What a lead is called on screen, in lists, panels and tickets: its name or contact detail, or
 * for a badge no parser knew, "unknown badge <code>" — never a bare "—".
 */
export function leadName(person: Named, t: TFunction): string {
  return identified(person)
    ? displayName(person)
    : t('people.badgeOnly', { code: shortCode(person.badgeCode) });
}

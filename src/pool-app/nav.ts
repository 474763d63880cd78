import { ADMIN, ANY_USER, MARKETING, SALES } from './roles';
import type { Role } from './session';

/** The side navigation: one entry per line, label keys in the shell catalog's `nav`. */
export interface NavEntry {
  to: string;
  label:
    | 'inbox'
    | 'dashboard'
    | 'events'
    | 'customers'
    | 'duplicates'
    | 'settings'
    | 'users'
    | 'webhooks';
  roles: readonly Role[];
  /** Other screens this entry stands for (the settings' other tabs). */
  also?: readonly string[];
}

export const NAV: NavEntry[] = [
  { to: '/inbox', label: 'inbox', roles: SALES },
  { to: '/dashboard', label: 'dashboard', roles: MARKETING },
  { to: '/events', label: 'events', roles: MARKETING },
  { to: '/customers', label: 'customers', roles: ANY_USER },
  { to: '/duplicates', label: 'duplicates', roles: MARKETING },
  { to: '/settings/intelligence', label: 'settings', roles: MARKETING, also: ['/settings/crm'] },
  { to: '/users', label: 'users', roles: ADMIN },
  { to: '/settings/webhooks', label: 'webhooks', roles: ADMIN },
];

/** The first screen after sign-in: marketing starts at its events, sales at its inbox. */
export function homePathFor(role: Role): string {
  return role === 'sales' ? '/inbox' : '/events';
}

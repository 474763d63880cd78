/**
 * The customers list's filter vocabulary, without the zod schemas that check it
 * (customers.ts): the pool app's first screen needs these words, and building every schema of
 * the API on each load cost the list's first render ~15 ms.
 */

/** Every filter key of `GET /customers`, its count, exports and saved segments. */
export const CUSTOMER_FILTER_KEYS = [
  'q',
  'eventId',
  'tag',
  'grade',
  'stage',
  'province',
  'city',
  'industry',
  'consent',
  'did',
  'owner',
  'queue',
  'minScore',
  'maxScore',
  'engagementLevel',
] as const;
export type CustomerFilterKey = (typeof CUSTOMER_FILTER_KEYS)[number];

/**
 * What a customer did, from the facts the pool holds: `kind` alone (at any event), or
 * `kind:<id>` — the white paper's asset id for `downloaded`, the event id for the others.
 */
export const CUSTOMER_BEHAVIOURS = [
  'downloaded',
  'checked_in',
  'visited_booth',
  'requested_demo',
  'entered_draw',
  'won_draw',
] as const;
export type CustomerBehaviour = (typeof CUSTOMER_BEHAVIOURS)[number];

/** `consent=granted`: marketing consent given; `consent=missing`: never given or withdrawn. */
export const CONSENT_FILTERS = ['granted', 'missing'] as const;
export type ConsentFilter = (typeof CONSENT_FILTERS)[number];

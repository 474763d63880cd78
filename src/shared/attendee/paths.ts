/**
 * The attendee API's paths and error codes, apart from the schemas so the phone page can import
 * them without pulling zod into its tiny bundle (protocol.ts re-exports them).
 */
export const ATTENDEE_PAGE_PREFIX = '/m/';
export const ATTENDEE_API = { context: '/m/api/context', submit: '/m/api/submit' } as const;

export const ATTENDEE_ERROR_CODES = [
  'booth_token_invalid',
  'booth_token_expired',
  'invalid_input',
  'consent_required',
  'unknown_offer',
  'rate_limited',
  'unavailable',
] as const;
export type AttendeeErrorCode = (typeof ATTENDEE_ERROR_CODES)[number];

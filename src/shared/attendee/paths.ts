/**
 * The attendee API's paths, apart from the schemas so the phone page can import them without
 * pulling zod into its tiny bundle (protocol.ts re-exports them).
 */
export const ATTENDEE_PAGE_PREFIX = '/m/';
export const ATTENDEE_API = { context: '/m/api/context', submit: '/m/api/submit' } as const;

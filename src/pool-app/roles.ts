import type { Role } from './session';

/** Who may open what, as the API enforces it; the UI only mirrors it to avoid dead ends. */
export const ANY_USER: readonly Role[] = ['admin', 'marketing', 'sales'];
export const MARKETING: readonly Role[] = ['admin', 'marketing'];
export const ADMIN: readonly Role[] = ['admin'];
export const SALES: readonly Role[] = ['sales'];

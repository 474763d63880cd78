import { EnrollRequestSchema } from '../../shared/sync';
import type { LeadDatabase } from '../store/database';

/**
 * Which pool this device is enrolled with, as whom, for which event. Kept as an RxDB local
 * document (never replicated, removed with the database when a revoked device wipes itself).
 * The token itself is not here: it lives in the platform's token store.
 */
export interface Enrollment {
  poolUrl: string;
  deviceId: string;
  eventId: string;
  enrolledAt: number;
}

const ENROLLMENT_ID = 'pool-enrollment';

export async function loadEnrollment(db: LeadDatabase): Promise<Enrollment | null> {
  const doc = await db.getLocal<Enrollment>(ENROLLMENT_ID);
  return doc ? doc.toJSON().data : null;
}

export async function saveEnrollment(db: LeadDatabase, enrollment: Enrollment): Promise<void> {
  await db.upsertLocal(ENROLLMENT_ID, enrollment);
}

/**
 * A pool address typed by staff: `pool.example.com` means https, a trailing slash is dropped,
 * anything but http(s) is refused. null when it is not a usable URL.
 */
export function normalizePoolUrl(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 500) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Codes are printed in upper case; staff may type them in any case and with spaces around. */
export function normalizeEnrollmentCode(text: string): string {
  return text.trim().toUpperCase();
}

export function isPlausibleEnrollmentCode(code: string): boolean {
  return EnrollRequestSchema.shape.code.safeParse(code).success && /^[A-Z0-9-]+$/.test(code);
}

const LAST_SUCCESS_ID = 'pool-last-success';

/** When this device last heard from its pool, kept so a reload while offline still says it. */
export async function loadLastSuccess(db: LeadDatabase): Promise<number | null> {
  const doc = await db.getLocal<{ at: number }>(LAST_SUCCESS_ID);
  const at = doc?.toJSON().data.at;
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

export async function saveLastSuccess(db: LeadDatabase, at: number): Promise<void> {
  await db.upsertLocal(LAST_SUCCESS_ID, { at });
}

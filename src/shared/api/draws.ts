import { z } from 'zod';
import { IdSchema } from '../schemas';
import type { DrawStatus, Prize } from '../draws';

/**
 * The pool's read of an event's draws (admin/marketing). Draws are made and run on the one booth
 * device that owns each (they reach the pool by sync); the pool app only shows them:
 *
 *   GET /events/:id/draws                      → EventDrawsResponse
 *   GET /events/:id/draws/:drawId/audit        the audit record as a JSON file (drawn draws)
 */
export const DrawParamsSchema = z.object({ id: IdSchema, drawId: IdSchema });

export interface DrawSummary {
  id: string;
  name: string;
  status: DrawStatus;
  prizes: Prize[];
  ownerDeviceId: string;
  /** The owning device's name, or null when the pool knows no such device. */
  ownerDeviceName: string | null;
  /** From the audit record, null while the draw is open. */
  drawnAt: number | null;
  entrants: number | null;
  winners: number | null;
  /** The audit record replays to the recorded winners (verifyDrawAudit); null while open. */
  auditVerified: boolean | null;
  updatedAt: number;
}

export interface EventDrawsResponse {
  eventId: string;
  draws: DrawSummary[];
}

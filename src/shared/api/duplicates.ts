import { z } from 'zod';
import type { IdentityKey } from '../identity';
import type { MatchReason } from '../match-evidence';

export const DUPLICATE_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

export const DuplicatesQuerySchema = z.object({
  status: z.enum(DUPLICATE_STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextBefore` of the previous page (the id of its last pair). */
  before: z.string().max(64).optional(),
});
export type DuplicatesQuery = z.input<typeof DuplicatesQuerySchema>;

/** One side of a possible duplicate, as marketing needs it to decide. */
export interface DuplicateSide {
  id: string;
  name: string;
  company: string;
  title: string;
  phone: string;
  email: string;
  eventIds: string[];
  createdAt: number;
}

export interface PossibleDuplicate {
  id: string;
  status: DuplicateStatus;
  /** The customer the pool had, and the one the arriving record was given. */
  existing: DuplicateSide;
  arriving: DuplicateSide;
  /** The key both records hold. */
  key: IdentityKey;
  /** The person document whose arrival raised the question, and its event. */
  personId: string;
  eventId: string;
  score: number;
  reasons: MatchReason[];
  createdAt: number;
  decidedAt: number | null;
  decidedBy: string | null;
  /** The customer merge a confirmation made (undo it under /customers/merges/:id/undo). */
  mergeId: string | null;
}

export interface DuplicateListResponse {
  duplicates: PossibleDuplicate[];
  nextBefore: string | null;
}

export interface DuplicateDecisionResponse {
  duplicate: PossibleDuplicate;
}

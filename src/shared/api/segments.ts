import { z } from 'zod';
import { storableString } from '../schemas/common';
import { ExportQuerySchema } from './exports';
import { CUSTOMER_FILTER_KEYS, CustomerFilterSchema } from './customers';

/** A saved filter's query: the list screen's URL parameters, kept as the user gave them. */
export type SegmentFilter = Record<string, string | string[]>;

export const SEGMENT_NAME_MAX = 100;
/** Segments are few and named by people; counted live on every list. */
export const SEGMENTS_MAX = 200;

const filterKeys = new Set<string>(CUSTOMER_FILTER_KEYS);

/**
 * Only the list's filter keys (no sort or cursor), each a string or a list of strings, and what
 * GET /customers would accept for them: a segment can always be listed, counted and exported.
 */
export const SegmentFilterSchema = z
  .record(
    storableString().max(40),
    z.union([storableString().max(300), z.array(storableString().max(300)).max(50)]),
  )
  .superRefine((filter, ctx) => {
    for (const key of Object.keys(filter)) {
      if (!filterKeys.has(key))
        ctx.addIssue({ code: 'custom', path: [key], message: 'not a customers filter' });
    }
    const parsed = CustomerFilterSchema.safeParse(filter);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });

export const SegmentBodySchema = z.strictObject({
  name: storableString().trim().min(1).max(SEGMENT_NAME_MAX),
  filter: SegmentFilterSchema,
});
export type SegmentBody = z.input<typeof SegmentBodySchema>;

export interface Segment {
  id: string;
  name: string;
  filter: SegmentFilter;
  /** Customers matching it now (for a sales user: among the leads routed to them). */
  count: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface SegmentListResponse {
  segments: Segment[];
}

/**
 * An export of customers: the sheet's language and zone, and — admins only — whether people
 * without marketing consent are included, with the reason that is recorded (DESIGN.md: only
 * people with marketing consent unless an admin overrides with a reason).
 */
export const CustomerExportQuerySchema = ExportQuerySchema.extend({
  withoutConsentReason: storableString().trim().min(5).max(500).optional(),
  /** A saved CRM mapping's id: its columns, headers and order instead of the customers screen's. */
  mapping: z.string().max(64).optional(),
});

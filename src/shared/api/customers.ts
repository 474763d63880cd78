import { z } from 'zod';
import { storableString } from '../schemas/common';
import type { Interaction, Person, Qualification } from '../schemas';

export const CUSTOMER_PAGE_MAX = 200;

export const CustomersQuerySchema = z.object({
  /** Matches name, company, email, phone or any identity key (case-insensitive substring). */
  q: storableString().trim().max(200).optional(),
  eventId: storableString().trim().max(64).optional(),
  /** A tag in the customer profile's `tags` list. */
  tag: storableString().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(CUSTOMER_PAGE_MAX).default(50),
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor: storableString().max(200).optional(),
});
export type CustomersQuery = z.input<typeof CustomersQuerySchema>;

/** Facts per page of a customer's detail: their newest first. */
export const CUSTOMER_FACTS_PAGE_DEFAULT = 200;
export const CUSTOMER_FACTS_PAGE_MAX = 1000;

export const CustomerDetailQuerySchema = z.object({
  /** `nextFactsBefore` of the previous answer: the facts older than those already shown. */
  factsBefore: storableString().max(200).optional(),
  factsLimit: z.coerce
    .number()
    .int()
    .min(1)
    .max(CUSTOMER_FACTS_PAGE_MAX)
    .default(CUSTOMER_FACTS_PAGE_DEFAULT),
});
export type CustomerDetailQuery = z.input<typeof CustomerDetailQuerySchema>;

export interface CustomerSummary {
  id: string;
  profile: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** Events at which this customer was captured. */
  eventIds: string[];
}

export interface CustomerListResponse {
  customers: CustomerSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CustomerDetailResponse {
  customer: {
    id: string;
    profile: Record<string, unknown>;
    createdAt: number;
    updatedAt: number;
    /** Customers merged into this one. */
    mergedFrom: string[];
  };
  /** The id asked for when it had been merged into `customer.id`; else null. */
  redirectedFrom: string | null;
  identityKeys: { kind: string; value: string }[];
  events: { id: string; name: string }[];
  /** The customer's people, one or more per event. */
  people: Person[];
  /**
   * One page of the customer's facts, newest first (by occurredAt, then id): at most
   * `factsLimit`. A person may have any number of facts; the rest come page by page.
   */
  interactions: Interaction[];
  /** Pass as `factsBefore` for the next (older) page of facts; null when there are no more. */
  nextFactsBefore: string | null;
  qualifications: Qualification[];
}

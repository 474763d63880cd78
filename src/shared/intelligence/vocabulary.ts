import { INTERACTION_TYPES } from '../schemas/interaction';

/** Ordered from most to least senior, so grading rules and sorting can share one order. */
export const SENIORITIES = [
  'executive',
  'vp',
  'director',
  'manager',
  'supervisor',
  'engineer',
  'staff',
] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const DEPARTMENTS = [
  'management',
  'procurement',
  'rd',
  'engineering',
  'it',
  'production',
  'quality',
  'sales',
  'marketing',
  'finance',
  'hr',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Employee-count bands; the names are the ranges so the tag reads the same in any language. */
export const SIZE_BANDS = ['1-49', '50-199', '200-499', '500-999', '1000+'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** The sales regions Chinese companies commonly split the country into. */
export const REGIONS = [
  'north',
  'northeast',
  'east',
  'central',
  'south',
  'southwest',
  'northwest',
  'hmt',
  'overseas',
] as const;
export type Region = (typeof REGIONS)[number];

export { GRADES, type Grade } from './ladders';

/**
 * Facts the pool knows that no booth device records: sales returning a lead, a withdrawn consent,
 * a bounced email. They arrive as facts like any other, so one engine scores both kinds.
 */
export const NEGATIVE_FACT_TYPES = [
  'sales_returned',
  'consent_withdrawn',
  'email_bounced',
] as const;

const UNSCORED = new Set<string>(['note', 'duplicate_suspected', 'duplicate_resolved']);
export const SCORED_FACT_TYPES = [
  ...INTERACTION_TYPES.filter((type) => !UNSCORED.has(type)),
  ...NEGATIVE_FACT_TYPES,
] as readonly string[] as readonly [string, ...string[]];

/**
 * The engine's view of an interaction: Interaction satisfies it, and so do the pool's own facts
 * (NEGATIVE_FACT_TYPES), which need no device or staff id.
 */
export interface Fact {
  id: string;
  type: string;
  occurredAt: number;
  eventId?: string;
  data?: Readonly<Record<string, string | number | boolean>>;
}

export const DAY_MS = 86_400_000;

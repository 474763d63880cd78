import { z } from 'zod';
import { AUTHORITIES, BUDGETS, NEXT_STEPS, TIMELINES } from '../schemas/qualification';
import {
  DEPARTMENTS,
  GRADES,
  REGIONS,
  SCORED_FACT_TYPES,
  SENIORITIES,
  SIZE_BANDS,
} from './vocabulary';

const points = z.number().int().min(-1000).max(1000);
const pointsBy = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.partialRecord(z.enum(keys), points);

export const FactRuleSchema = z
  .object({
    points,
    /** The most this type can add (or, for negative points, take away) in total. */
    cap: z.number().int().min(0).max(100_000),
    /** null: never decays. */
    halfLifeDays: z.number().positive().max(3650).nullable(),
  })
  .refine((rule) => rule.points >= 0 || rule.halfLifeDays === null, {
    // A decaying penalty would make a score rise as time passes, and the pool's periodic decay
    // pass relies on scores only ever falling with age.
    message: 'negative points never decay',
    path: ['halfLifeDays'],
  });
export type FactRule = z.infer<typeof FactRuleSchema>;

const descending = (values: readonly number[]) =>
  values.every((v, i) => i === 0 || v < values[i - 1]!);

export const GradingSchema = z.object({
  seniority: pointsBy(SENIORITIES),
  department: pointsBy(DEPARTMENTS),
  companySize: pointsBy(SIZE_BANDS),
  /** First match wins, so an exhibitor lists its best-fitting industries first. */
  industries: z
    .array(
      z.object({
        contains: z.array(z.string().trim().min(1).max(50)).min(1).max(50),
        points,
      }),
    )
    .max(50),
  region: pointsBy(REGIONS),
  budget: pointsBy(BUDGETS),
  authority: pointsBy(AUTHORITIES),
  timeline: pointsBy(TIMELINES),
  /** Points when the booth wrote down a need at all. */
  need: points,
  /** The least sum that earns A, B and C; anything lower is D. */
  thresholds: z
    .object({ A: points, B: points, C: points })
    .refine((t) => descending([t.A, t.B, t.C]), { message: 'A > B > C' }),
});

export const MqlClauseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fitAndScore'),
    /** The worst grade that still qualifies. */
    grade: z.enum(GRADES),
    minScore: z.number().int(),
  }),
  z.object({ kind: z.literal('fact'), types: z.array(z.enum(SCORED_FACT_TYPES)).min(1) }),
  z.object({ kind: z.literal('rating'), ratings: z.array(z.enum(['hot', 'warm', 'cold'])).min(1) }),
  z.object({ kind: z.literal('nextStep'), steps: z.array(z.enum(NEXT_STEPS)).min(1) }),
]);
export type MqlClause = z.infer<typeof MqlClauseSchema>;

const ruleText = z.string().trim().min(1).max(100);

/** Who a matching rule assigns to: one person, or a team shared out round-robin or by load. */
export const RoutingTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('owner'), owner: z.string().min(1).max(64) }),
  z.object({
    kind: z.literal('team'),
    members: z.array(z.string().min(1).max(64)).min(1).max(100),
    strategy: z.enum(['round_robin', 'least_loaded']),
    /** The user told when a member's lead runs past its SLA (absent: the admins are). */
    lead: z.string().min(1).max(64).optional(),
  }),
]);
export type RoutingTarget = z.infer<typeof RoutingTargetSchema>;

/**
 * A rule matches when every condition it states holds (an empty list states nothing); within a
 * list any value will do. Industries and interests match as case-insensitive substrings, since
 * both are typed by people.
 */
export const RoutingRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  name: ruleText,
  when: z.object({
    regions: z.array(z.enum(REGIONS)).max(REGIONS.length).default([]),
    provinces: z.array(ruleText).max(50).default([]),
    industries: z.array(ruleText).max(50).default([]),
    interests: z.array(ruleText).max(50).default([]),
    sizes: z.array(z.enum(SIZE_BANDS)).max(SIZE_BANDS.length).default([]),
    grades: z.array(z.enum(GRADES)).max(GRADES.length).default([]),
  }),
  assign: RoutingTargetSchema,
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

const slaHours = z
  .number()
  .positive()
  .max(24 * 365)
  .nullable();

export const RoutingSchema = z
  .object({
    /** First match wins. */
    rules: z.array(RoutingRuleSchema).max(100),
    /** Where an MQL no rule matches waits for someone to pick it up. */
    defaultQueue: ruleText,
    /** Hours sales has to follow up an MQL of each grade; null: no deadline. */
    slaHours: z.object({ A: slaHours, B: slaHours, C: slaHours, D: slaHours }),
  })
  .refine((routing) => new Set(routing.rules.map((r) => r.id)).size === routing.rules.length, {
    message: 'rule ids must be unique',
    path: ['rules'],
  });
export type RoutingConfig = z.infer<typeof RoutingSchema>;

export const IntelligenceConfigSchema = z.object({
  version: z.literal(1),
  grading: GradingSchema,
  engagement: z.partialRecord(z.enum(SCORED_FACT_TYPES), FactRuleSchema),
  /** Least scores for engagement levels 1, 2 and 3 (the matrix's A1 … D4); lower is 4. */
  engagementLevels: z
    .tuple([z.number().int(), z.number().int(), z.number().int()])
    .refine(descending, { message: 'level thresholds must descend' }),
  /** A lead is an MQL when any clause holds. */
  mql: z.object({ anyOf: z.array(MqlClauseSchema).min(1).max(20) }),
  tags: z.object({ multiEventMin: z.number().int().min(2).max(100) }),
  routing: RoutingSchema,
});
export type IntelligenceConfig = z.infer<typeof IntelligenceConfigSchema>;

/**
 * Out of the box for a Chinese B2B exhibitor: buyers and decision makers at mid-size and larger
 * companies grade best; a demo or trial request outweighs a badge scan; booth facts fade over a
 * sales cycle (30–90 days) while bad news (bounce, withdrawn consent) stays until fixed.
 */
export const DEFAULT_CONFIG: IntelligenceConfig = {
  version: 1,
  grading: {
    seniority: {
      executive: 25,
      vp: 22,
      director: 20,
      manager: 12,
      supervisor: 8,
      engineer: 6,
      staff: 2,
    },
    department: { procurement: 10, management: 8, rd: 6, engineering: 6, it: 6, production: 5 },
    companySize: { '50-199': 5, '200-499': 10, '500-999': 15, '1000+': 20 },
    // Target industries are the exhibitor's own choice; a generic default would mislead.
    industries: [],
    region: {},
    budget: { none: -10, under_100k: 5, '100k_1m': 12, over_1m: 20 },
    authority: { decision_maker: 15, influencer: 8, evaluator: 6, user: 2 },
    timeline: { now: 15, within_3m: 12, within_6m: 8, within_12m: 4 },
    need: 5,
    thresholds: { A: 60, B: 40, C: 20 },
  },
  engagement: {
    registered: { points: 5, cap: 5, halfLifeDays: 90 },
    checked_in: { points: 10, cap: 20, halfLifeDays: 60 },
    badge_scanned: { points: 5, cap: 15, halfLifeDays: 30 },
    content_requested: { points: 8, cap: 24, halfLifeDays: 30 },
    content_downloaded: { points: 10, cap: 30, halfLifeDays: 45 },
    draw_entered: { points: 3, cap: 6, halfLifeDays: 30 },
    draw_won: { points: 2, cap: 2, halfLifeDays: 30 },
    demo_requested: { points: 15, cap: 30, halfLifeDays: 30 },
    trial_requested: { points: 20, cap: 40, halfLifeDays: 30 },
    survey_answered: { points: 5, cap: 10, halfLifeDays: 30 },
    sales_returned: { points: -30, cap: 30, halfLifeDays: null },
    consent_withdrawn: { points: -100, cap: 100, halfLifeDays: null },
    email_bounced: { points: -20, cap: 20, halfLifeDays: null },
  },
  engagementLevels: [60, 30, 10],
  mql: {
    anyOf: [
      { kind: 'fitAndScore', grade: 'B', minScore: 60 },
      { kind: 'fact', types: ['demo_requested', 'trial_requested'] },
      { kind: 'rating', ratings: ['hot'] },
      // At the booth a demo is usually written down as the next step rather than requested on
      // the phone page; both mean the same to sales.
      { kind: 'nextStep', steps: ['demo', 'trial'] },
    ],
  },
  tags: { multiEventMin: 2 },
  // Who sells what is the exhibitor's own org chart: out of the box every MQL waits in one queue,
  // with the follow-up times Chinese B2B sales teams commonly promise (A the same working day).
  routing: {
    rules: [],
    defaultQueue: 'inbox',
    slaHours: { A: 8, B: 24, C: 72, D: null },
  },
};

export type ConfigError =
  | { code: 'invalid_json'; message: string }
  | { code: 'invalid_config'; issues: { path: string; message: string }[] };
export type ConfigResult =
  { ok: true; config: IntelligenceConfig } | { ok: false; error: ConfigError };

/** Accepts JSON text or an already parsed value; never throws, so a bad saved config cannot crash a rescore. */
export function parseConfig(input: unknown): ConfigResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, error: { code: 'invalid_json', message: String(e) } };
    }
  }
  const parsed = IntelligenceConfigSchema.safeParse(value);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    error: {
      code: 'invalid_config',
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    },
  };
}

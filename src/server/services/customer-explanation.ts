import { z } from 'zod';
import type { ExplanationLine } from '../../shared/api';
import {
  DAY_MS,
  formatEngagementLine,
  formatFitLine,
  type EngagementLine,
  type FitKey,
  type FitLine,
  type Lang,
} from '../../shared/intelligence';

/**
 * The `explanation` column holds the engine's structured lines ({fit, engagement}); they become
 * text only when read, in the reader's language. The column is written by the scorer, but it is
 * still parsed: a row from an older or broken writer shows no lines rather than failing the page.
 */
const FIT_KEYS = [
  'title',
  'department',
  'companySize',
  'industry',
  'region',
  'budget',
  'authority',
  'timeline',
  'need',
] as const satisfies readonly FitKey[];

const FitLineSchema = z.object({
  points: z.number().int(),
  key: z.enum(FIT_KEYS),
  detail: z.string(),
}) satisfies z.ZodType<FitLine>;

const EngagementLineSchema = z.object({
  points: z.number().int(),
  key: z.string(),
  factId: z.string(),
  occurredAt: z.number(),
  ageDays: z.number().int(),
  halfLifeDays: z.number().nullable(),
  exact: z.number(),
  capped: z.boolean(),
}) satisfies z.ZodType<EngagementLine>;

const StoredExplanationSchema = z.object({
  fit: z.array(FitLineSchema),
  engagement: z.array(EngagementLineSchema),
});

/**
 * The fit lines add up to the stored fit points and the engagement lines to the stored score,
 * because the scorer stores both from one assessment. A line's age is counted up to `now`, not to
 * when it was scored: "3 天前" must still be true when read a week later (the points are those of
 * the last scoring, which the decay pass keeps recent).
 */
export function formatExplanation(stored: unknown, lang: Lang, now: number): ExplanationLine[] {
  const parsed = StoredExplanationSchema.safeParse(stored);
  if (!parsed.success) return [];
  return [
    ...parsed.data.fit.map((line) => ({
      axis: 'fit' as const,
      points: line.points,
      label: formatFitLine(line, lang),
    })),
    ...parsed.data.engagement.map((line) => ({
      axis: 'engagement' as const,
      points: line.points,
      label: formatEngagementLine(
        { ...line, ageDays: Math.max(0, Math.floor((now - line.occurredAt) / DAY_MS)) },
        lang,
        { halfLife: true },
      ),
    })),
  ];
}

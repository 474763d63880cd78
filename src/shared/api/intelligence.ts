import { z } from 'zod';
import { GRADES, STAGES, type Grade, type IntelligenceConfig, type Stage } from '../intelligence';

/** The lead-intelligence config in force; revision 0 is the built-in default, never saved. */
export interface IntelligenceConfigResponse {
  revision: number;
  config: IntelligenceConfig;
  savedBy: string | null;
  savedAt: number | null;
}

/**
 * A new config, saved only when `baseRevision` is still the one in force (else 409 with the
 * current one). `config` is checked by parseConfig, so a 400 names each wrong path.
 */
export const PutIntelligenceConfigBodySchema = z.object({
  config: z.unknown(),
  baseRevision: z.number().int().min(0),
});
export type PutIntelligenceConfigBody = z.infer<typeof PutIntelligenceConfigBodySchema>;

export const PreviewIntelligenceBodySchema = z.object({ config: z.unknown() });
export type PreviewIntelligenceBody = z.infer<typeof PreviewIntelligenceBodySchema>;

/** One config's outcome over every customer, as of now. */
export interface IntelligenceCounts {
  customers: number;
  grades: Record<Grade, number>;
  /** Stages after the config's MQL rule ran (the rule only promotes). */
  stages: Record<Stage, number>;
  /** Customers at MQL after the rule: the ones there already and the ones it would promote. */
  mqls: number;
  /** Raw or nurtured leads the rule would promote to MQL now. */
  promoted: number;
}

export interface IntelligencePreviewResponse {
  draft: IntelligenceCounts;
  current: IntelligenceCounts & { revision: number };
}

/** The body of a 400 for a config that does not validate. */
export interface InvalidConfigBody {
  error: { code: 'invalid_config'; message: string; issues: { path: string; message: string }[] };
}

/** The body of a 409: someone saved since `baseRevision`. */
export interface StaleConfigBody {
  error: { code: 'stale_revision'; message: string };
  current: IntelligenceConfigResponse;
}

export const emptyCounts = (): IntelligenceCounts => ({
  customers: 0,
  grades: Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>,
  stages: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>,
  mqls: 0,
  promoted: 0,
});

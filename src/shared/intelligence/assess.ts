import type { Qualification } from '../schemas/qualification';
import type { IntelligenceConfig } from './config';
import { computeFit, formatFitLine, type FitResult } from './grade';
import {
  computeEngagement,
  engagementLevel,
  formatEngagementLine,
  type EngagementResult,
} from './score';
import { applyMqlRule, type StageState, type StageTransition } from './stage';
import { computeTags, type IntelligenceProfile, type Lang } from './tags';
import type { Fact } from './vocabulary';

export interface LeadInput {
  profile: IntelligenceProfile;
  facts: readonly Fact[];
  qualifications: readonly Pick<
    Qualification,
    | 'rating'
    | 'budget'
    | 'authority'
    | 'timeline'
    | 'need'
    | 'interests'
    | 'nextStep'
    | 'fieldUpdatedAt'
    | 'updatedAt'
  >[];
  manualTags?: readonly string[];
  stage: StageState;
}

export interface ExplanationLine {
  axis: 'fit' | 'engagement';
  points: number;
  label: string;
}

export interface LeadAssessment {
  tags: string[];
  fit: FitResult;
  engagement: EngagementResult;
  /** The matrix cell, e.g. 'A1'. */
  cell: string;
  stage: StageState;
  /** The MQL rule's move, when this assessment made one. */
  transition: StageTransition | null;
}

/** The one call the pool and the booth make, so both show the same numbers for the same data. */
export function assessLead(
  input: LeadInput,
  config: IntelligenceConfig,
  now: number,
): LeadAssessment {
  const fit = computeFit(input.profile, input.qualifications, config);
  const engagement = computeEngagement(input.facts, config, now);
  const tags = computeTags(input, config);
  const mql = applyMqlRule(
    input.stage,
    {
      grade: fit.grade,
      score: engagement.score,
      facts: input.facts,
      qualifications: input.qualifications,
    },
    config,
    now,
  );
  return {
    tags,
    fit,
    engagement,
    cell: `${fit.grade}${engagementLevel(engagement.score, config)}`,
    stage: mql.state,
    transition: mql.record,
  };
}

/** The API's `explanation`: fit lines add up to the fit points, engagement lines to the score. */
export function explain(assessment: LeadAssessment, lang: Lang): ExplanationLine[] {
  return [
    ...assessment.fit.lines.map((line) => ({
      axis: 'fit' as const,
      points: line.points,
      label: formatFitLine(line, lang),
    })),
    ...assessment.engagement.lines.map((line) => ({
      axis: 'engagement' as const,
      points: line.points,
      label: formatEngagementLine(line, lang),
    })),
  ];
}

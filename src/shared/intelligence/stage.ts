import type { Qualification } from '../schemas/qualification';
import type { IntelligenceConfig, MqlClause } from './config';
import { gradeAtLeast } from './grade';
import type { Stage } from './ladders';
import type { Fact, Grade } from './vocabulary';

export { STAGES, type Stage } from './ladders';

export interface StageTransition {
  from: Stage;
  to: Stage;
  /** A staff/user id, or 'system' for the MQL rule. */
  who: string;
  at: number;
  why: string;
}

export interface StageState {
  stage: Stage;
  history: readonly StageTransition[];
}

export const INITIAL_STAGE: StageState = { stage: 'RL', history: [] };

/**
 * The funnel only moves one step forward at a time, so every SQL was accepted by sales first;
 * any open stage can fall back to nurture (sales returns it) or be disqualified; a nurtured lead
 * re-enters at MQL, and a disqualified one only by reopening it as a raw lead.
 */
const LEGAL: Record<Stage, readonly Stage[]> = {
  RL: ['MQL', 'nurture', 'disqualified'],
  MQL: ['SAL', 'nurture', 'disqualified'],
  SAL: ['SQL', 'nurture', 'disqualified'],
  SQL: ['nurture', 'disqualified'],
  nurture: ['MQL', 'disqualified'],
  disqualified: ['RL'],
};

/** Moves that take something away from marketing or sales must say why, or nobody can learn from them. */
const NEEDS_REASON = new Set<Stage>(['nurture', 'disqualified', 'RL']);

export type TransitionRefusal =
  | { code: 'same_stage'; stage: Stage }
  | { code: 'illegal_move'; from: Stage; to: Stage; allowed: readonly Stage[] }
  | { code: 'reason_required'; to: Stage }
  | { code: 'who_required' };

export type TransitionResult =
  | { ok: true; state: StageState; record: StageTransition }
  | { ok: false; refusal: TransitionRefusal };

export function allowedMoves(stage: Stage): readonly Stage[] {
  return LEGAL[stage];
}

export function transition(
  state: StageState,
  move: { to: Stage; who: string; at: number; why: string },
): TransitionResult {
  const from = state.stage;
  if (move.to === from) return { ok: false, refusal: { code: 'same_stage', stage: from } };
  if (!LEGAL[from].includes(move.to))
    return {
      ok: false,
      refusal: { code: 'illegal_move', from, to: move.to, allowed: LEGAL[from] },
    };
  if (move.who.trim() === '') return { ok: false, refusal: { code: 'who_required' } };
  const why = move.why.trim();
  if (why === '' && NEEDS_REASON.has(move.to))
    return { ok: false, refusal: { code: 'reason_required', to: move.to } };
  const record: StageTransition = { from, to: move.to, who: move.who, at: move.at, why };
  return { ok: true, state: { stage: move.to, history: [...state.history, record] }, record };
}

export interface MqlInput {
  grade: Grade;
  score: number;
  facts: readonly Fact[];
  qualifications: readonly Pick<
    Qualification,
    'rating' | 'nextStep' | 'fieldUpdatedAt' | 'updatedAt'
  >[];
}

export interface MqlEvaluation {
  qualifies: boolean;
  /** The clauses that held, in config order. */
  matched: MqlClause[];
  /** A one-line reason for the transition record. */
  why: string;
}

function newest<T extends 'rating' | 'nextStep'>(
  qualifications: MqlInput['qualifications'],
  field: T,
  empty: string,
  since: number,
): string | null {
  let best: { value: string; at: number } | null = null;
  for (const q of qualifications) {
    const at = q.fieldUpdatedAt[field] ?? q.updatedAt;
    if (q[field] === empty || at <= since) continue;
    if (best === null || at > best.at) best = { value: q[field], at };
  }
  return best?.value ?? null;
}

/**
 * Fact, rating and next-step clauses count only evidence newer than `since`: a lead sales
 * returned to nurture must not bounce straight back to MQL on the demo request it already had.
 * The grade-and-score clause needs no such cut, since the score already carries the return.
 */
export function evaluateMql(
  input: MqlInput,
  config: IntelligenceConfig,
  since = Number.NEGATIVE_INFINITY,
): MqlEvaluation {
  const matched: MqlClause[] = [];
  const reasons: string[] = [];
  for (const clause of config.mql.anyOf) {
    switch (clause.kind) {
      case 'fitAndScore':
        if (gradeAtLeast(input.grade, clause.grade) && input.score >= clause.minScore) {
          matched.push(clause);
          reasons.push(
            `grade ${input.grade} ≤ ${clause.grade} and score ${input.score} ≥ ${clause.minScore}`,
          );
        }
        break;
      case 'fact': {
        const fact = input.facts.find((f) => clause.types.includes(f.type) && f.occurredAt > since);
        if (fact) {
          matched.push(clause);
          reasons.push(`fact ${fact.type}`);
        }
        break;
      }
      case 'rating': {
        const rating = newest(input.qualifications, 'rating', '', since);
        if (rating !== null && (clause.ratings as readonly string[]).includes(rating)) {
          matched.push(clause);
          reasons.push(`booth rating ${rating}`);
        }
        break;
      }
      case 'nextStep': {
        const step = newest(input.qualifications, 'nextStep', 'none', since);
        if (step !== null && (clause.steps as readonly string[]).includes(step)) {
          matched.push(clause);
          reasons.push(`next step ${step}`);
        }
        break;
      }
    }
  }
  return { qualifies: matched.length > 0, matched, why: reasons.join('; ') };
}

/**
 * The rule only ever promotes (RL or nurture → MQL). It never demotes an MQL whose score has
 * decayed: a stage is a decision someone acts on, and taking it back is sales' call.
 */
export function applyMqlRule(
  state: StageState,
  input: MqlInput,
  config: IntelligenceConfig,
  at: number,
): { state: StageState; record: StageTransition | null; evaluation: MqlEvaluation | null } {
  if (state.stage !== 'RL' && state.stage !== 'nurture')
    return { state, record: null, evaluation: null };
  let since = Number.NEGATIVE_INFINITY;
  if (state.stage === 'nurture') {
    const entered = [...state.history].reverse().find((t) => t.to === 'nurture');
    if (entered) since = entered.at;
  }
  const evaluation = evaluateMql(input, config, since);
  if (!evaluation.qualifies) return { state, record: null, evaluation };
  const result = transition(state, {
    to: 'MQL',
    who: 'system',
    at,
    why: `MQL rule: ${evaluation.why}`,
  });
  // RL and nurture both may move to MQL, so this cannot be refused.
  if (!result.ok) return { state, record: null, evaluation };
  return { state: result.state, record: result.record, evaluation };
}

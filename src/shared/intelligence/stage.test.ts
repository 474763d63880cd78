import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import {
  INITIAL_STAGE,
  STAGES,
  allowedMoves,
  applyMqlRule,
  evaluateMql,
  transition,
  type MqlInput,
  type StageState,
} from './stage';

const T0 = Date.UTC(2026, 11, 1);
const QUIET: MqlInput = { grade: 'C', score: 10, facts: [], qualifications: [] };
const booth = (rating: '' | 'hot' | 'warm', nextStep: 'none' | 'demo', at: number) => ({
  rating,
  nextStep,
  fieldUpdatedAt: { rating: at, nextStep: at },
  updatedAt: at,
});

describe('transition', () => {
  it('walks RL → MQL → SAL → SQL, recording who, when, from, to and why', () => {
    let state: StageState = INITIAL_STAGE;
    const moves = [
      { to: 'MQL', who: 'system', at: T0, why: 'MQL rule' },
      { to: 'SAL', who: 'sales-1', at: T0 + 1, why: '' },
      { to: 'SQL', who: 'sales-1', at: T0 + 2, why: '预算已确认' },
    ] as const;
    for (const move of moves) {
      const result = transition(state, move);
      expect(result.ok).toBe(true);
      if (result.ok) state = result.state;
    }
    expect(state.stage).toBe('SQL');
    expect(state.history).toEqual([
      { from: 'RL', to: 'MQL', who: 'system', at: T0, why: 'MQL rule' },
      { from: 'MQL', to: 'SAL', who: 'sales-1', at: T0 + 1, why: '' },
      { from: 'SAL', to: 'SQL', who: 'sales-1', at: T0 + 2, why: '预算已确认' },
    ]);
  });

  it('refuses skipping a stage, staying put, a return without a reason and an anonymous move', () => {
    expect(transition(INITIAL_STAGE, { to: 'SQL', who: 'u', at: T0, why: 'x' })).toEqual({
      ok: false,
      refusal: {
        code: 'illegal_move',
        from: 'RL',
        to: 'SQL',
        allowed: ['MQL', 'nurture', 'disqualified'],
      },
    });
    expect(transition(INITIAL_STAGE, { to: 'RL', who: 'u', at: T0, why: 'x' })).toEqual({
      ok: false,
      refusal: { code: 'same_stage', stage: 'RL' },
    });
    const mql: StageState = { stage: 'MQL', history: [] };
    expect(transition(mql, { to: 'nurture', who: 'sales-1', at: T0, why: '  ' })).toEqual({
      ok: false,
      refusal: { code: 'reason_required', to: 'nurture' },
    });
    expect(transition(mql, { to: 'SAL', who: '', at: T0, why: '' })).toEqual({
      ok: false,
      refusal: { code: 'who_required' },
    });
  });

  it('reopens a disqualified lead only as a raw lead', () => {
    expect(allowedMoves('disqualified')).toEqual(['RL']);
  });

  it('any sequence of moves keeps a history that chains from RL to the current stage', () => {
    const arbMove = fc.record({
      to: fc.constantFrom(...STAGES),
      who: fc.constantFrom('', 'sales-1', 'system'),
      why: fc.constantFrom('', '不匹配'),
    });
    fc.assert(
      fc.property(fc.array(arbMove, { maxLength: 30 }), (moves) => {
        let state: StageState = INITIAL_STAGE;
        moves.forEach((move, i) => {
          const result = transition(state, { ...move, at: T0 + i });
          if (result.ok) {
            expect(result.record.from).toBe(state.stage);
            expect(allowedMoves(state.stage)).toContain(move.to);
            state = result.state;
          }
        });
        let at: string = 'RL';
        for (const record of state.history) {
          expect(record.from).toBe(at);
          at = record.to;
        }
        expect(at).toBe(state.stage);
      }),
    );
  });
});

describe('evaluateMql', () => {
  it('qualifies grade ≤ B with score ≥ 60, not a C with any score', () => {
    expect(evaluateMql({ ...QUIET, grade: 'B', score: 60 }, DEFAULT_CONFIG)).toMatchObject({
      qualifies: true,
      why: 'grade B ≤ B and score 60 ≥ 60',
    });
    expect(evaluateMql({ ...QUIET, grade: 'B', score: 59 }, DEFAULT_CONFIG).qualifies).toBe(false);
    expect(evaluateMql({ ...QUIET, grade: 'C', score: 95 }, DEFAULT_CONFIG).qualifies).toBe(false);
  });

  it('qualifies any demo or trial request, and a hot booth rating, whatever the grade', () => {
    const demo = {
      ...QUIET,
      grade: 'D' as const,
      facts: [{ id: 'f', type: 'trial_requested', occurredAt: T0 }],
    };
    expect(evaluateMql(demo, DEFAULT_CONFIG).why).toBe('fact trial_requested');
    const hot = { ...QUIET, qualifications: [booth('hot', 'none', T0)] };
    expect(evaluateMql(hot, DEFAULT_CONFIG).why).toBe('booth rating hot');
  });

  it('reads the newest booth rating: a later warm outweighs an earlier hot', () => {
    const input = {
      ...QUIET,
      qualifications: [booth('hot', 'none', T0), booth('warm', 'none', T0 + 1)],
    };
    expect(evaluateMql(input, DEFAULT_CONFIG).qualifies).toBe(false);
  });
});

describe('applyMqlRule', () => {
  const demo = (at: number) => ({ id: `f${at}`, type: 'demo_requested', occurredAt: at });

  it('promotes a raw lead and records the rule as the reason', () => {
    const result = applyMqlRule(
      INITIAL_STAGE,
      { ...QUIET, facts: [demo(T0)] },
      DEFAULT_CONFIG,
      T0 + 5,
    );
    expect(result.state.stage).toBe('MQL');
    expect(result.record).toEqual({
      from: 'RL',
      to: 'MQL',
      who: 'system',
      at: T0 + 5,
      why: 'MQL rule: fact demo_requested',
    });
  });

  it('does not bounce a lead sales returned back to MQL on old evidence, only on new', () => {
    const returned: StageState = {
      stage: 'nurture',
      history: [
        { from: 'RL', to: 'MQL', who: 'system', at: T0, why: 'MQL rule' },
        { from: 'MQL', to: 'nurture', who: 'sales-1', at: T0 + 10, why: '暂无预算' },
      ],
    };
    const old = applyMqlRule(returned, { ...QUIET, facts: [demo(T0)] }, DEFAULT_CONFIG, T0 + 20);
    expect(old.state).toBe(returned);
    const fresh = applyMqlRule(
      returned,
      { ...QUIET, facts: [demo(T0), demo(T0 + 15)] },
      DEFAULT_CONFIG,
      T0 + 20,
    );
    expect(fresh.record).toMatchObject({ from: 'nurture', to: 'MQL' });
  });

  it('never demotes or moves a lead past MQL', () => {
    for (const stage of ['MQL', 'SAL', 'SQL', 'disqualified'] as const) {
      const state: StageState = { stage, history: [] };
      const result = applyMqlRule(state, { ...QUIET, facts: [demo(T0)] }, DEFAULT_CONFIG, T0);
      expect(result.state).toBe(state);
      expect(result.record).toBeNull();
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type IntelligenceConfig } from './config';
import { apportion, computeEngagement, engagementLevel, formatEngagementLine } from './score';
import { DAY_MS, SCORED_FACT_TYPES, type Fact } from './vocabulary';

const NOW = Date.UTC(2026, 11, 1, 12);
const fact = (id: string, type: string, daysAgo: number): Fact => ({
  id,
  type,
  occurredAt: NOW - daysAgo * DAY_MS,
});

describe('computeEngagement', () => {
  it('a demo asked for three days ago: 15 × 0.5^(3/30) = 14.0', () => {
    const result = computeEngagement([fact('f1', 'demo_requested', 3)], DEFAULT_CONFIG, NOW);
    expect(result.score).toBe(14);
    expect(result.lines[0]!.exact).toBeCloseTo(13.9955, 4);
    expect(formatEngagementLine(result.lines[0]!, 'zh-CN')).toBe('+14 申请演示 · 3 天前');
    expect(formatEngagementLine(result.lines[0]!, 'en', { halfLife: true })).toBe(
      '+14 Requested a demo · 3 days ago (half-life 30 d)',
    );
  });

  it('the same fact 90 days old is worth 15 / 8', () => {
    const result = computeEngagement([fact('f1', 'demo_requested', 90)], DEFAULT_CONFIG, NOW);
    expect(result.lines[0]!.exact).toBeCloseTo(1.875, 9);
    expect(result.score).toBe(2);
  });

  it('negative facts never fade: a bounced email costs 20 a year later', () => {
    const result = computeEngagement(
      [fact('f1', 'checked_in', 0), fact('f2', 'email_bounced', 365)],
      DEFAULT_CONFIG,
      NOW,
    );
    expect(result.lines.map((l) => formatEngagementLine(l, 'zh-CN'))).toEqual([
      '+10 签到 · 今天',
      '-20 邮件退信 · 365 天前',
    ]);
    expect(result.score).toBe(-10);
  });

  it('a cap counts the newest facts and marks the rest', () => {
    const scans = [0, 1, 2, 3, 4].map((d) => fact(`s${d}`, 'badge_scanned', d / 1000));
    const result = computeEngagement(scans, DEFAULT_CONFIG, NOW);
    expect(result.score).toBe(15);
    expect(result.lines.map((l) => [l.factId, l.points, l.capped])).toEqual([
      ['s0', 5, false],
      ['s1', 5, false],
      ['s2', 5, false],
      ['s3', 0, true],
      ['s4', 0, true],
    ]);
    expect(formatEngagementLine(result.lines[3]!, 'en')).toBe('0 Badge scanned · today (capped)');
  });

  it('counts a re-uploaded fact once and ignores unscored types', () => {
    const result = computeEngagement(
      [fact('f1', 'trial_requested', 0), fact('f1', 'trial_requested', 0), fact('n', 'note', 0)],
      DEFAULT_CONFIG,
      NOW,
    );
    expect(result.lines).toHaveLength(1);
    expect(result.score).toBe(20);
  });

  it('treats a fact from a fast clock as happening now', () => {
    const result = computeEngagement([fact('f1', 'demo_requested', -2)], DEFAULT_CONFIG, NOW);
    expect(result.lines[0]).toMatchObject({ ageDays: 0, points: 15 });
  });

  it('maps scores to the matrix levels', () => {
    expect([80, 60, 59, 30, 10, 9, -5].map((s) => engagementLevel(s, DEFAULT_CONFIG))).toEqual([
      1, 1, 2, 2, 3, 4, 4,
    ]);
  });
});

describe('apportion', () => {
  it('hands the rounded total out by largest remainder', () => {
    expect(apportion([0.4, 0.4, 0.4])).toEqual([1, 0, 0]);
    expect(apportion([7.5, 7.5])).toEqual([8, 7]);
    expect(apportion([])).toEqual([]);
  });
});

const arbFacts = fc.array(
  fc.record({
    id: fc.integer({ min: 0, max: 30 }).map(String),
    type: fc.constantFrom(...SCORED_FACT_TYPES, 'note'),
    occurredAt: fc.integer({ min: NOW - 400 * DAY_MS, max: NOW + DAY_MS }),
  }),
  { maxLength: 40 },
);
const arbConfig: fc.Arbitrary<IntelligenceConfig> = fc
  .dictionary(
    fc.constantFrom(...SCORED_FACT_TYPES),
    fc.oneof(
      fc.record({
        points: fc.integer({ min: 0, max: 50 }),
        cap: fc.integer({ min: 0, max: 120 }),
        halfLifeDays: fc.oneof(fc.constant(null), fc.double({ min: 0.5, max: 400, noNaN: true })),
      }),
      fc.record({
        points: fc.integer({ min: -100, max: -1 }),
        cap: fc.integer({ min: 0, max: 120 }),
        halfLifeDays: fc.constant(null),
      }),
    ),
  )
  .map((engagement) => ({ ...DEFAULT_CONFIG, engagement }));

describe('engagement properties', () => {
  it('the score is exactly the sum of the lines, and the round of the exact total per type', () => {
    fc.assert(
      fc.property(arbFacts, arbConfig, (facts, config) => {
        const { lines, score } = computeEngagement(facts, config, NOW);
        expect(score).toBe(lines.reduce((s, l) => s + l.points, 0));
        for (const line of lines) expect(Number.isInteger(line.points)).toBe(true);
        const exactByType = new Map<string, number>();
        for (const l of lines) exactByType.set(l.key, (exactByType.get(l.key) ?? 0) + l.exact);
        const expected = [...exactByType.values()].reduce((s, v) => s + Math.round(v), 0);
        expect(score).toBe(expected);
      }),
    );
  });

  it('never rises as the same facts age', () => {
    fc.assert(
      fc.property(
        arbFacts,
        arbConfig,
        fc.integer({ min: 0, max: 500 * DAY_MS }),
        (facts, config, later) => {
          const before = computeEngagement(facts, config, NOW).score;
          const after = computeEngagement(facts, config, NOW + later).score;
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it('no type ever shows more than its cap, in exact or displayed points', () => {
    fc.assert(
      fc.property(arbFacts, arbConfig, (facts, config) => {
        const { lines } = computeEngagement(facts, config, NOW);
        const byType = new Map<string, { exact: number; shown: number }>();
        for (const l of lines) {
          const t = byType.get(l.key) ?? { exact: 0, shown: 0 };
          byType.set(l.key, { exact: t.exact + l.exact, shown: t.shown + l.points });
        }
        for (const [type, total] of byType) {
          const cap = config.engagement[type]!.cap;
          expect(Math.abs(total.exact)).toBeLessThanOrEqual(cap + 1e-9);
          expect(Math.abs(total.shown)).toBeLessThanOrEqual(cap);
        }
      }),
    );
  });

  it('does not depend on the order the facts arrive in', () => {
    fc.assert(
      fc.property(arbFacts, arbConfig, (facts, config) => {
        const reversed = [...facts].reverse();
        expect(computeEngagement(reversed, config, NOW)).toEqual(
          computeEngagement(facts, config, NOW),
        );
      }),
    );
  });
});

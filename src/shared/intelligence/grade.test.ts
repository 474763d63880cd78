import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import {
  computeFit,
  formatFitLine,
  gradeAtLeast,
  latestBant,
  type GradedQualification,
} from './grade';
import type { IntelligenceProfile } from './tags';

const PROFILE: IntelligenceProfile = {
  title: '总监',
  department: '',
  industry: '',
  companySize: '500+',
  province: '',
  city: '',
};
const q = (fields: Partial<GradedQualification>, updatedAt = 1): GradedQualification => ({
  budget: 'unknown',
  authority: 'unknown',
  timeline: 'unknown',
  need: '',
  fieldUpdatedAt: {},
  updatedAt,
  ...fields,
});

describe('computeFit', () => {
  it('grades a 总监 at a 500+ company from its lines', () => {
    const fit = computeFit(PROFILE, [], DEFAULT_CONFIG);
    expect(fit.lines).toEqual([
      { points: 20, key: 'title', detail: '总监' },
      { points: 15, key: 'companySize', detail: '500+' },
    ]);
    expect(fit).toMatchObject({ points: 35, grade: 'C' });
    expect(fit.lines.map((l) => formatFitLine(l, 'zh-CN'))).toEqual([
      '+20 职位: 总监',
      '+15 公司规模: 500+',
    ]);
  });

  it('adds the booth BANT: a decision maker with budget and a near timeline is an A', () => {
    const fit = computeFit(
      PROFILE,
      [
        q({
          budget: 'over_1m',
          authority: 'decision_maker',
          timeline: 'within_3m',
          need: '产线自动化',
        }),
      ],
      DEFAULT_CONFIG,
    );
    expect(fit.lines.slice(2)).toEqual([
      { points: 20, key: 'budget', detail: 'over_1m' },
      { points: 15, key: 'authority', detail: 'decision_maker' },
      { points: 12, key: 'timeline', detail: 'within_3m' },
      { points: 5, key: 'need', detail: '产线自动化' },
    ]);
    expect(fit).toMatchObject({ points: 87, grade: 'A' });
    expect(formatFitLine(fit.lines[2]!, 'en')).toBe('+20 Budget: over 1M');
  });

  it('takes away points for no budget, and matches configured industries first to last', () => {
    const config = {
      ...DEFAULT_CONFIG,
      grading: {
        ...DEFAULT_CONFIG.grading,
        industries: [
          { contains: ['汽车'], points: 15 },
          { contains: ['制造'], points: 5 },
        ],
      },
    };
    const fit = computeFit(
      { ...PROFILE, title: '', companySize: '', industry: '汽车制造' },
      [q({ budget: 'none' })],
      config,
    );
    expect(fit.lines).toEqual([
      { points: 15, key: 'industry', detail: '汽车制造' },
      { points: -10, key: 'budget', detail: 'none' },
    ]);
    expect(fit).toMatchObject({ points: 5, grade: 'D' });
    expect(formatFitLine(fit.lines[1]!, 'zh-CN')).toBe('-10 预算: 无预算');
  });

  it('the points are always the sum of the lines and decide the grade', () => {
    const titles = ['', '董事长', 'VP', '经理', '工程师', 'Director'];
    const sizes = ['', '20', '150', '300', '800', '5000'];
    fc.assert(
      fc.property(
        fc.constantFrom(...titles),
        fc.constantFrom(...sizes),
        fc.constantFrom('unknown', 'none', 'under_100k', '100k_1m', 'over_1m' as const),
        (title, companySize, budget) => {
          const fit = computeFit(
            { ...PROFILE, title, companySize },
            [q({ budget })],
            DEFAULT_CONFIG,
          );
          expect(fit.points).toBe(fit.lines.reduce((s, l) => s + l.points, 0));
          const t = DEFAULT_CONFIG.grading.thresholds;
          expect(fit.grade).toBe(
            fit.points >= t.A ? 'A' : fit.points >= t.B ? 'B' : fit.points >= t.C ? 'C' : 'D',
          );
        },
      ),
    );
  });
});

describe('latestBant', () => {
  it('keeps the newest known answer per field; a later unknown erases nothing', () => {
    const bant = latestBant([
      q(
        {
          budget: '100k_1m',
          authority: 'influencer',
          fieldUpdatedAt: { budget: 10, authority: 10 },
        },
        10,
      ),
      q({ budget: 'over_1m', fieldUpdatedAt: { budget: 20 } }, 20),
      q({ budget: 'unknown', authority: 'unknown' }, 30),
    ]);
    expect(bant).toEqual({
      budget: 'over_1m',
      authority: 'influencer',
      timeline: 'unknown',
      need: '',
    });
  });
});

describe('gradeAtLeast', () => {
  it('reads "grade ≤ B" as A or B', () => {
    expect(['A', 'B', 'C', 'D'].map((g) => gradeAtLeast(g as 'A', 'B'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

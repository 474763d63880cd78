import { describe, expect, it } from 'vitest';
import { EMPTY_QUALIFICATION_FIELDS } from '../schemas/qualification';
import { assessLead, explain, type LeadInput } from './assess';
import { DEFAULT_CONFIG } from './config';
import { INITIAL_STAGE } from './stage';
import { DAY_MS } from './vocabulary';

const NOW = Date.UTC(2026, 11, 1, 12);
const EVENT = '019a0000-0000-7000-8000-0000000000e1';

const director: LeadInput = {
  profile: {
    title: '总监',
    department: '',
    industry: '',
    companySize: '500+',
    province: '上海',
    city: '',
  },
  facts: [
    { id: 'c', type: 'checked_in', occurredAt: NOW - 3 * DAY_MS, eventId: EVENT },
    { id: 'd', type: 'demo_requested', occurredAt: NOW - 3 * DAY_MS, eventId: EVENT },
  ],
  qualifications: [
    {
      ...EMPTY_QUALIFICATION_FIELDS,
      rating: 'warm',
      interests: ['MES 系统'],
      fieldUpdatedAt: {},
      updatedAt: NOW - 3 * DAY_MS,
    },
  ],
  stage: INITIAL_STAGE,
};

describe('assessLead', () => {
  it('a 总监 at a 500+ company who asked for a demo three days ago becomes an MQL, line by line', () => {
    const result = assessLead(director, DEFAULT_CONFIG, NOW);
    expect(result.fit).toMatchObject({ points: 35, grade: 'C' });
    expect(result.engagement.score).toBe(24);
    expect(result.cell).toBe('C3');
    expect(result.tags).toEqual([
      'behaviour:checked_in',
      'behaviour:demo_requested',
      'interest:MES 系统',
      'region:east',
      'seniority:director',
      'size:500-999',
    ]);
    expect(result.stage.stage).toBe('MQL');
    expect(result.transition?.why).toBe('MQL rule: fact demo_requested');
    expect(explain(result, 'zh-CN')).toEqual([
      { axis: 'fit', points: 20, label: '+20 职位: 总监' },
      { axis: 'fit', points: 15, label: '+15 公司规模: 500+' },
      { axis: 'engagement', points: 10, label: '+10 签到 · 3 天前' },
      { axis: 'engagement', points: 14, label: '+14 申请演示 · 3 天前' },
    ]);
  });

  it('the same facts 90 days on score less, and the explanation still adds up', () => {
    const later = NOW + 87 * DAY_MS;
    const result = assessLead(director, DEFAULT_CONFIG, later);
    // 10 × 0.5^(90/60) ≈ 3.5 → 4, and 15 × 0.5^(90/30) ≈ 1.9 → 2
    expect(result.engagement.score).toBe(6);
    const lines = explain(result, 'en');
    const sum = (axis: string) =>
      lines.filter((l) => l.axis === axis).reduce((s, l) => s + l.points, 0);
    expect(sum('fit')).toBe(result.fit.points);
    expect(sum('engagement')).toBe(result.engagement.score);
    expect(lines[3]!.label).toBe('+2 Requested a demo · 90 days ago');
  });
});

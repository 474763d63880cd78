import type { Qualification, QualificationFields } from '../schemas/qualification';
import type { IntelligenceConfig } from './config';
import {
  departmentLabel,
  departmentOf,
  regionOf,
  seniorityOf,
  sizeBandOf,
  type IntelligenceProfile,
} from './tags';
import { GRADES, type Grade } from './vocabulary';

export type FitKey =
  | 'title'
  | 'department'
  | 'companySize'
  | 'industry'
  | 'region'
  | 'budget'
  | 'authority'
  | 'timeline'
  | 'need';

/** `detail` is what matched: the visitor's own text for profile keys, the enum value for BANT. */
export interface FitLine {
  points: number;
  key: FitKey;
  detail: string;
}

export interface FitResult {
  lines: FitLine[];
  /** Always the sum of the lines' points. */
  points: number;
  grade: Grade;
}

type Bant = Pick<QualificationFields, 'budget' | 'authority' | 'timeline' | 'need'>;
export type GradedQualification = Pick<
  Qualification,
  'budget' | 'authority' | 'timeline' | 'need' | 'fieldUpdatedAt' | 'updatedAt'
>;

const UNKNOWN: Bant = { budget: 'unknown', authority: 'unknown', timeline: 'unknown', need: '' };

/**
 * A customer may have been qualified at several events. Per field, the newest known answer wins:
 * a later "unknown" means nobody asked again, not that the budget went away.
 */
export function latestBant(qualifications: readonly GradedQualification[]): Bant {
  const result: Bant = { ...UNKNOWN };
  const at: Partial<Record<keyof Bant, number>> = {};
  for (const q of qualifications) {
    for (const field of ['budget', 'authority', 'timeline', 'need'] as const) {
      const value = q[field];
      if (value === UNKNOWN[field] || value.trim() === '') continue;
      const when = q.fieldUpdatedAt[field] ?? q.updatedAt;
      const seen = at[field];
      if (seen === undefined || when > seen) {
        (result as Record<keyof Bant, string>)[field] = value;
        at[field] = when;
      }
    }
  }
  return result;
}

export function gradeOf(points: number, config: IntelligenceConfig): Grade {
  const t = config.grading.thresholds;
  return points >= t.A ? 'A' : points >= t.B ? 'B' : points >= t.C ? 'C' : 'D';
}

/** True when `grade` is at least as good as `worstAllowed` (A best). */
export function gradeAtLeast(grade: Grade, worstAllowed: Grade): boolean {
  return GRADES.indexOf(grade) <= GRADES.indexOf(worstAllowed);
}

export function computeFit(
  profile: IntelligenceProfile,
  qualifications: readonly GradedQualification[],
  config: IntelligenceConfig,
): FitResult {
  const g = config.grading;
  const lines: FitLine[] = [];
  const add = (key: FitKey, points: number | undefined, detail: string) => {
    // A zero line explains nothing; an unmatched attribute simply has no line.
    if (points !== undefined && points !== 0) lines.push({ points, key, detail });
  };

  const seniority = seniorityOf(profile.title);
  if (seniority) add('title', g.seniority[seniority], profile.title.trim());
  const department = departmentOf(profile.department, profile.title);
  // The department's name, not the text it was read from: "部门: 采购总监" beside "职位: 采购总监"
  // read as one title counted twice.
  if (department) add('department', g.department[department], department);
  const band = sizeBandOf(profile.companySize);
  if (band) add('companySize', g.companySize[band], profile.companySize.trim());
  const industry = profile.industry.trim().toLowerCase();
  if (industry !== '') {
    const rule = g.industries.find((r) =>
      r.contains.some((word) => industry.includes(word.toLowerCase())),
    );
    if (rule) add('industry', rule.points, profile.industry.trim());
  }
  const region = regionOf(profile.province, profile.city);
  if (region) add('region', g.region[region], profile.province.trim() || profile.city.trim());

  const bant = latestBant(qualifications);
  if (bant.budget !== 'unknown') add('budget', g.budget[bant.budget], bant.budget);
  if (bant.authority !== 'unknown') add('authority', g.authority[bant.authority], bant.authority);
  if (bant.timeline !== 'unknown') add('timeline', g.timeline[bant.timeline], bant.timeline);
  if (bant.need.trim() !== '') add('need', g.need, bant.need.trim().slice(0, 40));

  const points = lines.reduce((sum, line) => sum + line.points, 0);
  return { lines, points, grade: gradeOf(points, config) };
}

const FIT_KEY_LABELS: Record<FitKey, Record<'zh-CN' | 'en', string>> = {
  title: { 'zh-CN': '职位', en: 'Title' },
  department: { 'zh-CN': '部门', en: 'Department' },
  companySize: { 'zh-CN': '公司规模', en: 'Company size' },
  industry: { 'zh-CN': '行业', en: 'Industry' },
  region: { 'zh-CN': '地区', en: 'Region' },
  budget: { 'zh-CN': '预算', en: 'Budget' },
  authority: { 'zh-CN': '决策权', en: 'Authority' },
  timeline: { 'zh-CN': '时间', en: 'Timeline' },
  need: { 'zh-CN': '需求', en: 'Need' },
};

const BANT_LABELS: Record<string, Record<'zh-CN' | 'en', string>> = {
  none: { 'zh-CN': '无预算', en: 'no budget' },
  under_100k: { 'zh-CN': '10万以下', en: 'under 100k' },
  '100k_1m': { 'zh-CN': '10万–100万', en: '100k–1M' },
  over_1m: { 'zh-CN': '100万以上', en: 'over 1M' },
  decision_maker: { 'zh-CN': '决策者', en: 'decision maker' },
  influencer: { 'zh-CN': '影响者', en: 'influencer' },
  evaluator: { 'zh-CN': '评估者', en: 'evaluator' },
  user: { 'zh-CN': '使用者', en: 'user' },
  now: { 'zh-CN': '立即', en: 'now' },
  within_3m: { 'zh-CN': '3个月内', en: 'within 3 months' },
  within_6m: { 'zh-CN': '6个月内', en: 'within 6 months' },
  within_12m: { 'zh-CN': '12个月内', en: 'within 12 months' },
  later: { 'zh-CN': '更晚', en: 'later' },
};

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** "+20 职位: 总监" */
export function formatFitLine(line: FitLine, lang: 'zh-CN' | 'en'): string {
  const isEnum = line.key === 'budget' || line.key === 'authority' || line.key === 'timeline';
  const detail = isEnum
    ? (BANT_LABELS[line.detail]?.[lang] ?? line.detail)
    : line.key === 'department'
      ? (departmentLabel(line.detail, lang) ?? line.detail)
      : line.detail;
  return `${signed(line.points)} ${FIT_KEY_LABELS[line.key][lang]}: ${detail}`;
}

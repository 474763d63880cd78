import type { IntelligenceConfig } from './config';
import type { Lang } from './tags';
import { DAY_MS, type Fact } from './vocabulary';

export interface EngagementLine {
  /** An integer share of its type's rounded total; the lines' points always add up to the score. */
  points: number;
  /** The fact type. */
  key: string;
  factId: string;
  occurredAt: number;
  /** Whole days between the fact and `now` (0 for a fact stamped in the future by a fast clock). */
  ageDays: number;
  halfLifeDays: number | null;
  /** The unrounded contribution after decay and cap, kept so a UI or test can show the math. */
  exact: number;
  /** The type's cap cut this fact's contribution short (possibly to nothing). */
  capped: boolean;
}

export interface EngagementResult {
  lines: EngagementLine[];
  score: number;
}

/**
 * Points × 0.5^(age / half-life) per fact, newest first; per type the running total stops at the
 * cap, so the newest facts are the ones counted.
 *
 * Rounding happens once per fact type: the type's exact total is rounded (Math.round) and its
 * lines receive integer shares of it by largest remainder. So the displayed lines add up to the
 * displayed score with no "rounding" line, and a type never shows more than its (integer) cap,
 * which one rounding of the grand total could not promise.
 *
 * Unconfigured fact types (notes, duplicate markers) score nothing and get no line. A fact
 * uploaded twice (same id) counts once.
 */
export function computeEngagement(
  facts: readonly Fact[],
  config: IntelligenceConfig,
  now: number,
): EngagementResult {
  const ordered = [...facts].sort(
    (a, b) => b.occurredAt - a.occurredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const seen = new Set<string>();
  const remaining = new Map<string, number>();
  const exactLines: Omit<EngagementLine, 'points'>[] = [];
  for (const fact of ordered) {
    if (seen.has(fact.id)) continue;
    seen.add(fact.id);
    const rule = config.engagement[fact.type];
    if (!rule) continue;
    const ageMs = Math.max(0, now - fact.occurredAt);
    const factor = rule.halfLifeDays === null ? 1 : 0.5 ** (ageMs / (rule.halfLifeDays * DAY_MS));
    const raw = Math.abs(rule.points) * factor;
    const left = remaining.get(fact.type) ?? rule.cap;
    const counted = Math.min(raw, left);
    remaining.set(fact.type, left - counted);
    exactLines.push({
      key: fact.type,
      factId: fact.id,
      occurredAt: fact.occurredAt,
      ageDays: Math.floor(ageMs / DAY_MS),
      halfLifeDays: rule.halfLifeDays,
      exact: Math.sign(rule.points) * counted,
      capped: counted < raw,
    });
  }
  const byType = new Map<string, number[]>();
  exactLines.forEach((line, i) => {
    const indices = byType.get(line.key);
    if (indices) indices.push(i);
    else byType.set(line.key, [i]);
  });
  const points = new Array<number>(exactLines.length).fill(0);
  for (const indices of byType.values()) {
    const shares = apportion(indices.map((i) => exactLines[i]!.exact));
    indices.forEach((i, k) => (points[i] = shares[k]!));
  }
  const lines = exactLines.map((line, i) => ({ ...line, points: points[i]! }));
  return { lines, score: lines.reduce((sum, line) => sum + line.points, 0) };
}

/**
 * Integers that add up to Math.round(sum of values), each the floor or ceiling of its value:
 * the floors first, then one more to the values with the largest remainders (earlier first on
 * ties, so the result is deterministic).
 */
export function apportion(values: readonly number[]): number[] {
  const floors = values.map(Math.floor);
  const total = Math.round(values.reduce((sum, v) => sum + v, 0));
  const extra = total - floors.reduce((sum, v) => sum + v, 0);
  const byRemainder = values
    .map((v, i) => ({ i, r: v - floors[i]! }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  const give = Math.max(0, Math.min(extra, values.length));
  for (let k = 0; k < give; k++) floors[byRemainder[k]!.i]! += 1;
  return floors;
}

/** 1 (most engaged) … 4, the digit of the A1 … D4 matrix. */
export function engagementLevel(score: number, config: IntelligenceConfig): 1 | 2 | 3 | 4 {
  const [one, two, three] = config.engagementLevels;
  return score >= one ? 1 : score >= two ? 2 : score >= three ? 3 : 4;
}

export const FACT_LABELS: Readonly<Record<string, Record<Lang, string>>> = {
  registered: { 'zh-CN': '报名', en: 'Registered' },
  checked_in: { 'zh-CN': '签到', en: 'Checked in' },
  badge_scanned: { 'zh-CN': '扫描胸卡', en: 'Badge scanned' },
  content_requested: { 'zh-CN': '索取资料', en: 'Requested content' },
  content_downloaded: { 'zh-CN': '下载资料', en: 'Downloaded content' },
  draw_entered: { 'zh-CN': '参与抽奖', en: 'Entered a draw' },
  draw_won: { 'zh-CN': '抽奖中奖', en: 'Won a draw' },
  demo_requested: { 'zh-CN': '申请演示', en: 'Requested a demo' },
  trial_requested: { 'zh-CN': '申请试用', en: 'Requested a trial' },
  survey_answered: { 'zh-CN': '填写问卷', en: 'Answered a survey' },
  sales_returned: { 'zh-CN': '销售退回：不匹配', en: 'Returned by sales: not a fit' },
  consent_withdrawn: { 'zh-CN': '撤回授权', en: 'Consent withdrawn' },
  email_bounced: { 'zh-CN': '邮件退信', en: 'Email bounced' },
};

/** "+14 申请演示 · 3 天前", with the half-life appended when asked for. */
export function formatEngagementLine(
  line: EngagementLine,
  lang: Lang,
  options: { halfLife?: boolean } = {},
): string {
  const sign = line.points > 0 ? '+' : '';
  const label = FACT_LABELS[line.key]?.[lang] ?? line.key;
  const zh = lang === 'zh-CN';
  const age =
    line.ageDays === 0
      ? zh
        ? '今天'
        : 'today'
      : zh
        ? `${line.ageDays} 天前`
        : `${line.ageDays} ${line.ageDays === 1 ? 'day' : 'days'} ago`;
  const notes: string[] = [];
  if (options.halfLife && line.halfLifeDays !== null)
    notes.push(zh ? `半衰期 ${line.halfLifeDays} 天` : `half-life ${line.halfLifeDays} d`);
  if (line.capped) notes.push(zh ? '已达上限' : 'capped');
  return `${sign}${line.points} ${label} · ${age}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

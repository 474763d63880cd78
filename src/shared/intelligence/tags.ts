import type { Qualification } from '../schemas/qualification';
import type { IntelligenceConfig } from './config';
import {
  type Department,
  type Fact,
  type Region,
  type Seniority,
  type SizeBand,
  DEPARTMENTS,
  REGIONS,
  SENIORITIES,
  SIZE_BANDS,
} from './vocabulary';

/** The profile fields the engine reads; Person and a pool customer both satisfy it. */
export interface IntelligenceProfile {
  title: string;
  department: string;
  industry: string;
  companySize: string;
  province: string;
  city: string;
}

/**
 * First match wins, so the more specific patterns come first: 副总经理 contains 总经理,
 * "Vice President" contains "President", "Managing Director" contains "Director".
 */
const SENIORITY_PATTERNS: [Seniority, RegExp][] = [
  // An assistant to a general manager is not one (总经理助理), though 助理总裁 is close to a VP.
  ['staff', /助理$|秘书|assistant to|secretary/i],
  ['vp', /副总|副董事长|副院长|\b(?:s|e)?vp\b|vice[\s-]*president/i],
  [
    'executive',
    /董事长|总裁|总经理|首席|创始人|合伙人|董事|厂长|老板|\bc[etfoi]o\b|chief|president|founder|owner|chairman|general manager|managing director|\bgm\b/i,
  ],
  ['director', /总监|部长|院长|总工|director|\bhead\b/i],
  ['manager', /经理|manager/i],
  ['supervisor', /主管|组长|领班|supervisor|team lead|\blead\b/i],
  ['engineer', /工程师|技术员|架构师|开发|engineer|developer|architect|technician/i],
  ['staff', /专员|助理|文员|职员|采购员|销售员|specialist|assistant|coordinator|clerk|officer/i],
];

export function seniorityOf(title: string): Seniority | null {
  for (const [seniority, pattern] of SENIORITY_PATTERNS) if (pattern.test(title)) return seniority;
  return null;
}

const DEPARTMENT_PATTERNS: [Department, RegExp][] = [
  ['procurement', /采购|供应链|procurement|purchas|sourcing|supply chain/i],
  ['rd', /研发|研究|r\s*&\s*d|research/i],
  ['it', /信息|\bit\b|数字化|information tech/i],
  ['quality', /质量|品质|质检|\bqa\b|\bqc\b|quality/i],
  ['production', /生产|制造|工厂|车间|production|manufactur|plant|operations/i],
  ['engineering', /技术|工程|engineering/i],
  ['marketing', /市场|品牌|marketing|brand/i],
  ['sales', /销售|商务|业务|sales|business development/i],
  ['finance', /财务|会计|finance|accounting/i],
  ['hr', /人力|人事|\bhr\b|human resources/i],
  ['management', /总经办|管理层|董事会|management|executive office/i],
];

/** From the department field, else from the title ("采购经理" says procurement). */
export function departmentOf(department: string, title: string): Department | null {
  for (const source of [department, title]) {
    if (source.trim() === '') continue;
    for (const [dept, pattern] of DEPARTMENT_PATTERNS) if (pattern.test(source)) return dept;
  }
  return null;
}

/**
 * Company size is free text ("500+", "100-499人", "1000人以上", "50人以下", "1万人"). A range is
 * banded by its midpoint so "100-499" lands in 200-499 rather than at its lower edge.
 */
export function sizeBandOf(companySize: string): SizeBand | null {
  const numbers = [...companySize.matchAll(/(\d+(?:\.\d+)?)\s*([千kK万wW])?/g)].map(
    ([, n, unit]) => Number(n) * (unit === undefined ? 1 : /[千kK]/.test(unit) ? 1000 : 10_000),
  );
  if (numbers.length === 0) return null;
  let count: number;
  if (numbers.length >= 2) count = (numbers[0]! + numbers[1]!) / 2;
  else if (/以下|以内|under|less|below|fewer|</i.test(companySize)) count = numbers[0]! - 1;
  else count = numbers[0]!;
  if (count < 1) return null;
  if (count < 50) return '1-49';
  if (count < 200) return '50-199';
  if (count < 500) return '200-499';
  if (count < 1000) return '500-999';
  return '1000+';
}

const PROVINCES: Record<Exclude<Region, 'overseas'>, string[]> = {
  north: [
    '北京',
    '天津',
    '河北',
    '山西',
    '内蒙古',
    'beijing',
    'tianjin',
    'hebei',
    'shanxi',
    'inner mongolia',
  ],
  northeast: ['辽宁', '吉林', '黑龙江', 'liaoning', 'jilin', 'heilongjiang'],
  east: [
    '上海',
    '江苏',
    '浙江',
    '安徽',
    '福建',
    '江西',
    '山东',
    'shanghai',
    'jiangsu',
    'zhejiang',
    'anhui',
    'fujian',
    'jiangxi',
    'shandong',
  ],
  central: ['河南', '湖北', '湖南', 'henan', 'hubei', 'hunan'],
  south: ['广东', '广西', '海南', 'guangdong', 'guangxi', 'hainan'],
  southwest: [
    '重庆',
    '四川',
    '贵州',
    '云南',
    '西藏',
    'chongqing',
    'sichuan',
    'guizhou',
    'yunnan',
    'tibet',
    'xizang',
  ],
  northwest: [
    '陕西',
    '甘肃',
    '青海',
    '宁夏',
    '新疆',
    'shaanxi',
    'gansu',
    'qinghai',
    'ningxia',
    'xinjiang',
  ],
  hmt: ['香港', '澳门', '台湾', 'hong kong', 'macau', 'macao', 'taiwan'],
};

/** Cities visitors often type instead of a province. */
const CITIES: Record<string, Exclude<Region, 'overseas'>> = {
  深圳: 'south',
  广州: 'south',
  东莞: 'south',
  佛山: 'south',
  珠海: 'south',
  苏州: 'east',
  杭州: 'east',
  南京: 'east',
  宁波: 'east',
  无锡: 'east',
  厦门: 'east',
  青岛: 'east',
  济南: 'east',
  合肥: 'east',
  成都: 'southwest',
  昆明: 'southwest',
  武汉: 'central',
  长沙: 'central',
  郑州: 'central',
  西安: 'northwest',
  沈阳: 'northeast',
  大连: 'northeast',
  哈尔滨: 'northeast',
  石家庄: 'north',
  shenzhen: 'south',
  guangzhou: 'south',
  suzhou: 'east',
  hangzhou: 'east',
  nanjing: 'east',
  chengdu: 'southwest',
  wuhan: 'central',
  xian: 'northwest',
};

const OVERSEAS = /海外|国外|境外|overseas|abroad|international/i;

export function regionOf(province: string, city: string): Region | null {
  const p = province
    .trim()
    .toLowerCase()
    .replace(/\s+(province|municipality|sar)$/, '');
  if (p !== '') {
    // Shaanxi (陕西) must win over Shanxi (山西) when spelled in pinyin; the exact name decides.
    for (const [region, names] of Object.entries(PROVINCES) as [Region, string[]][]) {
      if (names.some((name) => p === name || (/[^\x20-\x7e]/.test(name) && p.startsWith(name))))
        return region;
    }
    if (OVERSEAS.test(p)) return 'overseas';
  }
  const c = city.trim().toLowerCase().replace(/市$/, '');
  return CITIES[c] ?? (OVERSEAS.test(c) && c !== '' ? 'overseas' : null);
}

/**
 * Tags are strings `family:value`. Static ones are in TAG_DICTIONARY; dynamic ones carry their
 * own label text after the prefix (an interest, an industry, an asset id, a manual tag).
 */
export interface TagInput {
  profile: IntelligenceProfile;
  facts: readonly Fact[];
  qualifications: readonly Pick<Qualification, 'interests'>[];
  manualTags?: readonly string[];
}

const clean = (value: string) => value.trim().replace(/\s+/g, ' ').slice(0, 100);

export function computeTags(input: TagInput, config: IntelligenceConfig): string[] {
  const tags = new Set<string>();
  const { profile, facts } = input;
  const seniority = seniorityOf(profile.title);
  if (seniority) tags.add(`seniority:${seniority}`);
  const department = departmentOf(profile.department, profile.title);
  if (department) tags.add(`department:${department}`);
  const size = sizeBandOf(profile.companySize);
  if (size) tags.add(`size:${size}`);
  const region = regionOf(profile.province, profile.city);
  if (region) tags.add(`region:${region}`);
  if (clean(profile.industry) !== '') tags.add(`industry:${clean(profile.industry)}`);

  const attended = new Set<string>();
  for (const fact of facts) {
    switch (fact.type) {
      case 'checked_in':
        tags.add('behaviour:checked_in');
        if (fact.eventId) attended.add(fact.eventId);
        break;
      case 'badge_scanned':
        // A scanned badge proves presence as well as a check-in does.
        if (fact.eventId) attended.add(fact.eventId);
        break;
      case 'content_requested':
      case 'content_downloaded': {
        tags.add(
          fact.type === 'content_requested'
            ? 'behaviour:content_requested'
            : 'behaviour:content_downloaded',
        );
        const assetId = fact.data?.assetId;
        if (typeof assetId === 'string' && assetId !== '') tags.add(`content:${assetId}`);
        break;
      }
      case 'demo_requested':
      case 'trial_requested':
      case 'draw_entered':
      case 'draw_won':
        tags.add(`behaviour:${fact.type}`);
        break;
    }
  }
  if (attended.size >= config.tags.multiEventMin) tags.add('behaviour:multi_event');

  for (const q of input.qualifications)
    for (const interest of q.interests)
      if (clean(interest) !== '') tags.add(`interest:${clean(interest)}`);
  for (const manual of input.manualTags ?? [])
    if (clean(manual) !== '') tags.add(`manual:${clean(manual)}`);
  return [...tags].sort();
}

/** How many distinct events the facts place the person at (for "attended N events" displays). */
export function eventsAttended(facts: readonly Fact[]): number {
  return new Set(
    facts
      .filter((f) => (f.type === 'checked_in' || f.type === 'badge_scanned') && f.eventId)
      .map((f) => f.eventId),
  ).size;
}

export type Lang = 'zh-CN' | 'en';
type Labels = Record<Lang, string>;

const SENIORITY_LABELS: Record<Seniority, Labels> = {
  executive: { 'zh-CN': '高管', en: 'Executive' },
  vp: { 'zh-CN': '副总/VP', en: 'VP' },
  director: { 'zh-CN': '总监', en: 'Director' },
  manager: { 'zh-CN': '经理', en: 'Manager' },
  supervisor: { 'zh-CN': '主管', en: 'Supervisor' },
  engineer: { 'zh-CN': '工程师', en: 'Engineer' },
  staff: { 'zh-CN': '专员', en: 'Staff' },
};
/** The department's name in `lang`; null for a value that is not a known department. */
export function departmentLabel(value: string, lang: 'zh-CN' | 'en'): string | null {
  return (DEPARTMENTS as readonly string[]).includes(value)
    ? DEPARTMENT_LABELS[value as Department][lang]
    : null;
}

const DEPARTMENT_LABELS: Record<Department, Labels> = {
  management: { 'zh-CN': '管理层', en: 'Management' },
  procurement: { 'zh-CN': '采购', en: 'Procurement' },
  rd: { 'zh-CN': '研发', en: 'R&D' },
  engineering: { 'zh-CN': '技术/工程', en: 'Engineering' },
  it: { 'zh-CN': '信息技术', en: 'IT' },
  production: { 'zh-CN': '生产制造', en: 'Production' },
  quality: { 'zh-CN': '质量', en: 'Quality' },
  sales: { 'zh-CN': '销售', en: 'Sales' },
  marketing: { 'zh-CN': '市场', en: 'Marketing' },
  finance: { 'zh-CN': '财务', en: 'Finance' },
  hr: { 'zh-CN': '人力资源', en: 'HR' },
};
const REGION_LABELS: Record<Region, Labels> = {
  north: { 'zh-CN': '华北', en: 'North China' },
  northeast: { 'zh-CN': '东北', en: 'Northeast China' },
  east: { 'zh-CN': '华东', en: 'East China' },
  central: { 'zh-CN': '华中', en: 'Central China' },
  south: { 'zh-CN': '华南', en: 'South China' },
  southwest: { 'zh-CN': '西南', en: 'Southwest China' },
  northwest: { 'zh-CN': '西北', en: 'Northwest China' },
  hmt: { 'zh-CN': '港澳台', en: 'HK, Macao & Taiwan' },
  overseas: { 'zh-CN': '海外', en: 'Overseas' },
};

/** Every static tag with its labels; the catalogs stay untouched, so the engine carries its own. */
export const TAG_DICTIONARY: Readonly<Record<string, Labels>> = {
  ...Object.fromEntries(SENIORITIES.map((s) => [`seniority:${s}`, SENIORITY_LABELS[s]])),
  ...Object.fromEntries(DEPARTMENTS.map((d) => [`department:${d}`, DEPARTMENT_LABELS[d]])),
  ...Object.fromEntries(
    SIZE_BANDS.map((b) => [`size:${b}`, { 'zh-CN': `${b} 人`, en: `${b} employees` }]),
  ),
  ...Object.fromEntries(REGIONS.map((r) => [`region:${r}`, REGION_LABELS[r]])),
  'behaviour:checked_in': { 'zh-CN': '已签到', en: 'Checked in' },
  'behaviour:content_requested': { 'zh-CN': '索取资料', en: 'Requested content' },
  'behaviour:content_downloaded': { 'zh-CN': '下载资料', en: 'Downloaded content' },
  'behaviour:demo_requested': { 'zh-CN': '申请演示', en: 'Requested a demo' },
  'behaviour:trial_requested': { 'zh-CN': '申请试用', en: 'Requested a trial' },
  'behaviour:draw_entered': { 'zh-CN': '参与抽奖', en: 'Entered a draw' },
  'behaviour:draw_won': { 'zh-CN': '抽奖中奖', en: 'Won a draw' },
  'behaviour:multi_event': { 'zh-CN': '多次参会', en: 'Attended several events' },
};

const DYNAMIC_PREFIXES: Record<string, Labels> = {
  industry: { 'zh-CN': '行业', en: 'Industry' },
  interest: { 'zh-CN': '兴趣', en: 'Interest' },
  content: { 'zh-CN': '资料', en: 'Content' },
  manual: { 'zh-CN': '标签', en: 'Tag' },
};

export function tagLabel(tag: string, lang: Lang): string {
  const fixed = TAG_DICTIONARY[tag];
  if (fixed) return fixed[lang];
  const colon = tag.indexOf(':');
  const prefix = DYNAMIC_PREFIXES[tag.slice(0, colon)];
  return prefix && colon > 0 ? `${prefix[lang]}: ${tag.slice(colon + 1)}` : tag;
}

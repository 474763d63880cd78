import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import {
  computeTags,
  departmentOf,
  eventsAttended,
  regionOf,
  seniorityOf,
  sizeBandOf,
  TAG_DICTIONARY,
  tagLabel,
  type IntelligenceProfile,
} from './tags';
import type { Fact } from './vocabulary';

const EMPTY: IntelligenceProfile = {
  title: '',
  department: '',
  industry: '',
  companySize: '',
  province: '',
  city: '',
};

describe('seniorityOf', () => {
  it.each([
    ['董事长', 'executive'],
    ['总裁', 'executive'],
    ['CEO', 'executive'],
    ['总经理', 'executive'],
    ['Founder & CTO', 'executive'],
    ['Managing Director', 'executive'],
    ['副总经理', 'vp'],
    ['副总裁', 'vp'],
    ['VP of Sales', 'vp'],
    ['Senior Vice President', 'vp'],
    ['技术总监', 'director'],
    ['Director of Procurement', 'director'],
    ['Head of IT', 'director'],
    ['采购经理', 'manager'],
    ['Project Manager', 'manager'],
    ['生产主管', 'supervisor'],
    ['Team Lead', 'supervisor'],
    ['高级工程师', 'engineer'],
    ['Software Engineer', 'engineer'],
    ['总经理助理', 'staff'],
    ['采购专员', 'staff'],
  ])('%s → %s', (title, expected) => {
    expect(seniorityOf(title)).toBe(expected);
  });

  it('knows nothing of an empty or unusual title', () => {
    expect(seniorityOf('')).toBeNull();
    expect(seniorityOf('学生')).toBeNull();
  });
});

describe('departmentOf', () => {
  it('reads the department field, then the title', () => {
    expect(departmentOf('采购部', '经理')).toBe('procurement');
    expect(departmentOf('', '研发总监')).toBe('rd');
    expect(departmentOf('Quality Assurance', '')).toBe('quality');
    expect(departmentOf('', '')).toBeNull();
  });
});

describe('sizeBandOf', () => {
  it.each([
    ['500+', '500-999'],
    ['1000人以上', '1000+'],
    ['100-499人', '200-499'],
    ['50人以下', '1-49'],
    ['1万人', '1000+'],
    ['20', '1-49'],
    ['不详', null],
  ])('%s → %s', (text, band) => {
    expect(sizeBandOf(text)).toBe(band);
  });
});

describe('regionOf', () => {
  it('maps provinces in Chinese and pinyin, and cities when the province is missing', () => {
    expect(regionOf('广东省', '')).toBe('south');
    expect(regionOf('浙江', '杭州')).toBe('east');
    expect(regionOf('Shaanxi', '')).toBe('northwest');
    expect(regionOf('Shanxi', '')).toBe('north');
    expect(regionOf('', '深圳市')).toBe('south');
    expect(regionOf('内蒙古自治区', '')).toBe('north');
    expect(regionOf('海外', '')).toBe('overseas');
    expect(regionOf('', '')).toBeNull();
  });
});

const fact = (id: string, type: string, eventId: string, data?: Fact['data']): Fact => ({
  id,
  type,
  occurredAt: 1_700_000_000_000,
  eventId,
  ...(data ? { data } : {}),
});

describe('computeTags', () => {
  const profile = {
    ...EMPTY,
    title: '采购总监',
    companySize: '500+',
    province: '江苏省',
    industry: '汽车零部件',
  };
  const facts = [
    fact('f1', 'checked_in', 'e1'),
    fact('f2', 'badge_scanned', 'e2'),
    fact('f3', 'content_downloaded', 'e1', { assetId: 'wp-1', requestId: 'r' }),
    fact('f4', 'demo_requested', 'e1'),
    fact('f5', 'draw_won', 'e2'),
    fact('f6', 'note', 'e1'),
  ];

  it('derives identity, behaviour, interest and manual tags, sorted', () => {
    const tags = computeTags(
      {
        profile,
        facts,
        qualifications: [{ interests: ['MES 系统', ' 视觉检测 '] }, { interests: ['MES 系统'] }],
        manualTags: ['重点客户'],
      },
      DEFAULT_CONFIG,
    );
    expect(tags).toEqual([
      'behaviour:checked_in',
      'behaviour:content_downloaded',
      'behaviour:demo_requested',
      'behaviour:draw_won',
      'behaviour:multi_event',
      'content:wp-1',
      'department:procurement',
      'industry:汽车零部件',
      'interest:MES 系统',
      'interest:视觉检测',
      'manual:重点客户',
      'region:east',
      'seniority:director',
      'size:500-999',
    ]);
    expect(eventsAttended(facts)).toBe(2);
  });

  it('tags several events only from the configured count', () => {
    const config = { ...DEFAULT_CONFIG, tags: { multiEventMin: 3 } };
    const tags = computeTags({ profile: EMPTY, facts, qualifications: [] }, config);
    expect(tags).not.toContain('behaviour:multi_event');
  });

  it('has a zh-CN and en label for every static tag it can produce', () => {
    const tags = computeTags({ profile, facts, qualifications: [] }, DEFAULT_CONFIG);
    for (const tag of tags.filter((t) => !/^(content|industry|interest|manual):/.test(t))) {
      expect(TAG_DICTIONARY[tag], tag).toBeDefined();
    }
    expect(tagLabel('seniority:director', 'zh-CN')).toBe('总监');
    expect(tagLabel('region:east', 'en')).toBe('East China');
    expect(tagLabel('interest:MES 系统', 'zh-CN')).toBe('兴趣: MES 系统');
    expect(tagLabel('manual:VIP', 'en')).toBe('Tag: VIP');
  });
});

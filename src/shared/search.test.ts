import { describe, expect, it } from 'vitest';
import { isStorableText } from './schemas';
import {
  PeopleSearchIndex,
  SEARCH_KEY_MAX,
  buildSearchKey,
  indexedSearchKey,
  latinInitials,
  pinyinForms,
} from './search';

const person = (name: string, extra: Partial<Parameters<typeof buildSearchKey>[0]> = {}) =>
  buildSearchKey({ name, company: '', phone: '', email: '', wechatId: '', ...extra });

describe('pinyin search keys', () => {
  it('spells Chinese names in full pinyin and initials', () => {
    expect(pinyinForms('张三')).toEqual(['zhangsan', 'zs']);
    expect(pinyinForms('Alice')).toEqual([]);
  });

  it('keeps a rare Han character outside the BMP whole (no half surrogate pair in the key)', () => {
    const forms = pinyinForms('张𧩁三');
    for (const form of forms) expect(isStorableText(form), JSON.stringify(form)).toBe(true);
    const key = buildSearchKey({
      name: '𧩁',
      company: '𧩁'.repeat(2500),
      phone: '',
      email: '',
      wechatId: '',
    });
    expect(isStorableText(key)).toBe(true);
    expect(key.length).toBeLessThanOrEqual(SEARCH_KEY_MAX);
  });

  it('reads surnames with their surname pronunciation', () => {
    expect(pinyinForms('单雄信')[0]).toBe('shanxiongxin');
  });

  it('finds 张三 by "zs", "zhangsan", "zhang san" and by the characters', () => {
    const index = new PeopleSearchIndex();
    index.upsert('a', person('张三', { company: '华为技术' }), 1);
    index.upsert('b', person('李四'), 2);
    for (const q of ['zs', 'zhangsan', 'zhang san', '张三', 'ZS']) {
      expect(index.search(q, 10).ids).toEqual(['a']);
    }
  });

  it('finds a Latin name by its initials, as 张三 by zs', () => {
    const index = new PeopleSearchIndex();
    index.upsert('a', person('John Smith'), 1);
    index.upsert('b', person('María von Braun'), 2);
    index.upsert('c', person('Jonas'), 3);
    expect(index.search('js', 10).ids).toEqual(['a']);
    expect(index.search('mvb', 10).ids).toEqual(['b']);
    expect(index.search('john smith', 10).ids).toEqual(['a']);
    expect(latinInitials('Jonas')).toBe('');
    // A key stored before initials were part of it still finds them once indexed.
    const old = buildSearchKey({
      name: 'John Smith',
      company: '',
      phone: '',
      email: '',
      wechatId: '',
    })
      .split('\u0001')
      .filter((part) => part !== 'js')
      .join('\u0001');
    const reindexed = new PeopleSearchIndex();
    reindexed.upsert('a', indexedSearchKey({ searchKey: old, name: 'John Smith' }), 1);
    expect(reindexed.search('js', 10).ids).toEqual(['a']);
    expect(indexedSearchKey({ searchKey: person('John Smith'), name: 'John Smith' })).toBe(
      person('John Smith'),
    );
    expect(latinInitials('张 三')).toBe('');
  });

  it('finds by phone national digits, last digits, email and company initials', () => {
    const index = new PeopleSearchIndex();
    index.upsert(
      'a',
      person('Wang', { phone: '+8613800138000', email: 'w@x.cn', company: '华为技术' }),
      1,
    );
    expect(index.search('13800138000', 10).ids).toEqual(['a']);
    expect(index.search('8000', 10).ids).toEqual(['a']);
    expect(index.search('w@x', 10).ids).toEqual(['a']);
    expect(index.search('hwjs', 10).ids).toEqual(['a']);
    expect(index.search('nobody', 10).total).toBe(0);
  });

  it('ranks field-start matches first, then by rank, and reports the total', () => {
    const index = new PeopleSearchIndex();
    index.upsert('inner', person('Dean Lin'), 5);
    index.upsert('old', person('Lin Wei'), 1);
    index.upsert('new', person('Lina Zhou'), 3);
    expect(index.search('lin', 2)).toEqual({ ids: ['new', 'old'], total: 3 });
    index.remove('new');
    expect(index.search('lin', 5).ids).toEqual(['old', 'inner']);
  });
});

describe('search ranking keeps only the best matches', () => {
  it('returns the same first results as ranking every match, for any limit', () => {
    const index = new PeopleSearchIndex();
    for (let i = 0; i < 500; i++)
      index.upsert(`p${i}`, person(`Lin ${i % 7} ${i}`), (i * 37) % 101);
    const everyone = index.search('lin', 1000).ids;
    expect(everyone).toHaveLength(500);
    const ranks = everyone.map((id) => (Number(id.slice(1)) * 37) % 101);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    for (const limit of [0, 1, 7, 50]) {
      expect(index.search('lin', limit)).toEqual({ ids: everyone.slice(0, limit), total: 500 });
    }
    expect(index.search('', 3).ids).toEqual(everyone.slice(0, 3));
  });
});

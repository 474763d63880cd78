import { describe, expect, it } from 'vitest';
import { namesCompatible } from './names';

describe('namesCompatible', () => {
  it.each([
    ['张三', 'Zhang San'],
    ['张三', 'zhangsan'],
    ['张三', 'ZHANG-SAN'],
    ['Zhang San', 'San Zhang'],
    ['曾小明', 'Zeng Xiaoming'],
    ['José Li', 'jose li'],
    ['李四', '李四'],
    ['  王五 ', '王五'],
    ['', '张三'],
    ['张三', ''],
  ])('%s and %s may be one person', (a, b) => {
    expect(namesCompatible(a, b)).toBe(true);
  });

  it.each([
    ['张三', '张三丰'],
    ['张三', '章三'],
    ['陈静', '陈晶'],
    ['李四', '王五'],
    ['李小龙', 'Bruce Wayne'],
    ['Zhang San', 'Zhang Sanfeng'],
    ['赵六', '攻击者'],
  ])('%s and %s are two people', (a, b) => {
    expect(namesCompatible(a, b)).toBe(false);
  });

  it('is symmetric and never throws on hostile text', () => {
    const hostile = ['\u0000', '\ud800', '=1+1', 'a'.repeat(10_000), '👩‍💻', '\u202e张三'];
    for (const a of hostile) {
      for (const b of hostile) expect(namesCompatible(a, b)).toBe(namesCompatible(b, a));
    }
  });
});

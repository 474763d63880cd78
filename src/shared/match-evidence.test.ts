import { describe, expect, it } from 'vitest';
import { judgeMatch, type MatchSide } from './match-evidence';

const lisi: MatchSide = {
  name: '李四',
  keys: [
    { kind: 'phone', value: '+8613912345678' },
    { kind: 'email', value: 'lisi@b.cn' },
  ],
};
const plain = { selfService: false, severalCustomers: false };

describe('judgeMatch', () => {
  it('links the same person typed in pinyin at another booth', () => {
    const judgement = judgeMatch(
      { name: 'Li Si', keys: [{ kind: 'phone', value: '+8613912345678' }] },
      lisi,
      plain,
    );
    expect(judgement.link).toBe(true);
    expect(judgement.reasons).toEqual([
      { kind: 'same_key', key: 'phone' },
      { kind: 'name_agrees' },
    ]);
    expect(judgement.score).toBe(5);
  });

  it('links on a key when one side has no name, and a second email is no contradiction', () => {
    const judgement = judgeMatch(
      {
        name: '',
        keys: [
          { kind: 'phone', value: '+8613912345678' },
          { kind: 'email', value: 'li.si@home.cn' },
        ],
      },
      lisi,
      plain,
    );
    expect(judgement.link).toBe(true);
  });

  it('asks when the name contradicts the key', () => {
    const judgement = judgeMatch(
      { name: '王五', keys: [{ kind: 'phone', value: '+8613912345678' }] },
      lisi,
      plain,
    );
    expect(judgement.link).toBe(false);
    expect(judgement.reasons).toContainEqual({ kind: 'name_differs' });
    expect(judgement.score).toBeLessThan(0);
  });

  it('asks when another strong key disagrees (a different mobile)', () => {
    const judgement = judgeMatch(
      {
        name: '李四',
        keys: [
          { kind: 'email', value: 'lisi@b.cn' },
          { kind: 'phone', value: '+8613700000001' },
        ],
      },
      lisi,
      plain,
    );
    expect(judgement.link).toBe(false);
    expect(judgement.reasons).toContainEqual({ kind: 'key_differs', key: 'phone' });
  });

  it('never links a self-service record or one that points at several customers', () => {
    const same = { name: '李四', keys: [{ kind: 'phone' as const, value: '+8613912345678' }] };
    expect(judgeMatch(same, lisi, { selfService: true, severalCustomers: false }).link).toBe(false);
    expect(judgeMatch(same, lisi, { selfService: false, severalCustomers: true }).link).toBe(false);
  });

  it('does not link without a shared key', () => {
    expect(judgeMatch({ name: '李四', keys: [] }, lisi, plain).link).toBe(false);
  });
});

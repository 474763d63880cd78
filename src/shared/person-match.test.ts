import { describe, expect, it } from 'vitest';
import { createPerson, validatePersonInput } from './person-ops';
import {
  decideSelfService,
  differingFields,
  matchesAmong,
  mergedChanges,
  type PersonMatch,
} from './person-match';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type PersonInput, type PersonProfile } from './schemas';

const EVENT = '019a0000-0000-7000-8000-0000000000e1';
let n = 0;

function typed(input: Partial<PersonInput>): PersonProfile {
  const result = validatePersonInput({ ...EMPTY_PERSON_INPUT, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.profile;
}

function person(input: Partial<PersonInput>, at = 1_700_000_000_000 + ++n) {
  const id = `019a0000-0000-7000-8000-${String(++n).padStart(12, '0')}`;
  return createPerson(id, EVENT, typed(input), NO_CONSENT, { source: 'staff', deviceId: 'd', at });
}

const zhang = person({ name: '张三', phone: '13912345678', email: 'zhangsan@example.com' });

describe('matchesAmong', () => {
  it('finds a person by a phone typed with spaces, and says which keys matched', () => {
    const entry = typed({ name: '张三丰', phone: '139 1234 5678', email: 'zsf@example.com' });
    expect(matchesAmong(entry, [zhang])).toEqual([{ person: zhang, keys: ['phone'] }]);
  });

  it('ignores empty keys and lists each person once, oldest first', () => {
    const newer = person(
      { name: 'B', wechatId: 'wx_b', email: 'b@example.com' },
      1_800_000_000_000,
    );
    const entry = typed({
      name: 'X',
      email: 'b@example.com',
      wechatId: 'wx_b',
      phone: '13912345678',
    });
    const found = matchesAmong(entry, [newer, zhang, newer]);
    expect(found.map((m) => [m.person.id, m.keys])).toEqual([
      [zhang.id, ['phone']],
      [newer.id, ['email', 'wechatId']],
    ]);
    expect(matchesAmong(typed({ name: 'Y' }), [person({ name: 'Z' })])).toEqual([]);
  });
});

describe('decideSelfService', () => {
  const match = (p = zhang): PersonMatch[] => [{ person: p, keys: ['phone'] }];

  it('creates when nobody matches', () => {
    expect(decideSelfService(typed({ name: '李四', phone: '13900139000' }), [])).toEqual({
      kind: 'create',
    });
  });

  it('fills the same person when the names agree, keeping what was typed differently', () => {
    const entry = typed({ name: 'Zhang San', phone: '13912345678', company: 'Acme' });
    const known = person({ name: '张三', phone: '13912345678', company: '阿克米' });
    expect(decideSelfService(entry, match(known))).toEqual({
      kind: 'fill',
      person: known,
      unapplied: { name: 'Zhang San', company: 'Acme' },
    });
  });

  it('keeps a stranger with a known phone apart, as a possible duplicate', () => {
    const entry = typed({ name: '陌生人', phone: '13912345678', email: 'x@example.com' });
    expect(decideSelfService(entry, match())).toEqual({ kind: 'separate', duplicates: match() });
  });

  it('keeps apart when another key disagrees, even if the names agree', () => {
    const entry = typed({ name: '张三', phone: '13912345678', email: 'other@example.com' });
    expect(decideSelfService(entry, match()).kind).toBe('separate');
  });

  it('takes a placeholder phone or a role mailbox for no evidence', () => {
    const placeholder = person({ name: '王伟', phone: '13800138000', email: 'info@acme.cn' });
    const entry = typed({ name: '王伟', phone: '138 0013 8000', email: 'info@acme.cn' });
    const found = matchesAmong(entry, [placeholder]);
    expect(found).toHaveLength(1);
    expect(decideSelfService(entry, found)).toEqual({ kind: 'create' });
  });

  it('keeps apart when the keys point at several people', () => {
    const li = person({ name: '张三', email: 'li@example.com' });
    const entry = typed({ name: '张三', phone: '13912345678', email: 'li@example.com' });
    const both = matchesAmong(entry, [zhang, li]);
    expect(decideSelfService(entry, both)).toEqual({ kind: 'separate', duplicates: both });
  });
});

describe('merging a typed entry into an existing person', () => {
  const entry = typed({
    name: '张三丰',
    phone: '13912345678',
    email: 'zsf@example.com',
    title: 'CTO',
  });

  it('lists the fields both hold differently', () => {
    expect(differingFields(zhang, entry)).toEqual([
      { field: 'name', existing: '张三', typed: '张三丰' },
      { field: 'email', existing: 'zhangsan@example.com', typed: 'zsf@example.com' },
    ]);
  });

  it('fills empty fields, replaces only what staff picked, keeps the rest', () => {
    expect(mergedChanges(zhang, entry, {})).toEqual({ title: 'CTO' });
    expect(mergedChanges(zhang, entry, { email: 'typed', name: 'existing' })).toEqual({
      email: 'zsf@example.com',
      title: 'CTO',
    });
  });
});

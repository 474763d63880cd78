import { describe, expect, it } from 'vitest';
import { COLLECTIONS, toStoreJsonSchema } from '../collections';
import { findUnstorableText, isStorableText, text } from './common';
import { InteractionSchema } from './interaction';
import { PersonInputSchema } from './person';

describe('unstorable text (NUL bytes, lone surrogates)', () => {
  it('tells storable text from NUL and half surrogate pairs; emoji and Chinese pass', () => {
    for (const ok of ['', '张三', 'Zhang San', '😀 emoji', '\u200f RTL', 'tab\tand\nnewline']) {
      expect(isStorableText(ok), JSON.stringify(ok)).toBe(true);
    }
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ude00😀', '😀'.slice(0, 1)]) {
      expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('text() refuses them with the message key the API translates', () => {
    const result = text(100).safeParse('Ann\u0000');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('errors.badCharacters');
    expect(text(100).parse('  张三 ')).toBe('张三');
  });

  it('every entry point refuses them: form input, record keys and values', () => {
    const input = { name: '\ud800', phone: '', email: '', wechatId: '', company: '' };
    expect(
      PersonInputSchema.safeParse({
        ...input,
        title: '',
        department: '',
        industry: '',
        companySize: '',
        province: '',
        city: '',
      }).success,
    ).toBe(false);
    const fact = {
      id: '0190a000-0000-7000-8000-000000000000',
      eventId: '0190a000-0000-7000-8000-000000000001',
      personId: '0190a000-0000-7000-8000-000000000002',
      type: 'note',
      deviceId: 'd',
      staffId: 's',
      occurredAt: 1,
      updatedAt: 1,
    };
    expect(InteractionSchema.safeParse({ ...fact, data: { text: 'ok' } }).success).toBe(true);
    expect(InteractionSchema.safeParse({ ...fact, data: { 'k\u0000': 'ok' } }).success).toBe(false);
    expect(InteractionSchema.safeParse({ ...fact, data: { text: '\udc00' } }).success).toBe(false);
  });

  it('finds the first unstorable string in nested JSON, keys included, at any depth', () => {
    expect(findUnstorableText({ a: [1, 'ok', { b: 'fine' }] })).toBeNull();
    expect(findUnstorableText([{ newDocumentState: { name: 'x\u0000' } }])).toBe(
      '0.newDocumentState.name',
    );
    expect(findUnstorableText({ data: { ['\ud800']: 1 } })).toBe('data.\uFFFD');
    let deep: unknown = 'bad\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toMatch(/^0(\.0)*$/);
  });

  it('leaves the store schemas the devices hold unchanged (the check is no JSON Schema keyword)', () => {
    const people = toStoreJsonSchema(COLLECTIONS.people);
    expect(people.properties.name).toEqual({ type: 'string', maxLength: 100 });
  });
});

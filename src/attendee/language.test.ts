import { describe, expect, it } from 'vitest';
import { attendeeEn } from '../shared/i18n/attendee/en';
import { attendeeZhCN } from '../shared/i18n/attendee/zh-CN';
import { pickLanguage, translator } from './language';
import { isVisitorToken, newVisitorToken, visitorToken, VISITOR_STORAGE_KEY } from './visitor';

describe('the page language', () => {
  it('is forced by ?lang, else follows the phone, else zh-CN', () => {
    expect(pickLanguage('?lang=en', ['zh-CN'])).toBe('en');
    expect(pickLanguage('?b=x&lang=zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage('?lang=fr', ['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage('', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage('', ['fr-FR', 'de'])).toBe('zh-CN');
    expect(pickLanguage('', [])).toBe('zh-CN');
  });

  it('translates dotted keys with variables; an unknown error key reads as invalid', () => {
    const t = translator('en');
    expect(t('fields.phone')).toBe('Mobile phone');
    expect(t('welcome', { event: 'Expo' })).toBe('Welcome to Expo');
    expect(t('errors.phone')).toBe(attendeeEn.errors.phone);
    expect(t('errors.somethingNew')).toBe(attendeeEn.errors.invalid);
    expect(translator('zh-CN')('errors.required')).toBe(attendeeZhCN.errors.required);
  });

  it('has every key in both catalogs, and the server field keys', () => {
    const keys = (value: object, prefix = ''): string[] =>
      Object.entries(value).flatMap(([key, child]) =>
        typeof child === 'string' ? [prefix + key] : keys(child as object, `${prefix}${key}.`),
      );
    expect(keys(attendeeEn).sort()).toEqual(keys(attendeeZhCN).sort());
    for (const key of ['required', 'tooLong', 'phone', 'email', 'wechat', 'consent', 'invalid']) {
      expect(Object.keys(attendeeZhCN.errors)).toContain(key);
    }
  });
});

describe('the visitor token', () => {
  const random = (bytes: Uint8Array) => crypto.getRandomValues(bytes);

  it('is random, url-safe and fits the API schema', () => {
    const a = newVisitorToken(random);
    expect(isVisitorToken(a)).toBe(true);
    expect(a).toHaveLength(32);
    expect(newVisitorToken(random)).not.toBe(a);
  });

  it('is kept in storage and reused; a broken or missing storage still gives a token', () => {
    const map = new Map<string, string>();
    const store = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    const first = visitorToken(store, random);
    expect(map.get(VISITOR_STORAGE_KEY)).toBe(first);
    expect(visitorToken(store, random)).toBe(first);
    map.set(VISITOR_STORAGE_KEY, 'tampered value!');
    expect(visitorToken(store, random)).not.toBe('tampered value!');
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(isVisitorToken(visitorToken(throwing, random))).toBe(true);
    expect(isVisitorToken(visitorToken(null, random))).toBe(true);
  });
});

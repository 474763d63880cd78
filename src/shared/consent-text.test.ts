import { describe, expect, it } from 'vitest';
import { acceptedConsentVersion, consentIn, consentVersions } from './consent-text';
import { EventConsentSchema } from './schemas/event';

const consent = EventConsentSchema.parse({
  text: '我们将按《个人信息保护法》处理您的信息。',
  version: 'v3',
  translations: [{ language: 'en', text: 'We process your data under PIPL.', version: 'v3-en' }],
});

describe('consent texts per language', () => {
  it('shows the translation in its language and the main text elsewhere', () => {
    expect(consentIn(consent, 'en')).toEqual({
      text: 'We process your data under PIPL.',
      version: 'v3-en',
    });
    expect(consentIn(consent, 'zh-CN')).toEqual({ text: consent.text, version: 'v3' });
    const mainOnly = EventConsentSchema.parse({ text: '中文', version: 'v1' });
    expect(mainOnly.translations).toEqual([]);
    expect(consentIn(mainOnly, 'en')).toEqual({ text: '中文', version: 'v1' });
  });

  it('accepts exactly the versions the event shows', () => {
    expect(consentVersions(consent)).toEqual(['v3', 'v3-en']);
    expect(acceptedConsentVersion(consent, 'v3-en')).toBe('v3-en');
    expect(acceptedConsentVersion(consent, 'v3')).toBe('v3');
    expect(acceptedConsentVersion(consent, 'v2')).toBeNull();
  });

  it('refuses two texts for one language and an empty translation, with message keys', () => {
    const twice = EventConsentSchema.safeParse({
      text: 'x',
      version: 'v1',
      translations: [
        { language: 'en', text: 'a', version: 'a' },
        { language: 'en', text: 'b', version: 'b' },
      ],
    });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]?.message).toBe('errors.duplicateLanguage');
    const empty = EventConsentSchema.safeParse({
      text: 'x',
      version: 'v1',
      translations: [{ language: 'en', text: '', version: '' }],
    });
    expect(empty.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['translations.0.text', 'errors.required'],
      ['translations.0.version', 'errors.required'],
    ]);
  });
});

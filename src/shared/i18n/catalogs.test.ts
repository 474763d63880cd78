import { describe, expect, it } from 'vitest';
import { MAX_PRIZE_QUANTITY } from '../draws/schema';
import { KIOSK_IDLE_SECONDS, RETENTION_DAYS } from '../schemas/event';
import { CATALOGS } from './index';

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe('i18n catalogs', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(CATALOGS.en).sort()).toEqual(keys(CATALOGS['zh-CN']).sort());
  });

  it('no message is empty, and both use the same interpolation variables', () => {
    const zh = CATALOGS['zh-CN'];
    for (const key of keys(zh)) {
      const get = (catalog: unknown) =>
        key.split('.').reduce((n, k) => (n as Record<string, unknown>)[k], catalog) as string;
      expect(get(zh).trim(), key).not.toBe('');
      const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(vars(get(CATALOGS.en)), key).toEqual(vars(get(zh)));
    }
  });

  it('messages that state a limit state the one the schema applies', () => {
    const limits = {
      idleSeconds: [KIOSK_IDLE_SECONDS.min, KIOSK_IDLE_SECONDS.max],
      retentionDays: [RETENTION_DAYS.min, RETENTION_DAYS.max],
      prizeQuantity: [1, MAX_PRIZE_QUANTITY],
    };
    for (const catalog of Object.values(CATALOGS)) {
      for (const [key, [min, max]] of Object.entries(limits)) {
        const text = (catalog.errors as Record<string, string>)[key];
        expect(text, key).toMatch(new RegExp(`\\b${min}\\b.*\\b${max}\\b`));
      }
    }
  });
});

describe('English plurals', () => {
  it('says "1 lead" and "2 leads"', async () => {
    const { createInstance } = await import('i18next');
    const i18n = createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: CATALOGS.en } } });
    expect(i18n.t('people.count', { count: 1 })).toBe('1 lead');
    expect(i18n.t('people.count', { count: 2 })).toBe('2 leads');
    expect(i18n.t('export.done', { count: 1 })).toBe('Exported 1 lead');
  });
});

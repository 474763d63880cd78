import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '../shared/i18n';
import type { MessageTree } from '../shared/i18n/pool/catalog';

/**
 * Every area's catalog (src/shared/i18n/pool/<area>.ts) is one i18next namespace named after its
 * file, so screens say `useTranslation('customers')` and a new area needs no registration.
 */
const modules = import.meta.glob<Record<string, Record<Language, MessageTree>>>(
  ['../shared/i18n/pool/*.ts', '!../shared/i18n/pool/*.test.ts', '!../shared/i18n/pool/catalog.ts'],
  { eager: true },
);

export function poolResources(): Record<Language, Record<string, MessageTree>> {
  const out: Record<Language, Record<string, MessageTree>> = { 'zh-CN': {}, en: {} };
  for (const [file, exports] of Object.entries(modules)) {
    const namespace = file.replace(/^.*\/([^/]+)\.ts$/, '$1');
    for (const catalog of Object.values(exports)) {
      for (const language of LANGUAGES) out[language][namespace] = catalog[language];
    }
  }
  return out;
}

const STORED_LANGUAGE = 'leadpond.pool.language';

/** `?lang=` forces the language (DESIGN.md); else the user's last choice; else zh-CN. */
export function initialLanguage(location: Location, storage: Storage | null): Language {
  const forced = new URLSearchParams(location.search).get('lang');
  if (isLanguage(forced)) return forced;
  const stored = storage?.getItem(STORED_LANGUAGE);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORED_LANGUAGE, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

export async function createI18n(language: Language): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: poolResources(),
    defaultNS: 'shell',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  document.documentElement.lang = language;
  return instance;
}

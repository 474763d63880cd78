import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGS, DEFAULT_LANGUAGE, isLanguage, type Language } from '../../shared/i18n';

const STORAGE_KEY = 'leadpond.lang';

/** `?lang=` forces a language (DESIGN.md); else the staff's last choice; else zh-CN. */
export function initialLanguage(search: string, stored: string | null): Language {
  const forced = new URLSearchParams(search).get('lang');
  if (isLanguage(forced)) return forced;
  if (isLanguage(stored)) return stored;
  return DEFAULT_LANGUAGE;
}

export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: Object.fromEntries(
      Object.entries(CATALOGS).map(([lang, catalog]) => [lang, { translation: catalog }]),
    ),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  instance.on('languageChanged', (lang) => {
    document.documentElement.lang = lang;
    localStorage.setItem(STORAGE_KEY, lang);
  });
  return instance;
}

export function storedLanguage(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

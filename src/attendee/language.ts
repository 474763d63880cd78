import {
  ATTENDEE_CATALOGS,
  type AttendeeCatalog,
  type AttendeeLanguage,
} from '../shared/i18n/attendee';

/**
 * The page's language: `?lang=en` / `?lang=zh-CN` forces it; otherwise the phone's languages
 * decide (any English first → English); zh-CN when nothing matches (the default of the product).
 */
export function pickLanguage(search: string, phoneLanguages: readonly string[]): AttendeeLanguage {
  const forced = new URLSearchParams(search).get('lang');
  if (forced === 'en' || forced === 'zh-CN') return forced;
  for (const tag of phoneLanguages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export type Translate = (key: string, vars?: Record<string, string>) => string;

/**
 * Looks a dotted key up in the catalog (`errors.phone`, `fields.name`) and fills `{{var}}`s.
 * An unknown key gives the generic `errors.invalid` text for error keys, else the key itself,
 * so a newer server's key never shows as blank.
 */
export function translator(language: AttendeeLanguage): Translate {
  const catalog: AttendeeCatalog = ATTENDEE_CATALOGS[language];
  return (key, vars) => {
    let node: unknown = catalog;
    for (const part of key.split('.')) {
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined;
    }
    let text =
      typeof node === 'string' ? node : key.startsWith('errors.') ? catalog.errors.invalid : key;
    for (const [name, value] of Object.entries(vars ?? {}))
      text = text.replaceAll(`{{${name}}}`, value);
    return text;
  };
}

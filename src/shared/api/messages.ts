import { z } from 'zod';
import { CATALOGS, DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../i18n';

/**
 * The API speaks to people too (admins reading an import report, curl users): shared schemas
 * carry i18n keys (`errors.phone`) as messages, so the API turns them into text in the caller's
 * language with the same catalogs the app uses.
 */
/** Looks a dotted key up in a catalog; unknown keys come back unchanged (never throws). */
export function translate(
  language: Language,
  key: string,
  vars: Record<string, string | number> = {},
): string {
  let node: unknown = CATALOGS[language] ?? CATALOGS[DEFAULT_LANGUAGE];
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return key;
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** A schema message in readable form: i18n keys translated, anything else kept. */
export function readableMessage(message: string, language: Language = 'en'): string {
  return message.startsWith('errors.') ? translate(language, message) : message;
}

/** "field.path: message; …" with i18n keys translated: the 400 message of a rejected body. */
export function describeIssues(error: z.ZodError, language: Language = 'en'): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(body)';
      return `${where}: ${readableMessage(issue.message, language)}`;
    })
    .join('; ');
}

/** `?lang=` of report and export endpoints. */
export const ApiLanguageSchema = z.enum(LANGUAGES);

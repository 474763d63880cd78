import { dateTimeFormat } from '../../intl';
/** A moment as the user's language writes it (2026年12月2日 08:15 / Dec 2, 2026, 8:15 AM). */
export function formatTime(at: number, language: string): string {
  return dateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

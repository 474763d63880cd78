import { formatPhoneForReading } from '../../../shared/identity';
import { dateTimeFormat } from '../../intl';

export { formatTime } from '../../intl';

/** The same moment for a table cell: 2026/12/2 12:27 · 12/2/26, 12:27 PM. */
export function formatShortTime(at: number, language: string): string {
  return dateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(at);
}

/** Stored values as people read them: phones grouped ("139 1234 0001"), the rest as stored. */
export function readable(kind: string, value: string): string {
  return kind === 'phone' ? formatPhoneForReading(value) : value;
}

/** A user id as the 360 can say it without a users list (only admins may read that). */
export function shortId(id: string): string {
  return id.length > 8 ? `…${id.slice(-6)}` : id;
}

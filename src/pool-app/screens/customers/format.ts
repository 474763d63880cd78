import { formatPhoneForReading } from '../../../shared/identity';
import { dateTimeFormat } from '../../intl';

/** "138 0013 8000" at home, "+49 30 1234567" from abroad; what was stored when it is no phone. */
export const readablePhone = (stored: string): string => formatPhoneForReading(stored);

/** "12/2 13:57" / "12/2, 1:57 PM", the year only when it is not this one: a list cell stays short. */
export function formatShortTime(at: number, language: string, now = Date.now()): string {
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return dateTimeFormat(language, {
    ...(sameYear ? {} : { year: '2-digit' }),
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

export function profileText(profile: Record<string, unknown>, key: string): string {
  const value = profile[key];
  return typeof value === 'string' ? value : '';
}

/** "广东 · 深圳", or whichever of the two is known. */
export function regionOf(profile: Record<string, unknown>): string {
  const province = profileText(profile, 'province');
  const city = profileText(profile, 'city');
  return province && city && province !== city ? `${province} · ${city}` : province || city;
}

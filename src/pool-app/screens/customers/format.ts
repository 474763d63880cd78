import { formatPhoneForReading } from '../../../shared/identity';

/** "138 0013 8000" at home, "+49 30 1234567" from abroad; what was stored when it is no phone. */
export const readablePhone = (stored: string): string => formatPhoneForReading(stored);

/** 2026/12/2 / 12/2/2026 with the time: a list cell stays short. */
export function formatShortTime(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(at);
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

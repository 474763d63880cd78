/** Numbers as the dashboards show them, in the user's language. */
export function formatMoney(
  amount: number | null,
  currency: string,
  language: string,
): string | null {
  if (amount === null) return null;
  return new Intl.NumberFormat(language, {
    style: 'currency',
    currency,
    maximumFractionDigits: amount >= 100 ? 0 : 2,
  }).format(amount);
}

export function formatRate(rate: number | null, language: string): string | null {
  if (rate === null) return null;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(
    rate,
  );
}

export function formatCount(count: number, language: string): string {
  return new Intl.NumberFormat(language).format(count);
}

/** The browser's own zone: the dashboards bucket check-ins by the hours the reader lives in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai';
}

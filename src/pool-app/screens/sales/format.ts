/**
 * How long until (or since) a deadline, in the largest unit that says it: "3 小时" / "3 hr",
 * "2 天" / "2 days", at least one minute. The words come from Intl, in the user's language.
 */
export function formatSpan(ms: number, language: string): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const [value, unit] =
    minutes < 60
      ? [minutes, 'minute']
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), 'hour']
        : [Math.round(minutes / (24 * 60)), 'day'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(
    value,
  );
}

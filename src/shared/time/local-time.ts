/**
 * Times as the people of an event read them: in a named IANA zone (the booth laptop's own, or the
 * one a pool export asks for), never as UTC text that puts a 05:03 Beijing lead on the day before.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function partsOf(ms: number, zone: string): Record<string, string> {
  return Object.fromEntries(
    formatterFor(zone)
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
}

/** "2026-12-01 05:03:12": sorts as text, and Excel and Numbers read it as a date and time. */
export function localDateTime(ms: number, zone: string): string {
  const p = partsOf(ms, zone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "2026-12-01", the local day, as file names carry it. */
export function localDate(ms: number, zone: string): string {
  const p = partsOf(ms, zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "UTC+08:00" for the zone at `ms`, so a column header says which clock its times are on. */
export function utcOffsetLabel(ms: number, zone: string): string {
  const p = partsOf(ms, zone);
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  const minutes = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}`;
}

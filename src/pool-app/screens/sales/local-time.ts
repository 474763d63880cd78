/** A moment as an `<input type="datetime-local">` value, in the browser's time zone. */
export function toLocalInput(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** The moment an `<input type="datetime-local">` value names; null when it is empty or invalid. */
export function fromLocalInput(value: string): number | null {
  if (value === '') return null;
  const at = new Date(value).getTime();
  return Number.isNaN(at) ? null : at;
}

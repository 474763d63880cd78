/**
 * Names and phone numbers as a projector may show them: enough for the winner to recognise
 * themselves, not enough for the room to learn who they are (王*伟, 138****8000).
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  if (/\s/.test(trimmed)) return trimmed.split(/\s+/).map(maskWord).join(' ');
  return maskWord(trimmed);
}

function maskWord(word: string): string {
  const chars = Array.from(word);
  if (chars.length === 1) return chars[0] as string;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars.at(-1)}`;
}

/** E.164 in, masked digits out: +8613800138000 → 138****8000; other numbers show the last 4 only. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits === '') return '';
  if (e164.startsWith('+86') && digits.length === 13) {
    return `${digits.slice(2, 5)}****${digits.slice(-4)}`;
  }
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `****${digits.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return email === '' ? '' : '***';
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

/** One line per entrant for the big screen: masked name, else masked phone, email or id tail. */
export function maskedLabel(person: {
  id: string;
  name: string;
  phone: string;
  email: string;
}): string {
  const name = maskName(person.name);
  const phone = maskPhone(person.phone);
  if (name && phone) return `${name} ${phone}`;
  return name || phone || maskEmail(person.email) || `#${person.id.slice(-4)}`;
}

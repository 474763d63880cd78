import { joinName, type BadgeFields } from './fields';
import type { BadgeParser } from './registry';

interface ContentLine {
  name: string;
  params: Map<string, string>;
  value: string;
}

/** Splits `GROUP.NAME;PARAM=x;TYPE=a,b:value` at the first colon outside double quotes. */
function splitContentLine(line: string): ContentLine | null {
  let inQuotes = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === ':' && !inQuotes) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const [rawName = '', ...rawParams] = line.slice(0, colon).split(';');
  const name = rawName
    .slice(rawName.lastIndexOf('.') + 1)
    .trim()
    .toUpperCase();
  const params = new Map<string, string>();
  for (const param of rawParams) {
    const eq = param.indexOf('=');
    // vCard 2.1 allows bare types: TEL;CELL:…
    if (eq < 0) params.set('TYPE', `${params.get('TYPE') ?? ''},${param}`.toUpperCase());
    else {
      const key = param.slice(0, eq).trim().toUpperCase();
      const value = param
        .slice(eq + 1)
        .replace(/"/g, '')
        .toUpperCase();
      params.set(key, key === 'TYPE' ? `${params.get('TYPE') ?? ''},${value}` : value);
    }
  }
  return { name, params, value: line.slice(colon + 1) };
}

/** vCard 2.1 `ENCODING=QUOTED-PRINTABLE` (UTF-8 bytes as =XX); undecodable input is kept as is. */
function decodeQuotedPrintable(value: string): string {
  const soft = value.replace(/=\r?\n/g, '');
  const percent = soft.replace(/%/g, '%25').replace(/=([0-9A-Fa-f]{2})/g, '%$1');
  try {
    return decodeURIComponent(percent);
  } catch {
    return soft;
  }
}

/** Splits a structured value at unescaped `;` and unescapes each component. */
function components(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      const next = value[i + 1];
      current += next === 'n' || next === 'N' ? ' ' : next;
      i++;
    } else if (ch === ';') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

/** Properties that carry files (a photo, a logo, a sound, a key) and nothing a lead needs. */
const BINARY_PROPERTIES = /^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]/i;
/** A content line starts with a property name; base64 data lines hold neither ';' nor ':'. */
const PROPERTY_LINE = /^[\w.-]+[;:]/;

/**
 * The first card of a vCard text, without the file-carrying properties: what a badge needs of a
 * card exported by a phone or mail client, whose PHOTO alone is often tens of kilobytes. vCard
 * 2.1 exporters (Outlook, Lotus Notes) write base64 on unindented lines up to a blank one, so
 * every line after a PHOTO that is not a property line belongs to it. A second card in the same
 * text is someone else and is left out, so it cannot lend its name to the first card's phone.
 */
export function firstVcard(text: string): string {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r\n|\r|\n/);
  const kept: string[] = [];
  let inBinary = false;
  for (const line of lines) {
    if (inBinary) {
      if (line.trim() === '' || !PROPERTY_LINE.test(line)) continue;
      inBinary = false;
    }
    if (BINARY_PROPERTIES.test(line)) {
      inBinary = true;
      continue;
    }
    kept.push(line);
    if (/^END:VCARD\s*$/i.test(line)) break;
  }
  return kept.join('\n');
}

/**
 * The text a vCard badge is known by: the scanned text itself when it is one card without files
 * (so badge codes stored before this rule still find their person on a re-scan), else its
 * first card without them.
 */
export function vcardBadgeText(text: string): string {
  const cards = text.match(/^BEGIN:VCARD/gim)?.length ?? 0;
  const hasFiles = /^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]/im.test(text);
  return cards <= 1 && !hasFiles ? text : firstVcard(text);
}

const WECHAT_SCHEMES = /^(?:weixin|wechat|wx):(?:\/\/)?(.+)$/i;

/**
 * vCard 2.1, 3.0 and 4.0, read tolerantly: a badge printer's card with one broken line still
 * gives the lines that are fine, because a half-read badge beats a rejected one in a queue.
 */
export const vcardParser: BadgeParser = {
  id: 'vcard',
  parse(text) {
    if (!/^\s*BEGIN:VCARD/i.test(text)) return null;
    const lines = firstVcard(text).split('\n');
    const fields: BadgeFields = {};
    let structuredName = '';
    let phoneIsCell = false;
    for (const line of lines) {
      const content = splitContentLine(line);
      if (!content) continue;
      const { name, params } = content;
      const value =
        params.get('ENCODING') === 'QUOTED-PRINTABLE'
          ? decodeQuotedPrintable(content.value)
          : content.value;
      const parts = components(value);
      const first = parts[0] ?? '';
      const types = params.get('TYPE') ?? '';
      switch (name) {
        case 'FN':
          fields.name = parts.join(' ');
          break;
        case 'N':
          structuredName = joinName(first, parts[1] ?? '');
          break;
        case 'ORG':
          fields.company ??= first;
          if (parts[1]) fields.department ??= parts[1];
          break;
        case 'TITLE':
          fields.title ??= first;
          break;
        case 'TEL': {
          const isCell = /CELL|MOBILE/.test(types);
          if (!fields.phone || (isCell && !phoneIsCell)) {
            fields.phone = first.replace(/^tel:/i, '');
            phoneIsCell = isCell;
          }
          break;
        }
        case 'EMAIL':
          fields.email ??= first.replace(/^mailto:/i, '');
          break;
        case 'ADR':
          fields.city ??= parts[3];
          fields.province ??= parts[4];
          break;
        case 'X-WECHAT':
        case 'X-WEIXIN':
          fields.wechatId ??= first;
          break;
        case 'IMPP': {
          const wechat = WECHAT_SCHEMES.exec(first);
          if (wechat?.[1]) fields.wechatId ??= wechat[1];
          break;
        }
        default:
          break;
      }
    }
    if (!fields.name && structuredName) fields.name = structuredName;
    return fields;
  },
};

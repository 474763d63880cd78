import { joinName, type BadgeFields } from './fields';
import type { BadgeParser } from './registry';

/** Splits MECARD's `KEY:value;` pairs at unescaped `;`, unescaping `\;` `\:` `\,` `\\`. */
function pairs(body: string): [string, string][] {
  const result: [string, string][] = [];
  let current = '';
  const flush = () => {
    const colon = current.indexOf(':');
    if (colon > 0)
      result.push([current.slice(0, colon).trim().toUpperCase(), current.slice(colon + 1)]);
    current = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length) {
      // An escaped `,` becomes a private-use mark so N can still split family/given at real commas.
      current += body[i + 1] === ',' ? '\uE000' : body[i + 1];
      i++;
    } else if (ch === ';') flush();
    else current += ch;
  }
  flush();
  return result;
}

/** DoCoMo MECARD (common on Asian badges): `MECARD:N:Zhang,San;TEL:…;EMAIL:…;ORG:…;;`. */
export const mecardParser: BadgeParser = {
  id: 'mecard',
  parse(text) {
    const trimmed = text.trim();
    if (!/^MECARD:/i.test(trimmed)) return null;
    const fields: BadgeFields = {};
    for (const [key, rawValue] of pairs(trimmed.slice('MECARD:'.length))) {
      const value = rawValue.trim();
      switch (key) {
        case 'N': {
          const [family = '', given = ''] = value.split(',');
          fields.name ??= joinName(family, given).replace(/\uE000/g, ',');
          break;
        }
        case 'TEL':
          fields.phone ??= value;
          break;
        case 'EMAIL':
          fields.email ??= value;
          break;
        case 'ORG':
          fields.company ??= value.replace(/\uE000/g, ',');
          break;
        case 'TITLE':
          fields.title ??= value.replace(/\uE000/g, ',');
          break;
        default:
          break;
      }
    }
    return fields;
  },
};

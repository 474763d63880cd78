import { z } from 'zod';

/** Epoch milliseconds. Bounded so RxDB can index it (indexed numbers need a range). */
export const TimestampSchema = z.number().int().min(0).max(9_999_999_999_999);

/** UUIDv7 ids are born where the document is born (device or pool), so offline devices never collide. */
export const IdSchema = z.uuid().max(36);

/** The message key of text that holds a NUL byte or half of a surrogate pair. */
export const BAD_CHARACTERS_MESSAGE = 'errors.badCharacters';

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const NUL_OR_LONE_SURROGATE = /\u0000|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- the same, for masking them in a reported path
const NUL_OR_LONE_SURROGATES = /\u0000|\p{Cs}/gu;

/**
 * False for text no database or spreadsheet can hold: PostgreSQL refuses NUL in text and jsonb,
 * and a lone surrogate is no character at all (it cannot be encoded as UTF-8). In Unicode mode
 * \p{Cs} matches only a surrogate that is not part of a pair, so emoji pass.
 */
export function isStorableText(value: string): boolean {
  return !NUL_OR_LONE_SURROGATE.test(value);
}

/**
 * The base of every string an outside input may carry into the pool: z.string() that refuses NUL
 * and lone surrogates with a clear message (a 400, never the database's 500). The check is no
 * JSON Schema keyword, so store schemas derived from these are unchanged.
 */
export const storableString = () =>
  z.string().refine(isStorableText, { message: BAD_CHARACTERS_MESSAGE });

/** An optional text field that is stored as '' when empty (Dexie requires indexed fields to be present). */
export const text = (max: number) =>
  storableString().trim().max(max, { message: 'errors.tooLong' });

/**
 * The first place in a parsed JSON value (or query/params object) that holds unstorable text,
 * as a path like `0.newDocumentState.name`; null when there is none. Keys count too: a jsonb key
 * with a NUL is refused as surely as a value. Walks iteratively, so any nesting depth is fine.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      if (!isStorableText(node)) return path || '(value)';
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        const at = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) return at.replace(NUL_OR_LONE_SURROGATES, '\uFFFD');
        stack.push([item, at]);
      }
    }
  }
  return null;
}

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The canonical form of an entrant list: unique ids sorted by UTF-16 code units. A list already
 * canonical (the store returns people in primary-key order) is returned as is (the same array)
 * after one linear check.
 */
export function canonicalEntrants(ids: Iterable<string>): string[] {
  const list = Array.isArray(ids) ? (ids as string[]) : [...ids];
  if (isCanonical(list)) return list;
  return [...new Set(list)].sort();
}

export function isCanonical(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) {
    if (!((ids[i - 1] as string) < (ids[i] as string))) return false;
  }
  return true;
}

/** Lower-case hex SHA-256 of the ids joined by "\n", as UTF-8. */
export function entrantListHash(ids: readonly string[]): string {
  return bytesToHex(sha256(utf8ToBytes(ids.join('\n'))));
}

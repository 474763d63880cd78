import { pinyin } from 'pinyin-pro';
import { nationalDigits } from './identity';

const SEPARATOR = '\u0001';
/** PersonSchema's bound on searchKey: a longer key is cut at a character boundary. */
export const SEARCH_KEY_MAX = 4000;
const HAN = /\p{Script=Han}/u;

export interface SearchablePerson {
  name: string;
  company: string;
  phone: string;
  email: string;
  wechatId: string;
}

/** Pinyin spellings of Chinese text: full ("zhangsan") and initials ("zs"); empty for other text. */
export function pinyinForms(text: string): string[] {
  if (!HAN.test(text)) return [];
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    surname: 'head',
    nonZh: 'consecutive',
  });
  const words = syllables.map((s) => s.toLowerCase().replace(/\s+/g, '')).filter((s) => s !== '');
  // The first character, not the first UTF-16 unit: a rare Han character outside the BMP (used
  // in real names, e.g. 𧩁) would leave half a surrogate pair, which no database can store.
  return [words.join(''), words.map((w) => Array.from(w)[0] ?? '').join('')];
}

/** Initials of a name in Latin letters of two or more words: "js" for John Smith, "mvb" for María von Braun. */
export function latinInitials(text: string): string {
  if (HAN.test(text)) return '';
  const words = text.split(/[\s\-.'’]+/u).filter((w) => /^\p{L}/u.test(w));
  return words.length >= 2 ? words.map((w) => Array.from(w)[0] ?? '').join('') : '';
}

/**
 * One lower-case string per person holding every form staff may type: name, its pinyin and
 * initials, company (and its pinyin initials), phone digits, email, WeChat id. Stored on the person
 * so the device never recomputes pinyin at start-up.
 */
export function buildSearchKey(person: SearchablePerson): string {
  const parts = [
    person.name,
    person.name.replace(/\s+/g, ''),
    ...pinyinForms(person.name),
    latinInitials(person.name),
    person.company,
    ...pinyinForms(person.company).slice(1),
    person.phone,
    person.phone === '' ? '' : nationalDigits(person.phone),
    person.email,
    person.wechatId,
  ];
  const key = parts
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '')
    .join(SEPARATOR);
  return cutAtCharacter(key, SEARCH_KEY_MAX);
}

/**
 * The stored key with what later versions of buildSearchKey add, for people stored before them
 * (their key is rebuilt only when they are written again): today, a Latin name's initials.
 */
export function indexedSearchKey(person: { searchKey: string; name: string }): string {
  const initials = latinInitials(person.name).toLowerCase();
  if (initials === '' || person.searchKey.split(SEPARATOR).includes(initials))
    return person.searchKey;
  return `${person.searchKey}${SEPARATOR}${initials}`;
}

/** At most `max` UTF-16 units, never ending on the first half of a surrogate pair. */
function cutAtCharacter(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

export function queryTokens(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
}

interface Entry {
  key: string;
  rank: number;
}

export interface SearchResult {
  ids: string[];
  total: number;
}

/**
 * In-memory index over search keys: a scan of 100k short strings takes a few milliseconds, far
 * below what an IndexedDB regex query costs, and it answers substrings (last digits of a phone).
 */
export class PeopleSearchIndex {
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  /** `rank` orders results with equal relevance: higher first (e.g. most recently updated). */
  upsert(id: string, key: string, rank: number): void {
    this.entries.set(id, { key, rank });
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }

  /** [id, key, rank] rows, for a snapshot that restores the index without re-reading people. */
  rows(): [string, string, number][] {
    return [...this.entries].map(([id, e]) => [id, e.key, e.rank]);
  }

  search(query: string, limit: number): SearchResult {
    const tokens = queryTokens(query);
    // Only the best `limit` matches are kept, in order: a broad query (or none, as when the list
    // first shows) over 100k people must not sort all of them after every write.
    const top: Match[] = [];
    let total = 0;
    for (const [id, entry] of this.entries) {
      let score = 0;
      let all = true;
      for (const token of tokens) {
        const at = entry.key.indexOf(token);
        if (at < 0) {
          all = false;
          break;
        }
        // A match at the start of a field (name, pinyin, initials, phone) is what staff meant.
        if (at === 0 || entry.key.charCodeAt(at - 1) === 1) score += 1;
      }
      if (!all) continue;
      total += 1;
      const match = { id, score, rank: entry.rank };
      const last = top[top.length - 1];
      if (top.length >= limit && (!last || !isBetter(match, last))) continue;
      top.splice(insertionPoint(top, match), 0, match);
      if (top.length > limit) top.pop();
    }
    return { ids: top.map((m) => m.id), total };
  }
}

interface Match {
  id: string;
  score: number;
  rank: number;
}

function isBetter(a: Match, b: Match): boolean {
  return a.score > b.score || (a.score === b.score && a.rank > b.rank);
}

/** After every match at least as good, so equal matches keep the order they were found in. */
function insertionPoint(top: Match[], match: Match): number {
  let low = 0;
  let high = top.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (isBetter(match, top[mid] as Match)) high = mid;
    else low = mid + 1;
  }
  return low;
}

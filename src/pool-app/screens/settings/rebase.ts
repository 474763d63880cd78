/**
 * My edits, replayed on a config someone saved meanwhile: wherever my draft differs from the
 * revision I started from, mine wins; everywhere else theirs stays. Objects merge key by key;
 * arrays (MQL clauses, routing rules) and values are taken whole, since an ordered rule list
 * cannot be merged item by item without guessing.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function rebase<T>(started: T, mine: T, theirs: T): T {
  return merge(started, mine, theirs) as T;
}

function merge(started: unknown, mine: unknown, theirs: unknown): unknown {
  if (same(mine, started)) return theirs;
  if (!isObject(started) || !isObject(mine) || !isObject(theirs)) return mine;
  const out: Record<string, unknown> = { ...theirs };
  for (const key of new Set([...Object.keys(mine), ...Object.keys(started)])) {
    if (!(key in mine)) {
      // I removed it: gone, unless they changed it meanwhile (then theirs stays).
      if (same(theirs[key], started[key])) delete out[key];
      continue;
    }
    out[key] = merge(started[key], mine[key], theirs[key]);
  }
  return out as Json;
}

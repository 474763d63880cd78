import { map, type Observable } from 'rxjs';
import { DEFAULT_CONFIG, parseConfig, type IntelligenceConfig } from '../../shared/intelligence';
import type { LeadDatabase } from './database';

/**
 * The lead-intelligence config this booth scores with: the pool's, as last fetched (kept as an
 * RxDB local document, so it survives a restart and works offline), or DEFAULT_CONFIG before the
 * device ever reached a pool.
 */
export interface BoothIntelligence {
  config: IntelligenceConfig;
  /** The pool's revision; null: not from a pool (the default). */
  revision: number | null;
  fetchedAt: number | null;
}

interface StoredIntelligence {
  revision: number;
  config: unknown;
  fetchedAt: number;
}

const LOCAL_ID = 'intelligence-config';

export const DEFAULT_INTELLIGENCE: BoothIntelligence = {
  config: DEFAULT_CONFIG,
  revision: null,
  fetchedAt: null,
};

/** Re-checked on every read: a config stored by an older app version may no longer parse. */
function fromStored(stored: StoredIntelligence | undefined): BoothIntelligence {
  if (!stored) return DEFAULT_INTELLIGENCE;
  const parsed = parseConfig(stored.config);
  if (!parsed.ok) return DEFAULT_INTELLIGENCE;
  return { config: parsed.config, revision: stored.revision, fetchedAt: stored.fetchedAt };
}

export async function loadIntelligence(db: LeadDatabase): Promise<BoothIntelligence> {
  const doc = await db.getLocal<StoredIntelligence>(LOCAL_ID);
  return fromStored(doc?.toJSON().data);
}

/** Live: emits the current config at once, then whenever a sync stores a new one. */
export function intelligence$(db: LeadDatabase): Observable<BoothIntelligence> {
  return db
    .getLocal$<StoredIntelligence>(LOCAL_ID)
    .pipe(map((doc) => fromStored(doc?.toJSON().data)));
}

export type SaveIntelligenceResult = 'saved' | 'unchanged' | 'invalid';

/**
 * Keeps what the pool sent when the engine can read it. A config it cannot read (a newer pool, a
 * broken one) is not stored: the booth goes on scoring with the config it had.
 */
export async function saveIntelligence(
  db: LeadDatabase,
  answer: { revision: number; config: unknown },
  fetchedAt: number,
): Promise<SaveIntelligenceResult> {
  const parsed = parseConfig(answer.config);
  if (!parsed.ok) return 'invalid';
  const current = await db.getLocal<StoredIntelligence>(LOCAL_ID);
  const data = current?.toJSON().data;
  // Not rewritten when the same: every write recomputes every open lead panel. The config is
  // compared too, since another pool (a new enrollment) numbers its revisions from 1 as well.
  if (
    data &&
    data.revision === answer.revision &&
    JSON.stringify(data.config) === JSON.stringify(parsed.config)
  )
    return 'unchanged';
  await db.upsertLocal<StoredIntelligence>(LOCAL_ID, {
    revision: answer.revision,
    config: parsed.config,
    fetchedAt,
  });
  return 'saved';
}

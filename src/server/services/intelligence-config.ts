import { DEFAULT_CONFIG, parseConfig, type IntelligenceConfig } from '../../shared/intelligence';
import type { SqlExecutor } from '../db/sql';

/**
 * The lead-intelligence config in force: the newest saved revision, or DEFAULT_CONFIG as
 * revision 0 before anyone saved one. Revisions are kept, never edited, so every stored score
 * says which rules made it (customers.scored_revision).
 */
export interface ConfigRevision {
  revision: number;
  config: IntelligenceConfig;
  savedBy: string | null;
  savedAt: number | null;
}

export const DEFAULT_REVISION: ConfigRevision = {
  revision: 0,
  config: DEFAULT_CONFIG,
  savedBy: null,
  savedAt: null,
};

export async function loadConfig(tx: SqlExecutor): Promise<ConfigRevision> {
  const [row] = await tx.query<{
    revision: number;
    config: unknown;
    saved_by: string;
    saved_at: number;
  }>(
    'select revision, config, saved_by, saved_at from intelligence_configs order by revision desc limit 1',
  );
  if (!row) return DEFAULT_REVISION;
  const parsed = parseConfig(row.config);
  // Only validated configs are saved; one that no longer parses (a schema change without a
  // migration) must not stop scoring, so the default stands in for it.
  if (!parsed.ok) return { ...DEFAULT_REVISION, revision: Number(row.revision) };
  return {
    revision: Number(row.revision),
    config: parsed.config,
    savedBy: row.saved_by,
    savedAt: Number(row.saved_at),
  };
}

export type SaveResult =
  { ok: true; revision: ConfigRevision } | { ok: false; current: ConfigRevision };

/**
 * Saves `config` as the next revision when `baseRevision` is still the one in force, so two
 * people editing at once cannot silently undo each other; the loser gets the current revision.
 * Callers mark customers for rescoring in the same transaction.
 */
export async function saveConfig(
  tx: SqlExecutor,
  config: IntelligenceConfig,
  baseRevision: number,
  who: string,
  now: number,
): Promise<SaveResult> {
  // Serializes concurrent saves: the second waits, then sees the first one's revision.
  await tx.query('lock table intelligence_configs in exclusive mode');
  const current = await loadConfig(tx);
  if (current.revision !== baseRevision) return { ok: false, current };
  const revision = current.revision + 1;
  await tx.query(
    'insert into intelligence_configs (revision, config, saved_by, saved_at) values ($1, $2, $3, $4)',
    [revision, JSON.stringify(config), who, now],
  );
  return { ok: true, revision: { revision, config, savedBy: who, savedAt: now } };
}

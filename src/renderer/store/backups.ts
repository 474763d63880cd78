import { addRxPlugin } from 'rxdb';
import { RxDBJsonDumpPlugin } from 'rxdb/plugins/json-dump';
import type { Platform } from '../platform/index-types';
import type { LeadDatabase } from './database';

addRxPlugin(RxDBJsonDumpPlugin);

export const BACKUP_INTERVAL_MS = 10 * 60_000;

/** One copy of the whole local store, as JSON. */
export async function backupNow(
  db: LeadDatabase,
  platform: Pick<Platform, 'writeBackup'>,
): Promise<void> {
  await platform.writeBackup(JSON.stringify(await db.exportJSON()));
}

/**
 * Every ten minutes the desktop app copies the local store to its data folder, so a corrupted
 * browser profile never costs a day of leads. Returns a function that stops it.
 */
export function startPeriodicBackups(
  db: LeadDatabase,
  platform: Pick<Platform, 'writeBackup' | 'kind'>,
  onError: (error: unknown) => void,
  intervalMs = BACKUP_INTERVAL_MS,
): () => void {
  if (platform.kind !== 'electron') return () => undefined;
  const timer = setInterval(() => backupNow(db, platform).catch(onError), intervalMs);
  return () => clearInterval(timer);
}

import { describe, expect, it } from 'vitest';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { newId } from '../../shared/ids';
import { backupNow } from './backups';
import { openLeadDatabase } from './database';
import { newEventDraft, saveEvent } from './leads';

describe('local backups', () => {
  it('hands the platform a JSON copy of every collection', async () => {
    const db = await openLeadDatabase({ name: `backup-${newId()}`, storage: getRxStorageDexie() });
    const ctx = { db, deviceId: 'd', staffId: '', clock: () => 1_700_000_000_000, newId };
    await saveEvent(ctx, { ...newEventDraft('2026-11-25'), name: '备份测试' });
    const written: string[] = [];
    await backupNow(db, { writeBackup: async (json) => void written.push(json) });
    const dump = JSON.parse(written[0] ?? '{}') as {
      collections: { name: string; docs: { name?: string }[] }[];
    };
    expect(dump.collections.map((c) => c.name).sort()).toEqual([
      'draws',
      'events',
      'interactions',
      'people',
      'qualifications',
    ]);
    expect(dump.collections.find((c) => c.name === 'events')?.docs[0]?.name).toBe('备份测试');
    await db.close();
  });
});

import { describe, expect, it } from 'vitest';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { newId } from '../../shared/ids';
import { DEFAULT_EVENT_FORM } from '../../shared/schemas';
import { backupNow } from './backups';
import { openLeadDatabase } from './database';
import { saveEvent } from './leads';

describe('local backups', () => {
  it('hands the platform a JSON copy of every collection', async () => {
    const db = await openLeadDatabase({ name: `backup-${newId()}`, storage: getRxStorageDexie() });
    const ctx = { db, deviceId: 'd', staffId: '', clock: () => 1_700_000_000_000, newId };
    await saveEvent(ctx, {
      name: '备份测试',
      venue: '',
      startsOn: '2026-11-25',
      endsOn: '2026-11-25',
      cost: { amount: 0, currency: 'CNY' },
      form: DEFAULT_EVENT_FORM,
      interests: [],
      consent: { text: '', version: 'v1' },
      kioskIdleSeconds: 60,
      retentionDays: 90,
    });
    const written: string[] = [];
    await backupNow(db, { writeBackup: async (json) => void written.push(json) });
    const dump = JSON.parse(written[0] ?? '{}') as {
      collections: { name: string; docs: { name?: string }[] }[];
    };
    expect(dump.collections.map((c) => c.name).sort()).toEqual([
      'events',
      'interactions',
      'people',
      'qualifications',
    ]);
    expect(dump.collections.find((c) => c.name === 'events')?.docs[0]?.name).toBe('备份测试');
    await db.close();
  });
});

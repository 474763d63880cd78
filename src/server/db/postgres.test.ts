import { describe, expect, it } from 'vitest';
import { openPostgres } from './postgres';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('PostgreSQL LISTEN connection', () => {
  it('listens again after its connection is killed, and wakes its handlers', async () => {
    const db = await openPostgres(url!);
    const admin = await openPostgres(url!);
    try {
      const payloads: string[] = [];
      await db.listen('leadpond_test_relisten', (payload) => payloads.push(payload));
      await admin.query(`select pg_notify('leadpond_test_relisten', 'before')`);
      await expect.poll(() => payloads).toContain('before');

      // The server drops the listening connection, as a restart or a network cut would.
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where query like 'listen %leadpond_test_relisten%' and pid <> pg_backend_pid()`,
      );
      // Woken once with '' after listening again: streams re-read what they may have missed.
      await expect.poll(() => payloads, { timeout: 15_000 }).toContain('');
      await admin.query(`select pg_notify('leadpond_test_relisten', 'after')`);
      await expect.poll(() => payloads, { timeout: 15_000 }).toContain('after');
    } finally {
      await db.close();
      await admin.close();
    }
  }, 30_000);
});

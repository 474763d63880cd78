import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearBackups, writeBackup } from './backup';

describe('local backups', () => {
  it('writes the store copy and keeps the newest ten', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'leadpond-backup-')), 'backups');
    let last = '';
    for (let i = 0; i < 12; i++)
      last = await writeBackup(dir, `{"n":${i}}`, new Date(Date.UTC(2026, 10, 25, 10, 0, i)));
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(10);
    expect(files[0]).toContain('10-00-02');
    expect(await readFile(last, 'utf8')).toBe('{"n":11}');
  });

  it('clears every backup, and a missing folder is nothing to clear', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'leadpond-backup-')), 'backups');
    expect(await clearBackups(dir)).toBe(0);
    await writeBackup(dir, '{"n":1}', new Date(Date.UTC(2026, 10, 25, 10, 0, 1)));
    await writeBackup(dir, '{"n":2}', new Date(Date.UTC(2026, 10, 25, 10, 0, 2)));
    expect(await clearBackups(dir)).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });
});

import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBackup } from './backup';

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
});

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const KEEP = 10;

/** Writes a copy of the local store next to the app's data and keeps the newest ten. */
export async function writeBackup(dir: string, json: string, now = new Date()): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `leadpond-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, json, { encoding: 'utf8', mode: 0o600 });
  const backups = (await readdir(dir)).filter((f) => /^leadpond-.*\.json$/.test(f)).sort();
  await Promise.all(
    backups.slice(0, Math.max(0, backups.length - KEEP)).map((f) => rm(join(dir, f))),
  );
  return file;
}

/** Deletes every local backup: a revoked device keeps no copy of its event's leads. */
export async function clearBackups(dir: string): Promise<number> {
  const files = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const backups = files.filter((f) => /^leadpond-.*\.json$/.test(f));
  await Promise.all(backups.map((f) => rm(join(dir, f), { force: true })));
  return backups.length;
}

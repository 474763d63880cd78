// A throwaway PostgreSQL cluster on 127.0.0.1, from the Debian postgresql package's binaries: for
// `node scripts/with-postgres.mjs` and for tests that need several pool processes on one server.
// As root, initdb and postgres refuse to run: they run as the `postgres` system user.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest installed PostgreSQL's bin directory, or null when none is installed. */
export function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh cluster (trust auth, fsync off: nothing in it outlives the run) and resolves to
 * its URL and the function that stops it and removes its files. Throws when PostgreSQL is not
 * installed or does not start.
 */
export async function startThrowawayPostgres() {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian: apt-get install -y postgresql).');
  const asRoot = process.getuid?.() === 0;
  const run = (tool, toolArgs) =>
    spawnSync(
      asRoot ? 'runuser' : join(bin, tool),
      asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...toolArgs] : toolArgs,
      { encoding: 'utf8' },
    );
  const dir = mkdtempSync(join(tmpdir(), 'leadpond-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  const init = run('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  if (init.status !== 0) {
    stop();
    throw new Error(`initdb failed:\n${init.stderr}`);
  }
  const start = run('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'postgres.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  if (start.status !== 0) {
    stop();
    throw new Error(`postgres failed to start:\n${start.stderr}`);
  }
  started = true;
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

// Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1: `node scripts/with-postgres.mjs
// <command> [args…]`. The command gets DATABASE_URL; the cluster is removed afterwards. Uses the
// Debian postgresql package's binaries; as root, the server runs as the `postgres` user.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function postgresBin() {
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

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}
const bin = postgresBin();
if (!bin) {
  console.error('PostgreSQL is not installed (Debian: apt-get install -y postgresql).');
  process.exit(1);
}

const asRoot = process.getuid?.() === 0;
// As root, initdb and postgres refuse to run: run them as the postgres system user.
const run = (tool, toolArgs, options = {}) =>
  spawnSync(
    asRoot ? 'runuser' : join(bin, tool),
    asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...toolArgs] : toolArgs,
    {
      encoding: 'utf8',
      ...options,
    },
  );

const dir = mkdtempSync(join(tmpdir(), 'leadpond-pg-'));
chmodSync(dir, 0o777);
const data = join(dir, 'data');
const port = await freePort();
let started = false;

function stop() {
  if (started) run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
  started = false;
  rmSync(dir, { recursive: true, force: true });
}

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
  console.error(`initdb failed:\n${init.stderr}`);
  stop();
  process.exit(1);
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
  console.error(`postgres failed to start:\n${start.stderr}`);
  stop();
  process.exit(1);
}
started = true;
const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
console.error(`throwaway PostgreSQL at ${url}`);

const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});

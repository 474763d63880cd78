import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Servers the sync benchmarks talk to, each a real process on 127.0.0.1 with its data on disk. */
export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} did not come up within ${seconds} s`);
}

/** Children run in their own process group (npx → tsx → node): stopping one stops them all. */
function stopper(child: ChildProcess, dir: string) {
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // Never leave a server behind, even when the bench itself fails or is interrupted.
  process.once('exit', () => killGroup('SIGKILL'));
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      killGroup('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

/** `npm run pool` as users run it: embedded PGlite in a fresh data dir (or DATABASE_URL). */
export async function startPool(adminToken: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'leadpond-bench-pool-'));
  const port = await freePort();
  const child = spawn('npx', ['tsx', 'src/server/main.ts'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      LEADPOND_DATA_DIR: dir,
      LEADPOND_POOL_PORT: String(port),
      LEADPOND_ADMIN_TOKEN: adminToken,
      LEADPOND_LOG_LEVEL: 'warn',
      // The bench enrolls 51 devices from one address within a minute.
      LEADPOND_ENROLL_PER_MINUTE: '1000',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/v1/health`, child);
  return { url, stop: stopper(child, dir) };
}

/** pouchdb-server (a CouchDB-protocol peer) on LevelDB in a fresh folder: the baseline. */
export async function startPouchServer(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'leadpond-bench-couch-'));
  const port = await freePort();
  const bin = join(process.cwd(), 'node_modules', '.bin', 'pouchdb-server');
  const child = spawn(bin, ['--port', String(port), '--host', '127.0.0.1', '--dir', dir], {
    detached: true,
    cwd: dir,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`, child);
  return { url, stop: stopper(child, dir) };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../shared/ids';
import { openPostgres } from './db/postgres';

/**
 * The real pool binary (`tsx src/server/main.ts`) as a child process, for tests that kill it the
 * way a machine losing power would (SIGKILL to its process group) and start it again on the same
 * data.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PoolProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly adminToken = env.LEADPOND_ADMIN_TOKEN ?? '',
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // Its own process group, so npx, tsx and the pool die together, like a machine losing power.
    const child = spawn('npx', ['tsx', 'src/server/main.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, ...this.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    for (let attempt = 0; attempt < 600; attempt++) {
      if (child.exitCode !== null) throw new Error(`pool exited at start:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/api/v1/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`pool did not come up:\n${this.output}`);
  }

  async kill(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null) return;
    process.kill(-pid, 'SIGKILL');
    await this.exited;
    this.child = null;
  }

  async admin<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

/**
 * The environment of a pool process with data of its own: a PGlite data dir, or — when the suite
 * runs against PostgreSQL (DATABASE_URL) — a throwaway schema. What to undo goes to `cleanups`.
 */
export async function isolatedPoolEnv(
  adminToken: string,
  cleanups: (() => Promise<void>)[],
): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'leadpond-process-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    LEADPOND_DATA_DIR: dataDir,
    LEADPOND_ADMIN_TOKEN: adminToken,
    LEADPOND_LOG_LEVEL: 'warn',
    LEADPOND_POOL_HOST: '127.0.0.1',
    DATABASE_URL: '',
  };
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const schema = `process_${newId().replaceAll('-', '')}`;
    const admin = await openPostgres(databaseUrl);
    await admin.exec(`create schema ${schema}`);
    await admin.close();
    cleanups.push(async () => {
      const db = await openPostgres(databaseUrl);
      await db.exec(`drop schema ${schema} cascade`);
      await db.close();
    });
    const separator = databaseUrl.includes('?') ? '&' : '?';
    env.DATABASE_URL = `${databaseUrl}${separator}options=-c%20search_path%3D${schema}`;
  }
  return env;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRxDatabase,
  getAssumedMasterState,
  getChangedDocumentsSince,
  getLastCheckpointDoc,
  stackCheckpoints,
  writeDocToDocState,
  type RxCollection,
  type RxDatabase,
  type ReplicationPullHandlerResult,
  type RxDocumentData,
  type WithDeleted,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { COLLECTIONS, toStoreJsonSchema } from '../shared/collections';
import { newId } from '../shared/ids';
import type { EnrollmentCodesResponse, EventResponse } from '../shared/api';
import type { Interaction } from '../shared/schemas';
import type { SyncCheckpoint } from '../shared/sync';
import { openPostgres } from './db/postgres';

/**
 * The pool killed (SIGKILL, no shutdown) in the middle of a device's 5,000-document push, then
 * restarted on the same data: RxDB's replication retries, and every document ends in the pool
 * exactly once, with nothing left pending on the device. The real pool binary, the real RxDB
 * replication, the real database (PGlite in a data dir; a throwaway schema when DATABASE_URL is
 * set).
 */

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const DOCUMENTS = 5_000;
const PUSH_BATCH = 100;
/** The push request during which the pool dies: about a third of the way. */
const KILL_AT_PUSH = 17;
const ADMIN_TOKEN = `lpu_fault-test-admin-${newId()}`;

async function freePort(): Promise<number> {
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class PoolProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
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
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

/** What RxDB itself would push next: local writes newer than the upstream checkpoint, unpushed. */
async function countUnpushed<T, C>(replication: RxReplicationState<T, C>): Promise<number> {
  const state = replication.internalReplicationState;
  if (!state) throw new Error('replication has not started');
  const fork = state.input.forkInstance;
  let checkpoint = await getLastCheckpointDoc(state, 'up');
  let count = 0;
  for (;;) {
    const page = await getChangedDocumentsSince(fork, 500, checkpoint);
    const ids = page.documents.map((d) => String((d as Record<string, unknown>).id));
    const masters = ids.length > 0 ? await getAssumedMasterState(state, ids) : {};
    for (const doc of page.documents as RxDocumentData<T>[]) {
      const master = masters[String((doc as Record<string, unknown>).id)];
      const current = writeDocToDocState(doc, state.hasAttachments, false);
      if (!master || !state.input.conflictHandler.isEqual(master.docData, current, 'test')) {
        count++;
      }
    }
    if (page.documents.length < 500) return count;
    checkpoint = stackCheckpoints([checkpoint, page.checkpoint]);
  }
}

describe('pool killed in the middle of a push', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('ends with every document in the pool exactly once and nothing pending', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'leadpond-fault-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      LEADPOND_DATA_DIR: dataDir,
      LEADPOND_ADMIN_TOKEN: ADMIN_TOKEN,
      LEADPOND_LOG_LEVEL: 'warn',
      LEADPOND_POOL_HOST: '127.0.0.1',
      DATABASE_URL: '',
    };
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      // The same crash against real PostgreSQL, in a schema of its own.
      const schema = `fault_${newId().replaceAll('-', '')}`;
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
    // A fixed port for both lives of the pool: the device knows one address.
    const port = await freePort();
    const pool = new PoolProcess(port, { ...env, LEADPOND_POOL_PORT: String(port) });
    cleanups.push(() => pool.kill());
    await pool.start();

    const { event } = await pool.admin<EventResponse>('POST', '/events', {
      name: 'Fault Expo',
      startsOn: '2026-06-01',
      endsOn: '2026-06-02',
    });
    const issued = await pool.admin<EnrollmentCodesResponse>(
      'POST',
      `/events/${event.id}/enrollment-codes`,
      { count: 1 },
    );
    const enrolled = await fetch(`${pool.url}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: issued.codes[0]?.code }),
    });
    expect(enrolled.status).toBe(200);
    const { token } = (await enrolled.json()) as { token: string };

    const db: RxDatabase = await createRxDatabase({
      name: `fault${newId().replaceAll('-', '')}`,
      storage: getRxStorageMemory(),
    });
    cleanups.push(async () => {
      await db.close();
    });
    const { interactions } = (await db.addCollections({
      interactions: { schema: toStoreJsonSchema(COLLECTIONS.interactions) as never },
    })) as { interactions: RxCollection<Interaction> };
    const personId = newId();
    const docs: Interaction[] = Array.from({ length: DOCUMENTS }, (_, i) => ({
      id: newId(),
      eventId: event.id,
      personId,
      type: 'badge_scanned',
      deviceId: 'booth-1',
      staffId: 'staff-1',
      occurredAt: 1_760_000_000_000 + i,
      data: { n: i },
      updatedAt: 1_760_000_000_000 + i,
    }));
    await interactions.bulkInsert(docs);

    let pushes = 0;
    let failedPushes = 0;
    const crash: { done?: Promise<void> } = {};
    const api = (path: string) => `${pool.url}/api/v1/sync/interactions${path}`;
    const replication = replicateRxCollection<Interaction, SyncCheckpoint>({
      collection: interactions,
      replicationIdentifier: `fault-${event.id}`,
      live: true,
      retryTime: 300,
      autoStart: true,
      push: {
        batchSize: PUSH_BATCH,
        async handler(rows) {
          pushes += 1;
          const request = fetch(api('/push'), {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(rows),
          });
          // The pool dies while this push is on its way or being written.
          if (pushes === KILL_AT_PUSH) crash.done = pool.kill();
          try {
            const res = await request;
            if (!res.ok) throw new Error(`push: ${res.status}`);
            return (await res.json()) as WithDeleted<Interaction>[];
          } catch (error) {
            failedPushes += 1;
            throw error;
          }
        },
      },
      pull: {
        batchSize: 500,
        async handler(checkpoint, batchSize) {
          const query = new URLSearchParams({ limit: String(batchSize) });
          if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
          const res = await fetch(api(`/pull?${query}`), {
            headers: { authorization: `Bearer ${token}` },
          });
          if (!res.ok) throw new Error(`pull: ${res.status}`);
          return (await res.json()) as ReplicationPullHandlerResult<Interaction, SyncCheckpoint>;
        },
      },
    });
    cleanups.push(() => replication.cancel().then(() => undefined));

    // Wait for the crash, leave the pool down while the device keeps retrying, then restart it.
    while (!crash.done) await sleep(50);
    await crash.done;
    const pushesWhileDown = pushes;
    await sleep(1_500);
    await pool.start();
    await replication.awaitInSync();

    expect(failedPushes).toBeGreaterThan(0);
    expect(pushes).toBeGreaterThan(pushesWhileDown);
    expect(await countUnpushed(replication)).toBe(0);

    // Everything the pool holds for the event, read back through the admin's pull.
    const held: string[] = [];
    let checkpoint: SyncCheckpoint | null = null;
    for (;;) {
      const query = new URLSearchParams({ limit: '1000', eventId: event.id });
      if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
      const page = await pool.admin<{ documents: { id: string }[]; checkpoint: SyncCheckpoint }>(
        'GET',
        `/sync/interactions/pull?${query}`,
      );
      if (page.documents.length === 0) break;
      held.push(...page.documents.map((d) => d.id));
      checkpoint = page.checkpoint;
    }
    expect(held).toHaveLength(DOCUMENTS);
    expect(new Set(held)).toEqual(new Set(docs.map((d) => d.id)));
  });
});

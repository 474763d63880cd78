import type { WebhookTargetPolicy } from './services/webhook-targets';
import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { newId, systemClock, type Clock } from '../shared/ids';
import { issueSetupLink } from './accounts/setup-link';
import { createPoolServer } from './app';
import { closeServer } from './close-server';
import { DEVICE_TOKEN_PREFIX, ensureAdmin, hashToken, newToken } from './auth';
import { migrate, MIGRATIONS } from './db/migrations';
import { openPglite, pgliteDatabase } from './db/pglite';
import { openPostgres } from './db/postgres';
import type { SqlDatabase } from './db/sql';
import type { AssetSettings } from './deps';

/**
 * A pool for tests: in-memory PGlite, or a fresh schema on the real PostgreSQL server named by
 * DATABASE_URL (CI runs the pool suite both ways). Always real SQL, never a mock.
 */
export interface TestPool {
  app: FastifyInstance;
  db: SqlDatabase;
  adminToken: string;
  /** A fresh one-time set-up token (`/app/#/setup/<token>`), or null once an admin has a password. */
  issueSetupLink(): Promise<string | null>;
  /** Every route the app registered (HEAD routes Fastify adds for GETs left out). */
  routes: { method: string; url: string }[];
  /** http://127.0.0.1:<port> once `listen()` was called. */
  url: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = 'lpu_test-admin-token-000000000000000000000000';

/**
 * A migrated, empty PGlite data directory as a tarball, made once per migration list and kept in
 * the temp folder: every later test database starts from it instead of running initdb and every
 * migration (about 5× faster). Its name carries a hash of the migrations, so a new migration makes
 * a new one; it is written to a temp name and renamed, so parallel workers never read half a file.
 */
let template: Promise<Blob> | undefined;

/** One read of the template per process: a test file opens many databases from it. */
function migratedTemplate(): Promise<Blob> {
  template ??= loadOrMakeTemplate();
  return template;
}

async function loadOrMakeTemplate(): Promise<Blob> {
  const hash = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `leadpond-pglite-template-${hash}.tar`);
  try {
    return new Blob([await readFile(path)]);
  } catch {
    const pg = await PGlite.create();
    await migrate(pgliteDatabase(pg));
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    const bytes = Buffer.from(await dump.arrayBuffer());
    const partial = `${path}.${process.pid}.${randomUUID()}`;
    await writeFile(partial, bytes);
    await rename(partial, path);
    return new Blob([bytes]);
  }
}

export async function openTestDatabase(): Promise<SqlDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openPglite(undefined, { fromDump: await migratedTemplate() });
    // Applies nothing when the template is current; a safety net if it is not.
    await migrate(db);
    return db;
  }
  // Each test pool gets its own schema on the shared server, dropped on close.
  const schema = `t_${newId().replaceAll('-', '')}`;
  const admin = await openPostgres(url);
  await admin.exec(`create schema ${schema}`);
  await admin.close();
  const separator = url.includes('?') ? '&' : '?';
  const db = await openPostgres(`${url}${separator}options=-c%20search_path%3D${schema}`);
  await migrate(db);
  const close = db.close.bind(db);
  return {
    ...db,
    async close() {
      await close();
      const cleanup = await openPostgres(url);
      await cleanup.exec(`drop schema ${schema} cascade`);
      await cleanup.close();
    },
  };
}

export async function startTestPool(
  options: {
    clock?: Clock;
    rateLimitPerMinute?: number;
    enrollPerMinute?: number;
    assets?: AssetSettings;
    attendeePageDir?: string;
    poolAppDir?: string;
    mailDelivery?: 'smtp' | 'none';
    /** What the pool's public address is said to be (default: the address it listens on). */
    publicUrl?: string;
    /** Proxies whose X-Forwarded-* headers are believed (as LEADPOND_TRUST_PROXY). */
    trustProxy?: string;
    /** Webhook targets allowed despite being loopback (the test's receiver). */
    webhookTargets?: WebhookTargetPolicy;
  } = {},
): Promise<TestPool> {
  const db = await openTestDatabase();
  const clock = options.clock ?? systemClock;
  await ensureAdmin(db, TEST_ADMIN_TOKEN, clock(), newId);
  let url = '';
  const routes: TestPool['routes'] = [];
  const app = await createPoolServer({
    db,
    clock,
    newId,
    publicUrl: () => options.publicUrl ?? url,
    onRoute: (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') routes.push({ method, url: route.url });
      }
    },
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.enrollPerMinute ? { enrollPerMinute: options.enrollPerMinute } : {}),
    ...(options.attendeePageDir ? { attendeePageDir: options.attendeePageDir } : {}),
    ...(options.poolAppDir ? { poolAppDir: options.poolAppDir } : {}),
    ...(options.assets ? { assets: options.assets } : {}),
    ...(options.mailDelivery ? { mailDelivery: options.mailDelivery } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.webhookTargets ? { webhookTargets: options.webhookTargets } : {}),
  });
  return {
    app,
    db,
    adminToken: TEST_ADMIN_TOKEN,
    issueSetupLink: () => issueSetupLink(db, clock),
    routes,
    get url() {
      return url;
    },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      return url;
    },
    async close() {
      // A browser context a test left open must not stall the next spec's pool.
      await closeServer(app, 1_000);
      await db.close();
    },
  };
}

/**
 * A device enrolled for `eventId` without going through a code: for tests about what an enrolled
 * device may do. Returns its bearer token.
 */
export async function testDeviceToken(
  db: SqlDatabase,
  eventId: string,
  name = 'Booth',
): Promise<string> {
  const token = newToken(DEVICE_TOKEN_PREFIX);
  await db.query(
    `insert into devices (id, event_id, name, token_hash, enrolled_at) values ($1, $2, $3, $4, 0)`,
    [newId(), eventId, name, hashToken(token)],
  );
  return token;
}

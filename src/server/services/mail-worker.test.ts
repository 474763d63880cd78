import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, systemClock } from '../../shared/ids';
import type { LeadEvent } from '../../shared/schemas';
import { createPoolServer } from '../app';
import { ensureAdmin } from '../auth';
import { migrate } from '../db/migrations';
import { openPglite } from '../db/pglite';
import { openPostgres } from '../db/postgres';
import type { SqlDatabase } from '../db/sql';
import {
  contentRequest,
  pushInteractions,
  pushRequester,
  uploadedAsset,
} from '../routes/assets.test-kit';
import { bearer, createEvent } from '../routes/routes.test-kit';
import { TEST_ADMIN_TOKEN, startTestPool, testDeviceToken, type TestPool } from '../testing';
import { claimDueMail, listOutbox } from './mail-outbox';
import { createMailWorker, type MailWorker, type MailWorkerOptions } from './mail-worker';
import { linksIn, startTestSmtp, subjectOf, type TestSmtp } from './mail-worker.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('mail queue against a real SMTP server', () => {
  let pool: TestPool;
  let smtp: TestSmtp;
  const workers: MailWorker[] = [];

  beforeAll(async () => {
    pool = await startTestPool();
    await pool.listen();
    smtp = await startTestSmtp();
  });
  afterEach(async () => {
    while (workers.length) await workers.pop()?.stop();
  });
  afterAll(async () => {
    await smtp.close();
    await pool.close();
  });

  function worker(options: Partial<MailWorkerOptions> = {}): MailWorker {
    const created = createMailWorker({
      db: pool.db,
      clock: systemClock,
      publicUrl: () => pool.url,
      smtpUrl: smtp.url,
      from: 'Leadpond <papers@leadpond.test>',
      // Retries within milliseconds: the test waits for outcomes, never for the clock.
      baseRetryMs: 10,
      tickMs: 60_000,
      ...options,
    });
    workers.push(created);
    return created;
  }

  /** A device's white-paper request for a fresh event and asset: returns what the mail must say. */
  async function request(email: string, extra: Record<string, string> = {}) {
    const event: LeadEvent = await createEvent(pool, { name: '上海工博会' });
    const asset = await uploadedAsset(pool, event.id, '工业互联网白皮书', `${email}-${newId()}`);
    const device = await testDeviceToken(pool.db, event.id);
    const requester = await pushRequester(pool, device, event.id, email);
    const fact = contentRequest(event.id, requester, asset.id, email, extra);
    await pushInteractions(pool, device, [fact]);
    return { event, asset, device, fact };
  }

  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
  const outboxOf = async (requestId: string) =>
    (await listOutbox(pool.db, undefined, 1000)).find((entry) => entry.requestId === requestId);

  it('delivers the mail once, in Chinese, with a link that downloads the white paper', async () => {
    const email = `zhang-${newId()}@example.com`;
    const { fact } = await request(email);
    await worker().start();
    await vi.waitFor(() => expect(mailsTo(email)).toHaveLength(1), {
      timeout: 20_000,
      interval: 50,
    });
    const [mail] = mailsTo(email);
    if (!mail) throw new Error('no mail');
    expect(subjectOf(mail)).toBe('您索取的白皮书：工业互联网白皮书');
    expect(mail.raw).toMatch(/^From: Leadpond <papers@leadpond\.test>/m);
    const links = linksIn(mail);
    expect(links).toHaveLength(1);
    expect(links[0]?.startsWith(`${pool.url}/d/`)).toBe(true);
    const download = await fetch(links[0] ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');

    await vi.waitFor(async () => expect((await outboxOf(fact.id))?.status).toBe('sent'));
    const [row] = await pool.db.query<{ payload: Record<string, unknown> }>(
      `select payload from mail_outbox where payload->>'requestId' = $1`,
      [fact.id],
    );
    expect(row?.payload).not.toHaveProperty('token');
    // Another pass (a NOTIFY, a tick) sends nothing again.
    expect(await workers[0]?.runOnce()).toBe(0);
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('writes English when the request asked for it', async () => {
    const email = `en-${newId()}@example.com`;
    await request(email, { lang: 'en' });
    await worker().start();
    await vi.waitFor(() => expect(mailsTo(email)).toHaveLength(1), {
      timeout: 20_000,
      interval: 50,
    });
    expect(subjectOf(mailsTo(email)[0]!)).toBe('Your white paper: 工业互联网白皮书');
  });

  it('retries with backoff while the server refuses, then delivers exactly once', async () => {
    const email = `retry-${newId()}@example.com`;
    const refusedBefore = smtp.rejected();
    smtp.rejectNext(2);
    const { fact } = await request(email);
    await worker().start();
    await vi.waitFor(() => expect(mailsTo(email)).toHaveLength(1), {
      timeout: 20_000,
      interval: 50,
    });
    expect(smtp.rejected() - refusedBefore).toBe(2);
    await vi.waitFor(async () =>
      expect(await outboxOf(fact.id)).toMatchObject({
        status: 'sent',
        attempts: 3,
        lastError: null,
      }),
    );
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('gives up after the last attempt and says why', async () => {
    const email = `gives-up-${newId()}@example.com`;
    smtp.rejectNext(3);
    const { fact } = await request(email);
    await worker({ maxAttempts: 3 }).start();
    await vi.waitFor(async () => expect((await outboxOf(fact.id))?.status).toBe('failed'), {
      timeout: 20_000,
      interval: 50,
    });
    expect(await outboxOf(fact.id)).toMatchObject({
      attempts: 3,
      lastError: expect.stringMatching(/451/),
    });
    expect(mailsTo(email)).toHaveLength(0);
  });

  it('keeps mail queued and visible when no SMTP server is configured', async () => {
    const email = `nosmtp-${newId()}@example.com`;
    const { fact } = await request(email);
    const idle = worker({ smtpUrl: undefined });
    await idle.start();
    expect(await idle.runOnce()).toBe(0);
    const view = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/mail/outbox?status=queued',
      headers: bearer(pool.adminToken),
    });
    expect(view.statusCode).toBe(200);
    expect(view.json().entries).toContainEqual(
      expect.objectContaining({ requestId: fact.id, to: email, status: 'queued', attempts: 0 }),
    );
    expect(mailsTo(email)).toHaveLength(0);
    // Once a server is configured, the queued mail goes out.
    await worker().start();
    await vi.waitFor(() => expect(mailsTo(email)).toHaveLength(1), {
      timeout: 20_000,
      interval: 50,
    });
  });

  it('two workers on one database never send a mail twice (for update skip locked)', async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `pair-${i}-${newId()}@example.com`);
    const first = worker({ smtpUrl: undefined });
    await first.start();
    for (const email of emails) await request(email);
    const a = worker({ batchSize: 2 });
    const b = worker({ batchSize: 2 });
    await Promise.all([a.start(), b.start()]);
    await vi.waitFor(() => expect(emails.every((e) => mailsTo(e).length >= 1)).toBe(true), {
      timeout: 30_000,
      interval: 50,
    });
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(emails.map((e) => mailsTo(e).length)).toEqual(emails.map(() => 1));
  });
});

/**
 * A database that can be closed and opened again, like a pool process restarting: PGlite in a
 * directory, or one schema on the PostgreSQL server named by DATABASE_URL.
 */
async function restartableDatabase(): Promise<{
  open(): Promise<SqlDatabase>;
  cleanup(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = await mkdtemp(join(tmpdir(), 'leadpond-mail-'));
    return {
      async open() {
        const db = await openPglite(join(dir, 'pg'));
        await migrate(db);
        return db;
      },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${newId().replaceAll('-', '')}`;
  const admin = await openPostgres(url);
  await admin.exec(`create schema ${schema}`);
  await admin.close();
  const separator = url.includes('?') ? '&' : '?';
  return {
    async open() {
      const db = await openPostgres(`${url}${separator}options=-c%20search_path%3D${schema}`);
      await migrate(db);
      return db;
    },
    async cleanup() {
      const cleanup = await openPostgres(url);
      await cleanup.exec(`drop schema ${schema} cascade`);
      await cleanup.close();
    },
  };
}

describe('mail queue across a restart', () => {
  it('loses nothing when the pool stops mid-queue, and sends each mail once after it restarts', async () => {
    const smtp = await startTestSmtp();
    const store = await restartableDatabase();
    try {
      let db = await store.open();
      await ensureAdmin(db, TEST_ADMIN_TOKEN, Date.now(), newId);
      const app = await createPoolServer({
        db,
        clock: systemClock,
        newId,
        publicUrl: () => 'http://pool.test',
      });
      // The route kit needs only the app and the admin token.
      const pool = { app, db, adminToken: TEST_ADMIN_TOKEN } as TestPool;
      const event = await createEvent(pool);
      const asset = await uploadedAsset(pool, event.id, 'Restart-proof');
      const device = await testDeviceToken(db, event.id);
      const addresses = Array.from({ length: 5 }, (_, i) => `restart-${i}@example.com`);
      const requesters = await Promise.all(
        addresses.map((to) => pushRequester(pool, device, event.id, to)),
      );
      await pushInteractions(
        pool,
        device,
        addresses.map((to, i) => contentRequest(event.id, requesters[i] ?? '', asset.id, to)),
      );
      // The process claims two mails and dies before it can send them or record anything.
      expect(await claimDueMail(db, Date.now(), 50, 2)).toHaveLength(2);
      await app.close();
      await db.close();

      db = await store.open();
      expect((await listOutbox(db, undefined, 10)).map((e) => e.status).sort()).toEqual([
        'queued',
        'queued',
        'queued',
        'sending',
        'sending',
      ]);
      const after = createMailWorker({
        db,
        clock: systemClock,
        publicUrl: () => 'http://pool.test',
        smtpUrl: smtp.url,
        from: 'papers@leadpond.test',
        baseRetryMs: 10,
      });
      await after.start();
      await vi.waitFor(
        async () => {
          const rows = await listOutbox(db, undefined, 10);
          expect(rows.map((row) => row.status)).toEqual(addresses.map(() => 'sent'));
        },
        { timeout: 20_000, interval: 50 },
      );
      await after.stop();
      expect(addresses.map((to) => smtp.received.filter((m) => m.to.includes(to)).length)).toEqual(
        addresses.map(() => 1),
      );
      await db.close();
    } finally {
      await smtp.close();
      await store.cleanup();
    }
  });
});

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import type { Asset, Interaction } from '../../shared/schemas';
import { createPoolServer } from '../app';
import { requestLogSerializer } from '../log-redaction';
import { downloadLinkForRequest } from '../services/download-tokens';
import { listOutbox } from '../services/mail-outbox';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import {
  contentRequest,
  pdfBytes,
  pushInteractions,
  pushRequester,
  uploadAsset,
  uploadedAsset,
} from './assets.test-kit';
import { bearer, createEvent, createUser } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const HOUR = 60 * 60 * 1000;
const MAX_BYTES = 64 * 1024;

describe('white papers in the pool', () => {
  let pool: TestPool;
  let now = Date.UTC(2026, 10, 25, 2, 0);
  const clock = () => now;

  beforeAll(async () => {
    pool = await startTestPool({
      clock,
      assets: { maxUploadBytes: MAX_BYTES, downloadTtlHours: 72 },
    });
    await pool.listen();
  });
  afterAll(async () => {
    await pool.close();
  });

  async function pull(token: string, collection: string) {
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/sync/${collection}/pull?limit=1000`,
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(200);
    return response.json().documents as Record<string, unknown>[];
  }

  /** A request pushed by a device, and the link the pool makes for it (as the mobile page would). */
  async function requestLink(eventId: string, assetId: string) {
    const device = await testDeviceToken(pool.db, eventId);
    const request = contentRequest(eventId, await pushRequester(pool, device, eventId), assetId);
    await pushInteractions(pool, device, [request]);
    const link = await downloadLinkForRequest(
      pool.db,
      { clock, publicUrl: () => pool.url },
      request.id,
    );
    if (!link) throw new Error('no link');
    return { device, request, link, path: new URL(link.url).pathname };
  }

  it('uploads a PDF, lists it and serves it back to marketing', async () => {
    const event = await createEvent(pool);
    const marketing = await createUser(pool, 'marketing');
    const bytes = pdfBytes('upload');
    const response = await uploadAsset(
      pool,
      event.id,
      '工业 4.0 白皮书',
      bytes,
      'application/pdf',
      marketing.token,
    );
    expect(response.statusCode).toBe(201);
    const { asset, deduplicated } = response.json() as { asset: Asset; deduplicated: boolean };
    expect(deduplicated).toBe(false);
    expect(asset).toMatchObject({
      eventId: event.id,
      title: '工业 4.0 白皮书',
      size: bytes.length,
      mime: 'application/pdf',
      url: `${pool.url}/api/v1/events/${event.id}/assets/${asset.id}/file`,
    });
    expect(asset.fileHash).toMatch(/^[0-9a-f]{64}$/);

    const list = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/assets`,
      headers: bearer(marketing.token),
    });
    expect(list.json().assets).toEqual([asset]);
    // The limit comes along, so the pool app can say it before a large file is sent.
    expect(list.json().maxUploadBytes).toBe(MAX_BYTES);
    const file = await pool.app.inject({
      method: 'GET',
      url: new URL(asset.url).pathname,
      headers: bearer(marketing.token),
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(bytes)).toBe(true);
    expect(file.headers['x-content-type-options']).toBe('nosniff');

    // Sales users and devices may not upload.
    const sales = await createUser(pool, 'sales');
    expect(
      (await uploadAsset(pool, event.id, 'x', bytes, 'application/pdf', sales.token)).statusCode,
    ).toBe(403);
    const device = await testDeviceToken(pool.db, event.id);
    expect(
      (await uploadAsset(pool, event.id, 'x', bytes, 'application/pdf', device)).statusCode,
    ).toBe(403);
    expect((await uploadAsset(pool, newId(), 'x', pdfBytes('nope'))).statusCode).toBe(404);
  });

  it('refuses an upload without a valid token before reading its body', async () => {
    const event = await createEvent(pool);
    const response = await fetch(`${pool.url}/api/v1/events/${event.id}/assets?title=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(pdfBytes('anonymous')),
    });
    expect(response.status).toBe(401);
    const unknown = await uploadAsset(
      pool,
      event.id,
      'x',
      pdfBytes('x'),
      'application/pdf',
      'lpu_nope',
    );
    expect(unknown.statusCode).toBe(401);
    expect(
      await downloadLinkForRequest(pool.db, { clock, publicUrl: () => pool.url }, newId()),
    ).toBeNull();
  });

  it('refuses a file over the limit with 413 and says what the limit is', async () => {
    const event = await createEvent(pool);
    const response = await uploadAsset(pool, event.id, 'big', pdfBytes('big', MAX_BYTES + 1));
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toEqual({
      code: 'asset_too_large',
      message: 'the file is larger than the limit of 0.1 MB (LEADPOND_ASSET_MAX_BYTES)',
    });

    // Without a Content-Length (chunked), the body is cut off once it passes the limit.
    const chunked = await fetch(`${pool.url}/api/v1/events/${event.id}/assets?title=big`, {
      method: 'POST',
      headers: { ...bearer(pool.adminToken), 'content-type': 'application/pdf' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(MAX_BYTES / 4));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe(
      'asset_too_large',
    );
    expect(await pool.db.query(`select 1 from asset_files where size > $1`, [MAX_BYTES])).toEqual(
      [],
    );
  });

  it('refuses files that are not PDFs, by their bytes, with 415 and a clear message', async () => {
    const event = await createEvent(pool);
    const cases: [string, Buffer, string, RegExp][] = [
      [
        'html',
        Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
        'application/pdf',
        /looks like an HTML page/,
      ],
      [
        'exe',
        Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200)]),
        'application/octet-stream',
        /Windows executable/,
      ],
      [
        'zip renamed .pdf',
        Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200)]),
        'application/pdf',
        /ZIP archive/,
      ],
      [
        'truncated pdf',
        Buffer.from('%PDF-1.7\n1 0 obj\n'),
        'application/pdf',
        /truncated or damaged PDF/,
      ],
      [
        'declared html',
        pdfBytes('declared'),
        'text/html',
        /Content-Type text\/html is not accepted/,
      ],
      ['random bytes', Buffer.from([1, 2, 3, 4, 5, 6]), 'application/pdf', /unknown file type/],
    ];
    for (const [what, bytes, type, message] of cases) {
      const response = await uploadAsset(pool, event.id, what, bytes, type);
      expect(response.statusCode, what).toBe(415);
      expect(response.json().error.code, what).toBe('unsupported_media_type');
      expect(response.json().error.message, what).toMatch(message);
    }
    const empty = await uploadAsset(pool, event.id, 'empty', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    const untitled = await uploadAsset(pool, event.id, '   ', pdfBytes('untitled'));
    expect(untitled.statusCode).toBe(400);
    expect(untitled.json().error.message).toMatch(/title/);
    const list = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/assets`,
      headers: bearer(pool.adminToken),
    });
    expect(list.json().assets).toEqual([]);
  });

  it('stores the same file twice in an event as one asset (SHA-256)', async () => {
    const event = await createEvent(pool);
    const bytes = pdfBytes('dedupe');
    const first = await uploadAsset(pool, event.id, 'Original title', bytes);
    const [second, third] = await Promise.all([
      uploadAsset(pool, event.id, 'Copy', bytes),
      uploadAsset(pool, event.id, 'Another copy', bytes),
    ]);
    expect(first.statusCode).toBe(201);
    for (const again of [second, third]) {
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ asset: first.json().asset, deduplicated: true });
    }
    const other = await createEvent(pool);
    const elsewhere = await uploadAsset(pool, other.id, 'Same file, other event', bytes);
    expect(elsewhere.statusCode).toBe(201);
    const hash = (first.json().asset as Asset).fileHash;
    expect(
      await pool.db.query('select hash from asset_files where hash = $1', [hash]),
    ).toHaveLength(1);
    const docs = await pool.db.query(
      `select id from documents where collection = 'assets' and data->>'fileHash' = $1`,
      [hash],
    );
    expect(docs).toHaveLength(2);
  });

  it('keeps a title full of SQL verbatim', async () => {
    const event = await createEvent(pool);
    const title = `Robert'); DROP TABLE documents;-- "白皮书" \\ %_ $1`;
    const response = await uploadAsset(pool, event.id, title, pdfBytes('sql'));
    expect(response.statusCode).toBe(201);
    expect(response.json().asset.title).toBe(title);
    const list = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/assets`,
      headers: bearer(pool.adminToken),
    });
    expect(list.json().assets[0].title).toBe(title);
    expect(await pool.db.query(`select count(*) from documents`)).toHaveLength(1);
  });

  it('reaches devices as metadata through the sync pull, and devices may not push assets', async () => {
    const event = await createEvent(pool);
    const asset = await uploadedAsset(pool, event.id, '数字化转型指南');
    const device = await testDeviceToken(pool.db, event.id);
    const pulled = await pull(device, 'assets');
    expect(pulled).toEqual([{ ...asset, _deleted: false }]);
    expect(JSON.stringify(pulled)).not.toMatch(/PDF-1/);

    for (const doc of [
      { ...asset, title: 'changed' },
      { ...asset, id: newId(), fileHash: 'f'.repeat(64) },
    ]) {
      const push = await pool.app.inject({
        method: 'POST',
        url: '/api/v1/sync/assets/push',
        headers: bearer(device),
        payload: [
          {
            newDocumentState: { ...doc, _deleted: false },
            assumedMasterState: { ...asset, _deleted: false },
          },
        ],
      });
      expect(push.statusCode).toBe(403);
      expect(push.json().error.code).toBe('forbidden');
    }
    expect(await pull(device, 'assets')).toEqual([{ ...asset, _deleted: false }]);

    // A deletion reaches devices as a tombstone.
    const removed = await pool.app.inject({
      method: 'DELETE',
      url: `/api/v1/events/${event.id}/assets/${asset.id}`,
      headers: bearer(pool.adminToken),
    });
    expect(removed.statusCode).toBe(200);
    const after = await pull(device, 'assets');
    expect(after).toEqual([expect.objectContaining({ id: asset.id, _deleted: true })]);
  });

  it('queues one token and one mail per content_requested, however often it is pushed', async () => {
    const event = await createEvent(pool);
    const asset = await uploadedAsset(pool, event.id, 'Idempotent');
    const device = await testDeviceToken(pool.db, event.id);
    const request = contentRequest(event.id, await pushRequester(pool, device, event.id), asset.id);
    await pushInteractions(pool, device, [request]);
    await pushInteractions(pool, device, [request]);
    await Promise.all([
      pushInteractions(pool, device, [request]),
      pushInteractions(pool, device, [request]),
    ]);
    const tokens = await pool.db.query(
      `select purpose from download_tokens where request_id = $1`,
      [request.id],
    );
    expect(tokens).toEqual([{ purpose: 'mail' }]);
    const mails = (await listOutbox(pool.db, undefined, 1000)).filter(
      (m) => m.requestId === request.id,
    );
    expect(mails).toEqual([
      expect.objectContaining({ to: 'li.lei@example.com', status: 'queued', attempts: 0 }),
    ]);

    // A request for an asset the event does not have is kept as a fact, and mails nothing.
    const stray = contentRequest(event.id, newId(), newId());
    await pushInteractions(pool, device, [stray]);
    expect(
      await pool.db.query(`select 1 from download_tokens where request_id = $1`, [stray.id]),
    ).toEqual([]);
    expect((await pull(device, 'interactions')).map((d) => d.id)).toContain(stray.id);

    // The admin view shows the queue, never a token.
    const view = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/mail/outbox?status=queued',
      headers: bearer(pool.adminToken),
    });
    expect(view.statusCode).toBe(200);
    expect(view.json().entries.map((e: { requestId: string }) => e.requestId)).toContain(
      request.id,
    );
    expect(view.body).not.toMatch(/token/i);
    expect(
      (
        await pool.app.inject({
          method: 'GET',
          url: '/api/v1/mail/outbox?status=lost',
          headers: bearer(pool.adminToken),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await pool.app.inject({
          method: 'GET',
          url: '/api/v1/mail/outbox',
          headers: bearer(device),
        })
      ).statusCode,
    ).toBe(403);
  });

  it('serves the file for a valid token and records content_downloaded for devices to pull', async () => {
    const event = await createEvent(pool);
    const title = '智能制造 白皮书 2026';
    const asset = await uploadedAsset(pool, event.id, title);
    const { device, request, link, path } = await requestLink(event.id, asset.id);
    expect(link.expiresAt).toBe(now + 72 * HOUR);
    expect(path).toMatch(/^\/d\/[A-Za-z0-9_-]{43}$/);

    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="_ _ 2026.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`,
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(pdfBytes(title))).toBe(true);

    const facts = (await pull(device, 'interactions')) as unknown as Interaction[];
    const downloaded = facts.filter((f) => f.type === 'content_downloaded');
    expect(downloaded).toEqual([
      expect.objectContaining({
        eventId: event.id,
        personId: request.personId,
        deviceId: 'pool',
        occurredAt: now,
        data: { assetId: asset.id, requestId: request.id },
      }),
    ]);
    // A HEAD (mail scanners) is no download.
    expect((await fetch(link.url, { method: 'HEAD' })).status).toBe(404);
  });

  it('answers an expired link with 410 and a page in the reader’s language', async () => {
    const event = await createEvent(pool);
    const asset = await uploadedAsset(pool, event.id, 'Expiring');
    const { path, link } = await requestLink(event.id, asset.id);
    const start = now;
    try {
      now = link.expiresAt - 1;
      expect((await pool.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
      now = link.expiresAt;
      const zh = await pool.app.inject({ method: 'GET', url: path });
      expect(zh.statusCode).toBe(410);
      expect(zh.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(zh.body).toContain('<html lang="zh-CN">');
      expect(zh.body).toContain('链接已过期');
      expect(zh.body).toContain('2026/11/28 10:00');
      const en = await pool.app.inject({
        method: 'GET',
        url: path,
        headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' },
      });
      expect(en.statusCode).toBe(410);
      expect(en.body).toContain('Link expired');
      expect(en.body).toContain('28/11/2026, 02:00');
    } finally {
      now = start;
    }
  });

  it('answers unknown and garbage tokens with 404 and a readable page, never an error', async () => {
    const garbage = [
      'x',
      'A'.repeat(43),
      '%00%ff%fe',
      encodeURIComponent('白皮书'),
      '..%2F..%2Fetc%2Fpasswd',
      `${'a'.repeat(5000)}`,
      encodeURIComponent("' or 1=1 --"),
    ];
    for (const token of garbage) {
      const response = await pool.app.inject({
        method: 'GET',
        url: `/d/${token}`,
        headers: { 'accept-language': 'en' },
      });
      expect(response.statusCode, token).toBe(404);
      expect(response.body, token).toContain('Link not valid');
    }
    const zh = await pool.app.inject({ method: 'GET', url: '/d/nope' });
    expect(zh.body).toContain('链接无效');
    expect((await pool.app.inject({ method: 'GET', url: '/d/' })).statusCode).toBe(404);
  });

  it('stops serving a deleted white paper (410)', async () => {
    const event = await createEvent(pool);
    const asset = await uploadedAsset(pool, event.id, 'Withdrawn');
    const { path } = await requestLink(event.id, asset.id);
    await pool.app.inject({
      method: 'DELETE',
      url: `/api/v1/events/${event.id}/assets/${asset.id}`,
      headers: bearer(pool.adminToken),
    });
    const response = await pool.app.inject({
      method: 'GET',
      url: path,
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('No longer available');
  });

  it('keeps download tokens out of the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await createPoolServer({
      db: pool.db,
      clock,
      newId,
      publicUrl: () => pool.url,
      logger: { level: 'info', stream, serializers: { req: requestLogSerializer } },
    });
    const event = await createEvent(pool);
    const asset = await uploadedAsset(pool, event.id, 'Secret link');
    const { path } = await requestLink(event.id, asset.id);
    await app.inject({ method: 'GET', url: path });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/d/[redacted]');
    expect(log).not.toContain(path.slice(3));
  });
});

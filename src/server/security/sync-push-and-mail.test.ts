import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import type { LeadEvent } from '../../shared/schemas';
import { contentRequest, uploadedAsset } from '../routes/assets.test-kit';
import { bearer } from '../routes/routes.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { openScene, personOf, push, stored, type Scene } from './security.test-kit';

// Pool tests share a loaded machine with other suites: be patient, never assert on time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Finding 11 of issue 11: user tokens pushing, tokens in URLs, mail to strangers, formulas. */
describe('attack: sync push, query tokens, download mail, spreadsheet formulas', () => {
  let pool: TestPool;
  let scene: Scene;
  beforeAll(async () => {
    pool = await startTestPool();
    await pool.listen();
    scene = await openScene(pool);
  });
  afterAll(async () => {
    await pool.close();
  });

  const eventOf = async (id: string) =>
    (await stored(pool, 'events', id)).find((doc) => doc.id === id) as LeadEvent | undefined;

  it('a user token cannot push: the event keeps its ticket key and its consent words', async () => {
    const before = await eventOf(scene.eventA.id);
    if (!before) throw new Error('event missing');
    const forged: LeadEvent = {
      ...before,
      publicKey: 'attacker-key-000000000000000000000000000000000',
      consent: {
        text: 'We may sell your data to anyone.',
        version: before.consent.version,
        translations: [],
      },
      updatedAt: before.updatedAt + 1,
    };
    for (const token of [scene.marketing, scene.sales, pool.adminToken]) {
      const response = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/sync/events/push?eventId=${scene.eventA.id}`,
        headers: bearer(token),
        payload: [
          { newDocumentState: { ...forged, _deleted: false }, assumedMasterState: null },
          { newDocumentState: { ...before, _deleted: false }, assumedMasterState: null },
        ],
      });
      expect(response.statusCode).toBe(403);
    }
    // People and facts cannot be slipped in by a user either.
    const stranger = personOf(scene.eventA.id, { name: '冒名', phone: '13700007777' });
    expect((await push(pool, scene.marketing, 'people', [stranger])).statusCode).toBe(403);

    const after = await eventOf(scene.eventA.id);
    expect(after?.publicKey).toBe(before.publicKey);
    expect(after?.consent).toEqual(before.consent);
    expect((await stored(pool, 'people', scene.eventA.id)).map((p) => p.id)).not.toContain(
      stranger.id,
    );
    // The booth's own push still works.
    const own = personOf(scene.eventA.id, { name: '王小明', phone: '13700008888' });
    expect((await push(pool, scene.deviceA, 'people', [own])).statusCode).toBe(200);
  });

  it('a token in ?access_token= opens the live streams only, nothing else', async () => {
    const secretLead = personOf(scene.eventA.id, { name: '赵秘', phone: '13700009999' });
    expect((await push(pool, scene.deviceA, 'people', [secretLead])).statusCode).toBe(200);
    const routes = [
      `/api/v1/sync/people/pull?access_token=${scene.deviceA}`,
      `/api/v1/customers?access_token=${pool.adminToken}`,
      `/api/v1/events/${scene.eventA.id}/export.csv?access_token=${pool.adminToken}`,
      `/api/v1/events?access_token=${scene.marketing}`,
      `/api/v1/devices/me?access_token=${scene.deviceA}`,
    ];
    for (const url of routes) {
      const response = await pool.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.body).not.toContain('赵秘');
      expect(response.body).not.toContain('+8613700009999');
    }
    // The SSE stream (EventSource has no headers) still takes it.
    const controller = new AbortController();
    const stream = await fetch(
      `${pool.url}/api/v1/sync/stream?collections=people&access_token=${scene.deviceA}`,
      {
        signal: controller.signal,
      },
    );
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('RESYNC');
    controller.abort();
  });

  it('a white-paper link is mailed only to the requesting person’s own address', async () => {
    const { eventA, deviceA } = scene;
    const asset = await uploadedAsset(pool, eventA.id, '白皮书', `mail-${newId()}`);
    const owner = personOf(eventA.id, { name: '李雷', email: 'li.lei@example.com' });
    const silent = personOf(eventA.id, { name: '韩梅梅', phone: '13700001234' });
    expect((await push(pool, deviceA, 'people', [owner, silent])).statusCode).toBe(200);
    const victim = `victim-${newId()}@example.com`;
    const aimed = contentRequest(eventA.id, owner.id, asset.id, victim);
    const noAddress = contentRequest(eventA.id, silent.id, asset.id, victim);
    expect((await push(pool, deviceA, 'interactions', [aimed, noAddress])).statusCode).toBe(200);

    const outbox = await pool.db.query<{ to_address: string; dedupe_key: string }>(
      `select to_address, dedupe_key from mail_outbox`,
    );
    expect(outbox.filter((m) => m.to_address === victim)).toEqual([]);
    expect(outbox.find((m) => m.dedupe_key === `download:${aimed.id}`)?.to_address).toBe(
      'li.lei@example.com',
    );
    expect(outbox.find((m) => m.dedupe_key === `download:${noAddress.id}`)).toBeUndefined();
    // The facts are kept: marketing still sees who asked for what.
    const facts = (await stored(pool, 'interactions', eventA.id)).map((f) => f.id);
    expect(facts).toEqual(expect.arrayContaining([aimed.id, noAddress.id]));

    // A booth pushes each collection on its own: a request that arrives before its person is
    // mailed once the person (with an address) arrives, still to that address only.
    const late = personOf(eventA.id, { name: '林涛', email: 'lin.tao@example.com' });
    const early = contentRequest(eventA.id, late.id, asset.id, victim);
    expect((await push(pool, deviceA, 'interactions', [early])).statusCode).toBe(200);
    expect((await push(pool, deviceA, 'people', [late])).statusCode).toBe(200);
    expect((await push(pool, deviceA, 'people', [{ ...late, city: '上海' }])).statusCode).toBe(200);
    const mails = await pool.db.query<{ to_address: string }>(
      `select to_address from mail_outbox where dedupe_key = $1`,
      [`download:${early.id}`],
    );
    expect(mails).toEqual([{ to_address: 'lin.tao@example.com' }]);
  });

  it('no exported cell is a formula, also after leading spaces or control characters', async () => {
    const { eventB, deviceB } = scene;
    const hostile = personOf(eventB.id, {
      name: ' =1+1',
      company: '\t=cmd|" /C calc"!A0',
      title: '\u3000@SUM(A1)',
      city: ' -2+3',
    });
    // Identity fields the pool may refuse or normalize (the lead's part): whatever it keeps
    // must still come out as text.
    const withKeys = { ...hostile, phone: ' =1+1', email: ' @x' };
    const pushed = await push(pool, deviceB, 'people', [withKeys]);
    if (pushed.statusCode !== 200) {
      expect(pushed.statusCode).toBe(400);
      expect((await push(pool, deviceB, 'people', [hostile])).statusCode).toBe(200);
    }
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${eventB.id}/export.csv`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode).toBe(200);
    const rows = Papa.parse<string[]>(response.body.replace(/^\uFEFF/, '')).data;
    const cells = rows.flat();
    expect(cells.some((cell) => cell.includes('=1+1'))).toBe(true);
    const formulas = cells.filter((cell) =>
      // eslint-disable-next-line no-control-regex -- what a spreadsheet skips before a formula
      /^[\p{Z}\s\u0000-\u001f]*[=+\-@]/u.test(cell),
    );
    expect(formulas).toEqual([]);
  });
});

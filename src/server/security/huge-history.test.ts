import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CustomerDetailResponse, CustomerListResponse } from '../../shared/api';
import { newId } from '../../shared/ids';
import { bearer } from '../routes/routes.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { factOf, openScene, personOf, push, type Scene } from './security.test-kit';
import { localDateTime } from '../../shared/time/local-time';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const FACTS = 135_000;
const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);

/**
 * Finding 8 of issue 11: 135,000 facts for one person made both exports answer 500
 * (`Math.min(...facts)`) and GET /customers/:id return 35 MB at once.
 */
describe('attack: one person with 135,000 facts', () => {
  let pool: TestPool;
  let scene: Scene;
  let flooded: ReturnType<typeof personOf>;
  let neighbour: ReturnType<typeof personOf>;
  let customerId: string;

  beforeAll(async () => {
    pool = await startTestPool();
    scene = await openScene(pool);
    const { eventA, deviceA } = scene;
    flooded = personOf(eventA.id, { name: '刷屏者', phone: '13600136000' }, T0);
    neighbour = personOf(eventA.id, { name: '邻居', phone: '13600136001' }, T0 + 1);
    expect((await push(pool, deviceA, 'people', [flooded, neighbour])).statusCode).toBe(200);
    // A few facts through the device's push, as the attacker sends them…
    const pushed = [factOf(eventA.id, flooded.id, 'note', T0 + 5_000)];
    expect((await push(pool, deviceA, 'interactions', pushed)).statusCode).toBe(200);
    expect(
      (await push(pool, deviceA, 'interactions', [factOf(eventA.id, neighbour.id)])).statusCode,
    ).toBe(200);
    // …and the bulk written straight into the documents table in one statement, exactly as
    // ingest stores them (pushing 40 MB of facts through HTTP would only make the test slow).
    await pool.db.transaction(async (tx) => {
      const [range] = await tx.query<{ last: string }>(
        `update collection_seqs set last = last + $1 where collection = 'interactions'
         returning last`,
        [FACTS],
      );
      await tx.query(
        `insert into documents (collection, id, event_id, seq, data, deleted, received_at)
         select 'interactions', f.id, $1, $2::bigint - $3 + g, jsonb_build_object(
                  'id', f.id, 'eventId', $1::text, 'personId', $4::text,
                  'type', (array['checked_in', 'badge_scanned', 'draw_entered'])[1 + g % 3],
                  'deviceId', 'dev', 'staffId', 'staff', 'occurredAt', $5::bigint + g * 1000,
                  'data', '{}'::jsonb, 'updatedAt', $5::bigint + g * 1000),
                false, 0
           from generate_series(1, $3::int) g,
                lateral (select '0195f0c0-0000-7000-8000-' || lpad(to_hex(g), 12, '0') as id) f`,
        [eventA.id, Number(range?.last), FACTS, flooded.id, T0 + 10_000],
      );
    });
    const found = await pool.app.inject({
      url: `/api/v1/customers?q=${encodeURIComponent('刷屏者')}`,
      headers: bearer(pool.adminToken),
    });
    const [customer] = (found.json() as CustomerListResponse).customers;
    if (!customer) throw new Error('no customer for the flooded person');
    customerId = customer.id;
  });
  afterAll(async () => {
    await pool.close();
  });

  const lastFactAt = T0 + 10_000 + FACTS * 1000;

  it('the CSV export still lists every lead, the flooded one summarized', async () => {
    const response = await pool.app.inject({
      url: `/api/v1/events/${scene.eventA.id}/export.csv?lang=en`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    const [header, ...rows] = Papa.parse<string[]>(response.body.replace(/^\uFEFF/, '')).data;
    // "Timeline" names both the BANT timeline and the activity column: the activity is the last.
    const column = (name: string) => header?.lastIndexOf(name) ?? -1;
    // Times on the events' clock, China Standard Time by default.
    const cst = (ms: number) => localDateTime(ms, 'Asia/Shanghai');
    expect(rows.map((row) => row[0])).toEqual(['刷屏者', '邻居']);
    const row = rows[0] ?? [];
    expect(row[column('First seen (UTC+08:00)')]).toBe(cst(T0));
    expect(row[column('Last seen (UTC+08:00)')]).toBe(cst(lastFactAt));
    expect(row[column('Timeline')]?.split('; ').sort()).toEqual(
      ['Badge scanned', 'Checked in', 'Entered draw', 'Note'].sort(),
    );
  });

  it('the XLSX export too', async () => {
    const response = await pool.app.inject({
      url: `/api/v1/events/${scene.eventA.id}/export.xlsx`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode).toBe(200);
    const sheet = await readSheet(response.rawPayload);
    expect(sheet.slice(1).map((row) => row[0])).toEqual(['刷屏者', '邻居']);
  });

  it('customer detail pages the facts, newest first, and never answers with all of them', async () => {
    const first = await pool.app.inject({
      url: `/api/v1/customers/${customerId}`,
      headers: bearer(pool.adminToken),
    });
    expect(first.statusCode).toBe(200);
    expect(first.rawPayload.length).toBeLessThan(200_000);
    const page = first.json() as CustomerDetailResponse;
    expect(page.people.map((p) => p.name)).toEqual(['刷屏者']);
    expect(page.interactions).toHaveLength(200);
    expect(page.interactions[0]?.occurredAt).toBe(lastFactAt);
    expect(page.nextFactsBefore).toEqual(expect.any(String));

    // Walk a few pages: strictly older each time, nothing seen twice.
    const seen = new Set(page.interactions.map((f) => f.id));
    let cursor = page.nextFactsBefore;
    let oldest = page.interactions.at(-1)?.occurredAt ?? 0;
    for (let i = 0; i < 3; i++) {
      const next = await pool.app.inject({
        url: `/api/v1/customers/${customerId}?factsLimit=1000&factsBefore=${cursor}`,
        headers: bearer(pool.adminToken),
      });
      const body = next.json() as CustomerDetailResponse;
      expect(body.interactions).toHaveLength(1000);
      for (const fact of body.interactions) {
        expect(seen.has(fact.id)).toBe(false);
        expect(fact.occurredAt).toBeLessThan(oldest);
        seen.add(fact.id);
        oldest = fact.occurredAt;
      }
      cursor = body.nextFactsBefore;
    }
    // The last page ends the walk; a page size over the cap and a forged cursor are refused.
    const tail = await pool.app.inject({
      url: `/api/v1/customers/${customerId}?factsLimit=1000&factsBefore=${encodeURIComponent(
        Buffer.from(`${T0 + 10_000 + 500 * 1000}:${newId()}`).toString('base64url'),
      )}`,
      headers: bearer(pool.adminToken),
    });
    const tailBody = tail.json() as CustomerDetailResponse;
    expect(tailBody.interactions.map((f) => f.type)).toContain('note');
    expect(tailBody.nextFactsBefore).toBeNull();
    for (const query of ['factsLimit=5000', 'factsBefore=not-a-cursor', 'factsLimit=0']) {
      const refused = await pool.app.inject({
        url: `/api/v1/customers/${customerId}?${query}`,
        headers: bearer(pool.adminToken),
      });
      expect(refused.statusCode, query).toBe(400);
    }
  });
});

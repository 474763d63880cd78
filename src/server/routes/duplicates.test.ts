import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DuplicateDecisionResponse, DuplicateListResponse } from '../../shared/api';
import { newId } from '../../shared/ids';
import { EMPTY_PERSON_INPUT } from '../../shared/schemas';
import { personOf, push as pushDocs } from '../security/security.test-kit';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import { bearer, createEvent, createUser } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** The possible-duplicates queue through its API: list, confirm (a merge), reject (a block). */
describe('possible duplicates', () => {
  let pool: TestPool;
  const now = Date.UTC(2026, 11, 1, 3, 0, 0);
  beforeAll(async () => {
    pool = await startTestPool({ clock: () => now });
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const call = (token: string, method: 'GET' | 'POST', url: string) =>
    pool.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token) });
  const person = (eventId: string, profile: Partial<typeof EMPTY_PERSON_INPUT>) =>
    personOf(eventId, profile, now);
  const push = async (eventId: string, docs: object[]) => {
    const response = await pushDocs(pool, await testDeviceToken(pool.db, eventId), 'people', docs);
    expect(response.statusCode, response.body).toBe(200);
  };
  const customerOf = async (personId: string) =>
    (
      await pool.db.query<{ customer_id: string }>(
        'select customer_id from customer_people where person_id = $1',
        [personId],
      )
    )[0]?.customer_id;
  /** Two events, one phone, two names: one pending pair. */
  const pendingPair = async (phone: string) => {
    const [a, b] = [await createEvent(pool), await createEvent(pool)];
    const first = person(a.id, { name: '陈静', phone, company: '甲公司' });
    const second = person(b.id, { name: '林峰', phone, email: `linfeng.${phone}@example.cn` });
    await push(a.id, [first]);
    await push(b.id, [second]);
    const list = (await call(pool.adminToken, 'GET', '/customers/duplicates?limit=200')).json();
    const pair = (list as DuplicateListResponse).duplicates.find((d) => d.personId === second.id);
    expect(pair).toBeDefined();
    return { first, second, pair: pair! };
  };

  it('lists a pair with both sides, the key and the reasons of its score', async () => {
    const { first, second, pair } = await pendingPair('13933330001');
    expect(pair).toMatchObject({
      status: 'pending',
      existing: { id: await customerOf(first.id), name: '陈静', company: '甲公司' },
      arriving: {
        id: await customerOf(second.id),
        name: '林峰',
        email: 'linfeng.13933330001@example.cn',
      },
      key: { kind: 'phone', value: '+8613933330001' },
      reasons: [{ kind: 'same_key', key: 'phone' }, { kind: 'name_differs' }],
      score: -1,
      decidedAt: null,
    });
    expect(pair.existing.eventIds).toEqual([first.eventId]);
  });

  it('confirm merges the two into the older customer, undoably', async () => {
    const { first, second, pair } = await pendingPair('13933330002');
    const marketing = await createUser(pool, 'marketing');
    const confirmed = await call(
      marketing.token,
      'POST',
      `/customers/duplicates/${pair.id}/confirm`,
    );
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { duplicate } = confirmed.json() as DuplicateDecisionResponse;
    expect(duplicate).toMatchObject({ status: 'confirmed', decidedBy: marketing.id });
    expect(await customerOf(second.id)).toBe(await customerOf(first.id));
    // Decided once: a second decision is a conflict, and the pair left the pending queue.
    expect(
      (await call(pool.adminToken, 'POST', `/customers/duplicates/${pair.id}/reject`)).statusCode,
    ).toBe(409);
    const pending = (await call(pool.adminToken, 'GET', '/customers/duplicates?limit=200')).json();
    expect((pending as DuplicateListResponse).duplicates.map((d) => d.id)).not.toContain(pair.id);
    const undo = await call(pool.adminToken, 'POST', `/customers/merges/${duplicate.mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await customerOf(second.id)).not.toBe(await customerOf(first.id));
  });

  it('reject blocks the pair: the next capture of either asks no more and merges nothing', async () => {
    const { first, second, pair } = await pendingPair('13933330003');
    const rejected = await call(pool.adminToken, 'POST', `/customers/duplicates/${pair.id}/reject`);
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect((rejected.json() as DuplicateDecisionResponse).duplicate.status).toBe('rejected');
    // The second one is captured again under the first one's name: still two customers.
    const again = person(second.eventId, { name: '陈静', phone: '13933330003' });
    await push(second.eventId, [again]);
    expect(await customerOf(first.id)).not.toBe(await customerOf(second.id));
    const history = (
      await call(pool.adminToken, 'GET', '/customers/duplicates?status=rejected&limit=200')
    ).json() as DuplicateListResponse;
    expect(history.duplicates.map((d) => d.id)).toContain(pair.id);
  });

  it('is for admin and marketing only, and says what is wrong with a bad request', async () => {
    const { pair } = await pendingPair('13933330004');
    const sales = await createUser(pool, 'sales');
    const device = await testDeviceToken(pool.db, newId());
    for (const token of [sales.token, device]) {
      expect((await call(token, 'GET', '/customers/duplicates')).statusCode).toBe(403);
      expect(
        (await call(token, 'POST', `/customers/duplicates/${pair.id}/confirm`)).statusCode,
      ).toBe(403);
    }
    expect((await call(pool.adminToken, 'GET', '/customers/duplicates?status=x')).statusCode).toBe(
      400,
    );
    expect(
      (await call(pool.adminToken, 'POST', `/customers/duplicates/${newId()}/confirm`)).statusCode,
    ).toBe(404);
  });

  it('pages the pending queue oldest first', async () => {
    for (const n of [5, 6, 7]) await pendingPair(`1393333000${n}`);
    const seen: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 50; page++) {
      const url: string = `/customers/duplicates?limit=2${before ? `&before=${before}` : ''}`;
      const body = (await call(pool.adminToken, 'GET', url)).json() as DuplicateListResponse;
      seen.push(...body.duplicates.map((d) => d.id));
      before = body.nextBefore;
      if (!before) break;
    }
    const rows = await pool.db.query<{ id: string }>(
      `select d.id from possible_duplicates d
        where d.status = 'pending'
          and not exists (select 1 from customers c
                           where c.id in (d.existing_id, d.arriving_id) and c.merged_into is not null)
        order by d.created_at, d.id`,
    );
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Customer360Response, CustomerListResponse, EraseResponse } from '../../shared/api';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import { emptyQualification } from '../../shared/qualification-ops';
import {
  EMPTY_PERSON_INPUT,
  type Interaction,
  type Person,
  type Qualification,
  type Source,
} from '../../shared/schemas';
import { syncDocumentSchema, type SyncedCollection } from '../../shared/sync';
import { hashToken } from '../auth';
import { erasureReference } from '../services/erasure';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import { bearer, createEvent, createUser, openSse } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type Doc = Record<string, unknown> & { _deleted: boolean };

/**
 * The Customer 360's server side: per-field provenance in GET /customers/:id, and erasure
 * (POST /customers/:id/erase) — through the real sync and customer routes on a real database.
 */
describe('customer 360: provenance and erasure', () => {
  let pool: TestPool;
  let eventId: string;
  const booth = { one: { token: '', id: '' }, two: { token: '', id: '' } };

  beforeAll(async () => {
    pool = await startTestPool();
    eventId = (await createEvent(pool, { name: '360 Expo' })).id;
    for (const [key, name] of [
      ['one', 'Booth-1'],
      ['two', 'Booth-2'],
    ] as const) {
      const token = await testDeviceToken(pool.db, eventId, name);
      const [row] = await pool.db.query<{ id: string }>(
        'select id from devices where token_hash = $1',
        [hashToken(token)],
      );
      booth[key] = { token, id: row?.id ?? '' };
    }
  });
  afterAll(async () => {
    await pool.close();
  });

  const capture = (
    deviceId: string,
    source: Source,
    profile: Partial<typeof EMPTY_PERSON_INPUT>,
    at = Date.now() - 60_000,
  ): Person =>
    createPerson(
      newId(),
      eventId,
      { ...EMPTY_PERSON_INPUT, ...profile },
      { granted: true, textVersion: 'v3', grantedAt: at },
      { source, deviceId, at },
    );
  const fact = (deviceId: string, personId: string, type: Interaction['type']): Interaction => ({
    id: newId(),
    eventId,
    personId,
    type,
    deviceId,
    staffId: 'staff-1',
    occurredAt: Date.now() - 30_000,
    data: { note: 'asked about 报价' },
    updatedAt: Date.now() - 30_000,
  });

  const push = async (
    token: string,
    collection: SyncedCollection,
    rows: { doc: object; assumed?: object | null }[],
  ) => {
    const response = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/sync/${collection}/push`,
      headers: bearer(token),
      payload: rows.map((row) => ({
        newDocumentState: { ...row.doc, _deleted: false },
        assumedMasterState: row.assumed ? { ...row.assumed, _deleted: false } : null,
      })),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Doc[];
  };
  const pull = async (token: string, collection: SyncedCollection, seq: number) => {
    const response = await pool.app.inject({
      url: `/api/v1/sync/${collection}/pull?limit=500&checkpoint=${encodeURIComponent(
        JSON.stringify({ seq }),
      )}`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { documents: Doc[]; checkpoint: { seq: number } };
  };
  const seqOf = async (collection: SyncedCollection) =>
    Number(
      (
        await pool.db.query<{ last: number }>(
          'select last from collection_seqs where collection = $1',
          [collection],
        )
      )[0]?.last ?? 0,
    );
  const findCustomers = async (q: string) => {
    const response = await pool.app.inject({
      url: `/api/v1/customers?q=${encodeURIComponent(q)}`,
      headers: bearer(pool.adminToken),
    });
    return (response.json() as CustomerListResponse).customers;
  };
  const detail = async (id: string, token = pool.adminToken) =>
    pool.app.inject({ url: `/api/v1/customers/${id}?lang=en`, headers: bearer(token) });

  /** One person captured by two booths (staff form on one, badge scan on the other). */
  async function twoBoothCustomer(phone: string) {
    const fromOne = capture(booth.one.id, 'staff', {
      name: '王芳',
      phone,
      company: '上海星辰科技',
    });
    const fromTwo = capture(booth.two.id, 'badge', {
      name: 'Wang Fang',
      phone,
      title: '采购总监',
      email: `wf${phone.slice(-4)}@example.com`,
    });
    await push(booth.one.token, 'people', [{ doc: fromOne }]);
    await push(booth.two.token, 'people', [{ doc: fromTwo }]);
    const facts = [
      fact(booth.one.id, fromOne.id, 'checked_in'),
      fact(booth.two.id, fromTwo.id, 'demo_requested'),
    ];
    await push(booth.one.token, 'interactions', [{ doc: facts[0] as Interaction }]);
    await push(booth.two.token, 'interactions', [{ doc: facts[1] as Interaction }]);
    const qualification: Qualification = {
      ...emptyQualification(eventId, fromOne.id, Date.now() - 20_000),
      rating: 'hot',
      budget: '100k_1m',
      need: '要 200 台终端',
      notes: [{ id: newId(), text: '下周回访 王芳', staffId: 'staff-1', at: Date.now() - 20_000 }],
    };
    await push(booth.one.token, 'qualifications', [{ doc: qualification }]);
    const found = await findCustomers(phone.slice(-8));
    expect(found).toHaveLength(1);
    return { fromOne, fromTwo, facts, qualification, customerId: found[0]?.id ?? '' };
  }

  it('says for each merged field which booth, which source and when it came from', async () => {
    const { fromOne, fromTwo, customerId } = await twoBoothCustomer('+8613912340001');
    const response = await detail(customerId);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as Customer360Response;
    // One event: the booths' two people of one person are folded into one (the later redirects).
    expect(body.people).toHaveLength(1);
    expect([fromOne.id, fromTwo.id]).toContain(body.people[0]?.id);
    const of = (field: string) => body.provenance.find((p) => p.field === field);
    expect(of('company')).toMatchObject({
      value: '上海星辰科技',
      source: 'staff',
      deviceId: booth.one.id,
      deviceName: 'Booth-1',
      eventId,
      at: fromOne.provenance.company?.at,
    });
    expect(of('title')).toMatchObject({
      value: '采购总监',
      source: 'badge',
      deviceName: 'Booth-2',
      at: fromTwo.provenance.title?.at,
    });
    // The name both booths wrote: the fold's winner, said with the winner's own booth.
    const name = of('name');
    const winner = name?.deviceId === booth.one.id ? fromOne : fromTwo;
    expect(name?.value).toBe(winner.name);
    expect(name?.at).toBe(winner.provenance.name?.at);
    expect(of('department')).toBeUndefined();
    // Facts of both booths on one timeline, newest first, with both devices named.
    expect(body.interactions.map((f) => f.type)).toEqual(['demo_requested', 'checked_in']);
    expect(body.devices).toMatchObject({ [booth.one.id]: 'Booth-1', [booth.two.id]: 'Booth-2' });
  });

  it('erases a person everywhere, tombstones reach booths, and an offline re-push does not revive them', async () => {
    const phone = '+8613912340002';
    const { fromOne, fromTwo, facts, qualification, customerId } = await twoBoothCustomer(phone);
    const moved = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/stage`,
      headers: bearer(pool.adminToken),
      payload: { to: 'nurture', why: '王芳 wants a call next quarter' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const checkpoints = {
      people: await seqOf('people'),
      interactions: await seqOf('interactions'),
      qualifications: await seqOf('qualifications'),
    };

    // Only admins erase; the API says no to anyone else, and nothing is erased by trying.
    for (const role of ['marketing', 'sales'] as const) {
      const { token } = await createUser(pool, role);
      const refused = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customerId}/erase`,
        headers: bearer(token),
      });
      expect(refused.statusCode).toBe(403);
    }
    expect((await detail(customerId)).statusCode).toBe(200);

    const erased = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/erase`,
      headers: bearer(pool.adminToken),
    });
    expect(erased.statusCode, erased.body).toBe(200);
    const { erasure } = erased.json() as EraseResponse;
    expect(erasure).toMatchObject({ customers: 1, people: 2, documents: 5 });
    expect(erasure.reference).toBe(erasureReference(customerId));

    // The pool holds nothing of the person: no customer, keys, links, history; search finds none.
    expect((await detail(customerId)).statusCode).toBe(404);
    expect(await findCustomers(phone.slice(-8))).toEqual([]);
    expect(await findCustomers('王芳')).toEqual([]);
    for (const [table, column] of [
      ['customers', 'id'],
      ['identity_keys', 'customer_id'],
      ['customer_people', 'customer_id'],
      ['customer_changes', 'customer_id'],
    ] as const) {
      const rows = await pool.db.query(`select 1 from ${table} where ${column} = $1`, [customerId]);
      expect(rows, table).toEqual([]);
    }
    // The dashboards' summaries neither name the person nor count their facts any more.
    for (const table of ['event_person_facts', 'event_staff_people']) {
      const rows = await pool.db.query(`select 1 from ${table} where person_id = any($1::text[])`, [
        [fromOne.id, fromTwo.id],
      ]);
      expect(rows, table).toEqual([]);
    }
    const [counted] = await pool.db.query<{ n: string | null }>(
      `select sum(n) as n from event_fact_counts where kind = 'type'`,
    );
    const [live] = await pool.db.query<{ n: string }>(
      `select count(*) as n from documents where collection = 'interactions' and not deleted`,
    );
    expect(Number(counted?.n ?? 0)).toBe(Number(live?.n));
    const docs = await pool.db.query<{ deleted: boolean; data: unknown }>(
      `select deleted, data from documents where id = any($1::text[])`,
      [[fromOne.id, fromTwo.id, qualification.id, ...facts.map((f) => f.id)]],
    );
    expect(docs).toHaveLength(5);
    const personal = [
      '王芳',
      'Wang Fang',
      '13912340002',
      'example.com',
      '星辰',
      '采购',
      '报价',
      '终端',
    ];
    for (const doc of docs) {
      expect(doc.deleted).toBe(true);
      for (const text of personal) expect(JSON.stringify(doc.data)).not.toContain(text);
    }

    // The audit entry: who and when, and a reference that neither names nor reaches the person.
    const audit = await pool.db.query('select * from erasures where id = $1', [erasure.id]);
    expect(audit).toHaveLength(1);
    const auditText = JSON.stringify(audit);
    for (const text of [...personal, customerId, fromOne.id, fromTwo.id]) {
      expect(auditText).not.toContain(text);
    }

    // A booth pulls the tombstones (valid documents of the collection, _deleted, emptied).
    for (const collection of ['people', 'interactions', 'qualifications'] as const) {
      const { documents } = await pull(booth.one.token, collection, checkpoints[collection]);
      const schema = syncDocumentSchema(collection);
      expect(documents.length, collection).toBeGreaterThan(0);
      for (const doc of documents) {
        expect(schema.safeParse(doc).success, JSON.stringify(doc)).toBe(true);
        expect(doc._deleted).toBe(true);
        for (const text of personal) expect(JSON.stringify(doc)).not.toContain(text);
      }
    }

    // Booth 2 was offline: it pushes its person again as it last knew it, and a fact it captured
    // meanwhile. The person comes back as the tombstone (a deleted master: the booth deletes its
    // copy); the new fact is stored only as a tombstone; nobody is revived.
    const edited = { ...fromTwo, department: '采购部', updatedAt: Date.now() };
    const conflicts = await push(booth.two.token, 'people', [{ doc: edited, assumed: fromTwo }]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ id: fromTwo.id, _deleted: true, name: '', phone: '' });
    const offlineFact = fact(booth.two.id, fromTwo.id, 'content_requested');
    expect(await push(booth.two.token, 'interactions', [{ doc: offlineFact }])).toEqual([]);
    const again = await push(booth.one.token, 'qualifications', [
      { doc: { ...qualification, need: '再次推送' }, assumed: qualification },
    ]);
    expect(again[0]).toMatchObject({ id: qualification.id, _deleted: true, need: '' });
    const [stored] = await pool.db.query<{ deleted: boolean; data: { data: object } }>(
      `select deleted, data from documents where collection = 'interactions' and id = $1`,
      [offlineFact.id],
    );
    expect(stored).toMatchObject({ deleted: true, data: { data: {} } });
    expect(
      await pool.db.query('select 1 from customer_people where person_id = any($1::text[])', [
        [fromOne.id, fromTwo.id],
      ]),
    ).toEqual([]);
    expect(await findCustomers(phone.slice(-8))).toEqual([]);
    const { documents: later } = await pull(
      booth.two.token,
      'interactions',
      checkpoints.interactions,
    );
    expect(later.find((doc) => doc.id === offlineFact.id)).toMatchObject({ _deleted: true });

    // What erasure cannot know: the same person captured under a new id is a new customer.
    await push(booth.two.token, 'people', [
      { doc: capture(booth.two.id, 'staff', { name: '王芳', phone }) },
    ]);
    const fresh = await findCustomers(phone.slice(-8));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.id).not.toBe(customerId);
  });

  it('erases the customers merged into the person, their merges and duplicates, and no one else', async () => {
    const phone = '+8613912340004';
    const email = 'merged.erase@example.com';
    const at = Date.now() - 60_000;
    const staffForm = capture(booth.one.id, 'staff', { name: '赵敏', phone }, at);
    const badge = capture(booth.two.id, 'badge', { name: 'Zhao Min', email }, at + 1000);
    await push(booth.one.token, 'people', [{ doc: staffForm }]);
    await push(booth.two.token, 'people', [{ doc: badge }]);
    // Both keys on one capture: the two customers are merged (an undoable customer merge).
    await push(booth.one.token, 'people', [
      { doc: capture(booth.one.id, 'staff', { name: '赵敏', phone, email }, at + 2000) },
    ]);
    // Someone else with the same phone: a possible duplicate, not a merge.
    const other = capture(booth.two.id, 'staff', { name: '李雷', phone }, at + 3000);
    await push(booth.two.token, 'people', [{ doc: other }]);
    const [survivor] = await findCustomers(email);
    const customerId = survivor?.id ?? '';
    const [merged] = await pool.db.query<{ id: string }>(
      'select id from customers where merged_into = $1',
      [customerId],
    );
    expect(merged).toBeTruthy();
    const pairs = () =>
      pool.db.query(
        'select 1 from possible_duplicates where existing_id = $1 or arriving_id = $1',
        [customerId],
      );
    expect(await pairs()).toHaveLength(1);
    const merges = () =>
      pool.db.query('select 1 from customer_merges where survivor_id = $1 or merged_id = $1', [
        customerId,
      ]);
    expect(await merges()).toHaveLength(1);

    const erased = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${merged?.id}/erase`,
      headers: bearer(pool.adminToken),
    });
    // Erasing by a merged-away id erases the person it now belongs to, whole.
    expect(erased.statusCode, erased.body).toBe(200);
    expect((erased.json() as EraseResponse).erasure.customers).toBe(2);
    expect(await pairs()).toEqual([]);
    expect(await merges()).toEqual([]);
    expect(
      await pool.db.query('select 1 from customers where id = any($1::text[])', [
        [customerId, merged?.id],
      ]),
    ).toEqual([]);
    // 李雷 only shared a phone number: he stays, and keeps his phone.
    const [li] = await findCustomers('李雷');
    expect(li).toBeTruthy();
    const liDetail = (await detail(li?.id ?? '')).json() as Customer360Response;
    expect(liDetail.identityKeys).toEqual([{ kind: 'phone', value: phone }]);
  });

  it('tells an online booth at once: its live stream carries the tombstones', async () => {
    const { fromOne, customerId } = await twoBoothCustomer('+8613912340005');
    await pool.listen();
    const stream = await openSse(
      `${pool.url}/api/v1/sync/stream?collections=people,interactions&access_token=${booth.one.token}`,
    );
    try {
      const seen = new Map<string, Doc>();
      const resyncs = await nextFrames(stream.frames, 2);
      expect(resyncs.map((f) => f.message)).toEqual(['RESYNC', 'RESYNC']);
      const erased = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customerId}/erase`,
        headers: bearer(pool.adminToken),
      });
      expect(erased.statusCode).toBe(200);
      while (!seen.has(fromOne.id)) {
        for (const frame of await nextFrames(stream.frames, 1)) {
          if (frame.message === 'RESYNC') continue;
          for (const doc of frame.message.documents) seen.set(String(doc.id), doc);
        }
      }
      expect(seen.get(fromOne.id)).toMatchObject({ _deleted: true, name: '', phone: '' });
    } finally {
      stream.close();
    }
  });

  it('answers a sales user asking for a lead not routed to them as not found', async () => {
    const { customerId } = await twoBoothCustomer('+8613912340003');
    const { token } = await createUser(pool, 'sales');
    expect((await detail(customerId, token)).statusCode).toBe(404);
  });
});

type Frame = { collection: string; message: 'RESYNC' | { documents: Doc[] } };

/** The next `count` frames of a combined stream, parsed. */
async function nextFrames(frames: AsyncGenerator<string>, count: number): Promise<Frame[]> {
  const out: Frame[] = [];
  while (out.length < count) {
    const { value, done } = await frames.next();
    if (done) throw new Error('the stream ended');
    const data = value
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    if (data) out.push(JSON.parse(data) as Frame);
  }
  return out;
}

import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import { buildSearchKey } from '../../shared/search';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  NO_CONSENT,
  type Interaction,
  type LeadEvent,
  type Person,
} from '../../shared/schemas';
import { USER_TOKEN_PREFIX, hashToken, newToken } from '../auth';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import { createPoolServer } from '../app';
import { openPostgres } from '../db/postgres';
import { openSse } from './routes.test-kit';
import { writeDocuments } from '../services/documents';
import { ChangeFeed } from '../services/replication';
import { registerSyncRoutes } from './sync';

// Pool tests share a loaded machine with other suites: be patient, never assert on time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type Doc = Record<string, unknown>;

const deviceToken = (pool: TestPool, eventId: string) => testDeviceToken(pool.db, eventId);

async function userToken(pool: TestPool, role: 'admin' | 'marketing' | 'sales'): Promise<string> {
  const token = newToken(USER_TOKEN_PREFIX);
  await pool.db.query(
    `insert into users (id, name, role, token_hash, created_at) values ($1, $2, $3, $4, 0)`,
    [newId(), role, role, hashToken(token)],
  );
  return token;
}

const person = (eventId: string, profile: Partial<typeof EMPTY_PERSON_INPUT>, at = Date.now()) =>
  createPerson(newId(), eventId, { ...EMPTY_PERSON_INPUT, ...profile }, NO_CONSENT, {
    source: 'staff',
    deviceId: 'dev',
    at,
  });

const interaction = (eventId: string, personId: string, at = Date.now()): Interaction => ({
  id: newId(),
  eventId,
  personId,
  type: 'checked_in',
  deviceId: 'dev',
  staffId: 'staff',
  occurredAt: at,
  data: {},
  updatedAt: at,
});

const event = (id: string): LeadEvent => ({
  id,
  name: 'Expo',
  venue: 'Hall 1',
  startsOn: '2026-05-01',
  endsOn: '2026-05-02',
  cost: { amount: 1000, currency: 'CNY' },
  form: { fields: ['name', 'phone'], required: ['name'] },
  interests: [],
  consent: { text: 'ok', version: 'v1', translations: [] },
  kioskIdleSeconds: 60,
  retentionDays: 30,
  publicKey: '',
  createdAt: 1,
  updatedAt: 1,
});

const wire = <T extends object>(doc: T, deleted = false) => ({ ...doc, _deleted: deleted });

describe('replication endpoints', () => {
  // One pool for the block; every test works in two fresh events of its own.
  let pool: TestPool;
  let eventA: string;
  let eventB: string;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    pool = await startTestPool();
  });
  afterAll(async () => {
    await pool.close();
  });
  beforeEach(async () => {
    eventA = newId();
    eventB = newId();
    tokenA = await deviceToken(pool, eventA);
    tokenB = await deviceToken(pool, eventB);
  });

  const push = (token: string, collection: string, rows: unknown) =>
    pool.app.inject({
      method: 'POST',
      url: `/api/v1/sync/${collection}/push`,
      headers: { authorization: `Bearer ${token}` },
      payload: rows as object,
    });
  const pull = (token: string, collection: string, query: Record<string, string> = {}) =>
    pool.app.inject({
      method: 'GET',
      url: `/api/v1/sync/${collection}/pull?${new URLSearchParams(query)}`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('pushes, then pulls in checkpoint pages, each document once with _deleted', async () => {
    const people = Array.from({ length: 5 }, (_, i) => person(eventA, { name: `P${i}` }));
    const pushed = await push(
      tokenA,
      'people',
      people.map((p) => ({ newDocumentState: wire(p), assumedMasterState: null })),
    );
    expect(pushed.statusCode).toBe(200);
    expect(pushed.json()).toEqual([]);

    const seen: Doc[] = [];
    let checkpoint: unknown = undefined;
    for (let page = 0; page < 10; page++) {
      const query: Record<string, string> = { limit: '2' };
      if (checkpoint) query.checkpoint = JSON.stringify(checkpoint);
      const res = await pull(tokenA, 'people', query);
      expect(res.statusCode).toBe(200);
      const body = res.json<{ documents: Doc[]; checkpoint: { seq: number } }>();
      if (body.documents.length === 0) {
        expect(body.checkpoint).toEqual(checkpoint);
        break;
      }
      seen.push(...body.documents);
      checkpoint = body.checkpoint;
    }
    expect(seen.map((d) => d.name).sort()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
    expect(seen.every((d) => d._deleted === false)).toBe(true);
    // The other event's device sees none of them.
    expect((await pull(tokenB, 'people')).json().documents).toEqual([]);
  });

  it('answers a stale assumedMasterState with the master, and takes a matching one', async () => {
    const original = person(eventA, { name: 'Li Lei' });
    await push(tokenA, 'people', [{ newDocumentState: wire(original) }]);
    const edited = { ...original, company: 'Acme', updatedAt: original.updatedAt + 1 };
    edited.searchKey = buildSearchKey(edited);
    const stale = await push(tokenA, 'people', [
      {
        newDocumentState: wire(edited),
        assumedMasterState: wire({ ...original, name: 'Somebody else' }),
      },
    ]);
    expect(stale.json()).toEqual([wire(original)]);
    const fresh = await push(tokenA, 'people', [
      { newDocumentState: wire(edited), assumedMasterState: wire(original) },
    ]);
    expect(fresh.json()).toEqual([]);
    const [doc] = (await pull(tokenA, 'people')).json().documents;
    expect(doc).toMatchObject({ company: 'Acme' });
    // A new document for an id the pool has (no assumed master) is a conflict too.
    const blind = await push(tokenA, 'people', [{ newDocumentState: wire(original) }]);
    expect(blind.json()).toEqual([{ ...wire(edited) }]);
    // Restating exactly what the pool holds is neither a conflict nor a change (a device after
    // its first pull pushes a few pulled documents back, see renderer/sync/bootstrap.ts).
    const before = (await pull(tokenA, 'people')).json().checkpoint;
    const restated = await push(tokenA, 'people', [{ newDocumentState: wire(edited) }]);
    expect(restated.json()).toEqual([]);
    expect((await pull(tokenA, 'people')).json().checkpoint).toEqual(before);
  });

  it('replicates tombstones', async () => {
    const p = person(eventA, { name: 'Gone' });
    await push(tokenA, 'people', [{ newDocumentState: wire(p) }]);
    const res = await push(tokenA, 'people', [
      { newDocumentState: wire(p, true), assumedMasterState: wire(p) },
    ]);
    expect(res.json()).toEqual([]);
    const docs = (await pull(tokenA, 'people')).json().documents;
    expect(docs).toEqual([wire(p, true)]);
  });

  it('stores an interaction once, however often it is pushed, and never reports a conflict', async () => {
    const p = person(eventA, { name: 'X' });
    const fact = interaction(eventA, p.id);
    for (let i = 0; i < 3; i++) {
      const res = await push(tokenA, 'interactions', [
        { newDocumentState: wire(fact), assumedMasterState: null },
        // A device that lost its checkpoint may send the same fact with something changed.
        { newDocumentState: wire({ ...fact, staffId: `s${i}` }) },
      ]);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
    }
    const rows = await pool.db.query<{ data: Doc }>(
      `select data from documents where collection = 'interactions' and event_id = $1`,
      [eventA],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data).toMatchObject({ id: fact.id, staffId: 's0' });
  });

  it('refuses a device anything of another event, row by row, and takes the rest', async () => {
    const theirs = person(eventB, { name: 'B' });
    const mine = person(eventA, { name: 'A' });
    const mixed = await push(tokenA, 'people', [
      { newDocumentState: wire(theirs) },
      { newDocumentState: wire(mine) },
    ]);
    expect(mixed.statusCode).toBe(200);
    const stored = async (id: string) =>
      (
        await pool.db.query<{ event_id: string; data: Doc }>(
          "select event_id, data from documents where collection = 'people' and id = $1",
          [id],
        )
      )[0];
    expect(await stored(theirs.id)).toBeUndefined();
    expect((await stored(mine.id))?.event_id).toBe(eventA);
    // An id that exists in event B, pushed as if it were event A's: B's record is untouched.
    await push(tokenB, 'people', [{ newDocumentState: wire(theirs) }]);
    const hijack = await push(tokenA, 'people', [
      { newDocumentState: wire({ ...theirs, eventId: eventA, name: 'Hijacked' }) },
    ]);
    expect(hijack.statusCode).toBe(200);
    expect(await stored(theirs.id)).toMatchObject({ event_id: eventB, data: { name: 'B' } });
    expect((await pull(tokenA, 'people', { eventId: eventB })).statusCode).toBe(403);
    const stream = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/sync/people/stream?access_token=${tokenA}&eventId=${eventB}`,
    });
    expect(stream.statusCode).toBe(403);
  });

  it('lets admin and marketing users pull any event, but not sales users', async () => {
    await push(tokenB, 'people', [{ newDocumentState: wire(person(eventB, { name: 'B' })) }]);
    const marketing = await userToken(pool, 'marketing');
    const res = await pull(marketing, 'people', { eventId: eventB });
    expect(res.statusCode).toBe(200);
    expect(res.json().documents).toHaveLength(1);
    expect((await pull(marketing, 'people')).statusCode).toBe(400);
    expect(
      (await pull(await userToken(pool, 'sales'), 'people', { eventId: eventB })).statusCode,
    ).toBe(403);
  });

  it('answers 401 to a revoked device and to no token', async () => {
    await pool.db.query('update devices set revoked_at = 1 where event_id = $1', [eventA]);
    const res = await pull(tokenA, 'people');
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({
      code: 'device_revoked',
      message: expect.stringMatching(/revoked/),
    });
    const anonymous = await pool.app.inject({ method: 'GET', url: '/api/v1/sync/people/pull' });
    expect(anonymous.statusCode).toBe(401);
    const pushed = await push(tokenA, 'people', [
      { newDocumentState: wire(person(eventA, { name: 'late' })) },
    ]);
    expect(pushed.statusCode).toBe(401);
  });

  it('answers malformed and invalid requests with 400 and says what is wrong', async () => {
    const malformed = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/people/push',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      payload: '[{"newDocumentState":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_request');

    const notArray = await push(tokenA, 'people', { newDocumentState: {} });
    expect(notArray.statusCode).toBe(400);

    const badDoc = await push(tokenA, 'people', [
      { newDocumentState: { ...wire(person(eventA, {})), id: 'not-a-uuid', updatedAt: -1 } },
    ]);
    expect(badDoc.statusCode).toBe(400);
    expect(badDoc.json().error.message).toMatch(/0\.newDocumentState\.id/);
    expect(badDoc.json().error.message).toMatch(/updatedAt/);

    const tooMany = await push(
      tokenA,
      'interactions',
      Array.from({ length: 501 }, () => ({ newDocumentState: wire(interaction(eventA, newId())) })),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/at most 500/);

    const badQualificationId = await push(tokenA, 'qualifications', [
      {
        newDocumentState: wire({
          id: 'x',
          eventId: eventA,
          personId: newId(),
          ...EMPTY_QUALIFICATION_FIELDS,
          notes: [],
          fieldUpdatedAt: {},
          updatedAt: 1,
        }),
      },
    ]);
    expect(badQualificationId.statusCode).toBe(400);
    expect(badQualificationId.json().error.message).toMatch(/eventId>\|<personId/);

    const badCheckpoint = await pull(tokenA, 'people', { checkpoint: '{"seq":"1; drop table"}' });
    expect(badCheckpoint.statusCode).toBe(400);
    expect(badCheckpoint.json().error.message).toMatch(/checkpoint/);

    const unknown = await pull(tokenA, 'customers');
    expect(unknown.statusCode).toBe(404);
    const [{ count }] = (await pool.db.query<{ count: number }>(
      'select count(*)::int as count from documents where event_id = $1',
      [eventA],
    )) as [{ count: number }];
    expect(count).toBe(0);
  });

  it('stores SQL injection strings verbatim, as text', async () => {
    const evil = [
      "Robert'); DROP TABLE documents;--",
      "' OR '1'='1",
      '$1; select pg_sleep(10)',
      '"; DELETE FROM customers; --',
    ];
    const p = person(eventA, { name: evil[0], company: evil[1], title: evil[2], city: evil[3] });
    expect((await push(tokenA, 'people', [{ newDocumentState: wire(p) }])).json()).toEqual([]);
    const [doc] = (await pull(tokenA, 'people')).json().documents as Doc[];
    expect(doc).toMatchObject({ name: evil[0], company: evil[1], title: evil[2], city: evil[3] });
    const tables = await pool.db.query(`select 1 from documents`);
    expect(tables.length).toBeGreaterThan(0);
    const [customer] = await pool.db.query<{ profile: Doc }>(
      `select c.profile from customers c join customer_people cp on cp.customer_id = c.id
        where cp.person_id = $1`,
      [p.id],
    );
    expect(customer?.profile.name).toBe(evil[0]);
  });

  it('refuses devices writing events: the pool wins', async () => {
    const e = event(eventA);
    const refused = await push(tokenA, 'events', [{ newDocumentState: wire(e) }]);
    expect(refused.statusCode).toBe(403);
    // The pool writes the event (as the events routes do); a device's edit gets it back.
    await pool.db.transaction((tx) =>
      writeDocuments(tx, 'events', [{ id: e.id, eventId: e.id, deleted: false, data: e }], 1),
    );
    const edited = { ...e, name: 'Renamed by a booth' };
    const answer = await push(tokenA, 'events', [
      { newDocumentState: wire(edited), assumedMasterState: wire(e) },
    ]);
    expect(answer.json()).toEqual([wire(e)]);
    const pulled = (await pull(tokenA, 'events')).json().documents;
    expect(pulled).toEqual([wire(e)]);
    expect((await pull(tokenB, 'events')).json().documents).toEqual([]);
  });
});

describe('live stream', () => {
  let pool: TestPool;
  let eventA: string;
  let eventB: string;

  beforeAll(async () => {
    pool = await startTestPool();
    await pool.listen();
  });
  afterAll(async () => {
    await pool.close();
  });
  beforeEach(() => {
    eventA = newId();
    eventB = newId();
  });

  it('sends RESYNC on connect, then the changes of its event only, and lets go on disconnect', async () => {
    const tokenA = await deviceToken(pool, eventA);
    const tokenB = await deviceToken(pool, eventB);
    const sse = await openSse(`${pool.url}/api/v1/sync/people/stream?access_token=${tokenA}`);
    expect(sse.res.statusCode).toBe(200);
    expect(sse.res.headers['content-type']).toMatch(/text\/event-stream/);
    const first = await sse.frames.next();
    expect(first.value).toBe('data: "RESYNC"');

    const pushAs = (token: string, p: Person) =>
      fetch(`${pool.url}/api/v1/sync/people/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ newDocumentState: wire(p) }]),
      });
    const other = person(eventB, { name: 'not for A' });
    const mine = person(eventA, { name: 'for A' });
    expect((await pushAs(tokenB, other)).status).toBe(200);
    expect((await pushAs(tokenA, mine)).status).toBe(200);

    const frame = await sse.frames.next();
    const message = JSON.parse(String(frame.value).replace(/^data: /, ''));
    expect(message.documents).toEqual([wire(mine)]);
    const [row] = await pool.db.query<{ seq: number }>('select seq from documents where id = $1', [
      mine.id,
    ]);
    expect(message.checkpoint).toEqual({ seq: Number(row?.seq) });
    sse.close();
    // Closing the pool must not hang on the stream (preClose ends every open one).
  });

  it('streams several collections on one connection, each change tagged with its collection', async () => {
    const token = await deviceToken(pool, eventA);
    const sse = await openSse(
      `${pool.url}/api/v1/sync/stream?collections=people,interactions&access_token=${token}`,
    );
    expect(sse.res.statusCode).toBe(200);
    const resyncs = [await sse.frames.next(), await sse.frames.next()].map((frame) =>
      JSON.parse(String(frame.value).replace(/^data: /, '')),
    );
    expect(resyncs).toEqual(
      expect.arrayContaining([
        { collection: 'people', message: 'RESYNC' },
        { collection: 'interactions', message: 'RESYNC' },
      ]),
    );
    const mine = person(eventA, { name: 'tagged' });
    const pushed = await fetch(`${pool.url}/api/v1/sync/people/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ newDocumentState: wire(mine) }]),
    });
    expect(pushed.status).toBe(200);
    const frame = JSON.parse(String((await sse.frames.next()).value).replace(/^data: /, ''));
    expect(frame.collection).toBe('people');
    expect(frame.message.documents).toEqual([wire(mine)]);
    sse.close();

    const bad = await fetch(`${pool.url}/api/v1/sync/stream?collections=people,nope`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('sends heartbeats on a quiet stream and lets go of its listener on disconnect', async () => {
    const token = await deviceToken(pool, eventA);
    const feed = new ChangeFeed(pool.db);
    const app = Fastify();
    await app.register(
      async (api) => registerSyncRoutes(api, poolDeps(pool), { heartbeatMs: 20, feed }),
      { prefix: '/api/v1' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const sse = await openSse(
        `http://127.0.0.1:${port}/api/v1/sync/people/stream?access_token=${token}`,
      );
      expect((await sse.frames.next()).value).toBe('data: "RESYNC"');
      expect((await sse.frames.next()).value).toBe(': keep-alive');
      expect(feed.subscriberCount('people')).toBe(1);
      sse.close();
      // The server learns of the disconnect asynchronously: wait for it (no deadline asserted).
      while (feed.subscriberCount('people') > 0) await new Promise((r) => setTimeout(r, 10));
      expect(feed.subscriberCount('people')).toBe(0);

      // A stream still open when the pool shuts down is ended by the pool, not waited for.
      const open = await openSse(
        `http://127.0.0.1:${port}/api/v1/sync/people/stream?access_token=${token}`,
      );
      expect((await open.frames.next()).value).toBe('data: "RESYNC"');
      await app.close();
      while (!(await open.frames.next()).done);
      expect(open.res.complete).toBe(true);
    } finally {
      await app.close();
    }
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'fans changes out across pool instances through LISTEN/NOTIFY (PostgreSQL)',
    async () => {
      // A second pool process on the same database: here, a second app with its own connections.
      const [row] = await pool.db.query<{ schema: string }>('select current_schema() as schema');
      const url = String(process.env.DATABASE_URL);
      const separator = url.includes('?') ? '&' : '?';
      const db2 = await openPostgres(
        `${url}${separator}options=-c%20search_path%3D${String(row?.schema)}`,
      );
      const other = await createPoolServer({
        db: db2,
        clock: Date.now,
        newId,
        publicUrl: () => '',
      });
      try {
        const token = await deviceToken(pool, eventA);
        const sse = await openSse(`${pool.url}/api/v1/sync/people/stream?access_token=${token}`);
        expect((await sse.frames.next()).value).toBe('data: "RESYNC"');
        const p = person(eventA, { name: 'pushed to the other instance' });
        const pushed = await other.inject({
          method: 'POST',
          url: '/api/v1/sync/people/push',
          headers: { authorization: `Bearer ${token}` },
          payload: [{ newDocumentState: wire(p) }],
        });
        expect(pushed.statusCode).toBe(200);
        const frame = await sse.frames.next();
        expect(JSON.parse(String(frame.value).replace(/^data: /, '')).documents).toEqual([wire(p)]);
        sse.close();
      } finally {
        await other.close();
        await db2.close();
      }
    },
  );
});

function poolDeps(pool: TestPool) {
  return { db: pool.db, clock: Date.now, newId, publicUrl: () => pool.url };
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRevision, now } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { newId } from '../../shared/ids';
import { mergePeople } from '../../shared/person-merge';
import { createPerson } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  NO_CONSENT,
  type LeadEvent,
  type Person,
} from '../../shared/schemas';
import {
  registerAttendee,
  saveQualification,
  updatePerson,
  type CaptureContext,
} from '../store/leads';
import { closeTestStores, forget, openTestDatabase, testContext } from '../store/testing';
import type { LeadDatabase } from '../store/database';
import { createSyncEngine, type SyncEngine, type SyncOptions } from './engine';
import { loadEnrollment } from './enrollment';
import { rehomeLocalLeads } from './local-leads';
import { FakePool, fakeNetwork, memoryTokenStore, poolEvent, TEST_SYNC_OPTIONS } from './testing';
import type { SyncDocument } from './transport';

const engines: SyncEngine[] = [];
afterEach(async () => {
  while (engines.length) await engines.pop()?.stop();
  await closeTestStores();
});

const CODE = 'BOOTH-7Q2K';

function setup(
  db: LeadDatabase,
  pool: FakePool,
  tokens = memoryTokenStore(),
  extra: Partial<SyncOptions> = {},
) {
  const network = fakeNetwork();
  const afterWipe = vi.fn();
  const engine = createSyncEngine({
    db,
    transport: pool,
    tokenStore: tokens,
    clock: () => Date.now(),
    network,
    afterWipe,
    // Fast retries keep the test short; no leader election in a single test "tab".
    // Purges only when a test asks: the test clocks are years behind today.
    options: { ...TEST_SYNC_OPTIONS, ...extra },
  });
  engines.push(engine);
  return { engine, tokens, network, afterWipe };
}

async function statusOf(
  engine: SyncEngine,
  predicate: (s: ReturnType<SyncEngine['getStatus']>) => boolean,
) {
  await vi.waitFor(() => expect(predicate(engine.getStatus())).toBe(true), { timeout: 5000 });
  return engine.getStatus();
}

async function register(ctx: CaptureContext, event: LeadEvent, name: string, phone: string) {
  const result = await registerAttendee(
    ctx,
    event,
    { ...EMPTY_PERSON_INPUT, name, phone },
    { source: 'staff', consentGranted: false, requireConsent: false },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.person;
}

describe('sync engine', () => {
  it('enrolls with a code, pulls its event, pushes what was captured offline once online', async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    const db = await openTestDatabase(`sync-${newId()}`);
    const { engine, tokens } = setup(db, pool);
    await engine.start();
    expect(engine.getStatus().state).toBe('not_enrolled');

    const enrollment = await engine.enroll({ poolUrl: `${FakePool.URL}/`, code: ' booth-7q2k ' });
    expect(enrollment).toMatchObject({ poolUrl: FakePool.URL, eventId: event.id });
    expect(tokens.token).toMatch(/^lpd_/);
    expect(await loadEnrollment(db)).toEqual(enrollment);
    await vi.waitFor(async () => expect(await db.events.findOne(event.id).exec()).not.toBeNull());
    expect(await statusOf(engine, (s) => s.state === 'synced')).toMatchObject({ pending: 0 });

    // The venue network dies; staff keep registering.
    pool.online = false;
    const ctx = testContext(db, enrollment.deviceId);
    const person = await register(ctx, event, '张三', '13800138000');
    const offline = await statusOf(engine, (s) => s.state === 'offline' && s.pending === 2);
    expect(offline.lastError?.kind).toBe('unreachable');
    expect(pool.get('people', person.id)).toBeUndefined();

    pool.online = true;
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pool.get('people', person.id)).toMatchObject({ name: '张三', phone: '+8613800138000' });
    expect(pool.all('interactions')).toEqual([
      expect.objectContaining({ personId: person.id, type: 'registered' }),
    ]);
  });

  it('counts leads of a local, pre-enrollment event apart — never "synced" — until brought in', async () => {
    const event = poolEvent();
    const local = { ...poolEvent(), name: '本地活动' };
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    const db = await openTestDatabase(`sync-${newId()}`);
    await db.events.insert(local);
    const ctx = testContext(db);
    const offlineLead = await register(ctx, local, '李雷', '13900139000');
    const { engine } = setup(db, pool);
    await engine.start();
    expect(await statusOf(engine, (s) => s.localOnly === 1)).toMatchObject({
      state: 'not_enrolled',
    });
    await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    const lead = await register(ctx, event, '韩梅梅', '13700137000');
    // Finding 2: this said 已同步 · 待上传 0 while 李雷 stayed on the laptop.
    await statusOf(engine, (s) => s.state === 'local_only' && s.pending === 0 && s.localOnly === 1);
    expect(pool.get('people', lead.id)).toBeDefined();
    expect(pool.get('people', offlineLead.id)).toBeUndefined();
    expect(pool.all('events').map((e) => e.id)).toEqual([event.id]);

    await rehomeLocalLeads(ctx, local.id, event.id);
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0 && s.localOnly === 0);
    expect(pool.get('people', offlineLead.id)).toMatchObject({ name: '李雷', eventId: event.id });
    expect(pool.all('interactions').map((f) => f.personId)).toContain(offlineLead.id);
  });

  it('resumes from its saved checkpoints after a restart and pushes what was written meanwhile', async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    const name = `sync-${newId()}`;
    let db = await openTestDatabase(name);
    const first = setup(db, pool);
    await first.engine.start();
    const { deviceId } = await first.engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    const before = await register(testContext(db, deviceId), event, '张三', '13800138000');
    const synced = await statusOf(first.engine, (s) => s.state === 'synced' && s.pending === 0);
    await first.engine.stop();
    // Written while the app was not syncing (closed right after the write).
    const meanwhile = await register(testContext(db, deviceId), event, '王五', '13600136000');
    await db.close();
    forget(db);
    pool.pulls.length = 0;

    db = await openTestDatabase(name);
    const second = setup(db, pool, first.tokens);
    // It starts without network, as a booth often does, and counts what it still has to push.
    pool.online = false;
    await second.engine.start();
    const offline = await statusOf(second.engine, (s) => s.state === 'offline' && s.pending === 2);
    // Staff still see when sync last worked, from before the restart.
    expect(offline.lastSuccessAt).toBeGreaterThanOrEqual(synced.lastSuccessAt ?? Infinity);
    pool.online = true;
    await statusOf(second.engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pool.get('people', meanwhile.id)).toMatchObject({ name: '王五' });
    // No collection started again from scratch.
    const firstPulls = new Map<string, unknown>();
    for (const pull of pool.pulls)
      if (!firstPulls.has(pull.collection)) firstPulls.set(pull.collection, pull.checkpoint);
    for (const collection of ['events', 'people', 'interactions']) {
      expect(firstPulls.get(collection), collection).not.toBeNull();
    }
    // The person pushed before the restart was not pushed again.
    const pushedIds = pool.pushes.flatMap((p) => p.rows.map((r) => r.newDocumentState.id));
    expect(pushedIds.filter((id) => id === before.id)).toHaveLength(1);
  });

  it('merges a conflicting person field-wise with the pool version and pushes the merge', async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    const db = await openTestDatabase(`sync-${newId()}`);
    const { engine } = setup(db, pool);
    await engine.start();
    const { deviceId } = await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await statusOf(engine, (s) => s.state === 'synced');
    pool.online = false;
    const local = await register(testContext(db, deviceId), event, '张三', '13800138000');
    // Meanwhile another device's version of the same person reached the pool.
    const other: Person = createPerson(
      local.id,
      event.id,
      {
        ...EMPTY_PERSON_INPUT,
        name: '张叁',
        phone: '',
        email: 'zhang@example.cn',
        company: '华为',
      },
      NO_CONSENT,
      // Staff on another device: same rank, so the newer values win field by field.
      { source: 'staff', deviceId: 'other-device', at: local.updatedAt + 1000 },
    );
    pool.write('people', { ...other, _deleted: false } as SyncDocument);
    pool.online = true;
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);
    const expected = mergePeople(other, local);
    const onDevice = (await db.people.findOne(local.id).exec())?.toJSON();
    expect(onDevice).toMatchObject({
      name: '张叁',
      phone: '+8613800138000',
      email: 'zhang@example.cn',
      company: '华为',
    });
    expect(pool.get('people', local.id)).toMatchObject({
      name: expected.name,
      phone: expected.phone,
      email: expected.email,
      company: expected.company,
    });
  });

  it('purges expired data the pool confirmed, never a pending write, and never deletes it in the pool', async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    const name = `sync-${newId()}`;
    let db = await openTestDatabase(name);
    const first = setup(db, pool);
    await first.engine.start();
    const { deviceId } = await first.engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await statusOf(first.engine, (s) => s.state === 'synced');
    // The store tests' clock is in 2023: these two are years older than the 90 retention days.
    const old = testContext(db, deviceId);
    const expired = await register(old, event, '张三', '13912345678');
    const edited = await register(old, event, '李四', '13912345679');
    await saveQualification(old, event.id, expired.id, EMPTY_QUALIFICATION_FIELDS, '老线索');
    const fresh = await register({ ...old, clock: () => Date.now() }, event, '王五', '13912345670');
    await statusOf(first.engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pool.all('people')).toHaveLength(3);

    // Offline, staff correct 李四: an old document, but a pending write.
    pool.online = false;
    await updatePerson(old, event, edited.id, {
      ...EMPTY_PERSON_INPUT,
      name: '李四',
      phone: '13912345679',
      company: '腾讯',
    });
    await statusOf(first.engine, (s) => s.pending === 1);
    expect(await first.engine.purgeExpired(Date.now())).toEqual({
      people: 1,
      interactions: 1,
      qualifications: 1,
    });
    expect(await db.people.findOne(expired.id).exec()).toBeNull();
    expect(await db.interactions.count({ selector: { personId: expired.id } }).exec()).toBe(0);
    expect(await db.people.findOne(edited.id).exec()).not.toBeNull();
    expect(await db.people.findOne(fresh.id).exec()).not.toBeNull();
    // Forgetting is not a change: only 李四's edit waits.
    await statusOf(first.engine, (s) => s.pending === 1);

    pool.online = true;
    await statusOf(first.engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pool.get('people', edited.id)).toMatchObject({ company: '腾讯' });
    // The pool keeps what the device forgot.
    expect(pool.get('people', expired.id)).toMatchObject({ name: '张三', _deleted: false });
    expect(pool.get('qualifications', `${event.id}|${expired.id}`)).toMatchObject({
      _deleted: false,
    });
    expect(pool.all('interactions').filter((f) => f.personId === expired.id && f._deleted)).toEqual(
      [],
    );

    // After a restart the purge tombstones are still not sent.
    await first.engine.stop();
    await db.close();
    forget(db);
    db = await openTestDatabase(name);
    const second = setup(db, pool, first.tokens);
    await second.engine.start();
    await statusOf(second.engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pool.get('people', expired.id)).toMatchObject({ _deleted: false });
    // 李四's edit is in the pool now: old and confirmed, so the next purge takes him too.
    expect(await second.engine.purgeExpired(Date.now())).toMatchObject({ people: 1 });
    expect(await db.people.findOne(edited.id).exec()).toBeNull();
    await statusOf(second.engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pool.get('people', edited.id)).toMatchObject({ company: '腾讯', _deleted: false });
    expect(await db.people.findOne(fresh.id).exec()).not.toBeNull();
  });

  it('a revoked device wipes its database and token at its next contact', async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    const name = `sync-${newId()}`;
    const db = await openTestDatabase(name);
    const { engine, tokens, afterWipe } = setup(db, pool);
    await engine.start();
    const { deviceId } = await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await register(testContext(db, deviceId), event, '张三', '13800138000');
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);

    pool.revoked = true;
    engine.syncNow();
    await vi.waitFor(() => expect(afterWipe).toHaveBeenCalledOnce(), { timeout: 5000 });
    forget(db);
    expect(db.closed).toBe(true);
    expect(tokens.token).toBeNull();
    expect(engine.getStatus()).toMatchObject({
      state: 'not_enrolled',
      lastError: { kind: 'revoked' },
    });
    const reopened = await openTestDatabase(name);
    expect(await reopened.people.count().exec()).toBe(0);
    expect(await reopened.events.count().exec()).toBe(0);
    expect(await loadEnrollment(reopened)).toBeNull();
  });

  it('reports a missing token as an error instead of replicating', async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    const name = `sync-${newId()}`;
    const db = await openTestDatabase(name);
    const first = setup(db, pool);
    await first.engine.start();
    await first.engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await first.engine.stop();
    const second = setup(db, pool, memoryTokenStore(null));
    await second.engine.start();
    expect(second.engine.getStatus()).toMatchObject({
      state: 'error',
      lastError: { kind: 'unauthorized' },
    });
  });
});

/** Staff give a pulled person a title at the booth. */
async function editTitle(db: LeadDatabase, deviceId: string, event: LeadEvent, person: Person) {
  const result = await updatePerson(
    testContext(db, deviceId),
    event,
    person.id,
    { ...EMPTY_PERSON_INPUT, name: person.name, phone: person.phone, title: '采购经理' },
    ['title'],
  );
  expect(result.ok).toBe(true);
}

describe('first pull of a fresh device', () => {
  // Small pages so a few hundred people take several pulls; no safety window, so the tests show
  // that the local-write tracking alone keeps every local write (bootstrap.ts).
  const firstPullOptions = { pullBatchSize: 100, firstPullSafetyMs: 0 };
  // The booth's own setting, shortened: writes that commit within it are never passed over.
  const withSafetyWindow = { firstPullSafetyMs: 300 };

  function poolWithPeople(count: number) {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    const people: Person[] = [];
    for (let i = 0; i < count; i++) {
      const person = createPerson(
        newId(),
        event.id,
        {
          ...EMPTY_PERSON_INPUT,
          name: `参会者${i}`,
          phone: `+86139${String(10_000_000 + i).slice(-8)}`,
        },
        NO_CONSENT,
        { source: 'import', deviceId: 'pool', at: 1_700_000_000_000 + i },
      );
      pool.write('people', { ...person, _deleted: false });
      people.push(person);
    }
    return { event, pool, people };
  }

  /** Holds the pool's answer to the `page`th page of people until `release` is called. */
  function holdPage(pool: FakePool, page: number) {
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived = () => undefined as void;
    const waiting = new Promise<void>((resolve) => (arrived = resolve));
    pool.beforePull = async (collection, checkpoint) => {
      if (
        collection === 'people' &&
        checkpoint !== null &&
        pool.pulls.filter((p) => p.collection === 'people').length === page
      ) {
        arrived();
        await released;
      }
    };
    return { waiting, release };
  }

  const pushedIds = (pool: FakePool) =>
    pool.pushes
      .filter((p) => p.collection === 'people')
      .flatMap((p) => p.rows.map((r) => String(r.newDocumentState.id)));

  it('pulls everything, pushes nothing back, and still takes later changes both ways', async () => {
    const { event, pool, people } = poolWithPeople(250);
    const db = await openTestDatabase(`sync-${newId()}`);
    const { engine } = setup(db, pool, memoryTokenStore(), firstPullOptions);
    await engine.start();
    const { deviceId } = await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(await db.people.count().exec()).toBe(250);
    expect(pushedIds(pool)).toEqual([]);

    // The pool changes a pulled person: the device takes it (RxDB sees the pool's mark on it).
    const changedByPool = people[5]!;
    pool.write('people', {
      ...changedByPool,
      company: '华为技术',
      updatedAt: Date.now(),
      _deleted: false,
    });
    await vi.waitFor(async () =>
      expect((await db.people.findOne(changedByPool.id).exec())?.company).toBe('华为技术'),
    );

    // Staff edit a pulled person: the edit reaches the pool.
    const edited = people[7]!;
    await editTitle(db, deviceId, event, edited);
    await vi.waitFor(() =>
      expect(pool.get('people', edited.id)).toMatchObject({ title: '采购经理' }),
    );
    expect(new Set(pushedIds(pool))).toEqual(new Set([edited.id]));
  });

  /** A walk-in registered while the first pull waits at `page`: pushed alone, nothing pulled. */
  async function walkInDuringFirstPull(page: number, options: typeof firstPullOptions) {
    const { event, pool } = poolWithPeople(300);
    const gate = holdPage(pool, page);
    const db = await openTestDatabase(`sync-${newId()}`);
    const { engine } = setup(db, pool, memoryTokenStore(), options);
    await engine.start();
    const { deviceId } = await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await gate.waiting;
    const walkIn = await register(testContext(db, deviceId), event, '韩梅梅', '13700137000');
    gate.release();
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(await db.people.count().exec()).toBe(301);
    expect(pool.get('people', walkIn.id)).toMatchObject({ name: '韩梅梅' });
    expect(pushedIds(pool)).toEqual([walkIn.id]);
  }

  it('pushes what staff capture while the first pull is still running', async () => {
    await walkInDuringFirstPull(2, firstPullOptions);
  });

  it('with a safety window, pushes the walk-in registered as the last page lands, and no pulled person', async () => {
    await walkInDuringFirstPull(3, { ...firstPullOptions, ...withSafetyWindow });
  });

  it("pushes another window's write whose change event never reached the first pull", async () => {
    const { event, pool } = poolWithPeople(300);
    const gate = holdPage(pool, 3);
    const db = await openTestDatabase(`sync-${newId()}`);
    const { engine } = setup(db, pool, memoryTokenStore(), {
      ...firstPullOptions,
      ...withSafetyWindow,
    });
    await engine.start();
    await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await gate.waiting;
    // Another window: its own storage instance on the same IndexedDB, its events not shared.
    const kiosk = await getRxStorageDexie().createStorageInstance<Person>({
      databaseInstanceToken: 'kiosk-window',
      databaseName: db.name,
      collectionName: 'people',
      schema: db.people.schema.jsonSchema,
      options: {},
      multiInstance: false,
      devMode: false,
    });
    const walkIn = createPerson(
      newId(),
      event.id,
      { ...EMPTY_PERSON_INPUT, name: '李雷', phone: '+8613900139000' },
      NO_CONSENT,
      { source: 'kiosk', deviceId: 'kiosk-window', at: Date.now() },
    );
    const written = await kiosk.bulkWrite(
      [
        {
          document: {
            ...walkIn,
            _deleted: false,
            _attachments: {},
            _meta: { lwt: now() },
            _rev: createRevision('kiosk-window'),
          },
        },
      ],
      'kiosk-registration',
    );
    expect(written.error).toEqual([]);
    await kiosk.close();
    gate.release();
    await vi.waitFor(() => expect(pool.get('people', walkIn.id)).toMatchObject({ name: '李雷' }), {
      timeout: 5000,
    });
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pushedIds(pool)).toEqual([walkIn.id]);
  });

  /**
   * The pool changes `people[index]` while the pull waits for its `page`th page: the change moves
   * to the end of the pool's feed, so the last page brings the person again. The device must end
   * with the pool's newer state and push nothing back.
   */
  async function poolChangeDuringFirstPull(page: number, index: number) {
    const { pool, people } = poolWithPeople(300);
    const gate = holdPage(pool, page);
    const db = await openTestDatabase(`sync-${newId()}`);
    const { engine } = setup(db, pool, memoryTokenStore(), firstPullOptions);
    await engine.start();
    await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await gate.waiting;
    const changed = people[index]!;
    pool.write('people', {
      ...changed,
      company: '华为技术',
      updatedAt: Date.now(),
      _deleted: false,
    });
    gate.release();
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(await db.people.count().exec()).toBe(300);
    expect((await db.people.findOne(changed.id).exec())?.company).toBe('华为技术');
    expect(pushedIds(pool)).toEqual([]);
  }

  it('takes the newer state of a person the pool changed after an earlier write stored it', async () => {
    await poolChangeDuringFirstPull(2, 5);
  });

  it('takes the later of two states of a person that reach one write', async () => {
    // Pages 3 and 4 are written together: the person is in page 3, and again in page 4.
    await poolChangeDuringFirstPull(4, 250);
  });

  it("keeps staff's edit of a pulled person that a later page brings again, and pushes it", async () => {
    const { event, pool, people } = poolWithPeople(300);
    const gate = holdPage(pool, 3);
    const db = await openTestDatabase(`sync-${newId()}`);
    const { engine } = setup(db, pool, memoryTokenStore(), firstPullOptions);
    await engine.start();
    const { deviceId } = await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await gate.waiting;
    const edited = people[5]!;
    await vi.waitFor(async () => expect(await db.people.findOne(edited.id).exec()).not.toBeNull());
    await editTitle(db, deviceId, event, edited);
    // The pool changes the same person meanwhile: the last page brings it while the edit waits.
    pool.write('people', {
      ...edited,
      company: '华为技术',
      updatedAt: Date.now(),
      _deleted: false,
    });
    gate.release();
    await statusOf(engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(pushedIds(pool)).toContain(edited.id);
    expect(pool.get('people', edited.id)).toMatchObject({ title: '采购经理' });
    expect((await db.people.findOne(edited.id).exec())?.title).toBe('采购经理');
  });

  it('an interrupted first pull loses nothing when the app starts again', async () => {
    const { event, pool } = poolWithPeople(300);
    const gate = holdPage(pool, 2);
    const name = `sync-${newId()}`;
    let db = await openTestDatabase(name);
    const first = setup(db, pool, memoryTokenStore(), firstPullOptions);
    await first.engine.start();
    const { deviceId } = await first.engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await gate.waiting;
    const walkIn = await register(testContext(db, deviceId), event, '李雷', '13900139000');
    const stopping = first.engine.stop();
    gate.release();
    await stopping;
    await db.close();
    forget(db);

    db = await openTestDatabase(name);
    const second = setup(db, pool, first.tokens, firstPullOptions);
    await second.engine.start();
    await statusOf(second.engine, (s) => s.state === 'synced' && s.pending === 0);
    expect(await db.people.count().exec()).toBe(301);
    expect(pool.get('people', walkIn.id)).toMatchObject({ name: '李雷' });
  });
});

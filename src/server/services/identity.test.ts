import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import {
  editQualification,
  emptyQualification,
  mergeQualifications,
} from '../../shared/qualification-ops';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  NO_CONSENT,
  qualificationId,
  type Interaction,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import { identityKeysOf } from './identity';
import { ingestDocuments } from './ingest';

// Pool tests share a loaded machine with other suites: be patient, never assert on time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type Doc = Record<string, unknown> & { _deleted: boolean };
const T = 1_760_000_000_000;

function personAt(
  eventId: string,
  profile: Partial<typeof EMPTY_PERSON_INPUT>,
  at: number,
  deviceId: string,
): Person {
  return createPerson(newId(), eventId, { ...EMPTY_PERSON_INPUT, ...profile }, NO_CONSENT, {
    source: 'staff',
    deviceId,
    at,
  });
}

const fact = (eventId: string, personId: string, type: Interaction['type'], at: number) =>
  ({
    id: newId(),
    eventId,
    personId,
    type,
    deviceId: 'dev',
    staffId: 'staff',
    occurredAt: at,
    data: {},
    updatedAt: at,
  }) satisfies Interaction;

/** A booth device of one event, talking to the pool the way the RxDB client does. */
class Device {
  private checkpoints = new Map<string, unknown>();
  /** The device's local copy of every document it pulled, by collection and id. */
  readonly local = new Map<string, Map<string, Doc>>();

  constructor(
    private readonly pool: TestPool,
    readonly token: string,
  ) {}

  static async enroll(pool: TestPool, eventId: string): Promise<Device> {
    return new Device(pool, await testDeviceToken(pool.db, eventId));
  }

  async push(collection: string, docs: object[], assumed: (object | null)[] = []): Promise<Doc[]> {
    const res = await this.pool.app.inject({
      method: 'POST',
      url: `/api/v1/sync/${collection}/push`,
      headers: { authorization: `Bearer ${this.token}` },
      payload: docs.map((doc, i) => ({
        newDocumentState: { _deleted: false, ...doc },
        assumedMasterState: assumed[i] ? { _deleted: false, ...assumed[i] } : null,
      })),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  /**
   * Pushes like RxDB's replication: a conflict is resolved with the collection's shared merge and
   * pushed again, assuming the master the pool answered with.
   */
  async pushResolving<T extends { id: string }>(
    collection: string,
    docs: T[],
    merge: (master: T, mine: T) => T,
  ): Promise<number> {
    let rounds = 0;
    let rows = docs.map((doc) => ({ doc, assumed: null as object | null }));
    while (rows.length > 0 && rounds < 5) {
      rounds += 1;
      const conflicts = await this.push(
        collection,
        rows.map((r) => r.doc),
        rows.map((r) => r.assumed),
      );
      rows = conflicts.map((master) => {
        const { _deleted: _ignored, ...data } = master;
        const mine = rows.find((r) => r.doc.id === master.id)?.doc as T;
        return { doc: merge(data as unknown as T, mine), assumed: master };
      });
    }
    return rounds;
  }

  /** Pulls until there is nothing new; returns the local copy of the collection. */
  async sync(collection: string): Promise<Map<string, Doc>> {
    const local = this.local.get(collection) ?? new Map<string, Doc>();
    this.local.set(collection, local);
    for (;;) {
      const checkpoint = this.checkpoints.get(collection);
      const query = new URLSearchParams({ limit: '3' });
      if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
      const res = await this.pool.app.inject({
        method: 'GET',
        url: `/api/v1/sync/${collection}/pull?${query}`,
        headers: { authorization: `Bearer ${this.token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ documents: Doc[]; checkpoint: unknown }>();
      for (const doc of body.documents) local.set(String(doc.id), doc);
      this.checkpoints.set(collection, body.checkpoint);
      if (body.documents.length < 3) return local;
    }
  }
}

const live = (docs: Map<string, Doc>) => [...docs.values()].filter((d) => !d._deleted);

async function customersOf(pool: TestPool, personIds: string[]) {
  return pool.db.query<{
    id: string;
    profile: Record<string, unknown>;
    merged_into: string | null;
  }>(
    `select distinct c.id, c.profile, c.merged_into from customers c
       join customer_people cp on cp.customer_id = c.id
      where cp.person_id = any($1::text[])`,
    [personIds],
  );
}

describe('identity keys', () => {
  it('normalizes email, phone, WeChat id and badge code, and skips empty or invalid ones', () => {
    expect(
      identityKeysOf({
        email: ' Ann@Example.COM ',
        phone: '+8613800138000',
        wechatId: ' wx_Ann ',
        badgeCode: ' B-1 ',
      }),
    ).toEqual([
      { kind: 'email', value: 'ann@example.com' },
      { kind: 'phone', value: '+8613800138000' },
      { kind: 'wechat', value: 'wx_Ann' },
      { kind: 'badge', value: 'B-1' },
    ]);
    expect(identityKeysOf({ email: '', phone: '12', wechatId: ' ', badgeCode: '' })).toEqual([]);
  });
});

describe('identity resolution', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('folds two devices’ captures of one phone into one customer and one person at the event', async () => {
    const eventId = newId();
    const booth1 = await Device.enroll(pool, eventId);
    const booth2 = await Device.enroll(pool, eventId);
    // Both offline: each captures the same visitor, in pinyin and in characters, with own facts.
    const zhang = personAt(eventId, { name: 'Zhang San', phone: '+8613912340000' }, T, 'd1');
    const zhangs = personAt(
      eventId,
      { name: '张三', phone: '+8613912340000', company: 'Acme' },
      T + 60_000,
      'd2',
    );
    const facts1 = [
      fact(eventId, zhang.id, 'checked_in', T),
      fact(eventId, zhang.id, 'note', T + 1),
    ];
    const facts2 = [fact(eventId, zhangs.id, 'demo_requested', T + 60_001)];
    const q1 = editQualification(
      emptyQualification(eventId, zhang.id, T),
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'warm' },
      { id: newId(), text: 'met at booth', staffId: 's1', at: T + 2 },
      T + 2,
    );
    const q2 = editQualification(
      emptyQualification(eventId, zhangs.id, T + 60_000),
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'hot', nextStep: 'demo' },
      { id: newId(), text: 'wants a demo', staffId: 's2', at: T + 60_002 },
      T + 60_002,
    );

    // Online again, in the worst order: booth 2 first, and people after their facts.
    expect(await booth2.push('interactions', facts2)).toEqual([]);
    expect(await booth2.push('qualifications', [q2])).toEqual([]);
    expect(await booth2.push('people', [zhangs])).toEqual([]);
    expect(await booth1.push('people', [zhang])).toEqual([]);
    expect(await booth1.push('interactions', facts1)).toEqual([]);
    // Booth 1's qualification meets the one folded in from booth 2: the client merges, re-pushes.
    expect(await booth1.pushResolving('qualifications', [q1], mergeQualifications)).toBe(2);

    // One customer, both histories.
    const customers = await customersOf(pool, [zhang.id, zhangs.id]);
    expect(customers).toHaveLength(1);
    expect(customers[0]?.profile).toMatchObject({ name: '张三', company: 'Acme' });

    for (const booth of [booth1, booth2]) {
      const people = await booth.sync('people');
      // The older capture survives, with the newest non-empty value of each field.
      expect(live(people).map((p) => p.id)).toEqual([zhang.id]);
      expect(people.get(zhang.id)).toMatchObject({ name: '张三', company: 'Acme' });
      expect(people.get(zhangs.id)?._deleted).toBe(true);
      const facts = live(await booth.sync('interactions'));
      expect(facts.map((f) => f.id).sort()).toEqual([...facts1, ...facts2].map((f) => f.id).sort());
      expect(new Set(facts.map((f) => f.personId))).toEqual(new Set([zhang.id]));
      const quals = await booth.sync('qualifications');
      const merged = quals.get(qualificationId(eventId, zhang.id)) as unknown as Qualification;
      expect(merged).toMatchObject({ rating: 'hot', nextStep: 'demo', personId: zhang.id });
      expect(merged.notes.map((n) => n.text)).toEqual(['met at booth', 'wants a demo']);
      expect(quals.get(qualificationId(eventId, zhangs.id))?._deleted).toBe(true);
    }
    const [redirect] = await pool.db.query<{ to_id: string }>(
      'select to_id from person_redirects where from_id = $1',
      [zhangs.id],
    );
    expect(redirect?.to_id).toBe(zhang.id);
  });

  it('redirects later pushes that still use the folded person’s id', async () => {
    const eventId = newId();
    const booth1 = await Device.enroll(pool, eventId);
    const booth2 = await Device.enroll(pool, eventId);
    const first = personAt(eventId, { name: 'Li Lei', email: 'li@example.com' }, T, 'd1');
    const second = personAt(eventId, { name: 'Lei Li', email: 'LI@example.com' }, T + 5, 'd2');
    await booth1.push('people', [first]);
    await booth2.push('people', [second]);
    const before = await booth2.sync('people');
    expect(before.get(second.id)?._deleted).toBe(true);

    // Booth 2 had not pulled yet: it edits its own (now folded) copy and records a fact on it.
    const edited = {
      ...second,
      title: 'CTO',
      provenance: { ...second.provenance, title: { source: 'staff', deviceId: 'd2', at: T + 9 } },
      updatedAt: T + 9,
    };
    const late = fact(eventId, second.id, 'trial_requested', T + 9);
    expect(await booth2.push('people', [edited], [second])).toEqual([]);
    expect(await booth2.push('interactions', [late])).toEqual([]);
    const lateQualification = editQualification(
      emptyQualification(eventId, second.id, T + 9),
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'cold' },
      null,
      T + 9,
    );
    expect(await booth2.push('qualifications', [lateQualification])).toEqual([]);

    const people = await booth2.sync('people');
    expect(people.get(second.id)?._deleted).toBe(true);
    expect(people.get(first.id)).toMatchObject({ title: 'CTO', _deleted: false });
    const facts = await booth2.sync('interactions');
    expect(facts.get(late.id)).toMatchObject({ personId: first.id });
    const quals = await booth2.sync('qualifications');
    expect(quals.get(qualificationId(eventId, first.id))).toMatchObject({ rating: 'cold' });
    expect(quals.get(qualificationId(eventId, second.id))?._deleted).toBe(true);
    // The re-push of the same fact is still one fact.
    await booth2.push('interactions', [late]);
    const stored = await pool.db.query(
      `select 1 from documents where collection = 'interactions' and id = $1`,
      [late.id],
    );
    expect(stored).toHaveLength(1);
  });

  it('keeps one person per event but one customer across events', async () => {
    const eventA = newId();
    const eventB = newId();
    const a = await Device.enroll(pool, eventA);
    const b = await Device.enroll(pool, eventB);
    const atA = personAt(eventA, { name: 'Wang Wu', wechatId: 'wangwu88' }, T, 'da');
    const atB = personAt(
      eventB,
      { name: 'Wang Wu', wechatId: 'wangwu88', city: 'Shanghai' },
      T + 1,
      'db',
    );
    await a.push('people', [atA]);
    await b.push('people', [atB]);
    expect(live(await a.sync('people')).map((p) => p.id)).toEqual([atA.id]);
    expect(live(await b.sync('people')).map((p) => p.id)).toEqual([atB.id]);
    const customers = await customersOf(pool, [atA.id, atB.id]);
    expect(customers).toHaveLength(1);
    expect(customers[0]?.profile).toMatchObject({ name: 'Wang Wu', city: 'Shanghai' });
  });

  it('merges every customer a person matches into the oldest, and records the merge', async () => {
    const eventA = newId();
    const eventB = newId();
    const eventC = newId();
    const byEmail = personAt(eventA, { name: 'Ann Lee', email: 'ann@example.com' }, T, 'd1');
    const byPhone = personAt(eventB, { name: 'Ann Lee', phone: '+8613911112222' }, T, 'd2');
    const both = personAt(
      eventC,
      { name: 'Ann Lee', email: 'ann@example.com', phone: '+8613911112222' },
      T,
      'd3',
    );
    await (await Device.enroll(pool, eventA)).push('people', [byEmail]);
    await (await Device.enroll(pool, eventB)).push('people', [byPhone]);
    const [older] = await customersOf(pool, [byEmail.id]);
    const [younger] = await customersOf(pool, [byPhone.id]);
    expect(older?.id).not.toBe(younger?.id);

    await (await Device.enroll(pool, eventC)).push('people', [both]);
    const linked = await pool.db.query<{ customer_id: string }>(
      'select distinct customer_id from customer_people where person_id = any($1::text[])',
      [[byEmail.id, byPhone.id, both.id]],
    );
    expect(linked).toEqual([{ customer_id: older?.id }]);
    const keys = await pool.db.query<{ kind: string; customer_id: string }>(
      `select kind, customer_id from identity_keys where value = any($1::text[]) order by kind`,
      [['ann@example.com', '+8613911112222']],
    );
    expect(keys).toEqual([
      { kind: 'email', customer_id: older?.id },
      { kind: 'phone', customer_id: older?.id },
    ]);
    const [absorbed] = await pool.db.query<{ merged_into: string }>(
      'select merged_into from customers where id = $1',
      [younger?.id ?? ''],
    );
    expect(absorbed?.merged_into).toBe(older?.id);
    const merges = await pool.db.query<{ survivor_id: string; record: Record<string, unknown> }>(
      'select survivor_id, record from customer_merges where merged_id = $1',
      [younger?.id ?? ''],
    );
    expect(merges).toHaveLength(1);
    expect(merges[0]?.record).toMatchObject({
      trigger: { personId: both.id, eventId: eventC },
      keys: [{ kind: 'phone', value: '+8613911112222' }],
      people: [{ personId: byPhone.id, eventId: eventB }],
    });
  });
});

describe('batch ingest', () => {
  /** A small deterministic generator: the same batch every run. */
  function* lcg(seed: number): Generator<number> {
    let x = seed;
    for (;;) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      yield x;
    }
  }

  it('resolves a batch exactly as the same documents ingested one by one', async () => {
    const random = lcg(42);
    const pick = <T>(items: readonly T[]) =>
      items[(random.next().value as number) % items.length] as T;
    const events = [newId(), newId()];
    const phones = ['', '', '+8613800000001', '+8613800000002', '+8613800000003', '+8613800000004'];
    const emails = ['', '', 'a@x.com', 'b@x.com', 'c@x.com'];
    const people: Person[] = Array.from({ length: 40 }, (_, i) =>
      personAt(
        pick(events),
        {
          name: `N${pick([1, 2, 3])}`,
          phone: pick(phones),
          email: pick(emails),
          city: pick(['', 'SH', 'BJ']),
        },
        T + ((random.next().value as number) % 1000) * 1000 + i,
        pick(['d1', 'd2']),
      ),
    );
    // Some with keys of their own (the bulk path) and some with no key at all.
    for (let i = 0; i < 10; i++) {
      people.push(personAt(pick(events), { name: `U${i}`, email: `u${i}@x.com` }, T + i, 'd3'));
    }
    const docs = people.map((p) => ({
      id: p.id,
      eventId: p.eventId,
      deleted: false,
      data: p as unknown as Record<string, unknown>,
    }));
    const deps = { clock: () => T + 5_000_000, newId };

    async function outcome(batches: (typeof docs)[]) {
      const pool = await startTestPool();
      try {
        for (const batch of batches) {
          await pool.db.transaction((tx) => ingestDocuments(tx, deps, 'people', batch));
        }
        const rows = await pool.db.query<{
          id: string;
          deleted: boolean;
          data: Record<string, unknown>;
        }>(`select id, deleted, data from documents where collection = 'people' order by id`);
        const links = await pool.db.query<{ person_id: string; customer_id: string }>(
          'select person_id, customer_id from customer_people',
        );
        const redirects = await pool.db.query<{ from_id: string; to_id: string }>(
          'select from_id, to_id from person_redirects order by from_id',
        );
        // Customers as groups of person ids: customer ids differ from run to run, groups do not.
        const groups = new Map<string, string[]>();
        for (const link of links)
          groups.set(link.customer_id, [...(groups.get(link.customer_id) ?? []), link.person_id]);
        const partition = [...groups.values()].map((g) => g.sort().join(',')).sort();
        // Questions for marketing, named by the people of their two customers.
        const named = (customerId: string) => (groups.get(customerId) ?? []).sort().join(',');
        const questions = (
          await pool.db.query<{ existing_id: string; arriving_id: string; key_value: string }>(
            'select existing_id, arriving_id, key_value from possible_duplicates',
          )
        )
          .map((q) => `${named(q.existing_id)} ? ${named(q.arriving_id)} on ${q.key_value}`)
          .sort();
        return { rows, redirects, partition, questions };
      } finally {
        await pool.close();
      }
    }

    // Then a second batch edits some of them (linked people: updates, or merges into survivors).
    const edits = docs
      .filter((_, i) => i % 4 === 0)
      .map((doc) => ({
        ...doc,
        data: { ...doc.data, title: 'Edited', updatedAt: T + 9_000_000 },
      }));
    const together = await outcome([docs, edits]);
    const oneByOne = await outcome([...docs, ...edits].map((doc) => [doc]));
    expect(together.rows.filter((r) => r.deleted).length).toBeGreaterThan(0);
    expect(together.partition.length).toBeLessThan(people.length);
    expect(together.questions.length).toBeGreaterThan(0);
    expect(together).toEqual(oneByOne);
  });
});

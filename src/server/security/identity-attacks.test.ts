import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CustomerDetailResponse, DuplicateListResponse } from '../../shared/api';
import { boothKeyFromSecret, issueBoothToken } from '../../shared/attendee';
import { newId } from '../../shared/ids';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  type Interaction,
  type LeadEvent,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import { CLOCK_SKEW_MS } from '../../shared/trust';
import { editQualification, emptyQualification } from '../../shared/qualification-ops';
import { hashToken } from '../auth';
import { bearer, createEvent, enrollDevice, importFile } from '../routes/routes.test-kit';
import type { SyncedCollection } from '../../shared/sync';
import { startTestPool, type TestPool } from '../testing';
import { personOf, push as pushDocs } from './security.test-kit';

// Pool tests share a loaded machine with other suites: be patient, never assert on time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * The identity attacks of issue 11 (findings 3, 4 and 5), each performed with only what an
 * attacker has — a device token of another event, or the public booth QR — and judged by the
 * victims' data afterwards, not by status codes. Runs on PGlite, and on PostgreSQL when
 * DATABASE_URL is set (npm test runs both).
 */
describe('identity attacks on the pool', () => {
  let pool: TestPool;
  let now = Date.UTC(2026, 11, 1, 2, 0, 0);
  let eventA: LeadEvent;
  let eventB: LeadEvent;
  let deviceA: string;
  let deviceB: string;

  beforeAll(async () => {
    pool = await startTestPool({ clock: () => now });
    eventA = await createEvent(pool, { name: 'Event A' });
    eventB = await createEvent(pool, { name: 'Event B' });
    deviceA = await enrollDevice(pool, eventA.id);
    deviceB = await enrollDevice(pool, eventB.id);
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const push = async (token: string, collection: SyncedCollection, docs: object[]) => {
    const response = await pushDocs(pool, token, collection, docs);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as unknown[];
  };
  const staffPerson = personOf;
  const personDoc = async (id: string) => {
    const [row] = await pool.db.query<{ data: Person; deleted: boolean; event_id: string }>(
      `select data, deleted, event_id from documents where collection = 'people' and id = $1`,
      [id],
    );
    return row;
  };
  const customerOf = async (personId: string) => {
    const [row] = await pool.db.query<{ customer_id: string }>(
      'select customer_id from customer_people where person_id = $1',
      [personId],
    );
    return row?.customer_id;
  };
  const customer = async (id: string | undefined) => {
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${id}`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as CustomerDetailResponse;
  };
  const exportOf = async (eventId: string) => {
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${eventId}/export.csv?lang=en`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode).toBe(200);
    return response.body;
  };
  const duplicates = async () => {
    const response = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/customers/duplicates?limit=200',
      headers: bearer(pool.adminToken),
    });
    return (response.json() as DuplicateListResponse).duplicates;
  };
  /** B's attendees, imported by marketing: the victims. */
  const importVictims = async (rows: string) => {
    const response = await importFile(
      pool,
      eventB.id,
      `name,phone,email,company\n${rows}`,
      'text/csv',
    );
    expect(response.statusCode, response.body).toBe(200);
    const tickets = (response.json() as { tickets: { personId: string; name: string }[] }).tickets;
    return Object.fromEntries(tickets.map((t) => [t.name, t.personId]));
  };

  it('3 · a device of event A cannot fold or rename event B’s attendees with their keys', async () => {
    const victims = await importVictims(
      '李四,13911110001,lisi@b.example,Acme\n王五,13911110002,wangwu@b.example,Beta\n',
    );
    const lisi = String(victims['李四']);
    const wangwu = String(victims['王五']);
    const before = await Promise.all([personDoc(lisi), personDoc(wangwu)]);
    const customersBefore = [await customerOf(lisi), await customerOf(wangwu)];

    // One pushed person carrying 李四's phone and 王五's email, under a third name.
    const forged = staffPerson(eventA.id, {
      name: '攻击者',
      phone: '+8613911110001',
      email: 'wangwu@b.example',
      company: 'Evil',
    });
    await push(deviceA, 'people', [forged]);

    // Both victims are exactly as they were, still two people of two customers.
    expect(await Promise.all([personDoc(lisi), personDoc(wangwu)])).toEqual(before);
    expect([await customerOf(lisi), await customerOf(wangwu)]).toEqual(customersBefore);
    expect(customersBefore[0]).not.toBe(customersBefore[1]);
    const merged = await pool.db.query(
      'select 1 from customers where id = any($1::text[]) and merged_into is not null',
      [customersBefore],
    );
    expect(merged).toHaveLength(0);
    const csv = await exportOf(eventB.id);
    expect(csv).toContain('李四');
    expect(csv).toContain('王五');
    expect(csv).not.toContain('攻击者');
    // The forged record is a customer of its own, with two questions for marketing.
    const forgedCustomer = await customerOf(forged.id);
    expect(customersBefore).not.toContain(forgedCustomer);
    const asked = (await duplicates()).filter((d) => d.personId === forged.id);
    expect(asked.map((d) => d.existing.id).sort()).toEqual([...customersBefore].sort());
    for (const pair of asked) expect(pair.reasons).toContainEqual({ kind: 'several_customers' });
  });

  it('3 · …nor by naming one victim while carrying the other one’s email', async () => {
    const victims = await importVictims(
      '郑一,13911110011,zhengyi@b.example,Eta\n冯二,13911110012,fenger@b.example,Theta\n',
    );
    const zheng = String(victims['郑一']);
    const feng = String(victims['冯二']);
    const customersBefore = [await customerOf(zheng), await customerOf(feng)];
    const forged = staffPerson(eventA.id, {
      name: 'Zheng Yi',
      phone: '+8613911110011',
      email: 'fenger@b.example',
    });
    await push(deviceA, 'people', [forged]);
    expect([await customerOf(zheng), await customerOf(feng)]).toEqual(customersBefore);
    const forgedCustomer = await customerOf(forged.id);
    expect(customersBefore).not.toContain(forgedCustomer);
    const merged = await pool.db.query(
      'select 1 from customers where id = any($1::text[]) and merged_into is not null',
      [customersBefore],
    );
    expect(merged).toHaveLength(0);
    const asked = (await duplicates()).filter((d) => d.personId === forged.id);
    expect(asked.map((d) => d.existing.id).sort()).toEqual([...customersBefore].sort());
  });

  it('3 · forged future times cannot win field-wise merges or rewrite a victim', async () => {
    const victims = await importVictims('孙八,13911110003,sunba@b.example,Gamma\n');
    const sunba = String(victims['孙八']);
    const before = await personDoc(sunba);
    const year = 365 * 86_400_000;
    const forged = staffPerson(
      eventA.id,
      { name: 'Sun Ba', phone: '+8613911110003', company: 'Evil', title: 'CEO' },
      now + year,
    );
    forged.consent = { granted: false, textVersion: 'v3', grantedAt: now + year };
    await push(deviceA, 'people', [forged]);

    // 孙八's own record at B is untouched.
    expect(await personDoc(sunba)).toEqual(before);
    // What the pool stored for the forged record carries no time past its receive time + skew.
    const stored = (await personDoc(forged.id))?.data as Person;
    expect(stored.updatedAt).toBeLessThanOrEqual(now + CLOCK_SKEW_MS);
    expect(stored.consent.grantedAt).toBeLessThanOrEqual(now + CLOCK_SKEW_MS);
    for (const provenance of Object.values(stored.provenance)) {
      expect(provenance?.at).toBeLessThanOrEqual(now + CLOCK_SKEW_MS);
    }
    // The customer's profile keeps marketing's imported values: a booth's word is lower.
    const detail = await customer(await customerOf(sunba));
    expect(detail.customer.profile).toMatchObject({ name: '孙八', company: 'Gamma' });
    // An honest edit made after the skew window wins over the forged one (title: forged 'CEO').
    now += CLOCK_SKEW_MS + 60_000;
    const edited = {
      ...(before?.data as Person),
      title: '采购经理',
      provenance: {
        ...(before?.data as Person).provenance,
        title: { source: 'import' as const, deviceId: 'pool', at: now },
      },
      updatedAt: now,
    };
    await pool.app.inject({
      method: 'POST',
      url: `/api/v1/sync/people/push`,
      headers: bearer(deviceB),
      payload: [
        {
          newDocumentState: { ...edited, _deleted: false },
          assumedMasterState: { ...(before?.data as Person), _deleted: false },
        },
      ],
    });
    expect((await customer(await customerOf(sunba))).customer.profile).toMatchObject({
      title: '采购经理',
    });
  });

  it('4 · an anonymous phone cannot overwrite, re-consent or fold attendees with their keys', async () => {
    const victims = await importVictims(
      '赵六,13911110004,zhaoliu@b.example,Delta\n钱七,13911110005,qianqi@b.example,Epsilon\n',
    );
    const zhao = String(victims['赵六']);
    const qian = String(victims['钱七']);
    // 赵六 has withdrawn consent (recorded by the pool).
    await pool.db.query(
      `update documents set data = jsonb_set(data, '{consent}', $2::jsonb)
        where collection = 'people' and id = $1`,
      [zhao, JSON.stringify({ granted: false, textVersion: 'v3', grantedAt: now })],
    );
    const before = await Promise.all([personDoc(zhao), personDoc(qian)]);
    const customersBefore = [await customerOf(zhao), await customerOf(qian)];
    const [device] = await pool.db.query<{ id: string }>(
      'select id from devices where token_hash = $1',
      [hashToken(deviceB)],
    );
    const boothToken = issueBoothToken(
      String(device?.id),
      boothKeyFromSecret(deviceB),
      now,
      crypto.getRandomValues(new Uint8Array(6)),
    );
    const submit = (fields: Record<string, string>) =>
      pool.app.inject({
        method: 'POST',
        url: '/m/api/submit',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          eventId: eventB.id,
          boothToken,
          visitorToken: `v_${newId().replaceAll('-', '')}`,
          fields,
          consent: { granted: true, version: 'v3' },
          requests: { contentIds: [], drawIds: [], demo: false, trial: false },
        }),
      });
    // 赵六's phone with the attacker's own name and email; then a phone plus 钱七's email.
    const overwrite = await submit({
      name: '路人甲',
      phone: '13911110004',
      email: 'x@evil.example',
    });
    const fold = await submit({ name: '路人乙', phone: '13911110004', email: 'qianqi@b.example' });
    expect([overwrite.statusCode, fold.statusCode]).toEqual([200, 200]);
    for (const answer of [overwrite.body, fold.body]) {
      expect(answer).not.toContain(zhao);
      expect(answer).not.toContain(qian);
      expect(answer).not.toContain('赵六');
    }

    expect(await Promise.all([personDoc(zhao), personDoc(qian)])).toEqual(before);
    expect((before[0]?.data as Person).consent.granted).toBe(false);
    expect([await customerOf(zhao), await customerOf(qian)]).toEqual(customersBefore);
    const merged = await pool.db.query(
      'select 1 from customers where id = any($1::text[]) and merged_into is not null',
      [customersBefore],
    );
    expect(merged).toHaveLength(0);
    const csv = await exportOf(eventB.id);
    expect(csv).toContain('zhaoliu@b.example');
    expect(csv).toContain('qianqi@b.example');
  });

  it('5 · a device cannot attach facts or a qualification to a person of another event', async () => {
    const victims = await importVictims('周九,13911110006,zhoujiu@b.example,Zeta\n');
    const zhou = String(victims['周九']);
    const fact: Interaction = {
      id: newId(),
      eventId: eventA.id,
      personId: zhou,
      type: 'demo_requested',
      deviceId: 'attacker',
      staffId: 'attacker',
      occurredAt: now,
      data: {},
      updatedAt: now,
    };
    const qualification: Qualification = editQualification(
      emptyQualification(eventA.id, zhou, now),
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'cold', owner: 'attacker' },
      { id: newId(), text: '不是目标客户', staffId: 'attacker', at: now },
      now,
    );
    // Mixed with an honest fact of event A, which is taken.
    const mine = staffPerson(eventA.id, { name: '吴十', phone: '13911110007' });
    await push(deviceA, 'people', [mine]);
    const honest: Interaction = { ...fact, id: newId(), personId: mine.id };
    await push(deviceA, 'interactions', [fact, honest]);
    await push(deviceA, 'qualifications', [qualification]);

    const detail = await customer(await customerOf(zhou));
    expect(detail.interactions.map((i) => i.id)).not.toContain(fact.id);
    expect(detail.qualifications).toEqual([]);
    const stored = await pool.db.query<{ id: string }>(
      'select id from documents where id = any($1::text[])',
      [[fact.id, qualification.id, honest.id]],
    );
    expect(stored.map((row) => row.id)).toEqual([honest.id]);
  });
});

describe('honest matches still merge', () => {
  let pool: TestPool;
  const now = Date.UTC(2026, 11, 1, 2, 0, 0);
  beforeAll(async () => {
    pool = await startTestPool({ clock: () => now });
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const push = async (token: string, docs: object[]) => {
    const response = await pushDocs(pool, token, 'people', docs);
    expect(response.statusCode, response.body).toBe(200);
  };
  const person = (eventId: string, profile: Partial<typeof EMPTY_PERSON_INPUT>) =>
    personOf(eventId, profile, now);
  const customersOf = async (ids: string[]) =>
    new Set(
      (
        await pool.db.query<{ customer_id: string }>(
          'select customer_id from customer_people where person_id = any($1::text[])',
          [ids],
        )
      ).map((row) => row.customer_id),
    );

  it('one person at two events, in characters and in pinyin, is one customer', async () => {
    const [a, b] = [await createEvent(pool), await createEvent(pool)];
    const inHanzi = person(a.id, { name: '张三', phone: '13922220001' });
    const inPinyin = person(b.id, { name: 'Zhang San', phone: '139 2222 0001' });
    await push(await enrollDevice(pool, a.id), [inHanzi]);
    await push(await enrollDevice(pool, b.id), [inPinyin]);
    expect((await customersOf([inHanzi.id, inPinyin.id])).size).toBe(1);
  });

  it('a placeholder phone links nobody, and a key claimed by three customers links no more', async () => {
    const events = await Promise.all([1, 2, 3, 4, 5].map(() => createEvent(pool)));
    const devices = await Promise.all(events.map((e) => enrollDevice(pool, e.id)));
    const placeholder = [0, 1].map((i) =>
      person(events[i]?.id ?? '', { name: '王芳', phone: '13800138000' }),
    );
    for (const [i, doc] of placeholder.entries()) await push(devices[i] ?? '', [doc]);
    expect((await customersOf(placeholder.map((p) => p.id))).size).toBe(2);

    // A switchboard number: three different names, then the first name again.
    const shared = ['甲', '乙', '丙', '甲'].map((name, i) =>
      person(events[i]?.id ?? '', { name, phone: '13922220002' }),
    );
    for (const [i, doc] of shared.entries()) await push(devices[i] ?? '', [doc]);
    const customers = await customersOf(shared.map((p) => p.id));
    expect(customers.size).toBe(4);
    const pairs = await pool.db.query<{ person_id: string }>(
      `select person_id from possible_duplicates where key_value = '+8613922220002'`,
    );
    expect(pairs.map((p) => p.person_id).sort()).toEqual([shared[1]?.id, shared[2]?.id].sort());
  });
});

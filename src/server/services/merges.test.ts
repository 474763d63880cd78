import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { applyProfile, createPerson } from '../../shared/person-ops';
import { editQualification, emptyQualification } from '../../shared/qualification-ops';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  NO_CONSENT,
  qualificationId,
  type Interaction,
  type Person,
} from '../../shared/schemas';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import type { MergeSummary, UndoResult } from './merges';
import type { DuplicateListResponse } from '../../shared/api';

// Pool tests share a loaded machine with other suites: be patient, never assert on time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type Doc = Record<string, unknown> & { _deleted: boolean };
const T = 1_760_000_000_000;

describe('customer merges: list and undo', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  });
  afterAll(async () => {
    await pool.close();
  });

  const device = (eventId: string) => testDeviceToken(pool.db, eventId, 'B');
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    pool.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const push = async (token: string, collection: string, docs: object[], assumed?: object) => {
    const res = await call(
      token,
      'POST',
      `/sync/${collection}/push`,
      docs.map((doc) => ({
        newDocumentState: { ...doc, _deleted: false },
        assumedMasterState: assumed ? { ...assumed, _deleted: false } : null,
      })),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([]);
  };
  const pullAll = async (token: string, collection: string) => {
    const res = await call(token, 'GET', `/sync/${collection}/pull?limit=1000`);
    return new Map((res.json().documents as Doc[]).map((d) => [String(d.id), d]));
  };
  const customerOf = async (personId: string) => {
    const [row] = await pool.db.query<{ customer_id: string }>(
      'select customer_id from customer_people where person_id = $1',
      [personId],
    );
    return row?.customer_id;
  };
  const person = (eventId: string, profile: Partial<typeof EMPTY_PERSON_INPUT>, at: number) =>
    createPerson(newId(), eventId, { ...EMPTY_PERSON_INPUT, ...profile }, NO_CONSENT, {
      source: 'staff',
      deviceId: 'd',
      at,
    });

  it('splits a wrong merge back, with the person fold it caused, and keeps it split', async () => {
    const eventId = newId();
    const booth = await device(eventId);
    // Two visitors at one event; one of them later typed the other's (shared office) phone.
    const ann: Person = person(eventId, { name: 'Ann', email: 'ann@example.com' }, T);
    const bob: Person = person(eventId, { name: 'Bob', phone: '+8613700001111' }, T + 1);
    await push(booth, 'people', [ann, bob]);
    const bobFact: Interaction = {
      id: newId(),
      eventId,
      personId: bob.id,
      type: 'checked_in',
      deviceId: 'd',
      staffId: 's',
      occurredAt: T + 2,
      data: {},
      updatedAt: T + 2,
    };
    await push(booth, 'interactions', [bobFact]);
    const bobQualification = editQualification(
      emptyQualification(eventId, bob.id, T + 3),
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'hot' },
      { id: newId(), text: 'Bob is keen', staffId: 's', at: T + 3 },
      T + 3,
    );
    await push(booth, 'qualifications', [bobQualification]);
    const annCustomer = await customerOf(ann.id);
    const bobCustomer = await customerOf(bob.id);
    expect(annCustomer).not.toBe(bobCustomer);

    const annWithPhone = applyProfile(ann, { phone: '+8613700001111' }, 'fill', {
      source: 'staff',
      deviceId: 'd',
      at: T + 10,
    });
    await push(booth, 'people', [annWithPhone], ann);
    // The names contradict the shared phone: a question for marketing, not a merge.
    expect(await customerOf(bob.id)).toBe(bobCustomer);
    const admin = pool.adminToken;
    const queue = (
      await call(admin, 'GET', '/customers/duplicates')
    ).json() as DuplicateListResponse;
    const pair = queue.duplicates.find((d) => d.personId === ann.id);
    expect(pair).toMatchObject({
      existing: { id: bobCustomer, name: 'Bob' },
      arriving: { id: annCustomer, name: 'Ann' },
      key: { kind: 'phone', value: '+8613700001111' },
    });
    // Marketing confirms (wrongly, as it turns out): Bob's customer into Ann's (older), Bob's
    // person folded into Ann's.
    const confirmed = await call(admin, 'POST', `/customers/duplicates/${pair?.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await customerOf(bob.id)).toBe(annCustomer);
    let people = await pullAll(booth, 'people');
    expect(people.get(bob.id)?._deleted).toBe(true);
    expect((await pullAll(booth, 'interactions')).get(bobFact.id)?.personId).toBe(ann.id);

    const listed = await call(admin, 'GET', `/customers/merges?customerId=${annCustomer}`);
    expect(listed.statusCode).toBe(200);
    const merges = listed.json().merges as MergeSummary[];
    expect(merges).toHaveLength(1);
    const merge = merges[0] as MergeSummary;
    expect(merge).toMatchObject({
      survivorId: annCustomer,
      mergedId: bobCustomer,
      undoneAt: null,
      keys: [{ kind: 'phone', value: '+8613700001111' }],
      people: [{ personId: bob.id, eventId }],
      personFolds: [{ survivorId: ann.id, loserId: bob.id, eventId, undoneAt: null }],
    });

    expect((await call(booth, 'POST', `/customers/merges/${merge.id}/undo`)).statusCode).toBe(403);
    const undo = await call(admin, 'POST', `/customers/merges/${merge.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    const result = undo.json() as UndoResult;
    expect(result).toMatchObject({
      restoredCustomerId: bobCustomer,
      restoredKeys: [{ kind: 'phone', value: '+8613700001111' }],
      restoredPeople: [bob.id],
      personFolds: [{ loserId: bob.id, survivorRestored: true, interactionsMoved: 1 }],
    });

    // Devices pull the split: Bob is back with his fact and his qualification.
    people = await pullAll(booth, 'people');
    expect(people.get(bob.id)).toMatchObject({ name: 'Bob', _deleted: false });
    expect(people.get(ann.id)).toMatchObject({ name: 'Ann', _deleted: false });
    expect((await pullAll(booth, 'interactions')).get(bobFact.id)?.personId).toBe(bob.id);
    const quals = await pullAll(booth, 'qualifications');
    expect(quals.get(qualificationId(eventId, bob.id))).toMatchObject({
      rating: 'hot',
      _deleted: false,
    });
    expect(quals.get(qualificationId(eventId, ann.id))?._deleted ?? true).toBe(true);
    expect(await customerOf(bob.id)).toBe(bobCustomer);
    const redirects = await pool.db.query('select 1 from person_redirects where from_id = $1', [
      bob.id,
    ]);
    expect(redirects).toHaveLength(0);

    // Ann still carries the phone, but the pair is blocked: her next edit merges nothing.
    const annAgain = applyProfile(annWithPhone, { title: 'CEO' }, 'fill', {
      source: 'staff',
      deviceId: 'd',
      at: T + 20,
    });
    await push(booth, 'people', [annAgain], people.get(ann.id));
    expect(await customerOf(bob.id)).toBe(bobCustomer);
    expect(await customerOf(ann.id)).toBe(annCustomer);
    expect((await pullAll(booth, 'people')).get(bob.id)?._deleted).toBe(false);

    const again = await call(admin, 'POST', `/customers/merges/${merge.id}/undo`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_undone');
    expect((await call(admin, 'POST', `/customers/merges/${newId()}/undo`)).statusCode).toBe(404);
    const after = (await call(admin, 'GET', `/customers/merges?customerId=${bobCustomer}`)).json();
    expect(after.merges[0].undoneAt).toEqual(expect.any(Number));
    expect(after.merges[0].personFolds[0].undoneAt).toEqual(expect.any(Number));
  });

  it('pages the list newest first', async () => {
    const token = pool.adminToken;
    for (let i = 0; i < 3; i++) {
      const eventId = newId();
      const booth = await device(eventId);
      const email = `p${i}@example.com`;
      const phone = `+861370000222${i}`;
      await push(booth, 'people', [person(eventId, { name: 'Ann Lee', email }, T)]);
      const other = newId();
      await push(await device(other), 'people', [person(other, { name: 'Ann Lee', phone }, T)]);
      await push(booth, 'people', [person(eventId, { name: 'Ann Lee', email, phone }, T + 1)]);
    }
    const all: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 50; page++) {
      const url: string = `/customers/merges?limit=1${before ? `&before=${before}` : ''}`;
      const body = (await call(token, 'GET', url)).json() as {
        merges: MergeSummary[];
        nextBefore: string | null;
      };
      all.push(...body.merges.map((m) => m.id));
      before = body.nextBefore;
      if (!before) break;
    }
    const rows = await pool.db.query<{ id: string }>(
      'select id from customer_merges order by at desc, id desc',
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(all).toEqual(rows.map((r) => r.id));
    expect((await call(token, 'GET', '/customers/merges?limit=0')).statusCode).toBe(400);
  });
});

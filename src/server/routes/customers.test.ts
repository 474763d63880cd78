import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDetailResponse, CustomerListResponse } from '../../shared/api';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type Interaction } from '../../shared/schemas';
import { ingestDocuments } from '../services/ingest';
import { startTestPool, type TestPool } from '../testing';
import { CSV_MIME } from '../../shared/api';
import { bearer, createEvent, importFile } from './routes.test-kit';

/**
 * Customers are written by identity resolution (another module). These tests seed the customer
 * tables directly where they need exact rows, and otherwise check what the routes return for
 * whatever rows resolution produced.
 */
describe('customer routes', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const get = async <T>(url: string, status = 200) => {
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode, response.body).toBe(status);
    return response.json() as T;
  };

  async function seedCustomer(
    profile: Record<string, unknown>,
    options: { eventId?: string; mergedInto?: string; personId?: string; tags?: string[] } = {},
  ): Promise<string> {
    const id = newId();
    await pool.db.query(
      `insert into customers (id, profile, merged_into, created_at, updated_at, tags)
       values ($1, $2, $3, $4, $4, $5)`,
      [id, JSON.stringify(profile), options.mergedInto ?? null, Date.now(), options.tags ?? []],
    );
    if (options.eventId) {
      await pool.db.query(
        'insert into customer_people (person_id, customer_id, event_id) values ($1, $2, $3)',
        [options.personId ?? newId(), id, options.eventId],
      );
    }
    return id;
  }

  it('pages newest first with a keyset cursor, filters, and hides merged-away customers', async () => {
    const eventA = newId();
    const eventB = newId();
    const tag = `tag-${newId()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await seedCustomer(
          { name: `Paging ${i}`, company: i === 3 ? '100%_Pure' : 'Acme' },
          { eventId: i % 2 === 0 ? eventA : eventB, tags: i < 2 ? [tag] : [] },
        ),
      );
    }
    const survivor = ids[0] ?? '';
    const mergedAway = await seedCustomer(
      { name: 'Paging dup' },
      { mergedInto: survivor, eventId: eventA },
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/customers?q=Paging&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: CustomerListResponse = await get<CustomerListResponse>(query);
      expect(page.customers.length).toBeLessThanOrEqual(2);
      seen.push(...page.customers.map((c) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    expect(seen).not.toContain(mergedAway);

    const inA = await get<CustomerListResponse>(`/customers?eventId=${eventA}`);
    expect(inA.customers.map((c) => c.id)).toEqual([ids[4], ids[2], ids[0]]);
    expect(inA.customers[0]?.eventIds).toEqual([eventA]);
    const tagged = await get<CustomerListResponse>(`/customers?tag=${tag}`);
    expect(tagged.customers.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    // LIKE wildcards in q are literal characters.
    const literal = await get<CustomerListResponse>(`/customers?q=${encodeURIComponent('%_P')}`);
    expect(literal.customers.map((c) => c.id)).toEqual([ids[3]]);
    const injection = await get<CustomerListResponse>(
      `/customers?q=${encodeURIComponent("'); drop table documents;--")}`,
    );
    expect(injection.customers).toEqual([]);

    const badCursor = await get<{ error: { message: string } }>('/customers?cursor=%%%', 400);
    expect(badCursor.error.message).toMatch(/cursor/);
    await get('/customers?limit=1000', 400);
  });

  it('shows a customer with identity keys, people, interactions and qualifications', async () => {
    const event = await createEvent(pool, { name: 'Detail expo' });
    const at = Date.now();
    const person = createPerson(
      newId(),
      event.id,
      { ...EMPTY_PERSON_INPUT, name: 'Dora', phone: '+8613800138099', email: 'dora@example.com' },
      NO_CONSENT,
      { source: 'import', deviceId: 'pool', at },
    );
    const fact: Interaction = {
      id: newId(),
      eventId: event.id,
      personId: person.id,
      type: 'checked_in',
      deviceId: 'dev-1',
      staffId: 'staff',
      occurredAt: at,
      data: {},
      updatedAt: at,
    };
    await pool.db.transaction(async (tx) => {
      const deps = { clock: Date.now, newId };
      await ingestDocuments(tx, deps, 'people', [
        { id: person.id, eventId: event.id, deleted: false, data: { ...person } },
      ]);
      await ingestDocuments(tx, deps, 'interactions', [
        { id: fact.id, eventId: event.id, deleted: false, data: { ...fact } },
      ]);
    });

    // Identity resolution, when present, has linked the person; otherwise link it here.
    let [link] = await pool.db.query<{ customer_id: string }>(
      'select customer_id from customer_people where person_id = $1',
      [person.id],
    );
    if (!link) {
      const id = await seedCustomer({ name: 'Dora' }, { eventId: event.id, personId: person.id });
      await pool.db.query(
        `insert into identity_keys (kind, value, customer_id) values ('phone', $1, $2)`,
        [person.phone, id],
      );
      link = { customer_id: id };
    }
    const detail = await get<CustomerDetailResponse>(`/customers/${link.customer_id}`);
    expect(detail.customer.id).toBe(link.customer_id);
    expect(detail.redirectedFrom).toBeNull();
    expect(detail.identityKeys).toContainEqual({ kind: 'phone', value: '+8613800138099' });
    expect(detail.people.map((p) => p.id)).toContain(person.id);
    expect(detail.events).toContainEqual({ id: event.id, name: 'Detail expo' });
    expect(detail.interactions).toContainEqual(fact);

    // A merged-away id still leads to the survivor.
    const old = await seedCustomer({ name: 'Dora (old)' }, { mergedInto: link.customer_id });
    const redirected = await get<CustomerDetailResponse>(`/customers/${old}`);
    expect(redirected.customer.id).toBe(link.customer_id);
    expect(redirected.redirectedFrom).toBe(old);
    expect(redirected.customer.mergedFrom).toContain(old);

    await get(`/customers/${newId()}`, 404);
  });

  it('lists the same person imported at two events once, with both events and histories', async () => {
    const first = await createEvent(pool, { name: 'Spring fair' });
    const second = await createEvent(pool, { name: 'Autumn fair' });
    for (const [event, name] of [
      [first, 'Qian Jiu'],
      [second, '钱九'],
    ] as const) {
      const response = await importFile(
        pool,
        event.id,
        `姓名,手机,公司\n${name},13800138777,Quanta`,
        CSV_MIME,
      );
      expect(response.statusCode, response.body).toBe(200);
    }
    const found = await get<CustomerListResponse>(
      `/customers?q=${encodeURIComponent('138 0013 8777')}`,
    );
    expect(found.customers).toHaveLength(1);
    const [customer] = found.customers;
    expect(customer?.eventIds).toEqual([first.id, second.id].sort());
    const detail = await get<CustomerDetailResponse>(`/customers/${customer?.id}`);
    expect(detail.people.map((p) => p.eventId).sort()).toEqual([first.id, second.id].sort());
    expect(detail.interactions.filter((f) => f.type === 'registered')).toHaveLength(2);
    expect(detail.events.map((e) => e.name).sort()).toEqual(['Autumn fair', 'Spring fair']);
  });
});

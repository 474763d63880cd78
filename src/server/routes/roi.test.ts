import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerListResponse, EventRoiResponse, EventsRoiResponse } from '../../shared/api';
import { newId } from '../../shared/ids';
import { factOf, personOf, push } from '../security/security.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

/**
 * ROI from the pool's own records, everything through the real routes: a device pushes the
 * workshop's people and facts, marketing moves customers along the funnel, and the ROI routes
 * count them.
 */
describe('event ROI', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const get = async <T>(url: string, token = pool.adminToken) => {
    const response = await pool.app.inject({ url: `/api/v1${url}`, headers: bearer(token) });
    return { status: response.statusCode, body: response.json() as T };
  };

  it('the workshop: 30,000 CNY, 121 leads, 100 MQLs → 300 CNY per MQL, compared with another event', async () => {
    const workshop = await createEvent(pool, {
      name: '智能制造研讨会',
      cost: { amount: 30_000, currency: 'CNY' },
    });
    const other = await createEvent(pool, {
      name: 'Quiet fair',
      startsOn: '2026-01-05',
      endsOn: '2026-01-06',
    });
    const device = await enrollDevice(pool, workshop.id);
    const marketing = await createUser(pool, 'marketing');

    const people = Array.from({ length: 120 }, (_, i) =>
      personOf(workshop.id, {
        name: `参会者${i}`,
        phone: `+86137${String(10_000_000 + i).slice(-8)}`,
      }),
    );
    for (let i = 0; i < people.length; i += 40) {
      expect((await push(pool, device, 'people', people.slice(i, i + 40))).statusCode).toBe(200);
    }
    const facts = people.flatMap((person, i) => [
      factOf(workshop.id, person.id, 'registered'),
      ...(i % 2 === 0 ? [factOf(workshop.id, person.id, 'checked_in')] : []),
      ...(i < 30
        ? [factOf(workshop.id, person.id, 'content_downloaded', Date.now(), { assetId: 'wp' })]
        : []),
      // Fifty entrants; the first ten entered twice (a retry is the same entry).
      ...(i < 50
        ? [factOf(workshop.id, person.id, 'draw_entered', Date.now(), { drawId: 'd1' })]
        : []),
      ...(i < 10
        ? [factOf(workshop.id, person.id, 'draw_entered', Date.now(), { drawId: 'd1' })]
        : []),
    ]);
    // A walk-in checked in without registering: a lead, but not a registrant who came.
    const walkIn = personOf(workshop.id, { name: '散客', phone: '+8613600136000' });
    expect((await push(pool, device, 'people', [walkIn])).statusCode).toBe(200);
    facts.push(factOf(workshop.id, walkIn.id, 'checked_in'));
    for (let i = 0; i < facts.length; i += 50) {
      expect((await push(pool, device, 'interactions', facts.slice(i, i + 50))).statusCode).toBe(
        200,
      );
    }

    const { body: listed } = await get<CustomerListResponse>(
      `/customers?eventId=${workshop.id}&limit=200`,
    );
    expect(listed.customers).toHaveLength(121);
    const move = async (id: string, to: string, why = '') => {
      const response = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/customers/${id}/stage`,
        headers: bearer(marketing.token),
        payload: { to, why },
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const customers = listed.customers.filter((c) => c.profile['name'] !== '散客').map((c) => c.id);
    for (const id of customers.slice(0, 100)) await move(id, 'MQL');
    for (const id of customers.slice(0, 10)) {
      await move(id, 'SAL');
      await move(id, 'SQL');
    }
    // Returned after reaching MQL: it was an MQL of the workshop all the same.
    await move(customers[99] ?? '', 'nurture', '明年预算');

    const { status, body } = await get<EventRoiResponse>(`/events/${workshop.id}/roi`);
    expect(status).toBe(200);
    expect(body).toEqual({
      eventId: workshop.id,
      name: '智能制造研讨会',
      startsOn: workshop.startsOn,
      roi: {
        cost: { amount: 30_000, currency: 'CNY' },
        leads: 121,
        registered: 120,
        checkedIn: 60,
        mqls: 100,
        sqls: 10,
        downloads: 30,
        drawEntries: 50,
        costPerLead: 247.93,
        costPerMql: 300,
        costPerSql: 3000,
        checkInRate: 0.5,
        mqlRate: 0.8264,
      },
    } satisfies EventRoiResponse);

    const { body: all } = await get<EventsRoiResponse>('/events/roi');
    expect(all.events.map((e) => e.eventId)).toEqual([workshop.id, other.id]);
    expect(all.events[0]).toEqual(body);
    expect(all.events[1]?.roi).toMatchObject({
      leads: 0,
      mqls: 0,
      costPerMql: null,
      checkInRate: null,
    });

    expect((await get(`/events/${newId()}/roi`)).status).toBe(404);
    const sales = await createUser(pool, 'sales');
    expect((await get(`/events/${workshop.id}/roi`, sales.token)).status).toBe(403);
  });
});

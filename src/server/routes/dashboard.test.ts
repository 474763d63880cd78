import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerListResponse,
  DuplicateListResponse,
  EventDashboard,
  EventDashboardsResponse,
  EventRoiResponse,
} from '../../shared/api';
import { newId } from '../../shared/ids';
import type { Person } from '../../shared/schemas';
import { factOf, personOf, push } from '../security/security.test-kit';
import { rebuildEventSummaries } from '../services/event-summary';
import { startTestPool, type TestPool } from '../testing';
import { uploadedAsset } from './assets.test-kit';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

/**
 * The dashboard of a seeded event, everything through the real routes: a booth device pushes
 * people and facts, marketing moves customers along the funnel, and the numbers are checked
 * against what was seeded.
 */
describe('event dashboards', () => {
  let pool: TestPool;
  let marketing: { id: string; token: string };
  let fair: { id: string };
  let quiet: { id: string };
  let deviceId: string;
  let paperId: string;

  const get = async <T>(url: string, token = marketing.token) => {
    const response = await pool.app.inject({ url: `/api/v1${url}`, headers: bearer(token) });
    return { status: response.statusCode, body: response.json() as T };
  };

  // 2026-12-01 01:30, 01:50, 02:10 and 09:05 UTC.
  const at = (hh: number, mm: number) => Date.UTC(2026, 11, 1, hh, mm);
  const checkInTimes = [at(1, 30), at(1, 50), at(2, 10), at(9, 5)];

  beforeAll(async () => {
    pool = await startTestPool();
    marketing = await createUser(pool, 'marketing');
    fair = await createEvent(pool, {
      name: '工业博览会',
      cost: { amount: 12_000, currency: 'CNY' },
    });
    quiet = await createEvent(pool, { name: 'Quiet fair', startsOn: '2026-01-05' });
    const device = await enrollDevice(pool, fair.id);
    const [row] = await pool.db.query<{ id: string }>(
      'select id from devices where event_id = $1',
      [fair.id],
    );
    deviceId = row!.id;
    paperId = (await uploadedAsset(pool, fair.id, '智能工厂白皮书')).id;

    const fromBooth = (person: Person): Person => ({
      ...person,
      provenance: Object.fromEntries(
        Object.keys(person.provenance).map((field) => [
          field,
          { source: 'badge', deviceId, at: Date.now() },
        ]),
      ),
    });
    // Ten people: six from this booth's badge scans (Guangdong ×4, Beijing ×2), four staff-typed
    // on another device with no province.
    const people = Array.from({ length: 10 }, (_, i) => {
      const person = personOf(fair.id, {
        name: `访客${i}`,
        phone: `+86139${String(10_000_000 + i).slice(-8)}`,
        province: i < 4 ? '广东' : i < 6 ? ' 北京 ' : '',
      });
      return i < 6 ? fromBooth(person) : person;
    });
    expect((await push(pool, device, 'people', people)).statusCode).toBe(200);
    const staffed = (fact: ReturnType<typeof factOf>, staffId: string) => ({ ...fact, staffId });
    const facts = [
      // Eight registered, four of them checked in (at the four times above), one walk-in.
      ...people.slice(0, 8).map((p) => staffed(factOf(fair.id, p.id, 'registered'), 'zhang')),
      ...people
        .slice(0, 4)
        .map((p, i) => staffed(factOf(fair.id, p.id, 'checked_in', checkInTimes[i]), 'zhang')),
      staffed(factOf(fair.id, people[9]!.id, 'checked_in', at(9, 20)), 'li'),
      // Three downloads of the white paper.
      ...people
        .slice(0, 3)
        .map((p) =>
          staffed(
            factOf(fair.id, p.id, 'content_downloaded', Date.now(), { assetId: paperId }),
            'li',
          ),
        ),
    ];
    expect((await push(pool, device, 'interactions', facts)).statusCode).toBe(200);
    // A retry of the same push is the same facts: the summaries must not count them twice.
    expect((await push(pool, device, 'interactions', facts)).statusCode).toBe(200);

    const { body: listed } = await get<CustomerListResponse>(`/customers?eventId=${fair.id}`);
    expect(listed.customers).toHaveLength(10);
    const move = async (id: string, to: string) => {
      const response = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/customers/${id}/stage`,
        headers: bearer(marketing.token),
        payload: { to, why: '' },
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const ids = listed.customers.map((c) => c.id);
    for (const id of ids.slice(0, 5)) await move(id, 'MQL');
    for (const id of ids.slice(0, 3)) await move(id, 'SAL');
    await move(ids[0]!, 'SQL');
  }, 120_000);
  afterAll(async () => {
    await pool.close();
  });

  it('counts the funnel, ROI and every breakdown of the seeded event', async () => {
    const { status, body } = await get<EventDashboard>(`/events/${fair.id}/dashboard`);
    expect(status).toBe(200);
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.funnel).toEqual({
      registered: 8,
      checkedIn: 4,
      leads: 10,
      mqls: 5,
      sals: 3,
      sqls: 1,
    });
    const { body: roi } = await get<EventRoiResponse>(`/events/${fair.id}/roi`);
    expect(body.roi).toEqual(roi.roi);
    expect(body.roi).toMatchObject({ costPerLead: 1200, costPerMql: 2400, costPerSql: 12_000 });
    expect(body.leadsBySource).toEqual([
      { key: 'badge', label: 'badge', count: 6 },
      { key: 'staff', label: 'staff', count: 4 },
    ]);
    const [row] = await pool.db.query<{ name: string }>('select name from devices where id = $1', [
      deviceId,
    ]);
    expect(body.leadsByDevice).toEqual([
      { key: deviceId, label: row!.name, count: 6 },
      { key: 'dev', label: '', count: 4 },
    ]);
    expect(body.leadsByProvince).toEqual([
      { key: '', label: '', count: 4 },
      { key: '广东', label: '广东', count: 4 },
      { key: '北京', label: '北京', count: 2 },
    ]);
    expect(body.leadsByStaff).toEqual([
      { key: 'zhang', label: 'zhang', count: 8 },
      { key: 'li', label: 'li', count: 4 },
    ]);
    expect(body.downloadsByAsset).toEqual([{ key: paperId, label: '智能工厂白皮书', count: 3 }]);
    // UTC+8: 09:30 and 09:50 in one hour, 10:10, then 17:05 and 17:20.
    expect(body.checkInsPerHour).toEqual([
      { hour: '2026-12-01 09:00', count: 2 },
      { hour: '2026-12-01 10:00', count: 1 },
      { hour: '2026-12-01 17:00', count: 2 },
    ]);
  });

  it('the summaries kept on ingest say what a count over the stored facts says', async () => {
    const { body: kept } = await get<EventDashboard>(`/events/${fair.id}/dashboard`);
    await rebuildEventSummaries(pool.db);
    const { body: recounted } = await get<EventDashboard>(`/events/${fair.id}/dashboard`);
    expect(recounted).toEqual(kept);
  });

  it('counts a person folded into another once, and twice again when the merge is undone', async () => {
    const workshop = await createEvent(pool, { name: '合并测试' });
    const booth = await enrollDevice(pool, workshop.id);
    const ann = personOf(workshop.id, { name: 'Ann', email: 'ann@example.com' });
    const bob = personOf(workshop.id, { name: 'Bob', phone: '+8613700001111' });
    expect((await push(pool, booth, 'people', [ann, bob])).statusCode).toBe(200);
    const met = (personId: string, type: 'registered' | 'checked_in') => ({
      ...factOf(workshop.id, personId, type),
      staffId: 'wu',
    });
    const facts = [ann, bob].flatMap((p) => [met(p.id, 'registered'), met(p.id, 'checked_in')]);
    expect((await push(pool, booth, 'interactions', facts)).statusCode).toBe(200);
    const counts = async () => {
      const { body } = await get<EventDashboard>(`/events/${workshop.id}/dashboard`);
      return { funnel: body.funnel, staff: body.leadsByStaff };
    };
    const both = {
      funnel: { registered: 2, checkedIn: 2, leads: 2, mqls: 0, sals: 0, sqls: 0 },
      staff: [{ key: 'wu', label: 'wu', count: 2 }],
    };
    expect(await counts()).toEqual(both);

    // Ann's record later gets Bob's phone; marketing confirms the pair: Bob folds into Ann.
    const annWithPhone = { ...ann, phone: '+8613700001111', updatedAt: ann.updatedAt + 10 };
    const pushed = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/people/push',
      headers: bearer(booth),
      payload: [
        {
          newDocumentState: { ...annWithPhone, _deleted: false },
          assumedMasterState: { ...ann, _deleted: false },
        },
      ],
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    const queue = await get<DuplicateListResponse>('/customers/duplicates');
    const pair = queue.body.duplicates.find((d) => d.personId === ann.id);
    const confirmed = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/duplicates/${pair?.id}/confirm`,
      headers: bearer(marketing.token),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const one = {
      funnel: { registered: 1, checkedIn: 1, leads: 1, mqls: 0, sals: 0, sqls: 0 },
      staff: [{ key: 'wu', label: 'wu', count: 1 }],
    };
    expect(await counts()).toEqual(one);

    const merges = await get<{ merges: { id: string }[] }>(
      `/customers/merges?customerId=${pair?.arriving.id}`,
    );
    const undone = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/merges/${merges.body.merges[0]?.id}/undo`,
      headers: bearer(pool.adminToken),
    });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(await counts()).toEqual(both);
    await rebuildEventSummaries(pool.db);
    expect(await counts()).toEqual(both);
  });

  it('buckets check-ins in the asked zone, half-hour offsets included', async () => {
    const { body: kolkata } = await get<EventDashboard>(
      `/events/${fair.id}/dashboard?tz=Asia/Kolkata`,
    );
    // UTC+5:30: 07:00, 07:20 and 07:40 are one hour; 14:35 and 14:50 the next.
    expect(kolkata.checkInsPerHour).toEqual([
      { hour: '2026-12-01 07:00', count: 3 },
      { hour: '2026-12-01 14:00', count: 2 },
    ]);
    const { body: berlin } = await get<EventDashboard>(
      `/events/${fair.id}/dashboard?tz=Europe/Berlin`,
    );
    expect(berlin.checkInsPerHour.map((h) => h.hour)).toEqual([
      '2026-12-01 02:00',
      '2026-12-01 03:00',
      '2026-12-01 10:00',
    ]);
    expect((await get(`/events/${fair.id}/dashboard?tz=Mars/Olympus`)).status).toBe(400);
  });

  it('puts several events side by side, in the order asked, an empty one with zeros', async () => {
    const { status, body } = await get<EventDashboardsResponse>(
      `/events/dashboard?ids=${quiet.id},${fair.id}`,
    );
    expect(status).toBe(200);
    expect(body.events.map((e) => e.eventId)).toEqual([quiet.id, fair.id]);
    const { body: single } = await get<EventDashboard>(`/events/${fair.id}/dashboard`);
    expect(body.events[1]).toEqual(single);
    expect(body.events[0]).toMatchObject({
      funnel: { registered: 0, checkedIn: 0, leads: 0, mqls: 0, sals: 0, sqls: 0 },
      checkInsPerHour: [],
      leadsBySource: [],
      downloadsByAsset: [],
    });
    expect(body.events[0]?.roi.costPerLead).toBeNull();
    expect((await get(`/events/dashboard?ids=${fair.id},${newId()}`)).status).toBe(404);
    expect((await get('/events/dashboard?ids=')).status).toBe(400);
    expect((await get('/events/dashboard?ids=not-an-id')).status).toBe(400);
  });

  it('is for marketing and admins: sales and devices are refused', async () => {
    const sales = await createUser(pool, 'sales');
    expect((await get(`/events/${fair.id}/dashboard`, sales.token)).status).toBe(403);
    expect((await get(`/events/dashboard?ids=${fair.id}`, sales.token)).status).toBe(403);
    const device = await enrollDevice(pool, fair.id);
    expect((await get(`/events/${fair.id}/dashboard`, device)).status).toBe(403);
    expect((await get(`/events/${fair.id}/dashboard`, pool.adminToken)).status).toBe(200);
    expect((await get(`/events/${newId()}/dashboard`)).status).toBe(404);
  });
});

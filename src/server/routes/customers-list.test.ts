import { connect } from 'node:net';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerCountResponse,
  CustomerListResponse,
  Segment,
  SegmentListResponse,
} from '../../shared/api';
import { newId } from '../../shared/ids';
import {
  EMPTY_PERSON_INPUT,
  type Interaction,
  type InteractionType,
  type LeadEvent,
} from '../../shared/schemas';
import { backfillCustomerSearchKeys } from '../services/customer-search';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, ingestCustomer } from './routes.test-kit';

/**
 * The customers list's filters, search, count, segments and exports, on customers made the real
 * way: people ingested as a device's push would be, resolved into customers by identity
 * resolution (which writes the profile and its search key), with their facts.
 */
describe('customers list: filters, search, count, segments, exports', () => {
  let pool: TestPool;
  let expo: LeadEvent;
  let forum: LeadEvent;
  let sales: { id: string; token: string };
  let marketing: { id: string; token: string };
  const assetId = newId();
  const ids: Record<string, string> = {};

  const ask = async (url: string, token = pool.adminToken) =>
    pool.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
  const list = async (url: string, token = pool.adminToken) => {
    const response = await ask(url, token);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as CustomerListResponse).customers.map((c) => c.id);
  };
  const count = async (query: string, token = pool.adminToken) => {
    const response = await ask(`/customers/count?${query}`, token);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as CustomerCountResponse).count;
  };

  async function person(
    key: string,
    event: LeadEvent,
    profile: Partial<typeof EMPTY_PERSON_INPUT>,
    facts: { type: InteractionType; data?: Interaction['data'] }[] = [],
    consent = true,
    personId = newId(),
  ): Promise<string> {
    ids[key] = await ingestCustomer(pool, event, profile, { facts, consent, personId });
    return ids[key];
  }

  beforeAll(async () => {
    pool = await startTestPool();
    expo = await createEvent(pool, { name: '智造展 2026' });
    forum = await createEvent(pool, { name: 'Forum' });
    sales = await createUser(pool, 'sales');
    marketing = await createUser(pool, 'marketing');
    await person(
      'zhang',
      expo,
      {
        name: '张三',
        phone: '+8613800138001',
        company: '华为技术',
        province: '广东',
        city: '深圳',
        industry: '通信',
      },
      [{ type: 'checked_in' }, { type: 'badge_scanned' }],
    );
    await person(
      'john',
      expo,
      {
        name: 'John Smith',
        email: 'john@example.com',
        company: 'Acme',
        province: '上海',
        city: '上海',
      },
      [{ type: 'content_downloaded', data: { assetId } }],
      false,
    );
    await person(
      'li',
      forum,
      { name: '李四', company: '=cmd|/c calc', province: '广东', city: '广州', industry: '汽车' },
      [{ type: 'draw_won' }, { type: 'checked_in' }],
    );
    await person('wang', forum, { name: '王五', province: '北京', city: '北京', industry: '汽车' });
    await pool.db.query('update customers set owner = $1 where id = any($2::text[])', [
      sales.id,
      [ids.zhang, ids.li],
    ]);
  }, 120_000);
  afterAll(async () => {
    await pool.close();
  });

  const only = (...keys: string[]) => keys.map((k) => ids[k] ?? '').sort();
  const sorted = (values: string[]) => [...values].sort();

  it('searches like the booth: pinyin in full, pinyin initials, Latin initials, Chinese', async () => {
    expect(await list('/customers?q=zs')).toEqual([ids.zhang]);
    expect(await list('/customers?q=zhangsan')).toEqual([ids.zhang]);
    expect(await list('/customers?q=ZS')).toEqual([ids.zhang]);
    // Substrings, as at the booth: "js" is John Smith's initials and inside 华为技术's (hwjs).
    expect(sorted(await list('/customers?q=js'))).toEqual(only('zhang', 'john'));
    expect(await list(`/customers?q=${encodeURIComponent('js acme')}`)).toEqual([ids.john]);
    expect(await list(`/customers?q=${encodeURIComponent('张三')}`)).toEqual([ids.zhang]);
    // The company's initials (华为技术 → hwjs) and two words that must both match.
    expect(await list('/customers?q=hwjs')).toEqual([ids.zhang]);
    expect(await list(`/customers?q=${encodeURIComponent('zs 华为')}`)).toEqual([ids.zhang]);
    expect(await list(`/customers?q=${encodeURIComponent('zs acme')}`)).toEqual([]);
    // Phone digits as typed, and an email's part.
    expect(await list(`/customers?q=${encodeURIComponent('138 0013 8001')}`)).toEqual([ids.zhang]);
    expect(await list('/customers?q=john%40exa')).toEqual([ids.john]);
    expect(await count(`q=${encodeURIComponent('李')}`)).toBe(1);
  });

  it('keeps the search key with the profile: a renamed person is found by the new name only', async () => {
    const event = await createEvent(pool, { name: 'Rename' });
    const personId = newId();
    const id = await person('rename', event, { name: '赵六' }, [], true, personId);
    expect(await list('/customers?q=zl')).toEqual([id]);
    // The same person written again (a booth edit) with another name.
    await person('rename', event, { name: '孙七' }, [], true, personId);
    expect(ids.rename).toBe(id);
    expect(await list('/customers?q=sq')).toEqual([id]);
    expect(await list('/customers?q=zl')).toEqual([]);

    // Rows from before the key existed are found by their plain fields, then keyed at start.
    await pool.db.query('update customers set search_key = null where id = $1', [id]);
    expect(await list(`/customers?q=${encodeURIComponent('孙七')}`)).toEqual([id]);
    expect(await list('/customers?q=sq')).toEqual([]);
    expect(await backfillCustomerSearchKeys(pool.db)).toBeGreaterThanOrEqual(1);
    expect(await list('/customers?q=sq')).toEqual([id]);
  });

  it('answers raw Chinese in the URL with the usual error shape and how to encode it', async () => {
    const url = new URL(await pool.listen());
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          Buffer.from(
            `GET /api/v1/customers?q=张三 HTTP/1.1\r\nHost: x\r\n` +
              `Authorization: Bearer ${pool.adminToken}\r\nConnection: close\r\n\r\n`,
          ),
        );
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as {
      error: { code: string; message: string };
    };
    expect(body.error.code).toBe('invalid_url');
    expect(body.error.message).toMatch(/percent-encoded/);
    // The same words percent-encoded, as browsers and HTTP libraries send them, are found.
    const encoded = await fetch(`${url.origin}/api/v1/customers?q=${encodeURIComponent('张三')}`, {
      headers: bearer(pool.adminToken),
    });
    expect(((await encoded.json()) as CustomerListResponse).customers.map((c) => c.id)).toEqual([
      ids.zhang,
    ]);
  });

  it('filters by province and city, industry, consent and behaviour; the count agrees', async () => {
    const cases: [string, string[]][] = [
      [`province=${encodeURIComponent('广东')}`, only('zhang', 'li')],
      [`province=${encodeURIComponent('广东')}&city=${encodeURIComponent('深圳')}`, only('zhang')],
      [`city=${encodeURIComponent('广州,北京')}`, only('li', 'wang')],
      [`industry=${encodeURIComponent('汽车')}`, only('li', 'wang')],
      ['consent=missing', only('john')],
      [`consent=granted&industry=${encodeURIComponent('汽车')}`, only('li', 'wang')],
      ['did=checked_in', only('zhang', 'li')],
      [`did=checked_in:${expo.id}`, only('zhang')],
      [`did=downloaded:${assetId}`, only('john')],
      [`did=downloaded:${newId()}`, []],
      ['did=won_draw', only('li')],
      [`did=visited_booth:${expo.id}`, only('zhang')],
      ['did=checked_in&did=won_draw', only('li')],
      [`eventId=${forum.id}&did=checked_in&industry=${encodeURIComponent('汽车')}`, only('li')],
    ];
    for (const [query, expected] of cases) {
      const found = await list(`/customers?${query}&limit=200`);
      expect(sorted(found.filter((id) => Object.values(ids).includes(id))), query).toEqual(
        expected,
      );
      expect(await count(query), query).toBe(found.length);
    }
    const bad = await ask('/customers?did=teleported');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/did/);
    expect((await ask('/customers/count?consent=maybe')).statusCode).toBe(400);
  });

  it('counts a fact of a person folded into another for the survivor (person_redirects)', async () => {
    const [survivor] = await pool.db.query<{ person_id: string }>(
      'select person_id from customer_people where customer_id = $1',
      [ids.wang ?? ''],
    );
    const folded = newId();
    await pool.db.query(
      'insert into person_redirects (from_id, to_id, event_id, at) values ($1, $2, $3, $4)',
      [folded, survivor?.person_id ?? '', forum.id, Date.now()],
    );
    const fact: Interaction = {
      id: newId(),
      eventId: forum.id,
      personId: folded,
      type: 'draw_entered',
      deviceId: 'booth-1',
      staffId: 'staff',
      occurredAt: Date.now(),
      data: {},
      updatedAt: Date.now(),
    };
    await pool.db.query(
      `insert into documents (collection, id, event_id, seq, data, received_at)
       values ('interactions', $1, $2, 1000000, $3::jsonb, $4)`,
      [fact.id, forum.id, JSON.stringify(fact), Date.now()],
    );
    expect(await list(`/customers?did=entered_draw:${forum.id}`)).toEqual([ids.wang]);
  });

  it('keyset-pages a filtered search and shows owner names and the last activity', async () => {
    const first = (await (
      await ask(`/customers?province=${encodeURIComponent('广东')}&limit=1`)
    ).json()) as CustomerListResponse;
    expect(first.customers).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = (await (
      await ask(
        `/customers?province=${encodeURIComponent('广东')}&limit=1&cursor=${first.nextCursor}`,
      )
    ).json()) as CustomerListResponse;
    expect(second.customers).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const both = [...first.customers, ...second.customers];
    expect(sorted(both.map((c) => c.id))).toEqual(only('zhang', 'li'));
    for (const customer of both) {
      expect(customer.ownerName).toBe('sales user');
      expect(customer.lastActivityAt).toBeGreaterThan(0);
    }
  });

  it('shows a sales user only the leads routed to them, in the list, the count and segments', async () => {
    expect(sorted(await list('/customers?limit=200', sales.token))).toEqual(only('zhang', 'li'));
    expect(await count('', sales.token)).toBe(2);
    expect(await count(`industry=${encodeURIComponent('汽车')}`, sales.token)).toBe(1);
    // Asking for someone else's leads gives nothing, not theirs.
    expect(await list(`/customers?owner=${marketing.id}`, sales.token)).toEqual([]);
    expect((await ask('/customers/export.csv', sales.token)).statusCode).toBe(403);
  });

  it('saves segments with live counts; only marketing and admins change them', async () => {
    const send = (
      method: 'POST' | 'PUT' | 'DELETE',
      url: string,
      token: string,
      payload?: unknown,
    ) =>
      pool.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: bearer(token),
        payload: payload as object,
      });
    const created = await send('POST', '/segments', marketing.token, {
      name: '汽车行业',
      filter: { industry: '汽车' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const segment = created.json() as Segment;
    expect(segment.count).toBe(2);

    expect(
      (await send('POST', '/segments', marketing.token, { name: '汽车行业', filter: {} }))
        .statusCode,
    ).toBe(409);
    const unknownKey = await send('POST', '/segments', marketing.token, {
      name: 'Sorted',
      filter: { sort: 'score' },
    });
    expect(unknownKey.statusCode).toBe(400);
    const badValue = await send('POST', '/segments', marketing.token, {
      name: 'Bad',
      filter: { grade: 'Z' },
    });
    expect(badValue.statusCode).toBe(400);
    expect(
      (await send('POST', '/segments', sales.token, { name: 'Mine', filter: {} })).statusCode,
    ).toBe(403);

    // The count is live: a new matching customer shows in it at once.
    await person('zhou', forum, { name: '周八', industry: '汽车' });
    const listed = (await (await ask('/segments')).json()) as SegmentListResponse;
    expect(listed.segments.find((s) => s.id === segment.id)?.count).toBe(3);
    // A sales user sees the segment counted among their own leads only.
    const theirs = (await (await ask('/segments', sales.token)).json()) as SegmentListResponse;
    expect(theirs.segments.find((s) => s.id === segment.id)?.count).toBe(1);

    const renamed = await send('PUT', `/segments/${segment.id}`, marketing.token, {
      name: 'Auto, Guangdong',
      filter: { industry: '汽车', province: '广东' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((renamed.json() as Segment).count).toBe(1);
    expect(
      (await send('PUT', `/segments/${newId()}`, marketing.token, { name: 'x', filter: {} }))
        .statusCode,
    ).toBe(404);
    expect((await send('DELETE', `/segments/${segment.id}`, sales.token)).statusCode).toBe(403);
    expect((await send('DELETE', `/segments/${segment.id}`, marketing.token)).statusCode).toBe(204);
    expect((await send('DELETE', `/segments/${segment.id}`, marketing.token)).statusCode).toBe(404);
  });

  it('exports a segment as CSV with a BOM, headers in the asked language, formulas neutralized', async () => {
    const created = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/segments',
      headers: bearer(marketing.token),
      payload: { name: '广东客户', filter: { province: '广东' } },
    });
    const segment = created.json() as Segment;
    const csv = await ask(`/segments/${segment.id}/export.csv?lang=en`, marketing.token);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('广东客户'));
    const text = csv.rawPayload.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^"Name","Company","Title"/);
    expect(lines).toHaveLength(3);
    const li = lines.find((line) => line.startsWith('"李四"'));
    expect(li).toContain(`"'=cmd|/c calc"`);
    const zhang = lines.find((line) => line.startsWith('"张三"'));
    expect(zhang).toContain('"138 0013 8001"');

    const zh = await ask(`/segments/${segment.id}/export.csv`, marketing.token);
    expect(zh.rawPayload.toString('utf8').slice(1)).toMatch(/^"姓名","公司","职位"/);
  });

  it('exports any filter as XLSX that opens, and only people with marketing consent', async () => {
    const xlsx = await ask(
      `/customers/export.xlsx?lang=en&city=${encodeURIComponent('广州')}`,
      marketing.token,
    );
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const sheet = await readSheet(xlsx.rawPayload);
    expect(sheet[0]?.slice(0, 3)).toEqual(['Name', 'Company', 'Title']);
    expect(sheet).toHaveLength(2);
    // An XLSX cell is typed text: the formula is kept as written and never runs.
    expect(sheet[1]?.[0]).toBe('李四');
    expect(sheet[1]?.[1]).toBe('=cmd|/c calc');

    // John Smith gave no marketing consent: left out unless an admin says why.
    const withoutConsent = await ask('/customers/export.csv?q=johnsmith', marketing.token);
    expect(withoutConsent.rawPayload.toString('utf8').split('\r\n')).toHaveLength(1);
    const reason = encodeURIComponent('data subject access request #42');
    expect(
      (
        await ask(
          `/customers/export.csv?q=johnsmith&withoutConsentReason=${reason}`,
          marketing.token,
        )
      ).statusCode,
    ).toBe(403);
    const override = await ask(`/customers/export.csv?q=johnsmith&withoutConsentReason=${reason}`);
    expect(override.statusCode).toBe(200);
    expect(override.rawPayload.toString('utf8').split('\r\n')).toHaveLength(2);
    const [record] = await pool.db.query<{ reason: string; rows: number; filter: unknown }>(
      'select reason, rows, filter from customer_export_overrides',
    );
    expect(record).toEqual({
      reason: 'data subject access request #42',
      rows: 1,
      filter: { q: 'johnsmith' },
    });
  });
});

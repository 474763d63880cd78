import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CSV_MIME,
  XLSX_MIME,
  type ImportRejectedBody,
  type ImportResponse,
  type TicketsResponse,
} from '../../shared/api';
import { verifyTicket } from '../../shared/scan/tickets';
import type { Interaction, LeadEvent, Person } from '../../shared/schemas';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, enrollDevice, importFile } from './routes.test-kit';

const INJECTION = "'); drop table documents;--";

const csv = (lines: string[]) => lines.join('\r\n');

describe('attendee import', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const peopleOf = async (eventId: string) =>
    (
      await pool.db.query<{ data: Person }>(
        `select data from documents where collection = 'people' and event_id = $1 order by seq`,
        [eventId],
      )
    ).map((row) => row.data);
  const factsOf = async (eventId: string) =>
    (
      await pool.db.query<{ data: Interaction }>(
        `select data from documents where collection = 'interactions' and event_id = $1`,
        [eventId],
      )
    ).map((row) => row.data);

  function expectValidTickets(event: LeadEvent, result: ImportResponse) {
    for (const { ticket, personId } of result.tickets) {
      const verdict = verifyTicket(ticket, event);
      expect(verdict.ok, ticket).toBe(true);
      if (verdict.ok) expect(verdict.claims.personId).toBe(personId);
    }
  }

  it('imports a CSV with Chinese headers: duplicates folded, registered facts, signed tickets', async () => {
    const event = await createEvent(pool);
    const response = await importFile(
      pool,
      event.id,
      '\uFEFF' +
        csv([
          '姓名,手机,邮箱,公司,职位,微信,是否同意,备注',
          '张三,138 0013 8000,ZHANG@Example.com,华为,经理,zhangsan,是,VIP',
          `李四,13900139000,,${INJECTION},工程师,,否,`,
          // Same phone as row 2: the same person, the later row filling in the title.
          '张三,+86 13800138000,,,总监,,,',
        ]),
      `${CSV_MIME}; charset=utf-8`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as ImportResponse;
    expect(result).toMatchObject({
      eventId: event.id,
      rows: 3,
      created: 2,
      updated: 0,
      duplicateRows: 1,
      registered: 2,
      ignoredColumns: ['备注'],
    });
    expect(result.columns).toMatchObject({ 姓名: 'name', 手机: 'phone', 微信: 'wechatId' });
    expect(result.tickets.map((t) => t.rows)).toEqual([[2, 4], [3]]);
    expectValidTickets(event, result);

    const people = await peopleOf(event.id);
    expect(people).toHaveLength(2);
    const zhang = people.find((p) => p.name === '张三');
    expect(zhang).toMatchObject({
      phone: '+8613800138000',
      email: 'zhang@example.com',
      wechatId: 'zhangsan',
      company: '华为',
      title: '总监',
      consent: { granted: true, textVersion: 'v3' },
    });
    expect(zhang?.provenance.name?.source).toBe('import');
    const li = people.find((p) => p.name === '李四');
    // Stored as text, verbatim; the documents table is still there to ask.
    expect(li?.company).toBe(INJECTION);
    expect(li?.consent.granted).toBe(false);

    const facts = await factsOf(event.id);
    expect(facts.map((f) => f.type)).toEqual(['registered', 'registered']);
    expect(new Set(facts.map((f) => f.personId))).toEqual(new Set(people.map((p) => p.id)));
  });

  it('imports an XLSX (numbers typed as numbers) and a re-import updates instead of duplicating', async () => {
    const event = await createEvent(pool);
    const text = (value: string) => ({ value, type: String });
    const file = await writeXlsxFile([
      [text('姓名'), text('手机号码'), text('电子邮箱'), text('单位名称'), text('职务')],
      [
        text('王五'),
        { value: 13700137000, type: Number },
        text('wang@example.cn'),
        text('中兴'),
        text(''),
      ],
      [text('赵六'), text('13600136000'), text(''), text("=cmd|' /C calc'!A0"), text('CTO')],
    ]).toBuffer();
    const first = await importFile(pool, event.id, file, XLSX_MIME);
    expect(first.statusCode, first.body).toBe(200);
    const result = first.json() as ImportResponse;
    expect(result).toMatchObject({ rows: 2, created: 2, updated: 0, registered: 2 });
    expectValidTickets(event, result);
    const people = await peopleOf(event.id);
    expect(people.map((p) => p.phone).sort()).toEqual(['+8613600136000', '+8613700137000']);

    const again = await importFile(pool, event.id, file, XLSX_MIME);
    expect(again.statusCode, again.body).toBe(200);
    const second = again.json() as ImportResponse;
    expect(second).toMatchObject({ rows: 2, created: 0, updated: 2, registered: 0 });
    expect(second.tickets.map((t) => t.personId).sort()).toEqual(
      result.tickets.map((t) => t.personId).sort(),
    );
    expect(await peopleOf(event.id)).toHaveLength(2);
    expect(await factsOf(event.id)).toHaveLength(2);
  });

  it('two concurrent imports of one file still give one person per attendee', async () => {
    const event = await createEvent(pool);
    const file = csv([
      'name,phone',
      ...Array.from({ length: 30 }, (_, i) => `P${i},1380013${String(8100 + i)}`),
    ]);
    const results = await Promise.all([
      importFile(pool, event.id, file, CSV_MIME),
      importFile(pool, event.id, file, CSV_MIME),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const counts = results.map((r) => (r.json() as ImportResponse).created).sort();
    expect(counts).toEqual([0, 30]);
    const live = await pool.db.query<{ n: number }>(
      `select count(*)::int as n from documents
        where collection = 'people' and event_id = $1 and not deleted`,
      [event.id],
    );
    expect(live[0]?.n).toBe(30);
    expect(await factsOf(event.id)).toHaveLength(30);
  });

  it('rejects the whole file when one row is bad, with a report, and writes nothing', async () => {
    const event = await createEvent(pool);
    const [seqBefore] = await pool.db.query<{ n: number }>(
      `select count(*)::int as n from documents where collection in ('people', 'interactions')`,
    );
    const response = await importFile(
      pool,
      event.id,
      csv([
        'Name,Mobile,Email,Company',
        'Ada,13800138001,ada@example.com,Acme',
        'Bob,12345,not-an-email,Acme',
        ',13800138003,,Acme',
        'Cy,13800138004,,Acme',
      ]),
      CSV_MIME,
    );
    expect(response.statusCode).toBe(422);
    const body = response.json() as ImportRejectedBody;
    expect(body.error.code).toBe('rows_rejected');
    expect(body.error.message).toBe('2 of 4 rows rejected; nothing was imported');
    expect(body.error.rows).toEqual([
      {
        row: 3,
        errors: {
          phone: expect.stringMatching(/Not a valid phone number/),
          email: 'Not a valid email address',
        },
      },
      { row: 4, errors: { name: 'Required' } },
    ]);
    const [seqAfter] = await pool.db.query<{ n: number }>(
      `select count(*)::int as n from documents where collection in ('people', 'interactions')`,
    );
    expect(seqAfter?.n).toBe(seqBefore?.n);
    expect(await peopleOf(event.id)).toHaveLength(0);

    const inChinese = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/attendees/import?lang=zh-CN`,
      headers: { ...bearer(pool.adminToken), 'content-type': CSV_MIME },
      payload: csv(['姓名,手机', '陈七,']),
    });
    expect(inChinese.json().error.rows).toEqual([{ row: 2, errors: { phone: '必填' } }]);
  });

  it('answers garbage files with a clear 4xx, never a 500', async () => {
    const event = await createEvent(pool);
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256));
    const cases: [string, string | Buffer, string, number, RegExp][] = [
      ['empty', '', CSV_MIME, 422, /empty/],
      ['blank lines', '\r\n\r\n ,, \r\n', CSV_MIME, 422, /no rows/],
      ['binary', binary, CSV_MIME, 422, /binary/],
      ['binary as xlsx', binary, XLSX_MIME, 422, /not an XLSX/],
      ['truncated zip', Buffer.from([0x50, 0x4b, 3, 4, 9, 9, 9]), XLSX_MIME, 422, /XLSX/],
      [
        'legacy xls',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]),
        'application/vnd.ms-excel',
        422,
        /\.xls/,
      ],
      ['broken quotes', csv(['name,phone', '"Ada,13800138000']), CSV_MIME, 422, /broken CSV/],
      ['unknown headers', csv(['foo,bar', '1,2']), CSV_MIME, 422, /no known column/],
      ['missing required', csv(['name,email', 'Ada,a@b.co']), CSV_MIME, 422, /requires phone/],
      ['twice the phone', csv(['name,phone,手机', 'A,1,2']), CSV_MIME, 422, /both mean phone/],
      ['json', '{"name":"Ada"}', 'application/json', 415, /text\/csv/],
      ['form', 'a=b', 'application/x-www-form-urlencoded', 415, /text\/csv/],
    ];
    const huge = Buffer.alloc(11 * 1024 * 1024, 'a');
    cases.push(['too big', huge, CSV_MIME, 413, /larger than 10 MB/]);
    for (const [label, payload, type, status, message] of cases) {
      const response = await importFile(pool, event.id, payload, type);
      expect(response.statusCode, `${label}: ${response.body}`).toBe(status);
      expect(response.json().error.message, label).toMatch(message);
    }
    expect(await peopleOf(event.id)).toHaveLength(0);
  });

  it('reads GB18030 CSV files as saved by Excel on Chinese Windows', async () => {
    const event = await createEvent(pool);
    // "姓名,手机\r\n刘八,13500135000" in GB18030.
    const gb = Buffer.from('d0d5c3fb2ccad6bbfa0d0ac1f5b0cb2c3133353030313335303030', 'hex');
    const response = await importFile(pool, event.id, gb, 'application/vnd.ms-excel');
    expect(response.statusCode, response.body).toBe(200);
    expect((await peopleOf(event.id)).map((p) => p.name)).toEqual(['刘八']);
  });

  it('lists every ticket of the event as JSON and CSV; devices may not import', async () => {
    const event = await createEvent(pool);
    const imported = await importFile(
      pool,
      event.id,
      csv(['name,phone,company', 'Ada,13800138011,=1+1', 'Bob,13800138012,Acme']),
      CSV_MIME,
    );
    expect(imported.statusCode, imported.body).toBe(200);
    const tickets = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/tickets`,
      headers: bearer(pool.adminToken),
    });
    const body = tickets.json() as TicketsResponse;
    expect(body.publicKey).toBe(event.publicKey);
    expect(body.tickets.map((t) => t.name)).toEqual(['Ada', 'Bob']);
    for (const row of body.tickets) {
      const verdict = verifyTicket(row.ticket, event);
      expect(verdict.ok && verdict.claims.personId).toBe(row.personId);
    }

    const asCsv = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/tickets?format=csv`,
      headers: bearer(pool.adminToken),
    });
    expect(asCsv.headers['content-type']).toMatch(/^text\/csv/);
    expect(asCsv.body.startsWith('\uFEFF"人员 ID","姓名","手机号"')).toBe(true);
    expect(asCsv.body).toContain(`"'=1+1","${body.tickets[0]?.ticket}"`);

    const device = await enrollDevice(pool, event.id);
    const asDevice = await importFile(
      pool,
      event.id,
      csv(['name,phone', 'Cy,13800138013']),
      CSV_MIME,
      device,
    );
    expect(asDevice.statusCode).toBe(403);
    expect(await peopleOf(event.id)).toHaveLength(2);
  });
});

import { strFromU8, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_MIME } from '../../shared/api';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  NO_CONSENT,
  qualificationId,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import { writeDocuments } from '../services/documents';
import { ingestDocuments } from '../services/ingest';
import { LEAD_PAGE_SIZE } from '../services/lead-export';
import { startTestPool, type TestPool } from '../testing';
import { attachmentHeader } from './exports';
import { bearer, createEvent, importFile } from './routes.test-kit';

const FORMULA = "=cmd|' /C calc'!A0";

describe('lead exports', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  async function eventWithLeads() {
    const event = await createEvent(pool, { name: '上海展 2026' });
    const imported = await importFile(
      pool,
      event.id,
      [
        '姓名,手机,公司,职位',
        `Mallory,13800138021,${FORMULA},@SUM(1)`,
        `"'); drop table documents;--",13800138022,Acme,-2+3`,
      ].join('\n'),
      CSV_MIME,
    );
    expect(imported.statusCode, imported.body).toBe(200);
    const [person] = await pool.db.query<{ data: Person }>(
      `select data from documents where collection = 'people' and event_id = $1
          and data->>'name' = 'Mallory'`,
      [event.id],
    );
    if (!person) throw new Error('imported person missing');
    const qualification: Qualification = {
      ...EMPTY_QUALIFICATION_FIELDS,
      rating: 'hot',
      need: '+1 more seats',
      id: qualificationId(event.id, person.data.id),
      eventId: event.id,
      personId: person.data.id,
      notes: [],
      fieldUpdatedAt: {},
      updatedAt: Date.now(),
    };
    await pool.db.transaction((tx) =>
      ingestDocuments(tx, { clock: Date.now, newId }, 'qualifications', [
        {
          id: qualification.id,
          eventId: event.id,
          deleted: false,
          data: { ...qualification },
        },
      ]),
    );
    return event;
  }

  it('exports CSV with a BOM, one row per person, formulas neutralized', async () => {
    const event = await eventWithLeads();
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/export.csv?lang=en`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('上海展 2026')}-leads-`,
    );
    const body = response.rawPayload;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.body.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^"Name","Mobile phone","Email"/);
    const mallory = lines.find((line) => line.startsWith('"Mallory"'));
    expect(mallory).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
    expect(mallory).toContain(`"'@SUM(1)"`);
    expect(mallory).toContain(`"'+1 more seats"`);
    expect(mallory).toContain('"Hot"');
    // A Chinese mobile reads as one, with nothing in front: no app takes it for a formula.
    expect(mallory).toContain(`"138 0013 8021"`);
    // Times are on the events' clock (China Standard Time unless ?tz= says otherwise).
    expect(lines[0]).toContain('"First seen (UTC+08:00)"');
    expect(response.body).toContain(`"'-2+3"`);
    // The injection string is a name like any other, and the table it names is still there.
    expect(response.body).toContain(`"'); drop table documents;--"`);
    expect(response.body).not.toMatch(/(^|,)"[=+\-@]/m);
  });

  it('exports XLSX whose cells are typed text (never formulas, so no apostrophes), Chinese by default', async () => {
    const event = await eventWithLeads();
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/export.xlsx`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const sheet = await readSheet(response.rawPayload);
    expect(sheet[0]?.slice(0, 3)).toEqual(['姓名', '手机号', '邮箱']);
    expect(sheet).toHaveLength(3);
    const mallory = sheet.find((row) => row[0] === 'Mallory');
    expect(mallory).toContain(FORMULA);
    expect(mallory).toContain('+86 138 0013 8021');
    for (const row of sheet) {
      for (const cell of row) expect(cell === null || typeof cell === 'string').toBe(true);
    }
    // What makes that safe: the worksheet holds no formula at all, and every cell is a string.
    const files = unzipSync(new Uint8Array(response.rawPayload));
    const worksheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(worksheet).not.toMatch(/<f[ >]/);
    const cells = worksheet.match(/<c [^>]*>/g) ?? [];
    expect(cells.length).toBeGreaterThan(10);
    for (const cell of cells) expect(cell).toMatch(/ t="(s|inlineStr|str)"/);
  });

  it('streams every row of an event larger than one page, in capture order', async () => {
    const event = await createEvent(pool, { name: 'Big' });
    const people: Person[] = Array.from({ length: LEAD_PAGE_SIZE * 2 + 37 }, (_, i) => ({
      ...createPerson(newId(), event.id, { ...EMPTY_PERSON_INPUT, name: `P${i}` }, NO_CONSENT, {
        source: 'staff',
        deviceId: 'd',
        at: 1,
      }),
      // Ties in capture time across page boundaries: the id breaks them, nothing is lost.
      createdAt: Date.UTC(2026, 10, 25) + Math.floor(i / 7),
    }));
    await pool.db.transaction((tx) =>
      writeDocuments(
        tx,
        'people',
        [...people]
          .reverse()
          .map((p) => ({ id: p.id, eventId: event.id, deleted: false, data: p })),
        Date.now(),
      ),
    );
    const response = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/export.csv`,
      headers: bearer(pool.adminToken),
    });
    expect(response.statusCode).toBe(200);
    const names = response.body
      .slice(1)
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    const expected = [...people]
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((p) => `"${p.name}"`);
    expect(names).toEqual(expected);
  });

  it('answers 404 for an unknown event and 400 for an unknown language', async () => {
    const missing = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/events/0195f0c0-0000-7000-8000-00000000ffff/export.csv',
      headers: bearer(pool.adminToken),
    });
    expect(missing.statusCode).toBe(404);
    const event = await createEvent(pool);
    const badLang = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/export.csv?lang=fr`,
      headers: bearer(pool.adminToken),
    });
    expect(badLang.statusCode).toBe(400);
    expect(badLang.json().error.message).toMatch(/lang/);
    const badZone = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/export.csv?tz=Mars%2FOlympus`,
      headers: bearer(pool.adminToken),
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.message).toMatch(/tz.*IANA time zone/);
    const berlin = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/export.csv?lang=en&tz=Europe%2FBerlin`,
      headers: bearer(pool.adminToken),
    });
    expect(berlin.body).toContain('"First seen (UTC+01:00)"');
    const empty = await pool.app.inject({
      method: 'GET',
      url: `/api/v1/events/${event.id}/export.csv`,
      headers: bearer(pool.adminToken),
    });
    expect(empty.body.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('names the attachment safely for old and new clients', () => {
    // 20:00 UTC on the 25th is already the 26th in Beijing: the file says the local day.
    const at = new Date('2026-11-25T20:00:00Z');
    const header = attachmentHeader('展会 "A/B"\n', 'csv', at, 'Asia/Shanghai');
    expect(header).toBe(
      `attachment; filename="__ A B-leads-2026-11-26.csv"; filename*=UTF-8''${encodeURIComponent('展会 A B-leads-2026-11-26.csv')}`,
    );
    expect(attachmentHeader('X', 'csv', at, 'Europe/Berlin')).toContain('X-leads-2026-11-25.csv');
  });
});

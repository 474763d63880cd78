import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { XLSX_MIME, type ImportPreviewResponse } from '../../shared/api';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('attendee import preview', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  });
  afterAll(async () => {
    await pool.close();
  });

  const preview = (
    eventId: string,
    payload: string | Buffer,
    contentType: string,
    token = pool.adminToken,
  ) =>
    pool.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/attendees/preview?lang=zh-CN`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload,
    });
  const peopleCount = async (eventId: string) =>
    (
      await pool.db.query(
        `select id from documents where collection = 'people' and event_id = $1`,
        [eventId],
      )
    ).length;

  it('shows the guessed columns, the first rows and folded duplicates of an XLSX, writing nothing', async () => {
    const event = await createEvent(pool);
    const rows = Array.from({ length: 30 }, (_, i) => [
      `参会人${i}`,
      `1380013${String(8000 + (i % 25)).padStart(4, '0')}`,
      `公司${i}`,
      '',
      '备注',
    ]);
    const header = ['姓名*', '手机号码', '单位名称', '电子邮箱', '备注'];
    const file = await writeXlsxFile(
      [header, ...rows].map((row) => row.map((value) => ({ value, type: String }))),
    ).toBuffer();
    const response = await preview(event.id, file, XLSX_MIME);
    expect(response.statusCode).toBe(200);
    const body = response.json() as ImportPreviewResponse;
    expect(body).toMatchObject({
      eventId: event.id,
      rows: 30,
      header,
      columns: ['name', 'phone', 'company', 'email', null],
      people: 25,
      duplicateRows: 5,
      rejections: [],
      rejectedRows: 0,
    });
    expect(body.sample).toHaveLength(10);
    expect(body.sample[0]).toEqual(['参会人0', '13800138000', '公司0', '', '备注']);
    expect(await peopleCount(event.id)).toBe(0);
  });

  it('answers rejected rows with their reasons in the asked language, and a bad file like the import', async () => {
    const event = await createEvent(pool);
    const response = await preview(
      event.id,
      '姓名,手机\n张三,13800138000\n,13900139000\n李四,not a phone\n',
      'text/csv',
    );
    expect(response.statusCode).toBe(200);
    const body = response.json() as ImportPreviewResponse;
    expect(body.rows).toBe(3);
    expect(body.people).toBe(0);
    expect(body.rejectedRows).toBe(2);
    expect(body.rejections.map((r) => r.row)).toEqual([3, 4]);
    expect(body.rejections[0]?.errors.name).toBe('必填');
    expect(await peopleCount(event.id)).toBe(0);

    const noHeader = await preview(event.id, '甲,乙\n1,2\n', 'text/csv');
    expect(noHeader.statusCode).toBe(422);
    expect(noHeader.json().error.code).toBe('bad_header');
    expect((await preview(event.id, '姓名\n张三\n', 'image/png')).statusCode).toBe(415);
    const sales = await createUser(pool, 'sales');
    expect((await preview(event.id, '姓名,手机\n', 'text/csv', sales.token)).statusCode).toBe(403);
  });
});

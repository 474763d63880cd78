import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_TEMPLATES, type CrmMapping, type CrmMappingBody } from '../../shared/api';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, ingestCustomer } from './routes.test-kit';

/**
 * CRM export mappings: saved per target by marketing, then any customers filter or segment
 * exported with that CRM's headers, in its order, with the same consent rule and neutralized
 * cells as every export.
 */
describe('CRM export mappings', () => {
  let pool: TestPool;
  let marketing: { id: string; token: string };
  let sales: { id: string; token: string };

  const send = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
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
  const csvLines = (body: Buffer) => {
    const text = body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    return text.slice(1).split('\r\n');
  };
  const create = async (body: CrmMappingBody, token = marketing.token) => {
    const response = await send('POST', '/crm-mappings', token, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as CrmMapping;
  };

  beforeAll(async () => {
    pool = await startTestPool();
    marketing = await createUser(pool, 'marketing');
    sales = await createUser(pool, 'sales');
    const expo = await createEvent(pool, { name: '智造展 2026' });
    await ingestCustomer(pool, expo, {
      name: '欧阳娜娜',
      phone: '+8613800138001',
      company: '=HYPERLINK("http://evil.example","点我")',
      title: '采购经理',
      province: '广东',
      city: '深圳',
      email: 'nana@example.com',
    });
    await ingestCustomer(pool, expo, { name: 'Anna Schmidt', company: 'Siemens', city: 'Berlin' });
    // No marketing consent: never in an export unless an admin says why.
    await ingestCustomer(
      pool,
      expo,
      { name: '王五', company: '比亚迪', phone: '+8613800138009' },
      { consent: false },
    );
  });
  afterAll(async () => {
    await pool.close();
  });

  it('exports with a HubSpot mapping: its headers, its order, split names, fixed text', async () => {
    const mapping = await create({
      name: 'HubSpot',
      columns: [
        ...CRM_TEMPLATES.hubspot.slice(0, 5),
        { header: 'Lead Source', constant: 'Trade show' },
      ],
    });
    const csv = await send('GET', `/customers/export.csv?mapping=${mapping.id}`, marketing.token);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csvLines(csv.rawPayload);
    expect(lines[0]).toBe(
      '"First Name","Last Name","Email","Phone Number","Company Name","Lead Source"',
    );
    expect(lines.slice(1).sort()).toEqual(
      [
        '"Anna","Schmidt","","","Siemens","Trade show"',
        // The company's formula is text in the CRM's import, not a link that runs.
        `"娜娜","欧阳","nana@example.com","138 0013 8001","'=HYPERLINK(""http://evil.example"",""点我"")","Trade show"`,
      ].sort(),
    );
  });

  it('exports a segment as XLSX with a mapping, and without one keeps the screen columns', async () => {
    const mapping = await create({ name: '纷享销客', columns: [...CRM_TEMPLATES.fxiaoke] });
    const segment = await send('POST', '/segments', marketing.token, {
      name: '广东',
      filter: { province: '广东' },
    });
    const segmentId = (segment.json() as { id: string }).id;
    const xlsx = await send(
      'GET',
      `/segments/${segmentId}/export.xlsx?mapping=${mapping.id}`,
      marketing.token,
    );
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const sheet = await readSheet(xlsx.rawPayload);
    expect(sheet[0]).toEqual(CRM_TEMPLATES.fxiaoke.map((column) => column.header));
    expect(sheet).toHaveLength(2);
    const row = Object.fromEntries(
      CRM_TEMPLATES.fxiaoke.map((column, index) => [column.header, sheet[1]?.[index]]),
    );
    expect(row).toMatchObject({ 姓名: '欧阳娜娜', 职务: '采购经理', 省: '广东', 线索来源: '展会' });

    const plain = await send('GET', `/segments/${segmentId}/export.csv`, marketing.token);
    expect(csvLines(plain.rawPayload)[0]).toMatch(/^"姓名","公司","职位"/);
  });

  it('keeps the consent rule: the non-consenting person only with an admin’s recorded reason', async () => {
    const mapping = await create({
      name: 'Names only',
      columns: [{ header: 'Full name', field: 'name' }],
    });
    const consenting = csvLines(
      (await send('GET', `/customers/export.csv?mapping=${mapping.id}`, marketing.token))
        .rawPayload,
    );
    expect(consenting.slice(1).sort()).toEqual(['"Anna Schmidt"', '"欧阳娜娜"']);
    const reason = encodeURIComponent('import into the CRM for the service contract');
    const all = csvLines(
      (
        await send(
          'GET',
          `/customers/export.csv?mapping=${mapping.id}&withoutConsentReason=${reason}`,
          pool.adminToken,
        )
      ).rawPayload,
    );
    expect(all.slice(1).sort()).toEqual(['"Anna Schmidt"', '"欧阳娜娜"', '"王五"']);
  });

  it('refuses bad mappings with the field that is wrong, and an unknown one exports nothing', async () => {
    const duplicate = await send('POST', '/crm-mappings', marketing.token, {
      name: 'Broken',
      columns: [
        { header: 'Email', field: 'email' },
        { header: 'email', field: 'name' },
      ],
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('columns.1.header');
    const unknownField = await send('POST', '/crm-mappings', marketing.token, {
      name: 'Broken',
      columns: [{ header: 'Password', field: 'passwordHash' }],
    });
    expect(unknownField.statusCode).toBe(400);
    const empty = await send('POST', '/crm-mappings', marketing.token, {
      name: 'Broken',
      columns: [],
    });
    expect(empty.statusCode).toBe(400);
    const list = await send('GET', '/crm-mappings', marketing.token);
    expect((list.json() as { mappings: CrmMapping[] }).mappings.map((m) => m.name)).not.toContain(
      'Broken',
    );

    const unknown = await send('GET', '/customers/export.csv?mapping=nope', marketing.token);
    expect(unknown.statusCode).toBe(404);
  });

  it('renames and edits a mapping; names are unique; sales cannot read or change them', async () => {
    const mapping = await create({
      name: 'Salesforce',
      columns: [...CRM_TEMPLATES.salesforce],
    });
    expect(
      (
        await send('POST', '/crm-mappings', marketing.token, {
          name: 'salesforce',
          columns: [{ header: 'A', field: 'name' }],
        })
      ).statusCode,
    ).toBe(409);
    const edited = await send('PUT', `/crm-mappings/${mapping.id}`, marketing.token, {
      name: 'Salesforce (APAC)',
      columns: [
        { header: 'Last Name', field: 'familyName' },
        { header: 'Company', field: 'company' },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((edited.json() as CrmMapping).columns).toHaveLength(2);

    expect((await send('GET', '/crm-mappings', sales.token)).statusCode).toBe(403);
    const hijack = await send('PUT', `/crm-mappings/${mapping.id}`, sales.token, {
      name: 'Mine',
      columns: [{ header: 'Phone', field: 'phone' }],
    });
    expect(hijack.statusCode).toBe(403);
    expect((await send('DELETE', `/crm-mappings/${mapping.id}`, sales.token)).statusCode).toBe(403);
    const [kept] = (
      (await send('GET', '/crm-mappings', marketing.token)).json() as { mappings: CrmMapping[] }
    ).mappings.filter((m) => m.id === mapping.id);
    expect(kept?.name).toBe('Salesforce (APAC)');
    expect(kept?.columns.map((c) => c.header)).toEqual(['Last Name', 'Company']);

    expect((await send('DELETE', `/crm-mappings/${mapping.id}`, marketing.token)).statusCode).toBe(
      204,
    );
    expect((await send('DELETE', `/crm-mappings/${mapping.id}`, marketing.token)).statusCode).toBe(
      404,
    );
  });
});

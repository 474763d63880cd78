import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { unzipSync, strFromU8 } from 'fflate';
import { exportFileName, toCsvBytes, toXlsxBytes } from './export-files';

const table = {
  header: ['姓名', '公司'],
  rows: [
    ['张三', "'=1+1"],
    ['Ann, "Jr"', 'Acme\nLtd'],
  ],
};

describe('export files', () => {
  it('CSV starts with a UTF-8 BOM and round-trips Chinese, commas, quotes and newlines', () => {
    const bytes = toCsvBytes(table);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain('\r\n');
    expect(Papa.parse<string[]>(text).data).toEqual([table.header, ...table.rows]);
  });

  it('XLSX is a real workbook with text cells only and no formulas', async () => {
    const bytes = await toXlsxBytes(table);
    expect(strFromU8(bytes.slice(0, 2))).toBe('PK');
    const files = unzipSync(bytes);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    const strings = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array());
    const all = sheet + strings;
    expect(all).toContain('张三');
    expect(all).toContain("'=1+1");
    expect(sheet).not.toMatch(/<f[ >]/);
  });

  it('makes safe file names that keep Chinese', () => {
    expect(exportFileName('上海/展会:2026?', 'csv', new Date('2026-11-25T10:00:00Z'))).toBe(
      '上海 展会 2026-leads-2026-11-25.csv',
    );
    expect(exportFileName('\u0000', 'xlsx', new Date('2026-11-25T10:00:00Z'))).toBe(
      'leadpond-leads-2026-11-25.xlsx',
    );
  });
});

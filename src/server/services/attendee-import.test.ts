import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapHeader, parseConsentCell } from '../../shared/api';
import { EMPTY_PERSON_INPUT, type LeadEvent } from '../../shared/schemas';
import {
  decodeText,
  foldDuplicates,
  ImportFileError,
  planImport,
  readAttendeeFile,
  type ImportCandidate,
} from './attendee-import';

const event = {
  id: '0195f0c0-0000-7000-8000-000000000001',
  form: { fields: ['name', 'phone'], required: ['name'] },
  consent: { text: '', version: 'v1' },
} as unknown as LeadEvent;

const candidate = (row: number, fields: Partial<ImportCandidate['profile']>, badgeCode = '') => ({
  rows: [row],
  profile: { ...EMPTY_PERSON_INPUT, ...fields },
  consentGranted: false,
  badgeCode,
});

describe('attendee file reading', () => {
  it('maps English, Chinese, marked and full-width headers; ignores unknown ones', () => {
    const mapping = mapHeader([
      '姓名*',
      'E-Mail',
      'Mobile Phone',
      '（公司名称）',
      'Job_Title',
      '备注',
      '',
    ]);
    expect(mapping).toEqual({
      ok: true,
      columns: ['name', 'email', 'phone', 'company', 'title', null, null],
      mapped: {
        '姓名*': 'name',
        'E-Mail': 'email',
        'Mobile Phone': 'phone',
        '（公司名称）': 'company',
        Job_Title: 'title',
      },
      ignored: ['备注'],
    });
    // The app's own export headers map back (en and zh-CN labels).
    expect(mapHeader(['Province / state', '手机号', '营销授权'])).toMatchObject({
      columns: ['province', 'phone', 'consent'],
    });
  });

  it('reads consent cells in both languages and refuses anything else', () => {
    expect(['是', 'Yes', 'TRUE', '1', '✓', '同意'].map(parseConsentCell)).toEqual(
      Array(6).fill(true),
    );
    expect(['否', 'no', '', '0'].map(parseConsentCell)).toEqual(Array(4).fill(false));
    expect(parseConsentCell('maybe')).toBeNull();
  });

  it('decodes UTF-8 (with BOM) and GB18030, and refuses binary', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFF姓名'))).toBe('姓名');
    expect(decodeText(Buffer.from('d0d5c3fb', 'hex'))).toBe('姓名');
    expect(() => decodeText(Buffer.from([0x41, 0x00, 0x42]))).toThrow(ImportFileError);
    expect(() => decodeText(Buffer.from([0xff, 0xff, 0xff, 0x80]))).toThrow(/neither UTF-8/);
  });

  it('drops blank rows and trims cells', async () => {
    const rows = await readAttendeeFile(Buffer.from('name;phone\n\n Ada ; 1 \n;;\n'));
    expect(rows).toEqual([
      ['name', 'phone'],
      ['Ada', '1'],
    ]);
  });
});

describe('attendee file reading is total', () => {
  const readAndPlan = async (bytes: Uint8Array) => {
    try {
      return planImport(await readAttendeeFile(bytes), event, 'en');
    } catch (error) {
      // The only failure allowed is a described file error (answered 4xx), never a crash.
      if (error instanceof ImportFileError) return error;
      throw error;
    }
  };

  it('turns any bytes into a plan or a file error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        await readAndPlan(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('turns any text, and any damaged zip, into a plan or a file error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 500 }), async (text) => {
        await readAndPlan(new TextEncoder().encode(text));
        await readAndPlan(Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.from(text)]));
      }),
      { numRuns: 200 },
    );
  });
});

describe('import planning', () => {
  it('folds rows sharing any identity key, transitively, later values winning', () => {
    const folded = foldDuplicates([
      candidate(2, { name: 'A', phone: '+8613800138000' }),
      candidate(3, { name: 'B', email: 'b@x.cn' }),
      candidate(4, { name: 'A2', phone: '+8613800138000', email: 'b@x.cn' }),
      candidate(5, { name: 'C' }, 'BADGE-1'),
      candidate(6, { name: 'D' }),
      candidate(7, { name: 'C', company: 'Acme' }, 'BADGE-1'),
    ]);
    expect(folded.map((c) => c.rows)).toEqual([[2, 3, 4], [5, 7], [6]]);
    expect(folded[0]?.profile).toMatchObject({
      name: 'A2',
      phone: '+8613800138000',
      email: 'b@x.cn',
    });
    expect(folded[1]?.profile.company).toBe('Acme');
  });

  it('reports every bad row with reasons in the chosen language', () => {
    const plan = planImport(
      [
        ['name', 'phone', 'consent'],
        ['Ada', '13800138000', 'yes'],
        ['', 'nope', 'perhaps'],
      ],
      event,
      'en',
    );
    expect(plan).toEqual({
      ok: false,
      rows: 2,
      rejections: [
        {
          row: 3,
          errors: {
            name: 'Required',
            phone: expect.stringMatching(/^Not a valid phone number/),
            consent: 'Invalid value',
          },
        },
      ],
    });
  });

  it('refuses more rows than one import takes', () => {
    const table = [['name'], ...Array.from({ length: 20_001 }, (_, i) => [`P${i}`])];
    expect(() => planImport(table, event, 'en')).toThrow(/at most 20000/);
  });
});

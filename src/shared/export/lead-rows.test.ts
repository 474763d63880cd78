import { describe, expect, it } from 'vitest';
import { createPerson } from '../person-ops';
import { editQualification, emptyQualification, qualificationFieldsOf } from '../qualification-ops';
import { DEFAULT_EVENT_FORM, EMPTY_PERSON_INPUT, NO_CONSENT, type LeadEvent } from '../schemas';
import { buildLeadTable, neutralizeCell } from './lead-rows';

const EVENT: LeadEvent = {
  id: '019a0000-0000-7000-8000-0000000000e1',
  name: 'Expo',
  venue: '',
  startsOn: '2026-11-25',
  endsOn: '2026-11-25',
  cost: { amount: 0, currency: 'CNY' },
  form: DEFAULT_EVENT_FORM,
  interests: [],
  consent: { text: '', version: 'v1', translations: [] },
  kioskIdleSeconds: 60,
  retentionDays: 90,
  publicKey: '',
  createdAt: 1,
  updatedAt: 1,
};
const ctx = { source: 'kiosk' as const, deviceId: 'd', at: Date.UTC(2026, 10, 25) };

describe('neutralizeCell', () => {
  it.each([
    '=1+1',
    '+86138',
    '-2',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
    ' =1+1',
    '   @SUM(A1)',
    '\n=HYPERLINK("http://x")',
    '\u0000=1',
    '\u00a0+1',
    '\u3000-1',
    '\t',
  ])('prefixes %j with an apostrophe', (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });
  it.each(['张三', 'a=b', '', "'quoted", 'x+1', ' a=b', '  张三 '])('leaves %j alone', (value) => {
    expect(neutralizeCell(value)).toBe(value);
  });
});

describe('buildLeadTable', () => {
  const STYLE = {
    labels: (k: string) => `<${k}>`,
    timeZone: 'Asia/Shanghai',
    at: Date.UTC(2026, 10, 25),
  };

  function tableFor(target: 'csv' | 'xlsx', phone = '+8613800138000') {
    const person = createPerson(
      '019a0000-0000-7000-8000-000000000001',
      EVENT.id,
      { ...EMPTY_PERSON_INPUT, name: '张三', company: '=HYPERLINK("http://x")', phone },
      { granted: true, textVersion: 'v1', grantedAt: ctx.at },
      // 21:03 UTC is 05:03 the next morning in Beijing.
      { ...ctx, at: Date.UTC(2026, 10, 24, 21, 3, 7) },
    );
    const other = createPerson(
      '019a0000-0000-7000-8000-000000000002',
      '019a0000-0000-7000-8000-0000000000e2',
      { ...EMPTY_PERSON_INPUT, name: 'Other' },
      person.consent,
      ctx,
    );
    const unknownCode = {
      ...createPerson(
        '019a0000-0000-7000-8000-000000000003',
        EVENT.id,
        EMPTY_PERSON_INPUT,
        NO_CONSENT,
        ctx,
      ),
      badgeCode: 'XJ-2026-00731',
    };
    const base = emptyQualification(EVENT.id, person.id, ctx.at);
    const q = editQualification(
      base,
      { ...qualificationFieldsOf(base), rating: 'hot' },
      { id: '019a0000-0000-7000-8000-0000000000a1', text: 'likes it', staffId: 's', at: ctx.at },
      ctx.at,
    );
    const table = buildLeadTable({
      event: EVENT,
      people: [person, other, unknownCode],
      qualifications: [q],
      interactions: [],
      style: { ...STYLE, target },
    });
    const rows = table.rows.map((cells) =>
      Object.fromEntries(table.header.map((h, i) => [h, cells[i]])),
    );
    return { header: table.header, rows };
  }

  it('CSV: neutralized cells, a home phone written the national way, local times', () => {
    const { header, rows } = tableFor('csv');
    expect(rows).toHaveLength(2);
    const row = rows.find((r) => r['<fields.name>'] === '张三')!;
    expect(row['<fields.company>']).toBe('\'=HYPERLINK("http://x")');
    expect(row['<fields.phone>']).toBe('138 0013 8000');
    expect(row['<export.columns.consent>']).toBe('<export.yes>');
    expect(row['<qualification.rating>']).toBe('<qualification.ratings.hot>');
    expect(row['<qualification.notes>']).toBe('[2026-11-25 08:00:00] likes it');
    expect(header).toContain('<export.columns.firstSeen> (UTC+08:00)');
    expect(row['<export.columns.firstSeen> (UTC+08:00)']).toBe('2026-11-25 05:03:07');
  });

  it('CSV: a foreign phone keeps its country code, made safe', () => {
    const { rows } = tableFor('csv', '+14155550101');
    expect(rows[0]!['<fields.phone>']).toBe("'+1 415 555 0101");
  });

  it('XLSX: typed text cells keep their value with no apostrophe to show', () => {
    const { rows } = tableFor('xlsx');
    const row = rows.find((r) => r['<fields.name>'] === '张三')!;
    expect(row['<fields.company>']).toBe('=HYPERLINK("http://x")');
    expect(row['<fields.phone>']).toBe('+86 138 0013 8000');
  });

  it('a lead from an unknown code keeps its code, not a "—"', () => {
    const { rows } = tableFor('csv');
    const blank = rows.find((r) => r['<fields.name>'] === '')!;
    expect(blank['<export.columns.badgeCode>']).toBe('XJ-2026-00731');
  });
});

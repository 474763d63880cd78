import { describe, expect, it } from 'vitest';
import { createPerson } from '../person-ops';
import { editQualification, emptyQualification, qualificationFieldsOf } from '../qualification-ops';
import { DEFAULT_EVENT_FORM, EMPTY_PERSON_INPUT, type LeadEvent } from '../schemas';
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
  consent: { text: '', version: 'v1' },
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
  it('has one neutralized row per person of the event with qualification and notes', () => {
    const person = createPerson(
      '019a0000-0000-7000-8000-000000000001',
      EVENT.id,
      {
        ...EMPTY_PERSON_INPUT,
        name: '张三',
        company: '=HYPERLINK("http://x")',
        phone: '+8613800138000',
      },
      { granted: true, textVersion: 'v1', grantedAt: ctx.at },
      ctx,
    );
    const other = createPerson(
      '019a0000-0000-7000-8000-000000000002',
      '019a0000-0000-7000-8000-0000000000e2',
      { ...EMPTY_PERSON_INPUT, name: 'Other' },
      person.consent,
      ctx,
    );
    const base = emptyQualification(EVENT.id, person.id, ctx.at);
    const q = editQualification(
      base,
      { ...qualificationFieldsOf(base), rating: 'hot' },
      { id: '019a0000-0000-7000-8000-0000000000a1', text: 'likes it', staffId: 's', at: ctx.at },
      ctx.at,
    );
    const table = buildLeadTable({
      event: EVENT,
      people: [person, other],
      qualifications: [q],
      interactions: [],
      labels: (k) => `<${k}>`,
    });
    expect(table.rows).toHaveLength(1);
    const row = Object.fromEntries(table.header.map((h, i) => [h, table.rows[0]?.[i]]));
    expect(row['<fields.name>']).toBe('张三');
    expect(row['<fields.company>']).toBe('\'=HYPERLINK("http://x")');
    expect(row['<fields.phone>']).toBe("'+8613800138000");
    expect(row['<export.columns.consent>']).toBe('<export.yes>');
    expect(row['<qualification.rating>']).toBe('<qualification.ratings.hot>');
    expect(row['<qualification.notes>']).toBe('[2026-11-25T00:00:00.000Z] likes it');
  });
});

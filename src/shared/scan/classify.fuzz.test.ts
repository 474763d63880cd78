import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { BADGE_FIELDS } from './badges';
import { classifyScan, MAX_BADGE_CODE_LENGTH } from './classify';
import { generateEventKeyPair, issueTicket, verifyTicket } from './tickets';

const keys = generateEventKeyPair();
const event = { id: uuidv7(), publicKey: keys.publicKey };
const ticket = issueTicket(
  { eventId: event.id, personId: uuidv7(), issuedAt: Date.now() },
  keys.privateKey,
);

const SEEDS = [
  ticket,
  'BEGIN:VCARD\r\nVERSION:3.0\r\nN:张;三;;;\r\nFN:张三\r\nORG:示例科技;市场部\r\nTEL;TYPE=CELL:13800138000\r\nEMAIL:a@b.cn\r\nADR:;;路;北京;北京市;;中国\r\nEND:VCARD',
  'BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E=\n=E5=9B=9B\nTEL;CELL:139\nEND:VCARD',
  'MECARD:N:王,五;TEL:+86 139 1234 5678;EMAIL:w@x.cn;ORG:云\\;图;;',
  'mailto:someone@example.com',
  'tel:+86 138 0013 8000',
  'https://expo.example.com/b/8F3K2',
];

/** The shape every classification must have, whatever the input. */
const FieldsSchema = z.strictObject(
  Object.fromEntries(BADGE_FIELDS.map((field) => [field, z.string().min(1).max(254).optional()])),
);
const ResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ticket'), text: z.string().startsWith('LP1.') }),
  z.strictObject({
    kind: z.literal('badge'),
    format: z.string(),
    fields: FieldsSchema,
    badgeCode: z.string().min(1),
  }),
  z.strictObject({ kind: z.literal('unknown'), badgeCode: z.string().min(1) }),
  z.strictObject({ kind: z.literal('rejected'), reason: z.enum(['empty', 'tooLong', 'binary']) }),
]);

function checkTotal(input: string): void {
  const result = ResultSchema.parse(classifyScan(input));
  if (result.kind === 'badge' || result.kind === 'unknown') {
    expect(Array.from(result.badgeCode).length).toBeLessThanOrEqual(MAX_BADGE_CODE_LENGTH);
  }
  if (result.kind === 'badge') {
    if (result.fields.phone) expect(result.fields.phone).toMatch(/^\+\d{6,15}$/);
    if (result.fields.email) expect(result.fields.email).toBe(result.fields.email.toLowerCase());
  }
  if (result.kind === 'ticket') {
    expect(() => verifyTicket(result.text, event)).not.toThrow();
  }
}

/** Bytes decoded as UTF-8 with replacement, the way a camera decoder hands over a broken code. */
function decodeLoosely(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : '\ufffd';
  return text;
}

const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ unit: 'binary', maxLength: 6 })), {
      maxLength: 6,
    }),
  )
  .map(([seed, edits]) =>
    edits.reduce((text, [at, remove, insert]) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + insert + text.slice(index + remove);
    }, seed),
  );

describe('classifyScan is total', () => {
  it('gives a typed result for 10,000 random, mutated, binary and huge inputs', () => {
    const inputs = fc.oneof(
      { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 3 },
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }), weight: 1 },
      { arbitrary: fc.uint8Array({ maxLength: 600 }).map(decodeLoosely), weight: 2 },
      { arbitrary: mutated, weight: 4 },
      {
        arbitrary: fc
          .tuple(fc.constantFrom(...SEEDS), fc.integer({ min: 2, max: 400 }))
          .map(([seed, times]) => seed.repeat(times)),
        weight: 1,
      },
      {
        arbitrary: fc.string({ unit: 'binary-ascii', minLength: 4000, maxLength: 12_000 }),
        weight: 1,
      },
    );
    let runs = 0;
    fc.assert(
      fc.property(inputs, (input) => {
        runs += 1;
        checkTotal(input);
      }),
      { numRuns: 10_000, seed: 20261125 },
    );
    expect(runs).toBe(10_000);
  });

  it('survives pathological shapes that have tripped naive parsers', () => {
    const pathological = [
      'BEGIN:VCARD\n' + 'FN:"'.repeat(3000),
      'BEGIN:VCARD\n' + ':'.repeat(4000),
      'BEGIN:VCARD\n' + ';'.repeat(4000) + ':x',
      'BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:' + '=E6'.repeat(1000),
      'MECARD:' + '\\'.repeat(4000),
      'MECARD:N:' + ','.repeat(4000),
      `${'a'.repeat(60)}@${'b.'.repeat(2000)}`,
      '+' + '1'.repeat(4000),
      '\ud800'.repeat(2000),
      'LP1.' + '.'.repeat(150),
      'x'.repeat(1_000_000),
    ];
    for (const input of pathological) checkTotal(input);
  });
});

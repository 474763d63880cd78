import { describe, expect, it } from 'vitest';
import { applyProfile, createPerson, validatePersonInput } from './person-ops';
import { DEFAULT_EVENT_FORM, EMPTY_PERSON_INPUT, PersonSchema } from './schemas';

const ID = '019a0000-0000-7000-8000-000000000001';
const EVENT = '019a0000-0000-7000-8000-0000000000e1';
const ctx = { source: 'kiosk' as const, deviceId: 'dev-1', at: 1_700_000_000_000 };

describe('validatePersonInput', () => {
  it('normalizes phone to E.164 (region CN) and email to lower case', () => {
    const result = validatePersonInput(
      {
        ...EMPTY_PERSON_INPUT,
        name: ' 张三 ',
        phone: '138 0013 8000',
        email: ' Zhang@Example.COM ',
      },
      DEFAULT_EVENT_FORM,
    );
    expect(result).toMatchObject({
      ok: true,
      profile: { name: '张三', phone: '+8613800138000', email: 'zhang@example.com' },
    });
  });

  it('returns one inline error key per bad field', () => {
    const result = validatePersonInput(
      { ...EMPTY_PERSON_INPUT, name: '', phone: '12345', email: 'not-an-email' },
      DEFAULT_EVENT_FORM,
    );
    expect(result).toEqual({
      ok: false,
      errors: { name: 'errors.required', phone: 'errors.phone', email: 'errors.email' },
    });
  });

  it('never throws on garbage', () => {
    for (const garbage of [null, 42, 'x', [], { name: 5 }, { phone: '\u0000'.repeat(10_000) }]) {
      expect(validatePersonInput(garbage, DEFAULT_EVENT_FORM).ok).toBe(false);
    }
  });

  it('accepts foreign numbers in international form', () => {
    const result = validatePersonInput({
      ...EMPTY_PERSON_INPUT,
      name: 'Ann',
      phone: '+1 415 555 2671',
    });
    expect(result).toMatchObject({ ok: true, profile: { phone: '+14155552671' } });
  });
});

describe('person writes', () => {
  it('creates a schema-valid person with provenance and a search key', () => {
    const profile = { ...EMPTY_PERSON_INPUT, name: '李雷', phone: '+8613900139000' };
    const consent = { granted: true, textVersion: 'v1', grantedAt: ctx.at };
    const person = createPerson(ID, EVENT, profile, consent, ctx);
    expect(PersonSchema.parse(person)).toEqual(person);
    expect(person.provenance.name).toEqual({ source: 'kiosk', deviceId: 'dev-1', at: ctx.at });
    expect(person.provenance.email).toBeUndefined();
    expect(person.searchKey).toContain('ll');
    expect(person.consent.textVersion).toBe('v1');
  });

  it('fill keeps known values; overwrite may clear them; consent is never revoked by a fill', () => {
    const consent = { granted: true, textVersion: 'v1', grantedAt: ctx.at };
    const person = createPerson(
      ID,
      EVENT,
      { ...EMPTY_PERSON_INPUT, name: 'A', company: 'Acme' },
      consent,
      ctx,
    );
    const later = { ...ctx, source: 'badge' as const, at: ctx.at + 1000 };
    const filled = applyProfile(person, { ...EMPTY_PERSON_INPUT, title: 'CTO' }, 'fill', later);
    expect(filled).toMatchObject({ name: 'A', company: 'Acme', title: 'CTO', consent });
    expect(filled.provenance.title?.source).toBe('badge');
    const edited = applyProfile(filled, { company: '' }, 'overwrite', later);
    expect(edited.company).toBe('');
  });
});

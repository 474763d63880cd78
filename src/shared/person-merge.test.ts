import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldPeople, mergePeople } from './person-merge';
import { applyProfile, createPerson } from './person-ops';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  PROFILE_FIELDS,
  PersonSchema,
  type Person,
} from './schemas';
import { buildSearchKey } from './search';

const EVENT = '019a0000-0000-7000-8000-0000000000e1';
const A = '019a0000-0000-7000-8000-00000000000a';
const B = '019a0000-0000-7000-8000-00000000000b';
const T = 1_700_000_000_000;

const person = (
  id: string,
  profile: Partial<typeof EMPTY_PERSON_INPUT>,
  at: number,
  device = 'd1',
) =>
  createPerson(id, EVENT, { ...EMPTY_PERSON_INPUT, ...profile }, NO_CONSENT, {
    source: 'staff',
    deviceId: device,
    at,
  });

/** Everything but the identity of the document, which is always `a`'s. */
const content = ({ id: _id, eventId: _eventId, ...rest }: Person) => rest;

const kiosk = (id: string, profile: Partial<typeof EMPTY_PERSON_INPUT>, at: number) =>
  createPerson(
    id,
    EVENT,
    { ...EMPTY_PERSON_INPUT, ...profile },
    { granted: true, textVersion: 'v2', grantedAt: at },
    { source: 'kiosk', deviceId: 'kiosk-1', at },
  );

describe('source ranks (DESIGN.md "Trust")', () => {
  it('a newer kiosk value fills what is empty but never replaces what staff wrote', () => {
    const staff = person(A, { name: '李小龙', company: '功夫科技' }, T);
    const stranger = kiosk(B, { name: '冒名者', company: '别家公司', title: '经理' }, T + 60_000);
    for (const merged of [mergePeople(staff, stranger), mergePeople(stranger, staff)]) {
      expect(merged).toMatchObject({ name: '李小龙', company: '功夫科技', title: '经理' });
    }
  });

  it('an import outranks a later staff edit in a merge', () => {
    const imported = createPerson(
      A,
      EVENT,
      { ...EMPTY_PERSON_INPUT, company: 'Acme' },
      NO_CONSENT,
      {
        source: 'import',
        deviceId: 'pool',
        at: T,
      },
    );
    const edited = person(B, { company: 'Acme Ltd' }, T + 5);
    expect(mergePeople(edited, imported).company).toBe('Acme');
  });

  it('a self-service fold never grants or withdraws consent someone else recorded', () => {
    const withdrawn = {
      ...person(A, { name: '赵六' }, T),
      consent: { granted: false, textVersion: 'v1', grantedAt: T },
    };
    const stranger = kiosk(B, { name: '赵六' }, T + 1000);
    expect(foldPeople(withdrawn, stranger).consent).toEqual(withdrawn.consent);
    expect(foldPeople(stranger, withdrawn).consent).toEqual(withdrawn.consent);
    // Nobody asked before: the person's own answer at the kiosk counts.
    const neverAsked = person(A, { name: '赵六' }, T);
    expect(foldPeople(neverAsked, stranger).consent).toEqual(stranger.consent);
  });
});

describe('mergePeople', () => {
  it('takes the newest non-empty value per field and keeps its provenance', () => {
    const a = person(A, { name: 'Zhang San', phone: '+8613800138000', company: 'Acme' }, T, 'd1');
    const b = person(B, { name: 'Zhang Shan', phone: '+8613800138000', title: 'CTO' }, T + 5, 'd2');
    const merged = mergePeople(a, b);
    expect(merged).toMatchObject({
      id: A,
      eventId: EVENT,
      name: 'Zhang Shan',
      company: 'Acme',
      title: 'CTO',
      createdAt: T,
      updatedAt: T + 5,
    });
    expect(merged.provenance.name).toEqual({ source: 'staff', deviceId: 'd2', at: T + 5 });
    expect(merged.provenance.company).toEqual({ source: 'staff', deviceId: 'd1', at: T });
    expect(merged.searchKey).toBe(buildSearchKey(merged));
    expect(merged.searchKey).toContain('zhang shan');
    expect(PersonSchema.parse(merged)).toEqual(merged);
  });

  it('never lets an empty value erase a known one, however new', () => {
    const a = person(A, { name: 'Li Lei', company: 'Acme' }, T);
    const b = applyProfile(person(B, { name: 'Li Lei' }, T), { company: '' }, 'overwrite', {
      source: 'kiosk',
      deviceId: 'd9',
      at: T + 1000,
    });
    expect(mergePeople(a, b).company).toBe('Acme');
    expect(mergePeople(b, a).company).toBe('Acme');
  });

  it('breaks equal times by value, the same way on both sides', () => {
    const a = person(A, { name: 'Wang Wu' }, T);
    const b = person(B, { name: 'Wang Wuu' }, T);
    expect(mergePeople(a, b).name).toBe('Wang Wuu');
    expect(mergePeople(b, a).name).toBe('Wang Wuu');
  });

  it('counts a value without provenance as older than any recorded write', () => {
    const a: Person = { ...person(A, {}, T), name: 'Legacy', provenance: {} };
    const b = person(B, { name: 'Recorded' }, 1);
    expect(mergePeople(a, b).name).toBe('Recorded');
  });

  it('keeps a granted consent against an empty one; a later grant or withdrawal wins', () => {
    const granted = { granted: true, textVersion: 'v1', grantedAt: T };
    const a = { ...person(A, { name: 'X' }, T), consent: granted };
    const b = { ...person(B, { name: 'X' }, T + 10), consent: NO_CONSENT };
    expect(mergePeople(a, b).consent).toEqual(granted);
    expect(mergePeople(b, a).consent).toEqual(granted);

    const newer = { granted: true, textVersion: 'v2', grantedAt: T + 50 };
    expect(mergePeople(a, { ...b, consent: newer }).consent).toEqual(newer);

    const withdrawn = { granted: false, textVersion: 'v1', grantedAt: T + 60 };
    expect(mergePeople(a, { ...b, consent: withdrawn }).consent).toEqual(withdrawn);
    const sameTime = { granted: false, textVersion: 'v1', grantedAt: T };
    expect(mergePeople(a, { ...b, consent: sameTime }).consent).toEqual(sameTime);
  });

  it('keeps a badge code against an empty one', () => {
    const a = { ...person(A, {}, T), badgeCode: '' };
    const b = { ...person(B, {}, T), badgeCode: 'BEGIN:VCARD…' };
    expect(mergePeople(a, b).badgeCode).toBe('BEGIN:VCARD…');
    expect(mergePeople(b, a).badgeCode).toBe('BEGIN:VCARD…');
  });

  it('carries RxDB metadata of the first argument', () => {
    const a = { ...person(A, { name: 'X' }, T), _deleted: false } as Person;
    expect(mergePeople(a, person(B, {}, T))).toHaveProperty('_deleted', false);
  });

  describe('converges (properties)', () => {
    const value = fc.constantFrom('', 'a', 'b', 'Zhang', '张三');
    const provenance = fc.option(
      fc.record({
        source: fc.constantFrom('kiosk' as const, 'staff' as const, 'pool' as const),
        deviceId: fc.constantFrom('d1', 'd2'),
        at: fc.integer({ min: 0, max: 3 }),
      }),
      { nil: undefined },
    );
    const fieldArb = fc.record({ value, provenance });
    const personArb = fc
      .record({
        fields: fc.array(fieldArb, {
          minLength: PROFILE_FIELDS.length,
          maxLength: PROFILE_FIELDS.length,
        }),
        badgeCode: fc.constantFrom('', 'b1', 'b2'),
        consent: fc.record({
          granted: fc.boolean(),
          textVersion: fc.constantFrom('', 'v1', 'v2'),
          grantedAt: fc.integer({ min: 0, max: 3 }),
        }),
        createdAt: fc.integer({ min: 0, max: 10 }),
        updatedAt: fc.integer({ min: 0, max: 10 }),
        id: fc.constantFrom(A, B),
      })
      .map(({ fields, badgeCode, consent, createdAt, updatedAt, id }) => {
        const p: Person = {
          ...person(id, {}, 0),
          badgeCode,
          consent,
          createdAt,
          updatedAt,
          provenance: {},
        };
        PROFILE_FIELDS.forEach((field, i) => {
          const f = fields[i];
          if (!f) return;
          p[field] = f.value;
          if (f.provenance) p.provenance[field] = f.provenance;
        });
        p.searchKey = buildSearchKey(p);
        return p;
      });

    it('is commutative on content', () => {
      fc.assert(
        fc.property(personArb, personArb, (a, b) => {
          expect(content(mergePeople(a, b))).toEqual(content(mergePeople(b, a)));
        }),
      );
    });

    it('is associative and idempotent, so any number of devices converge', () => {
      fc.assert(
        fc.property(personArb, personArb, personArb, (a, b, c) => {
          expect(content(mergePeople(mergePeople(a, b), c))).toEqual(
            content(mergePeople(a, mergePeople(b, c))),
          );
          const twice = mergePeople(a, a);
          expect(content(twice)).toEqual(content(mergePeople(twice, a)));
        }),
      );
    });
  });
});

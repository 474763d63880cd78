import { describe, expect, it } from 'vitest';
import type { WithDeleted } from 'rxdb';
import { COLLECTIONS } from '../../shared/collections';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import { editQualification, emptyQualification } from '../../shared/qualification-ops';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  NO_CONSENT,
  type Interaction,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import { CONFLICT_HANDLERS } from './conflict-handlers';

const EVENT_ID = newId();
const at = 1_700_000_000_000;

function live<T>(doc: T): WithDeleted<T> {
  return { ...doc, _deleted: false };
}

function person(
  id: string,
  fields: Partial<typeof EMPTY_PERSON_INPUT>,
  deviceId: string,
  when: number,
) {
  return createPerson(id, EVENT_ID, { ...EMPTY_PERSON_INPUT, ...fields }, NO_CONSENT, {
    source: 'kiosk',
    deviceId,
    at: when,
  });
}

describe('conflict handlers', () => {
  it('cover every local collection', () => {
    expect(Object.keys(CONFLICT_HANDLERS).sort()).toEqual(Object.keys(COLLECTIONS).sort());
  });

  it('people: newest non-empty value per field, from both sides, provenance kept', async () => {
    const id = newId();
    const device = person(id, { name: '张三', phone: '+8613800138000' }, 'booth-1', at);
    const pool = person(id, { name: '张叁', email: 'zs@example.cn' }, 'booth-2', at + 5000);
    const merged = await CONFLICT_HANDLERS.people.resolve(
      {
        newDocumentState: live(device),
        realMasterState: live(pool),
        assumedMasterState: undefined,
      },
      'test',
    );
    expect(merged).toMatchObject({
      id,
      _deleted: false,
      name: '张叁',
      phone: '+8613800138000',
      email: 'zs@example.cn',
    });
    expect(merged.provenance.phone?.deviceId).toBe('booth-1');
    expect(merged.provenance.name?.deviceId).toBe('booth-2');
    // Merging again changes nothing: the handler's output is a fixed point.
    const again = await CONFLICT_HANDLERS.people.resolve(
      { newDocumentState: merged, realMasterState: merged },
      'test',
    );
    expect(CONFLICT_HANDLERS.people.isEqual(again, merged, 'test')).toBe(true);
  });

  it('people: an erasure by the pool wins over a local edit', async () => {
    const id = newId();
    const device = person(id, { name: '张三' }, 'booth-1', at + 9000);
    const erased: WithDeleted<Person> = { ...person(id, {}, 'pool', at), _deleted: true };
    const resolved = await CONFLICT_HANDLERS.people.resolve(
      { newDocumentState: live(device), realMasterState: erased },
      'test',
    );
    expect(resolved).toBe(erased);
  });

  it('qualifications: field-wise by edit time, notes of both sides kept once', async () => {
    const personId = newId();
    const base = emptyQualification(EVENT_ID, personId, at);
    const note = (text: string, when: number) => ({ id: newId(), text, staffId: 's', at: when });
    const mine = editQualification(
      base,
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'hot' },
      note('wants a demo', at + 10),
      at + 10,
    );
    const theirs = editQualification(
      base,
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'warm', nextStep: 'call' },
      note('call on Monday', at + 5),
      at + 5,
    );
    const merged = (await CONFLICT_HANDLERS.qualifications.resolve(
      { newDocumentState: live(mine), realMasterState: live(theirs) },
      'test',
    )) as WithDeleted<Qualification>;
    expect(merged.rating).toBe('hot');
    expect(merged.nextStep).toBe('call');
    expect(merged.notes.map((n) => n.text)).toEqual(['call on Monday', 'wants a demo']);
  });

  it('interactions and events: the pool version stands', async () => {
    const fact: Interaction = {
      id: newId(),
      eventId: EVENT_ID,
      personId: newId(),
      type: 'registered',
      deviceId: 'd',
      staffId: '',
      occurredAt: at,
      data: {},
      updatedAt: at,
    };
    const master = live({ ...fact, data: { channel: 'kiosk' } });
    expect(
      await CONFLICT_HANDLERS.interactions.resolve(
        { newDocumentState: live(fact), realMasterState: master },
        'test',
      ),
    ).toBe(master);
  });

  it('compare documents without local metadata', () => {
    const doc = live(person(newId(), { name: 'A' }, 'd', at));
    const stored = { ...doc, _meta: { lwt: 5 }, _rev: '1-x', _attachments: {} };
    expect(CONFLICT_HANDLERS.people.isEqual(doc, stored as never, 'test')).toBe(true);
    expect(CONFLICT_HANDLERS.people.isEqual(doc, { ...doc, name: 'B' }, 'test')).toBe(false);
  });
});

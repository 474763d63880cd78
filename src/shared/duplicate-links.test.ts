import { describe, expect, it } from 'vitest';
import { openDuplicates } from './duplicate-links';
import type { Interaction, InteractionType } from './schemas';

const A = '019a0000-0000-7000-8000-00000000000a';
const B = '019a0000-0000-7000-8000-00000000000b';
const C = '019a0000-0000-7000-8000-00000000000c';
let n = 0;

function fact(personId: string, type: InteractionType, data: Interaction['data'], at: number) {
  return {
    id: `019a0000-0000-7000-9000-${String(++n).padStart(12, '0')}`,
    eventId: '019a0000-0000-7000-8000-0000000000e1',
    personId,
    type,
    deviceId: 'd',
    staffId: '',
    occurredAt: at,
    data,
    updatedAt: at,
  } satisfies Interaction;
}

describe('openDuplicates', () => {
  it('shows a suspected pair from both sides until it is resolved', () => {
    const suspected = fact(
      B,
      'duplicate_suspected',
      { otherPersonId: A, keys: 'phone', channel: 'kiosk' },
      10,
    );
    expect(openDuplicates(B, [suspected])).toEqual([{ otherPersonId: A, keys: ['phone'], at: 10 }]);
    expect(openDuplicates(A, [suspected])).toEqual([{ otherPersonId: B, keys: ['phone'], at: 10 }]);
    expect(openDuplicates(C, [suspected])).toEqual([]);
    const dismissed = fact(
      A,
      'duplicate_resolved',
      { otherPersonId: B, resolution: 'distinct' },
      20,
    );
    expect(openDuplicates(A, [dismissed, suspected])).toEqual([]);
    expect(openDuplicates(B, [suspected, dismissed])).toEqual([]);
  });

  it('reopens when the pair is suspected again later; ignores facts that do not parse', () => {
    const facts = [
      fact(B, 'duplicate_suspected', { otherPersonId: A, keys: 'phone', channel: 'kiosk' }, 10),
      fact(B, 'duplicate_resolved', { otherPersonId: A, resolution: 'distinct' }, 20),
      fact(
        B,
        'duplicate_suspected',
        { otherPersonId: A, keys: 'email,bogus', channel: 'mobile' },
        30,
      ),
      fact(B, 'duplicate_resolved', { otherPersonId: 'not an id', resolution: 'merged' }, 40),
      fact(B, 'duplicate_suspected', { otherPersonId: C }, 50),
    ];
    expect(openDuplicates(B, facts)).toEqual([{ otherPersonId: A, keys: ['email'], at: 30 }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Interaction } from '../../shared/schemas';
import { activeSince } from './LeadStats';

const MORNING = Date.UTC(2026, 11, 2, 0);

describe('active today', () => {
  it('counts people with a booth fact or a qualification today, not a morning import', () => {
    const facts: Pick<Interaction, 'type' | 'personId' | 'occurredAt' | 'data'>[] = [
      {
        type: 'registered',
        personId: 'imported',
        occurredAt: MORNING + 1,
        data: { channel: 'import' },
      },
      { type: 'checked_in', personId: 'came', occurredAt: MORNING + 2, data: {} },
      {
        type: 'registered',
        personId: 'kiosk',
        occurredAt: MORNING + 3,
        data: { channel: 'kiosk' },
      },
      { type: 'checked_in', personId: 'came', occurredAt: MORNING + 4, data: {} },
      { type: 'badge_scanned', personId: 'yesterday', occurredAt: MORNING - 1, data: {} },
    ];
    const qualifications = [
      { personId: 'qualified', updatedAt: MORNING + 5 },
      { personId: 'old', updatedAt: MORNING - 5 },
    ];
    expect(activeSince(facts, qualifications, MORNING)).toBe(3);
  });
});

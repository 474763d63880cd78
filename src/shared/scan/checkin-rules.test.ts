import { describe, expect, it } from 'vitest';
import { decideCheckIn, firstCheckIns, summarizeCheckIns } from './checkin-rules';

const H = 3_600_000;
const base = Date.UTC(2026, 10, 25, 9);
const fact = (personId: string, occurredAt: number, deviceId: string, deviceName = deviceId) => ({
  type: 'checked_in' as const,
  personId,
  occurredAt,
  deviceId,
  data: { deviceName },
});

describe('check-in rules', () => {
  it('admits a valid ticket once, then reports the first check-in', () => {
    const verdict = { ok: true as const, claims: { eventTag: 'x', personId: 'p1', issuedAt: 0 } };
    expect(decideCheckIn(verdict, null)).toEqual({ kind: 'admit', personId: 'p1' });
    const first = { personId: 'p1', at: base, deviceId: 'd2', deviceName: 'Booth-2' };
    expect(decideCheckIn(verdict, first)).toEqual({ kind: 'already', personId: 'p1', first });
  });

  it('rejects with the ticket’s reason', () => {
    expect(decideCheckIn({ ok: false, reason: 'badSignature' }, null)).toEqual({
      kind: 'reject',
      reason: 'badSignature',
    });
  });

  it('keeps the earliest check-in per person, so two offline devices agree after sync', () => {
    const facts = [
      fact('p1', base + 50, 'd1', 'Booth-1'),
      fact('p1', base + 10, 'd2', 'Booth-2'),
      fact('p2', base + 10, 'd2'),
      fact('p2', base + 10, 'd1'),
      { ...fact('p3', base, 'd1'), type: 'registered' as const },
    ];
    const first = firstCheckIns(facts);
    expect(first.get('p1')).toMatchObject({ deviceName: 'Booth-2', at: base + 10 });
    expect(first.get('p2')).toMatchObject({ deviceId: 'd1' });
    expect(first.has('p3')).toBe(false);
    expect(firstCheckIns([...facts].reverse())).toEqual(first);
  });

  it('summarizes distinct people per hour and per device', () => {
    const summary = summarizeCheckIns(
      [
        fact('p1', base + 5, 'd1', 'Booth-1'),
        fact('p1', base + 2 * H, 'd2', 'Booth-2'),
        fact('p2', base + H + 1, 'd2', 'Booth-2'),
        fact('p3', base + H + 2, 'd2', 'Booth-2'),
      ],
      10,
    );
    expect(summary).toEqual({
      checkedIn: 3,
      registered: 10,
      perHour: [
        { hourStart: base, count: 1 },
        { hourStart: base + H, count: 2 },
      ],
      perDevice: [
        { deviceId: 'd2', deviceName: 'Booth-2', count: 2 },
        { deviceId: 'd1', deviceName: 'Booth-1', count: 1 },
      ],
    });
  });
});

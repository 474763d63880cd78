import type { Interaction } from '../schemas';
import type { TicketRejection, TicketVerdict } from './tickets';

/**
 * Check-in rules, used by the booth device and (later) the pool, as pretix does: a person is
 * checked in once per event, the first check-in stands, and every later scan only reports it.
 * Two offline devices that both admit the same person record two facts; counting by person
 * keeps the totals right once they sync.
 */
export interface FirstCheckIn {
  personId: string;
  at: number;
  deviceId: string;
  deviceName: string;
}

export type CheckInDecision =
  | { kind: 'admit'; personId: string }
  | { kind: 'already'; personId: string; first: FirstCheckIn }
  | { kind: 'reject'; reason: TicketRejection };

export function decideCheckIn(verdict: TicketVerdict, prior: FirstCheckIn | null): CheckInDecision {
  if (!verdict.ok) return { kind: 'reject', reason: verdict.reason };
  return decideManualCheckIn(verdict.claims.personId, prior);
}

/** Staff found the person by search: the same rule without a ticket. */
export function decideManualCheckIn(personId: string, prior: FirstCheckIn | null): CheckInDecision {
  return prior ? { kind: 'already', personId, first: prior } : { kind: 'admit', personId };
}

type CheckInFact = Pick<Interaction, 'personId' | 'occurredAt' | 'deviceId' | 'data' | 'type'>;

function toFirst(fact: CheckInFact): FirstCheckIn {
  const name = fact.data.deviceName;
  return {
    personId: fact.personId,
    at: fact.occurredAt,
    deviceId: fact.deviceId,
    deviceName: typeof name === 'string' && name !== '' ? name : fact.deviceId.slice(-4),
  };
}

/** The earliest check-in per person (ties broken by device id so every device agrees). */
export function firstCheckIns(facts: Iterable<CheckInFact>): Map<string, FirstCheckIn> {
  const first = new Map<string, FirstCheckIn>();
  for (const fact of facts) {
    if (fact.type !== 'checked_in') continue;
    const current = first.get(fact.personId);
    if (
      !current ||
      fact.occurredAt < current.at ||
      (fact.occurredAt === current.at && fact.deviceId < current.deviceId)
    ) {
      first.set(fact.personId, toFirst(fact));
    }
  }
  return first;
}

export interface CheckInSummary {
  checkedIn: number;
  registered: number;
  /** Local hour start (ms) → people whose first check-in fell in that hour, oldest first. */
  perHour: { hourStart: number; count: number }[];
  /** Device → people it admitted first, most first. */
  perDevice: { deviceId: string; deviceName: string; count: number }[];
}

const HOUR = 3_600_000;

/**
 * Dashboard figures. `hourStartOf` maps a time to the start of its hour in the booth's time zone
 * (shared code knows no time zone; the caller passes the local rule).
 */
export function summarizeCheckIns(
  facts: Iterable<CheckInFact>,
  registered: number,
  hourStartOf: (at: number) => number = (at) => at - (at % HOUR),
): CheckInSummary {
  const first = firstCheckIns(facts);
  const hours = new Map<number, number>();
  const devices = new Map<string, { deviceId: string; deviceName: string; count: number }>();
  for (const checkIn of first.values()) {
    const hour = hourStartOf(checkIn.at);
    hours.set(hour, (hours.get(hour) ?? 0) + 1);
    const device = devices.get(checkIn.deviceId) ?? { ...checkIn, count: 0 };
    device.count += 1;
    devices.set(checkIn.deviceId, device);
  }
  return {
    checkedIn: first.size,
    registered: Math.max(registered, first.size),
    perHour: [...hours]
      .sort((a, b) => a[0] - b[0])
      .map(([hourStart, count]) => ({ hourStart, count })),
    perDevice: [...devices.values()]
      .map(({ deviceId, deviceName, count }) => ({ deviceId, deviceName, count }))
      .sort((a, b) => b.count - a.count || a.deviceName.localeCompare(b.deviceName)),
  };
}

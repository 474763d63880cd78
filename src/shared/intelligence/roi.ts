/**
 * What an event gave for what it cost. Counts come from the pool (one lead per person captured
 * at the event; MQLs and SQLs are the event's customers that ever reached that stage); the ratios
 * are computed here so the pool app, exports and tests agree on them.
 */
export interface EventFunnelCounts {
  /** People captured at the event (a person folded into another counts once). */
  leads: number;
  /** Of those, registered before or at the event (a ticket or the kiosk/phone form). */
  registered: number;
  checkedIn: number;
  /** Customers of the event that reached MQL (or later), and SQL. */
  mqls: number;
  sqls: number;
  downloads: number;
  drawEntries: number;
}

export interface EventRoi extends EventFunnelCounts {
  cost: { amount: number; currency: string };
  /** Cost divided by the count, rounded to cents; null when the count is zero. */
  costPerLead: number | null;
  costPerMql: number | null;
  costPerSql: number | null;
  /** Checked in ÷ registered, 0…1 (4 decimals); null when nobody registered. */
  checkInRate: number | null;
  /** MQLs ÷ leads, 0…1 (4 decimals); null when there are no leads. */
  mqlRate: number | null;
}

const per = (amount: number, count: number) =>
  count > 0 ? Math.round((amount / count) * 100) / 100 : null;
const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

export function computeRoi(
  cost: { amount: number; currency: string },
  counts: EventFunnelCounts,
): EventRoi {
  return {
    cost,
    ...counts,
    costPerLead: per(cost.amount, counts.leads),
    costPerMql: per(cost.amount, counts.mqls),
    costPerSql: per(cost.amount, counts.sqls),
    checkInRate: rate(counts.checkedIn, counts.registered),
    mqlRate: rate(counts.mqls, counts.leads),
  };
}

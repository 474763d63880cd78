import { describe, expect, it } from 'vitest';
import { computeRoi, type EventFunnelCounts } from './roi';

const NOTHING: EventFunnelCounts = {
  leads: 0,
  registered: 0,
  checkedIn: 0,
  mqls: 0,
  sqls: 0,
  downloads: 0,
  drawEntries: 0,
};

describe('computeRoi', () => {
  it("the seeds' workshop: 30,000 CNY for 100 MQLs is 300 CNY per MQL", () => {
    const roi = computeRoi(
      { amount: 30_000, currency: 'CNY' },
      {
        leads: 240,
        registered: 300,
        checkedIn: 210,
        mqls: 100,
        sqls: 12,
        downloads: 85,
        drawEntries: 150,
      },
    );
    expect(roi).toEqual({
      cost: { amount: 30_000, currency: 'CNY' },
      leads: 240,
      registered: 300,
      checkedIn: 210,
      mqls: 100,
      sqls: 12,
      downloads: 85,
      drawEntries: 150,
      costPerLead: 125,
      costPerMql: 300,
      costPerSql: 2500,
      checkInRate: 0.7,
      mqlRate: 0.4167,
    });
  });

  it('rounds money to cents and rates to four decimals', () => {
    const roi = computeRoi(
      { amount: 10_000, currency: 'CNY' },
      { ...NOTHING, leads: 3, mqls: 3, sqls: 7, registered: 3, checkedIn: 2 },
    );
    expect(roi.costPerLead).toBe(3333.33);
    expect(roi.costPerSql).toBe(1428.57);
    expect(roi.checkInRate).toBe(0.6667);
    expect(roi.mqlRate).toBe(1);
  });

  it('a zero count gives null, never Infinity or NaN; a free event costs 0 per lead', () => {
    expect(computeRoi({ amount: 30_000, currency: 'CNY' }, NOTHING)).toMatchObject({
      costPerLead: null,
      costPerMql: null,
      costPerSql: null,
      checkInRate: null,
      mqlRate: null,
    });
    expect(computeRoi({ amount: 0, currency: 'CNY' }, { ...NOTHING, leads: 10 })).toMatchObject({
      costPerLead: 0,
      costPerMql: null,
      mqlRate: 0,
    });
  });
});

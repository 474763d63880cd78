import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Subscription } from 'rxjs';
import { DEFAULT_CONFIG, explain, type IntelligenceConfig } from '../../shared/intelligence';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  type LeadEvent,
} from '../../shared/schemas';
import { saveIntelligence } from './intelligence-config';
import { leadAssessment$, leadAssessments$, type BoothAssessment } from './lead-assessment';
import {
  recordInteraction,
  registerAttendee,
  saveQualification,
  type CaptureContext,
} from './leads';
import { closeTestStores, openStore } from './testing';

const subscriptions: Subscription[] = [];
afterEach(async () => {
  while (subscriptions.length) subscriptions.pop()?.unsubscribe();
  await closeTestStores();
});

/** A few minutes after the store's test clock: every fact is "today". */
const NOW = 1_700_000_300_000;
const clock = () => NOW;

async function capture(ctx: CaptureContext, event: LeadEvent, name: string, phone: string) {
  const result = await registerAttendee(
    ctx,
    event,
    { ...EMPTY_PERSON_INPUT, name, phone, title: '采购总监', companySize: '500-999人' },
    { source: 'staff', consentGranted: true, requireConsent: false },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.person;
}

/** The latest value of a live assessment, as the panel would render it. */
function watch<T>(source: { subscribe(next: (value: T) => void): Subscription }) {
  const seen: T[] = [];
  subscriptions.push(source.subscribe((value) => seen.push(value)));
  return {
    latest: () => seen.at(-1),
    until: (predicate: (value: T) => boolean) =>
      vi.waitFor(
        () => {
          const value = seen.at(-1);
          expect(value !== undefined && predicate(value)).toBe(true);
          return value as T;
        },
        { timeout: 5000 },
      ),
  };
}

const labels = (a: BoothAssessment, axis: 'fit' | 'engagement') =>
  explain(a.assessment, 'zh-CN')
    .filter((line) => line.axis === axis)
    .map((line) => line.label);

describe('a lead assessed on the booth from its own store', () => {
  it('a 总监 at a 500–999 company grades B, then qualified hot with BANT becomes an A MQL at once', async () => {
    const { db, ctx, event } = await openStore();
    const person = await capture(ctx, event, '王总监', '13800138001');
    const live = watch(leadAssessment$(db, person.id, clock));

    const captured = await live.until((a) => a !== null && a.assessment.engagement.score > 0);
    expect(captured?.assessment.fit).toMatchObject({ points: 45, grade: 'B' });
    expect(labels(captured!, 'fit')).toEqual([
      '+20 职位: 采购总监',
      '+10 部门: 采购',
      '+15 公司规模: 500-999人',
    ]);
    expect(labels(captured!, 'engagement')).toEqual(['+5 报名 · 今天']);
    expect(captured).toMatchObject({ mql: false, revision: null });
    expect(captured?.assessment.cell).toBe('B4');
    expect(captured?.assessment.tags).toEqual(
      expect.arrayContaining(['seniority:director', 'department:procurement', 'size:500-999']),
    );

    await saveQualification(
      ctx,
      event.id,
      person.id,
      {
        ...EMPTY_QUALIFICATION_FIELDS,
        rating: 'hot',
        budget: '100k_1m',
        authority: 'decision_maker',
        interests: ['CRM'],
      },
      '',
    );
    const qualified = await live.until((a) => a?.mql === true);
    expect(qualified?.assessment.fit).toMatchObject({ points: 72, grade: 'A' });
    expect(labels(qualified!, 'fit')).toEqual(
      expect.arrayContaining(['+12 预算: 10万–100万', '+15 决策权: 决策者']),
    );
    expect(qualified?.assessment.cell).toBe('A4');
    expect(qualified?.assessment.transition?.why).toContain('booth rating hot');
    expect(qualified?.assessment.tags).toContain('interest:CRM');

    // The visitor checks in: the score and its lines follow, and still add up.
    await recordInteraction(ctx, { eventId: event.id, personId: person.id, type: 'checked_in' });
    const checkedIn = await live.until((a) => a?.assessment.engagement.score === 15);
    expect(labels(checkedIn!, 'engagement')).toEqual(
      expect.arrayContaining(['+10 签到 · 今天', '+5 报名 · 今天']),
    );
    const lines = explain(checkedIn!.assessment, 'en');
    const sum = (axis: string) =>
      lines.filter((l) => l.axis === axis).reduce((total, l) => total + l.points, 0);
    expect(sum('fit')).toBe(checkedIn?.assessment.fit.points);
    expect(sum('engagement')).toBe(checkedIn?.assessment.engagement.score);
  });

  it('scores by the config sync stored, and follows a new one without reopening the lead', async () => {
    const { db, ctx, event } = await openStore();
    const person = await capture(ctx, event, '李总监', '13800138002');
    await saveQualification(
      ctx,
      event.id,
      person.id,
      { ...EMPTY_QUALIFICATION_FIELDS, nextStep: 'demo' },
      '',
    );
    const live = watch(leadAssessment$(db, person.id, clock));
    await live.until((a) => a?.mql === true);

    // The pool's marketing team only counts A leads with a score of 80 as MQL.
    const strict: IntelligenceConfig = {
      ...DEFAULT_CONFIG,
      mql: { anyOf: [{ kind: 'fitAndScore', grade: 'A', minScore: 80 }] },
    };
    await saveIntelligence(db, { revision: 7, config: strict }, NOW);
    const rescored = await live.until((a) => a?.revision === 7);
    expect(rescored?.mql).toBe(false);
    expect(rescored?.assessment.stage.stage).toBe('RL');
  });

  it('marks each row of the list by its own data', async () => {
    const { db, ctx, event } = await openStore();
    const hot = await capture(ctx, event, '赵总监', '13800138003');
    const cold = await capture(ctx, event, '钱总监', '13800138004');
    const rows = watch(leadAssessments$(db, [hot, cold], clock));
    await rows.until((map) => map.size === 2);
    expect([...rows.latest()!.values()].map((a) => a.mql)).toEqual([false, false]);

    await saveQualification(
      ctx,
      event.id,
      hot.id,
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'hot' },
      '',
    );
    const marked = await rows.until((map) => map.get(hot.id)?.mql === true);
    expect(marked.get(cold.id)?.mql).toBe(false);
    expect(marked.get(hot.id)?.assessment.cell).toBe('B4');
    // The list shows the booth's rating beside the cell; an unrated lead shows none.
    expect(marked.get(hot.id)?.rating).toBe('hot');
    expect(marked.get(cold.id)?.rating).toBe('');
  });

  it('left open over the event, its facts fade and their lines age without any new data', async () => {
    const { db, ctx, event } = await openStore();
    const person = await capture(ctx, event, '孙总监', '13800138005');
    await recordInteraction(ctx, {
      eventId: event.id,
      personId: person.id,
      type: 'demo_requested',
    });
    let now = NOW;
    const live = watch(leadAssessment$(db, person.id, () => now, 20));
    const today = await live.until((a) => labels(a!, 'engagement').includes('+15 申请演示 · 今天'));
    expect(today?.assessment.engagement.score).toBe(20);

    now += 30 * 86_400_000; // one half-life of a demo request later
    const later = await live.until((a) =>
      labels(a!, 'engagement').some((l) => l.includes('30 天前')),
    );
    // 15 × ½ less a few minutes' more decay, and the registration's 5 with its 90-day half-life.
    expect(labels(later!, 'engagement')).toEqual(['+7 申请演示 · 30 天前', '+4 报名 · 30 天前']);
    expect(later?.assessment.engagement.score).toBe(11);
    // The MQL verdict on a demo request does not fade with it.
    expect(later?.mql).toBe(true);
  });

  it('is null for a person this device does not hold', async () => {
    const { db } = await openStore();
    const live = watch(leadAssessment$(db, 'no-such-person', clock));
    await live.until((a) => a === null);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assessLead,
  DAY_MS,
  DEFAULT_CONFIG,
  INITIAL_STAGE,
  type IntelligenceConfig,
} from '../../shared/intelligence';
import { newId } from '../../shared/ids';
import {
  editQualification,
  emptyQualification,
  qualificationFieldsOf,
} from '../../shared/qualification-ops';
import type { LeadEvent } from '../../shared/schemas';
import { openPostgres } from '../db/postgres';
import type { SqlDatabase } from '../db/sql';
import { CSV_MIME, type DuplicateListResponse, type ImportResponse } from '../../shared/api';
import { bearer, createEvent, enrollDevice, importFile } from '../routes/routes.test-kit';
import { factOf, personOf, push } from '../security/security.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { saveConfig } from './intelligence-config';
import { markAllDue } from './scoring';
import { createScoringWorker } from './scoring-worker';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/** A clock the test moves: decay is shown by time passing, not by waiting. */
let now = Date.UTC(2026, 10, 26, 9, 0, 0);
const clock = () => now;

let pool: TestPool;
let event: LeadEvent;
let device: string;

beforeAll(async () => {
  pool = await startTestPool({ clock });
  event = await createEvent(pool, { name: 'Scoring expo' });
  device = await enrollDevice(pool, event.id);
});
afterAll(() => pool.close());

interface ScoredRow {
  id: string;
  grade: string;
  fit_points: number;
  score: number;
  engagement_level: number;
  stage: string;
  stage_changed_at: string | number | null;
  owner: string | null;
  queue: string | null;
  sla_due_at: string | number | null;
  tags: string[];
  explanation: { fit: unknown[]; engagement: unknown[] };
  scored_at: string | number | null;
  scored_revision: number | null;
  rescore_at: string | number | null;
}

async function customerOf(db: SqlDatabase, personId: string): Promise<ScoredRow> {
  const [row] = await db.query<ScoredRow>(
    `select c.id, c.grade, c.fit_points, c.score, c.engagement_level, c.stage, c.stage_changed_at,
            c.owner, c.queue, c.sla_due_at, c.tags, c.explanation, c.scored_at,
            c.scored_revision, c.rescore_at
       from customers c join customer_people cp on cp.customer_id = c.id
      where cp.person_id = $1`,
    [personId],
  );
  if (!row) throw new Error(`no customer for ${personId}`);
  return row;
}

async function scoredRow(db: SqlDatabase, customerId: string): Promise<ScoredRow> {
  const [row] = await db.query<ScoredRow>(
    'select id, grade, score, stage, scored_at from customers where id = $1',
    [customerId],
  );
  if (!row) throw new Error(`no customer ${customerId}`);
  return row;
}

async function pushOk(collection: 'people' | 'interactions' | 'qualifications', docs: object[]) {
  const response = await push(pool, device, collection, docs);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toEqual([]);
}

describe('scoring on ingest (a real device push through the sync route)', () => {
  it('scores a 总监 at a 500+ company who asked for a demo 3 days ago as the engine does, makes them MQL and routes them', async () => {
    const director = personOf(
      event.id,
      { name: '王总监', phone: '13800138001', title: '采购总监', companySize: '500+' },
      now,
    );
    const demo = factOf(event.id, director.id, 'demo_requested', now - 3 * DAY_MS);
    await pushOk('people', [director]);
    await pushOk('interactions', [demo]);

    const row = await customerOf(pool.db, director.id);
    // Worked by hand: 总监 +20, 采购 (from the title) +10, 500+ → 500-999 +15 = 45 ≥ B's 40;
    // demo 15 × 0.5^(3/30) = 13.99 → 14; level 3 (≥ 10); any demo request makes an MQL.
    expect(row.grade).toBe('B');
    expect(row.fit_points).toBe(45);
    expect(row.score).toBe(14);
    expect(row.engagement_level).toBe(3);
    expect(row.stage).toBe('MQL');
    expect(Number(row.stage_changed_at)).toBe(now);
    expect(row.tags).toEqual(
      expect.arrayContaining([
        'seniority:director',
        'department:procurement',
        'size:500-999',
        'behaviour:demo_requested',
      ]),
    );
    // The stored lines are exactly the engine's for the same data.
    const engine = assessLead(
      {
        profile: {
          title: '采购总监',
          department: '',
          industry: '',
          companySize: '500+',
          province: '',
          city: '',
        },
        facts: [demo],
        qualifications: [],
        stage: INITIAL_STAGE,
      },
      DEFAULT_CONFIG,
      now,
    );
    expect(row.explanation).toEqual({
      fit: engine.fit.lines,
      engagement: engine.engagement.lines,
    });
    expect(row.explanation.fit).toEqual([
      { points: 20, key: 'title', detail: '采购总监' },
      { points: 10, key: 'department', detail: 'procurement' },
      { points: 15, key: 'companySize', detail: '500+' },
    ]);
    expect(row.scored_revision).toBe(0);
    expect(Number(row.scored_at)).toBe(now);
    // The demo still decays: the pass looks again tomorrow.
    expect(Number(row.rescore_at)).toBe(now + DAY_MS);
    // No routing rule out of the box: the default queue, with grade B's 24-hour SLA.
    expect(row.owner).toBeNull();
    expect(row.queue).toBe('inbox');
    expect(Number(row.sla_due_at)).toBe(now + 24 * 3_600_000);

    const changes = await pool.db.query<Record<string, unknown>>(
      `select kind, from_value, to_value, who, at, why from customer_changes
        where customer_id = $1 order by kind desc`,
      [row.id],
    );
    expect(changes).toEqual([
      {
        kind: 'stage',
        from_value: 'RL',
        to_value: 'MQL',
        who: 'system',
        at: expect.anything(),
        why: 'MQL rule: fact demo_requested',
      },
      {
        kind: 'owner',
        from_value: null,
        to_value: null,
        who: 'system',
        at: expect.anything(),
        why: 'no rule matched: queue inbox',
      },
    ]);
    expect(changes.map((c) => Number(c.at))).toEqual([now, now]);
  });

  it('rescores only the customers a push touches, and a qualification changes the grade', async () => {
    const a = personOf(event.id, { name: '甲', phone: '13800138011', title: '工程师' }, now);
    const b = personOf(event.id, { name: '乙', phone: '13800138012', title: '工程师' }, now);
    await pushOk('people', [a, b]);
    const before = await customerOf(pool.db, b.id);
    expect(before.grade).toBe('D');
    // 工程师: engineer +6, and the title says engineering +6.
    expect(before.fit_points).toBe(12);

    now += 60_000;
    await pushOk('interactions', [factOf(event.id, a.id, 'checked_in', now)]);
    const afterA = await customerOf(pool.db, a.id);
    const afterB = await customerOf(pool.db, b.id);
    expect(afterA.score).toBe(10);
    expect(Number(afterA.scored_at)).toBe(now);
    // b had no new data: not written again.
    expect(afterB.scored_at).toEqual(before.scored_at);

    now += 60_000;
    const empty = emptyQualification(event.id, b.id, now);
    const qualified = editQualification(
      empty,
      {
        ...qualificationFieldsOf(empty),
        budget: 'over_1m',
        authority: 'decision_maker',
        timeline: 'now',
        rating: 'hot',
      },
      null,
      now,
    );
    await pushOk('qualifications', [qualified]);
    const qualifiedB = await customerOf(pool.db, b.id);
    // 12, budget over 1M +20, decision maker +15, buying now +15 = 62 → A; a hot rating is MQL.
    expect(qualifiedB.fit_points).toBe(62);
    expect(qualifiedB.grade).toBe('A');
    expect(qualifiedB.stage).toBe('MQL');
  });

  it('a lead sales returned carries the return in its stored score and stays nurtured', async () => {
    const lead = personOf(
      event.id,
      { name: '赵总', phone: '13800138031', title: '总经理', companySize: '1000人' },
      now,
    );
    await pushOk('people', [lead]);
    await pushOk(
      'interactions',
      [1, 2, 3].map((n) => factOf(event.id, lead.id, 'trial_requested', now - n * 60_000)),
    );
    const mql = await customerOf(pool.db, lead.id);
    expect(mql.stage).toBe('MQL');
    const returned = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${mql.id}/stage`,
      headers: bearer(pool.adminToken),
      payload: { to: 'nurture', why: '预算明年才批' },
    });
    expect(returned.statusCode, returned.body).toBe(200);

    // The next push about them rescores: the return's −30 is in the stored score and lines, and
    // the trial requests from before the return do not bounce the lead back to MQL.
    now += 60_000;
    await pushOk('interactions', [factOf(event.id, lead.id, 'checked_in', now)]);
    const after = await customerOf(pool.db, lead.id);
    expect(after.stage).toBe('nurture');
    expect(after.score).toBe(mql.score + 10 - 30);
    expect(after.explanation.engagement).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'sales_returned', points: -30 })]),
    );
  });
});

describe('scoring on an attendee import', () => {
  it('scores imported attendees in the import transaction', async () => {
    now += 60_000;
    const imported = await importFile(
      pool,
      event.id,
      ['姓名,手机,职位,公司规模', '赵总监,13800138041,研发总监,1000人以上'].join('\r\n'),
      CSV_MIME,
    );
    expect(imported.statusCode, imported.body).toBe(200);
    const [personId] = (imported.json() as ImportResponse).tickets.map((t) => t.personId);
    const row = await customerOf(pool.db, personId!);
    // 总监 +20, 研发 +6, 1000+ +20 = 46 → B; the import's registered fact +5.
    expect(row).toMatchObject({ grade: 'B', fit_points: 46, score: 5, stage: 'RL' });
    expect(Number(row.scored_at)).toBe(now);
    expect(row.tags).toEqual(expect.arrayContaining(['seniority:director', 'department:rd']));
  });
});

describe('scoring after merges and their undo', () => {
  it('scores the survivor on both histories after a confirmed duplicate, and each apart again after undo', async () => {
    const ann = personOf(event.id, { name: 'Ann', email: 'ann@example.com' }, now);
    const bob = personOf(event.id, { name: 'Bob', phone: '+8613700002222' }, now);
    await pushOk('people', [ann, bob]);
    await pushOk('interactions', [
      factOf(event.id, bob.id, 'checked_in', now),
      factOf(event.id, bob.id, 'demo_requested', now - 3 * DAY_MS),
    ]);
    const annCustomer = (await customerOf(pool.db, ann.id)).id;
    const bobCustomer = (await customerOf(pool.db, bob.id)).id;
    expect((await customerOf(pool.db, bob.id)).score).toBe(24);
    expect((await customerOf(pool.db, ann.id)).score).toBe(0);

    // Ann types Bob's phone under her own name: a possible duplicate, which marketing confirms.
    now += 60_000;
    const annWithPhone = { ...ann, phone: '+8613700002222', updatedAt: now };
    const pushed = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/people/push',
      headers: bearer(device),
      payload: [
        {
          newDocumentState: { ...annWithPhone, _deleted: false },
          assumedMasterState: { ...ann, _deleted: false },
        },
      ],
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    const queue = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/customers/duplicates',
      headers: bearer(pool.adminToken),
    });
    const pair = (queue.json() as DuplicateListResponse).duplicates.find(
      (d) => d.personId === ann.id,
    );
    expect(pair).toBeDefined();
    now += 60_000;
    const confirmed = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/duplicates/${pair?.id}/confirm`,
      headers: bearer(pool.adminToken),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const survivor = await scoredRow(pool.db, annCustomer);
    expect(survivor.score).toBe(24);
    expect(survivor.stage).toBe('MQL');
    expect(Number(survivor.scored_at)).toBe(now);

    now += 60_000;
    const [merge] = await pool.db.query<{ id: string }>(
      'select id from customer_merges where survivor_id = $1 and undone_at is null',
      [annCustomer],
    );
    const undo = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/merges/${merge?.id}/undo`,
      headers: bearer(pool.adminToken),
    });
    expect(undo.statusCode, undo.body).toBe(200);
    const annAfter = await scoredRow(pool.db, annCustomer);
    const bobAfter = await scoredRow(pool.db, bobCustomer);
    expect(annAfter.score).toBe(0);
    expect(bobAfter.score).toBe(24);
    expect(bobAfter.stage).toBe('MQL');
    expect([Number(annAfter.scored_at), Number(bobAfter.scored_at)]).toEqual([now, now]);
  });
});

describe('the decay pass', () => {
  it('lowers a score as its facts age, then stops looking once nothing decays', async () => {
    const visitor = personOf(event.id, { name: '丙', phone: '13800138021' }, now);
    await pushOk('people', [visitor]);
    await pushOk('interactions', [factOf(event.id, visitor.id, 'content_downloaded', now)]);
    const fresh = await customerOf(pool.db, visitor.id);
    expect(fresh.score).toBe(10);

    const worker = createScoringWorker({ db: pool.db, clock, newId, batchSize: 50 });
    now += 45 * DAY_MS;
    await worker.runOnce();
    // One half-life later: 10 × 0.5 = 5.
    expect((await customerOf(pool.db, visitor.id)).score).toBe(5);
    now += 400 * DAY_MS;
    await worker.runOnce();
    const old = await customerOf(pool.db, visitor.id);
    expect(old.score).toBe(0);
    expect(old.rescore_at).toBeNull();
    // A line decayed to nothing is not stored: the lines still add up to the score.
    expect(old.explanation.engagement).toEqual([]);
    await worker.stop();
  });

  it('with two pool processes scores each due customer exactly once', async () => {
    const second = await secondConnection(pool.db);
    try {
      const people = Array.from({ length: 40 }, (_, i) =>
        personOf(
          event.id,
          { name: `访客${i}`, phone: `1390013${String(i).padStart(4, '0')}` },
          now,
        ),
      );
      await pushOk('people', people);
      await pool.db.transaction((tx) => markAllDue(tx));
      const due = await pool.db.query<{ id: string }>(
        'select id from customers where merged_into is null and rescore_at = 0',
      );
      expect(due.length).toBeGreaterThanOrEqual(40);

      const scoredBy: string[][] = [[], []];
      const workers = [pool.db, second].map((db, i) =>
        createScoringWorker({
          db,
          clock,
          newId,
          batchSize: 3,
          onScored: (ids) => scoredBy[i]!.push(...ids),
        }),
      );
      await Promise.all(workers.map((w) => w.runOnce()));
      const all = [...scoredBy[0]!, ...scoredBy[1]!];
      // Every due customer scored, none twice, whichever process got it.
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(due.map((d) => d.id)));
      const left = await pool.db.query('select id from customers where rescore_at = 0');
      expect(left).toEqual([]);
      await Promise.all(workers.map((w) => w.stop()));
    } finally {
      if (second !== pool.db) await second.close();
    }
  });

  it('a saved config rescores every customer with the new rules', async () => {
    const manager = personOf(event.id, { name: '丁', phone: '13800138031', title: '经理' }, now);
    await pushOk('people', [manager]);
    expect((await customerOf(pool.db, manager.id)).grade).toBe('D');
    const generous: IntelligenceConfig = {
      ...DEFAULT_CONFIG,
      grading: { ...DEFAULT_CONFIG.grading, thresholds: { A: 12, B: 8, C: 4 } },
    };
    const saved = await pool.db.transaction(async (tx) => {
      const result = await saveConfig(tx, generous, 0, 'admin', now);
      await markAllDue(tx);
      return result;
    });
    expect(saved.ok).toBe(true);
    const worker = createScoringWorker({ db: pool.db, clock, newId, batchSize: 100 });
    await worker.runOnce();
    const row = await customerOf(pool.db, manager.id);
    expect(row.grade).toBe('A');
    expect(row.scored_revision).toBe(1);
    await worker.stop();
  });
});

/**
 * A second pool process's connection to the same database: on PostgreSQL a new connection to the
 * test's schema; PGlite has one connection per database, so two workers share it there.
 */
async function secondConnection(db: SqlDatabase): Promise<SqlDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url || db.kind !== 'postgres') return db;
  const [row] = await db.query<{ schema: string }>('select current_schema() as schema');
  const separator = url.includes('?') ? '&' : '?';
  return openPostgres(`${url}${separator}options=-c%20search_path%3D${row?.schema ?? 'public'}`);
}

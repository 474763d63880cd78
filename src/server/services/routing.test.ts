import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type IntelligenceConfig } from '../../shared/intelligence';
import { newId } from '../../shared/ids';
import { openPostgres } from '../db/postgres';
import type { SqlDatabase } from '../db/sql';
import { openTestDatabase } from '../testing';
import { assignNewMqls, type NewMql } from './routing';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const none = { regions: [], provinces: [], industries: [], interests: [], sizes: [], grades: [] };
const config: IntelligenceConfig = {
  ...DEFAULT_CONFIG,
  routing: {
    rules: [
      {
        id: 'south',
        name: '华南团队',
        when: { ...none, regions: ['south'] },
        assign: { kind: 'team', members: ['li', 'wang', 'zhao'], strategy: 'round_robin' },
      },
      {
        id: 'key',
        name: 'Key accounts',
        when: { ...none, sizes: ['1000+'] },
        assign: { kind: 'team', members: ['kim', 'lee'], strategy: 'least_loaded' },
      },
    ],
    defaultQueue: 'inbox',
    slaHours: { A: 8, B: 24, C: 72, D: null },
  },
};

let db: SqlDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function customer(
  profile: Record<string, string>,
  stored: { stage?: string; owner?: string } = {},
): Promise<string> {
  const id = newId();
  await db.query(
    `insert into customers (id, profile, created_at, updated_at, stage, owner)
     values ($1, $2::jsonb, 0, 0, $3, $4)`,
    [id, JSON.stringify(profile), stored.stage ?? 'MQL', stored.owner ?? null],
  );
  return id;
}

const mql = (
  customerId: string,
  profile: Record<string, string>,
  grade: NewMql['grade'] = 'B',
) => ({
  customerId,
  previousOwner: null,
  grade,
  interests: [],
  nextSteps: [],
  profile: { province: '', city: '', industry: '', companySize: '', ...profile },
});

const ownersOf = async (ids: string[]) => {
  const rows = await db.query<{ id: string; owner: string | null }>(
    'select id, owner from customers where id = any($1::text[])',
    [ids],
  );
  return ids.map((id) => rows.find((r) => r.id === id)?.owner ?? null);
};

describe('assignNewMqls: routing new MQLs in the pool', () => {
  it('keeps the round-robin position between transactions, and records each assignment', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await customer({ province: '广东' }));
    for (const batch of [ids.slice(0, 2), ids.slice(2)]) {
      await db.transaction((tx) =>
        assignNewMqls(
          tx,
          batch.map((id) => mql(id, { province: '广东' })),
          config,
          NOW,
          newId,
        ),
      );
    }
    expect(await ownersOf(ids)).toEqual(['li', 'wang', 'zhao', 'li']);
    const [row] = await db.query<{ sla_due_at: string; queue: string | null }>(
      'select sla_due_at, queue from customers where id = $1',
      [ids[0]!],
    );
    expect(Number(row?.sla_due_at)).toBe(NOW + 24 * 3_600_000);
    expect(row?.queue).toBeNull();
    const changes = await db.query(
      `select kind, from_value, to_value, who, why from customer_changes where customer_id = $1`,
      [ids[0]!],
    );
    expect(changes).toEqual([
      {
        kind: 'owner',
        from_value: null,
        to_value: 'li',
        who: 'system',
        why: 'rule 华南团队: region south; round robin',
      },
    ]);
  });

  it('gives key accounts to whoever holds fewer open leads, counting this batch as it goes', async () => {
    // kim already holds two open leads (MQL, SAL); a lead sales took to SQL no longer counts.
    await customer({}, { stage: 'MQL', owner: 'kim' });
    await customer({}, { stage: 'SAL', owner: 'kim' });
    await customer({}, { stage: 'SQL', owner: 'lee' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await customer({ companySize: '2000人' }));
    await db.transaction((tx) =>
      assignNewMqls(
        tx,
        ids.map((id) => mql(id, { companySize: '2000人' }, 'A')),
        config,
        NOW,
        newId,
      ),
    );
    // lee 0 → 1 → 2 (a tie goes to kim, listed first) → kim.
    expect(await ownersOf(ids)).toEqual(['lee', 'lee', 'kim']);
  });

  it('queues what no rule matches, with no SLA for grade D', async () => {
    const id = await customer({ province: '四川' });
    const [assignment] = await db.transaction((tx) =>
      assignNewMqls(tx, [mql(id, { province: '四川' }, 'D')], config, NOW, newId),
    );
    expect(assignment?.decision).toEqual({
      kind: 'queue',
      queue: 'inbox',
      why: 'no rule matched: queue inbox',
    });
    const [row] = await db.query<Record<string, unknown>>(
      'select owner, queue, sla_due_at from customers where id = $1',
      [id],
    );
    expect(row).toEqual({ owner: null, queue: 'inbox', sla_due_at: null });
  });

  it('shares a team evenly when two pool processes route at once', async () => {
    const url = process.env.DATABASE_URL;
    const [schema] = await db.query<{ name: string }>('select current_schema() as name');
    const separator = url?.includes('?') ? '&' : '?';
    // A second connection to the same database: PostgreSQL only (PGlite has one connection).
    const other =
      url && db.kind === 'postgres'
        ? await openPostgres(`${url}${separator}options=-c%20search_path%3D${schema?.name}`)
        : db;
    try {
      const [cursor] = await db.query<{ next: number }>(
        `select next from routing_cursors where rule_id = 'south'`,
      );
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await customer({ province: '广西' }));
      await Promise.all(
        [db, other].map((conn, k) =>
          conn.transaction((tx) =>
            assignNewMqls(
              tx,
              ids.slice(k * 3, k * 3 + 3).map((id) => mql(id, { province: '广西' })),
              config,
              NOW,
              newId,
            ),
          ),
        ),
      );
      const owners = await ownersOf(ids);
      const counts = Object.fromEntries(
        ['li', 'wang', 'zhao'].map((m) => [m, owners.filter((o) => o === m).length]),
      );
      expect(counts).toEqual({ li: 2, wang: 2, zhao: 2 });
      const [after] = await db.query<{ next: number }>(
        `select next from routing_cursors where rule_id = 'south'`,
      );
      expect(after?.next).toBe(cursor?.next);
    } finally {
      if (other !== db) await other.close();
    }
  });
});

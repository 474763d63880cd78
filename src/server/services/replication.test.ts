import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type Interaction } from '../../shared/schemas';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import { lockCollections } from './identity';
import { canonicalJson } from './replication';

// Pool tests share a loaded machine with other suites: be patient, never assert on time.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 60_000 });

const PUSHERS = 8;
const BATCHES = 8;
const BATCH_SIZE = 25;

describe('pull under concurrent pushes', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
    // Real HTTP: on PostgreSQL every push is its own connection and transaction, in parallel.
    await pool.listen();
  });
  afterAll(async () => {
    await pool.close();
  });

  const device = (eventId: string) => testDeviceToken(pool.db, eventId, 'B');

  async function post(token: string, path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${pool.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  it('never skips a committed row: a looping puller sees every pushed document exactly once', async () => {
    const eventId = newId();
    const tokens = await Promise.all(Array.from({ length: PUSHERS }, () => device(eventId)));
    const pushed = { interactions: new Set<string>(), people: new Set<string>() };
    let pushing = true;

    // Each pusher sends interactions and, in between, people (which hold the people lock and do
    // identity work, so transactions of different lengths commit in every possible order).
    const pushers = tokens.map(async (token, p) => {
      for (let b = 0; b < BATCHES; b++) {
        const at = Date.now();
        const person = createPerson(
          newId(),
          eventId,
          {
            ...EMPTY_PERSON_INPUT,
            name: `P${p}-${b}`,
            phone: `+86139${String(p * 100 + b).padStart(8, '0')}`,
          },
          NO_CONSENT,
          { source: 'staff', deviceId: `d${p}`, at },
        );
        const facts: Interaction[] = Array.from({ length: BATCH_SIZE }, () => ({
          id: newId(),
          eventId,
          personId: person.id,
          type: 'badge_scanned',
          deviceId: `d${p}`,
          staffId: 's',
          occurredAt: at,
          data: { batch: b },
          updatedAt: at,
        }));
        const pushes = [
          post(
            token,
            '/sync/interactions/push',
            facts.map((f) => ({ newDocumentState: { ...f, _deleted: false } })),
          ),
          post(token, '/sync/people/push', [{ newDocumentState: { ...person, _deleted: false } }]),
        ];
        expect(await Promise.all(pushes)).toEqual([[], []]);
        for (const f of facts) pushed.interactions.add(f.id);
        pushed.people.add(person.id);
      }
    });

    const reader = await device(eventId);
    const pulled = { interactions: [] as string[], people: [] as string[] };
    const checkpoints: Record<string, unknown> = {};
    let pulls = 0;
    async function pullOnce(collection: 'interactions' | 'people'): Promise<number> {
      const query = new URLSearchParams({ limit: '37' });
      if (checkpoints[collection]) query.set('checkpoint', JSON.stringify(checkpoints[collection]));
      const res = await fetch(`${pool.url}/api/v1/sync/${collection}/pull?${query}`, {
        headers: { authorization: `Bearer ${reader}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { documents: { id: string }[]; checkpoint: unknown };
      pulled[collection].push(...body.documents.map((d) => d.id));
      checkpoints[collection] = body.checkpoint;
      pulls += 1;
      return body.documents.length;
    }
    const puller = (async () => {
      while (pushing) {
        await pullOnce('interactions');
        await pullOnce('people');
      }
    })();

    try {
      await Promise.all(pushers);
    } finally {
      pushing = false;
      await puller;
    }
    // Drain from where the puller stood: a skipped row would stay behind its checkpoint forever.
    while ((await pullOnce('interactions')) > 0);
    while ((await pullOnce('people')) > 0);

    expect(pushed.interactions.size).toBe(PUSHERS * BATCHES * BATCH_SIZE);
    expect(pulls).toBeGreaterThan(4);
    // Interactions never change after insert: each id arrives once, and all of them arrive.
    expect(pulled.interactions).toHaveLength(pushed.interactions.size);
    expect(new Set(pulled.interactions)).toEqual(pushed.interactions);
    // People can be rewritten (new seq), so one may arrive again; none may be missing.
    expect(new Set(pulled.people)).toEqual(pushed.people);
  });
});

describe('sequence locks', () => {
  it('refuse to be taken out of order or outside a transaction', async () => {
    const pool = await startTestPool();
    try {
      await expect(lockCollections(pool.db, ['people'])).rejects.toThrow(/inside a transaction/);
      await expect(
        pool.db.transaction(async (tx) => {
          await lockCollections(tx, ['interactions']);
          await lockCollections(tx, ['people']);
        }),
      ).rejects.toThrow(/people must be locked before interactions/);
      await pool.db.transaction(async (tx) => {
        await lockCollections(tx, ['qualifications', 'people', 'interactions']);
        await lockCollections(tx, ['people']);
      });
    } finally {
      await pool.close();
    }
  });

  it('compare documents whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COLLECTIONS } from '../../shared/collections';
import { DEFAULT_DRAW_ELIGIBILITY } from '../../shared/draws';
import { newId } from '../../shared/ids';
import {
  EMPTY_QUALIFICATION_FIELDS,
  findUnstorableText,
  isStorableText,
  qualificationId,
  type Qualification,
} from '../../shared/schemas';
import type { SyncedCollection } from '../../shared/sync';
import { bearer } from '../routes/routes.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { factOf, openScene, personOf, push, type Scene } from './security.test-kit';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 60_000 });

/**
 * Push bodies fuzzed with fast-check: hostile strings (NUL, lone surrogates, RTL overrides, 10 KB,
 * spreadsheet formulas, SQL, prototype keys) in every field of every collection a device may push,
 * and in shapes that are not documents at all. The pool must never answer 5xx, and whatever it
 * stored must still parse with the shared schema of its collection.
 */

/** Storable but hostile: every one of these may end up in the pool, and must come out intact. */
const STORABLE = [
  '\u202eevil\u202c.exe',
  '\u200f\u05e9\u05dc\u05d5\u05dd',
  'مرحبا بالعالم',
  '=1+1',
  ' =HYPERLINK("http://evil.example","x")',
  '\t@SUM(A1)',
  '-2+3',
  "'; drop table documents;--",
  'Robert"); DELETE FROM customers; --',
  "' or '1'='1",
  '$1 $2 \\x00 %00 %s %n',
  '__proto__',
  'constructor',
  'prototype',
  '{"$ne":null}',
  '<script>alert(1)</script>',
  '😀👍🏽👨‍👩‍👧',
  '\u200b\u200c\u200d\ufeff',
  '张三 Zhang San',
  '   ',
  '',
];
/** What no database holds: always refused, never stored, never a 500. */
const UNSTORABLE = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', 'ok\u0000\ud83d'];

const codeUnit = fc.nat({ max: 0xffff }).map((n) => String.fromCharCode(n));
const storableText = (max: number) =>
  fc
    .oneof(
      fc.constantFrom(...STORABLE),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\u0000')),
      fc.constantFrom('x'.repeat(10 * 1024), '测'.repeat(4000)),
    )
    .map((s) => s.slice(0, max));
const anyText = fc.oneof(
  storableText(10_240),
  fc.constantFrom(...UNSTORABLE),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.constant('x'.repeat(10 * 1024 + 1)),
);

/** An object whose own key is "__proto__" (JSON.parse makes one; `o.__proto__ = …` would not). */
const protoPoison = fc
  .constantFrom(
    '{"__proto__": {"polluted": true}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
  )
  .map((text) => JSON.parse(text) as object);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: anyText },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  // Fresh objects each time: a fuzz case may write into them.
  fc
    .constantFrom('{}', '[]', '[1, "a"]', '{"nested": {"deeper": ["x"]}}')
    .map((t) => JSON.parse(t) as unknown),
  protoPoison,
);
const anyKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$where', 'a.b', ''),
  fc.constantFrom(...UNSTORABLE),
  fc.string({ maxLength: 50 }),
);

/** Sets an own, enumerable property, even one named __proto__. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

describe('fuzz: push bodies with hostile content', () => {
  let pool: TestPool;
  let scene: Scene;
  let people: string[];
  let pushedRows = 0;
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  beforeAll(async () => {
    pool = await startTestPool({ rateLimitPerMinute: 1_000_000 });
    scene = await openScene(pool);
    const known = Array.from({ length: 20 }, (_, i) =>
      personOf(scene.eventA.id, {
        name: `已知${i}`,
        phone: `1390000${String(i).padStart(4, '0')}`,
      }),
    );
    expect((await push(pool, scene.deviceA, 'people', known)).statusCode).toBe(200);
    people = known.map((p) => p.id);
  });
  afterAll(async () => {
    await pool.close();
  });

  /** A push as raw JSON text (lone surrogates go out as \ud800 escapes, as any client would send). */
  async function pushRaw(collection: SyncedCollection, rows: unknown): Promise<number> {
    const response = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/sync/${collection}/push`,
      headers: { ...bearer(scene.deviceA), 'content-type': 'application/json' },
      payload: JSON.stringify(rows),
    });
    count(response.statusCode);
    if (response.statusCode >= 500) {
      throw new Error(`${response.statusCode} on ${collection}: ${response.body}`);
    }
    return response.statusCode;
  }

  /** Each stored row's sequence number: any write gives it a new one. */
  const versionsOf = async (collection: SyncedCollection, ids: string[]) =>
    pool.db.query<{ id: string; seq: string }>(
      'select id, seq from documents where collection = $1 and id = any($2::text[]) order by id',
      [collection, ids],
    );

  /** A valid document of the collection, deep-copied: the fuzz writes into it. */
  const baseDoc = (collection: SyncedCollection): Record<string, unknown> =>
    structuredClone(validDoc(collection));

  const validDoc = (collection: SyncedCollection): Record<string, unknown> => {
    const A = scene.eventA.id;
    const personId = people[Math.floor(Math.random() * people.length)] ?? newId();
    const now = Date.now();
    switch (collection) {
      case 'people':
        return { ...personOf(A, { name: '基准' }) };
      case 'interactions':
        return { ...factOf(A, personId, 'note', now, { text: 'hi' }) };
      case 'qualifications': {
        const q: Qualification = {
          ...EMPTY_QUALIFICATION_FIELDS,
          id: qualificationId(A, personId),
          eventId: A,
          personId,
          notes: [],
          fieldUpdatedAt: {},
          updatedAt: now,
        };
        return { ...q };
      }
      case 'draws':
        return {
          id: newId(),
          eventId: A,
          name: '幸运抽奖',
          prizes: [{ id: 'p1', name: '奖品', quantity: 1 }],
          eligibility: DEFAULT_DRAW_ELIGIBILITY,
          ownerDeviceId: 'dev',
          status: 'open',
          audit: null,
          createdAt: now,
          updatedAt: now,
        };
      case 'events':
        return { ...scene.eventA };
      case 'assets':
        return {
          id: newId(),
          eventId: A,
          title: '白皮书',
          fileHash: '0'.repeat(64),
          size: 1,
          mime: 'application/pdf',
          url: '/x',
          createdAt: now,
          updatedAt: now,
        };
    }
  };

  it('garbage of every shape in every collection: never a 5xx, a refused push stores nothing', async () => {
    const collectionArb = fc.constantFrom<SyncedCollection>(
      'people',
      'people',
      'interactions',
      'interactions',
      'qualifications',
      'draws',
      'events',
      'assets',
    );
    const docEdits = fc.record({
      // No edit at all sometimes: a valid document carrying only unknown (prototype) keys.
      edits: fc.array(fc.tuple(fc.nat(), anyValue), { maxLength: 3 }),
      extras: fc.array(fc.tuple(anyKey, anyValue), { maxLength: 2 }),
      nested: fc.option(fc.tuple(anyKey, anyValue)),
    });
    const body = fc.oneof(
      {
        weight: 9,
        arbitrary: fc
          .oneof(
            fc.array(docEdits, { minLength: 1, maxLength: 1 }),
            fc.array(docEdits, { minLength: 2, maxLength: 4 }),
          )
          .map((docs) => ({ kind: 'documents' as const, docs })),
      },
      // Not a list of rows at all: a string, a number, an object, a poisoned object…
      { weight: 1, arbitrary: anyValue.map((value) => ({ kind: 'raw' as const, value })) },
    );
    await fc.assert(
      fc.asyncProperty(collectionArb, body, async (collection, shape) => {
        if (shape.kind === 'raw') {
          pushedRows += 1;
          await pushRaw(collection, shape.value);
          return;
        }
        const rows = shape.docs.map(({ edits, extras, nested }) => {
          const doc = baseDoc(collection);
          const fields = Object.keys(doc);
          for (const [index, value] of edits)
            setOwn(doc, fields[index % fields.length] ?? 'id', value);
          for (const [key, value] of extras) setOwn(doc, key, value);
          // One level down too: profile provenance, fact data, consent.
          const inner = doc.provenance ?? doc.data ?? doc.consent ?? doc.fieldUpdatedAt;
          if (nested && inner && typeof inner === 'object') {
            setOwn(inner as Record<string, unknown>, nested[0], nested[1]);
          }
          const state: Record<string, unknown> = { ...doc, _deleted: false };
          return { newDocumentState: state, assumedMasterState: null };
        });
        pushedRows += rows.length;
        const ids = rows
          .map((r) => String(r.newDocumentState.id))
          .filter((id) => isStorableText(id));
        const before = await versionsOf(collection, ids);
        const status = await pushRaw(collection, rows);
        // A refused push changes nothing: every row it named is as it was (or still absent).
        if (status !== 200) expect(await versionsOf(collection, ids)).toEqual(before);
      }),
      { numRuns: 4_500, endOnFailure: true },
    );
  });

  it('well-formed documents full of hostile text are stored as text, every one re-parses', async () => {
    const A = scene.eventA.id;
    const person = fc.record({
      name: storableText(100),
      company: storableText(200),
      title: storableText(100),
      department: storableText(100),
      industry: storableText(100),
      companySize: storableText(40),
      province: storableText(50),
      city: storableText(50),
      badgeCode: storableText(500),
      searchKey: storableText(4000),
    });
    const factData = fc.dictionary(
      storableText(40).filter((k) => k !== '__proto__'),
      fc.oneof(storableText(2000), fc.integer(), fc.boolean()),
      { maxKeys: 4 },
    );
    const qualification = fc.record({
      need: storableText(2000),
      competition: storableText(500),
      owner: storableText(100),
      interests: fc.array(storableText(100), { maxLength: 3 }),
      note: storableText(4000).filter((t) => t.trim() !== ''),
    });
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(person, factData, qualification), { minLength: 30, maxLength: 40 }),
        async (batch) => {
          const newPeople = batch.map(([profile]) => ({ ...personOf(A, {}), ...profile }));
          const facts = batch.map(([, data], i) =>
            factOf(A, newPeople[i]?.id ?? '', 'note', Date.now(), data),
          );
          const quals = batch.map(([, , q], i): Qualification => {
            const personId = newPeople[i]?.id ?? '';
            return {
              ...EMPTY_QUALIFICATION_FIELDS,
              need: q.need,
              competition: q.competition,
              owner: q.owner,
              interests: q.interests,
              id: qualificationId(A, personId),
              eventId: A,
              personId,
              notes: [{ id: newId(), text: q.note, staffId: 's', at: Date.now() }],
              fieldUpdatedAt: {},
              updatedAt: Date.now(),
            };
          });
          pushedRows += newPeople.length + facts.length + quals.length;
          const wire = (docs: object[]) =>
            docs.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } }));
          const statuses = [
            await pushRaw('people', wire(newPeople)),
            await pushRaw('interactions', wire(facts)),
            await pushRaw('qualifications', wire(quals)),
          ];
          taken += statuses.filter((s) => s === 200).length;
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 30), endOnFailure: true },
    );
    // Most of these are honest documents with odd text: the pool takes them.
    expect(taken).toBeGreaterThan(Number(process.env.FUZZ_RUNS ?? 30) * 3 * 0.8);
  });

  it('holds nothing its schemas reject, nothing beyond them, and no polluted prototype', async () => {
    expect(pushedRows).toBeGreaterThanOrEqual(10_000);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    const rows = await pool.db.query<{ collection: string; id: string; data: unknown }>(
      'select collection, id, data from documents',
    );
    expect(rows.length).toBeGreaterThan(2_000);
    const problems: string[] = [];
    for (const row of rows) {
      const spec = COLLECTIONS[row.collection as keyof typeof COLLECTIONS];
      const parsed = spec.schema.safeParse(row.data);
      if (!parsed.success) problems.push(`${row.collection} ${row.id}: ${parsed.error.message}`);
      if (findUnstorableText(row.data) !== null) problems.push(`${row.collection} ${row.id}: text`);
      const extra = Object.keys(row.data as object).filter((key) => !(key in spec.schema.shape));
      if (extra.length > 0) problems.push(`${row.collection} ${row.id}: extra keys ${extra}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.info(
      `push fuzz: ${pushedRows} rows pushed, ${rows.length} documents stored, statuses`,
      Object.fromEntries(statuses),
    );
  });
});

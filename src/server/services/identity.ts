import { identityKeysOf, type IdentityKey } from '../../shared/identity';
import type { IdGenerator } from '../../shared/ids';
import { judgeMatch, type MatchJudgement, type MatchSide } from '../../shared/match-evidence';
import { namesCompatible } from '../../shared/names';
import { foldPeople, foldProfiles } from '../../shared/person-merge';
import { isPlaceholderKey, isSelfServicePerson } from '../../shared/trust';
import { mergeQualifications } from '../../shared/qualification-ops';
import { qualificationId, type Person, type Qualification } from '../../shared/schemas';
import type { SyncedCollection } from '../../shared/sync';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { customersUpdated, emitWebhookEvents } from './webhook-outbox';
import { customerSearchKey } from './customer-search';
import {
  readDocuments,
  writeDocuments,
  type DocumentWrite,
  type StoredDocument,
} from './documents';

/**
 * Identity resolution (DESIGN.md "Identity" and "Trust"): every person document that enters the
 * pool is matched by its normalized keys to customers. No match: a new customer. A match links
 * (or merges several customers into the oldest, recorded in customer_merges so an admin can undo
 * it) only on evidence nothing contradicts (shared/match-evidence.ts: names agree, no second
 * mobile or WeChat id, not self-service); any other match gives the person a customer of its own
 * and puts the pair in the possible-duplicates queue (services/duplicates.ts). Placeholder keys
 * and keys claimed by MAX_CUSTOMERS_PER_KEY customers link nobody. Then the people of one
 * customer at one event are folded into one (the oldest survives, the others become tombstones
 * that redirect to it), so every device of that event converges on one person.
 *
 * Everything here runs inside the caller's transaction and holds the people sequence lock, which
 * serializes identity work: two pushes can never both create a customer for the same phone.
 */

// ─── Sequence locks ──────────────────────────────────────────────────────────────────────────

/**
 * Transactions that write several collections take their sequence locks in this order, always,
 * so two of them never wait on each other: a person merge writes people, then interactions, then
 * qualifications; a push of interactions takes only the interactions lock.
 */
export const COLLECTION_LOCK_ORDER: readonly SyncedCollection[] = [
  'events',
  'people',
  'interactions',
  'qualifications',
  'assets',
  'draws',
];

const heldLocks = new WeakMap<SqlExecutor, Set<SyncedCollection>>();

/**
 * Takes the row lock on each collection's sequence counter, held until commit. Every writer of a
 * collection waits here first, so reading masters, deciding and writing happen with no other
 * writer in between, and sequence numbers commit in order: a pull (seq > checkpoint) can never
 * skip a row that commits later with a lower seq.
 */
export async function lockCollections(
  tx: SqlExecutor,
  collections: readonly SyncedCollection[],
): Promise<void> {
  if ('transaction' in tx) {
    // A lock taken outside a transaction is released at once: it would protect nothing.
    throw new Error('documents are written inside a transaction (db.transaction)');
  }
  const held = heldLocks.get(tx) ?? new Set<SyncedCollection>();
  heldLocks.set(tx, held);
  const rank = (c: SyncedCollection) => COLLECTION_LOCK_ORDER.indexOf(c);
  const wanted = [...new Set(collections)]
    .filter((c) => !held.has(c))
    .sort((a, b) => rank(a) - rank(b));
  for (const collection of wanted) {
    const later = [...held].find((c) => rank(c) > rank(collection));
    if (later) {
      // A programming error that would deadlock only under load: fail in every test instead.
      throw new Error(`lock order: ${collection} must be locked before ${later}`);
    }
    await tx.query(
      `insert into collection_seqs (collection, last) values ($1, 0)
         on conflict (collection) do update set last = collection_seqs.last`,
      [collection],
    );
    held.add(collection);
  }
}

/**
 * The sequence locks a transaction holds now. A savepoint rolled back gives back the row locks
 * taken after it, so whoever rolls one back restores this record of them (services/push-groups.ts).
 */
export function heldLocksOf(tx: SqlExecutor): ReadonlySet<SyncedCollection> {
  return new Set(heldLocks.get(tx) ?? []);
}

export function restoreHeldLocks(tx: SqlExecutor, held: ReadonlySet<SyncedCollection>): void {
  heldLocks.set(tx, new Set(held));
}

// ─── Keys ────────────────────────────────────────────────────────────────────────────────────

export { identityKeysOf, type IdentityKey };

/**
 * A key that this many customers have claimed (its owner and the records queued against it) is
 * shared by several people (a company switchboard, a booth's own phone): it links nobody more.
 */
export const MAX_CUSTOMERS_PER_KEY = 3;

const keyText = (key: IdentityKey) => `${key.kind}\u0000${key.value}`;

/** The keys worth remembering for a customer: placeholders (13800138000, info@) identify nobody. */
const storableKeys = (keys: readonly IdentityKey[]) =>
  keys.filter((key) => !isPlaceholderKey(key.kind, key.value));

/**
 * The customers owning these keys, for the keys that may link a record to one (DESIGN.md
 * "Trust"): not a placeholder, and not claimed by MAX_CUSTOMERS_PER_KEY customers already (the
 * owner and the records queued against it). One query for a whole batch; keyed by keyText.
 */
async function linkingOwners(
  tx: SqlExecutor,
  keys: readonly IdentityKey[],
): Promise<Map<string, string>> {
  const real = storableKeys(keys);
  if (real.length === 0) return new Map();
  const rows = await tx.query<IdentityKey & { customer_id: string }>(
    `select k.kind, k.value, k.customer_id from identity_keys k
      where (k.kind, k.value) in (select * from unnest($1::text[], $2::text[]))
        and (select count(*) from possible_duplicates d
              where d.key_kind = k.kind and d.key_value = k.value
                and d.status <> 'confirmed') < $3`,
    [real.map((k) => k.kind), real.map((k) => k.value), MAX_CUSTOMERS_PER_KEY - 1],
  );
  return new Map(rows.map((row) => [keyText(row), row.customer_id]));
}

/** Customers as evidence sees them: the merged profile's name and every key they hold. */
async function describeCustomers(
  tx: SqlExecutor,
  customerIds: readonly string[],
): Promise<Map<string, MatchSide>> {
  if (customerIds.length === 0) return new Map();
  const rows = await tx.query<{ id: string; name: string | null; keys: IdentityKey[] }>(
    `select c.id, c.profile->>'name' as name,
            coalesce((select json_agg(json_build_object('kind', k.kind, 'value', k.value))
                        from identity_keys k where k.customer_id = c.id), '[]'::json) as keys
       from customers c where c.id = any($1::text[])`,
    [[...new Set(customerIds)]],
  );
  return new Map(rows.map((row) => [row.id, { name: row.name ?? '', keys: row.keys }]));
}

const sideOf = (person: Person, keys: readonly IdentityKey[]): MatchSide => ({
  name: person.name,
  keys,
});

// ─── Documents ───────────────────────────────────────────────────────────────────────────────

export interface IdentityContext {
  tx: SqlExecutor;
  now: number;
  newId: IdGenerator;
}

export async function readOne(
  tx: SqlExecutor,
  collection: SyncedCollection,
  id: string,
): Promise<StoredDocument | undefined> {
  return (await readDocuments(tx, collection, [id])).get(id);
}

export async function put(
  ctx: IdentityContext,
  collection: SyncedCollection,
  writes: DocumentWrite | DocumentWrite[],
): Promise<void> {
  await writeDocuments(ctx.tx, collection, Array.isArray(writes) ? writes : [writes], ctx.now);
}

/** Documents are validated at the edge (push route, import); the pool's own writes are typed. */
const asPerson = (data: Record<string, unknown>) => data as unknown as Person;
const asQualification = (data: Record<string, unknown>) => data as unknown as Qualification;
const asData = (value: Person | Qualification) => value as unknown as Record<string, unknown>;

/** Where a folded person's documents go now (redirects are kept one hop deep; bounded anyway). */
export async function redirectTargets(
  tx: SqlExecutor,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  let frontier = [...new Set(personIds)];
  for (let hop = 0; hop < 8 && frontier.length > 0; hop++) {
    const rows = await tx.query<{ from_id: string; to_id: string }>(
      'select from_id, to_id from person_redirects where from_id = any($1::text[])',
      [frontier],
    );
    if (rows.length === 0) break;
    const step = new Map(rows.map((r) => [r.from_id, r.to_id]));
    for (const id of personIds) {
      const current = targets.get(id) ?? id;
      const next = step.get(current);
      if (next) targets.set(id, next);
    }
    frontier = rows.map((r) => r.to_id);
  }
  return targets;
}

// ─── Ingest of people ────────────────────────────────────────────────────────────────────────

export async function ingestPeople(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  documents: readonly DocumentWrite[],
): Promise<void> {
  await lockCollections(tx, ['people']);
  const ctx: IdentityContext = { tx, now: deps.clock(), newId: deps.newId };
  const { simple, rest } = await planBulk(ctx, documents);
  await ingestSimple(ctx, simple);
  // The rest interact with each other or with existing people: one at a time, in order. Running
  // them after the simple ones is safe: a simple document shares no key and no customer with any
  // other document of the batch, so nothing below can touch what the bulk step wrote.
  for (const doc of rest) await ingestPerson(ctx, doc);
}

/** A person whose identity resolution needs no merge: a new customer, or a link to one. */
interface SimpleIngest {
  doc: DocumentWrite;
  person: Person;
  keys: IdentityKey[];
  customerId: string | null;
  /** The customer's other live people (read by the plan): its profile is their fold with this. */
  companions: Person[];
  /** A match the evidence does not carry: the person gets a new customer, the pair is queued. */
  question?: { existingId: string; key: IdentityKey; judgement: MatchJudgement };
}

/**
 * Splits a batch into documents that can be resolved in bulk (a handful of queries for the whole
 * batch: an import, a device's first push of hundreds of new people, returning visitors) and those
 * that may merge something or need a question asked. Simple means: not a tombstone, not
 * redirected, in the batch once, no key shared with another document of the batch, at most one
 * matching customer, matched by no other document of the batch, with no other live person of this
 * event in that customer, and — when the match is new — evidence that links it (judgeMatch).
 */
async function planBulk(
  ctx: IdentityContext,
  documents: readonly DocumentWrite[],
): Promise<{ simple: SimpleIngest[]; rest: DocumentWrite[] }> {
  const { tx } = ctx;
  const idCount = new Map<string, number>();
  for (const doc of documents) idCount.set(doc.id, (idCount.get(doc.id) ?? 0) + 1);
  const candidates = documents.filter((doc) => !doc.deleted && idCount.get(doc.id) === 1);
  if (candidates.length === 0) return { simple: [], rest: [...documents] };
  const ids = candidates.map((doc) => doc.id);
  const redirected = await redirectTargets(tx, ids);
  const links = await tx.query<{ person_id: string; customer_id: string }>(
    'select person_id, customer_id from customer_people where person_id = any($1::text[])',
    [ids],
  );
  const linkOfPerson = new Map(links.map((l) => [l.person_id, l.customer_id]));
  const plans = candidates.map((doc) => {
    const person = asPerson(doc.data);
    return { doc, person, keys: identityKeysOf(person), matched: new Set<string>() };
  });
  const keyCount = new Map<string, number>();
  for (const plan of plans) {
    for (const key of plan.keys) keyCount.set(keyText(key), (keyCount.get(keyText(key)) ?? 0) + 1);
  }
  const ownerOf = await linkingOwners(
    tx,
    plans.flatMap((plan) => plan.keys),
  );
  const customerUse = new Map<string, number>();
  for (const plan of plans) {
    const link = linkOfPerson.get(plan.doc.id);
    if (link) plan.matched.add(link);
    for (const key of plan.keys) {
      const owner = ownerOf.get(keyText(key));
      if (owner) plan.matched.add(owner);
    }
    for (const c of plan.matched) customerUse.set(c, (customerUse.get(c) ?? 0) + 1);
  }
  const shapeIsSimple = (plan: (typeof plans)[number]) =>
    !redirected.has(plan.doc.id) &&
    plan.keys.every((key) => keyCount.get(keyText(key)) === 1) &&
    plan.matched.size <= 1 &&
    [...plan.matched].every((c) => customerUse.get(c) === 1);
  // A new link (the person was not linked yet) must be backed by evidence.
  const newLinks = plans.filter(
    (plan) => shapeIsSimple(plan) && plan.matched.size === 1 && !linkOfPerson.has(plan.doc.id),
  );
  const described = await describeCustomers(
    tx,
    newLinks.flatMap((plan) => [...plan.matched]),
  );
  // A new match the evidence does not carry is a question: the person gets a customer of its
  // own, and the pair is queued (no block can exist yet against a customer made now).
  const judgementOf = (plan: (typeof plans)[number]): MatchJudgement | null => {
    if (plan.matched.size === 0 || linkOfPerson.has(plan.doc.id)) return null;
    const customer = described.get([...plan.matched][0] as string);
    if (!customer) return null;
    return judgeMatch(sideOf(plan.person, storableKeys(plan.keys)), customer, {
      selfService: isSelfServicePerson(plan.person),
      severalCustomers: false,
    });
  };
  const judgements = new Map(newLinks.map((plan) => [plan, judgementOf(plan)]));
  const asks = (plan: (typeof plans)[number]) => judgements.get(plan)?.link === false;
  const looksSimple = (plan: (typeof plans)[number]) =>
    shapeIsSimple(plan) && (!judgements.has(plan) || judgements.get(plan) !== null);
  const linkedCustomers = plans
    .filter((plan) => looksSimple(plan) && !asks(plan))
    .flatMap((plan) => [...plan.matched]);
  const others =
    linkedCustomers.length === 0
      ? []
      : await tx.query<{
          customer_id: string;
          event_id: string;
          person_id: string;
          data: Record<string, unknown>;
        }>(
          `select cp.customer_id, cp.event_id, cp.person_id, d.data from customer_people cp
             join documents d on d.collection = 'people' and d.id = cp.person_id and not d.deleted
            where cp.customer_id = any($1::text[])`,
          [linkedCustomers],
        );
  const simple: SimpleIngest[] = [];
  const simpleIds = new Set<string>();
  for (const plan of plans) {
    if (!looksSimple(plan)) continue;
    const judgement = judgements.get(plan);
    if (judgement && !judgement.link) {
      const existingId = [...plan.matched][0] as string;
      const key = strongestKey(plan.keys, (k) => ownerOf.get(keyText(k)) === existingId);
      if (!key) continue;
      const question = { existingId, key, judgement };
      simple.push({ ...plan, customerId: null, companions: [], question });
      simpleIds.add(plan.doc.id);
      continue;
    }
    const customerId = [...plan.matched][0] ?? null;
    const sibling = others.some(
      (o) =>
        o.customer_id === customerId &&
        o.event_id === plan.doc.eventId &&
        o.person_id !== plan.doc.id,
    );
    if (sibling) continue;
    const companions = others
      .filter((o) => o.customer_id === customerId && o.person_id !== plan.doc.id)
      .map((o) => asPerson(o.data));
    simple.push({ ...plan, customerId, companions });
    simpleIds.add(plan.doc.id);
  }
  return { simple, rest: documents.filter((doc) => !simpleIds.has(doc.id)) };
}

async function ingestSimple(ctx: IdentityContext, plans: readonly SimpleIngest[]): Promise<void> {
  if (plans.length === 0) return;
  const { tx } = ctx;
  const resolved = plans.map((plan) => ({ ...plan, customerId: plan.customerId ?? ctx.newId() }));
  const created = resolved.filter((_, i) => plans[i]?.customerId === null).map((p) => p.customerId);
  if (created.length > 0) {
    await tx.query(
      `insert into customers (id, profile, created_at, updated_at)
       select id, '{}'::jsonb, $2, $2 from unnest($1::text[]) as c(id)`,
      [created, ctx.now],
    );
    await emitWebhookEvents(tx, customersCreated(created), ctx.now);
  }
  await put(
    ctx,
    'people',
    resolved.map((p) => p.doc),
  );
  const keys = resolved.flatMap((p) =>
    storableKeys(p.keys).map((key) => ({ ...key, customerId: p.customerId })),
  );
  if (keys.length > 0) {
    await tx.query(
      `insert into identity_keys (kind, value, customer_id)
       select * from unnest($1::text[], $2::text[], $3::text[])
       on conflict (kind, value) do nothing`,
      [keys.map((k) => k.kind), keys.map((k) => k.value), keys.map((k) => k.customerId)],
    );
  }
  await tx.query(
    `insert into customer_people (person_id, customer_id, event_id)
     select * from unnest($1::text[], $2::text[], $3::text[])
     on conflict (person_id) do update set customer_id = excluded.customer_id`,
    [
      resolved.map((p) => p.doc.id),
      resolved.map((p) => p.customerId),
      resolved.map((p) => p.person.eventId),
    ],
  );
  await recordPossibleDuplicates(
    ctx,
    resolved.flatMap((p) =>
      p.question ? [{ ...p.question, arrivingId: p.customerId, person: p.person }] : [],
    ),
  );
  // Each customer of the batch is used by one document only (planBulk): nobody else changed it.
  await writeProfiles(
    ctx,
    new Map(resolved.map((p) => [p.customerId, [...p.companions, p.person]])),
  );
}

async function ingestPerson(ctx: IdentityContext, doc: DocumentWrite): Promise<void> {
  const survivorId = (await redirectTargets(ctx.tx, [doc.id])).get(doc.id);
  if (survivorId) {
    await ingestIntoSurvivor(ctx, doc, survivorId);
    return;
  }
  await put(ctx, 'people', doc);
  if (doc.deleted) {
    // A tombstone no longer speaks for its customer; the customer keeps its keys (history).
    const link = await linkOf(ctx.tx, doc.id);
    if (link) await refreshProfile(ctx, link);
    return;
  }
  const resolved = await resolveCustomer(ctx, asPerson(doc.data));
  await convergeCustomer(ctx, resolved.customerId, resolved.absorbed);
  await refreshProfile(ctx, resolved.customerId);
}

/**
 * A document of a person already folded into another: its values are merged field-wise into the
 * survivor (which then goes through identity resolution as usual), and its tombstone is written
 * again with a fresh seq so the device that sent it pulls the tombstone and drops its copy.
 */
async function ingestIntoSurvivor(
  ctx: IdentityContext,
  doc: DocumentWrite,
  survivorId: string,
): Promise<void> {
  const own = await readOne(ctx.tx, 'people', doc.id);
  await put(ctx, 'people', {
    id: doc.id,
    eventId: own?.eventId ?? doc.eventId,
    deleted: true,
    data: own?.data ?? doc.data,
  });
  const survivor = await readOne(ctx.tx, 'people', survivorId);
  // An erased survivor stays erased: nothing of the late copy comes back.
  if (doc.deleted || !survivor || survivor.deleted) return;
  const incoming = { ...asPerson(doc.data), id: survivor.id, eventId: survivor.eventId };
  const merged = foldPeople(asPerson(survivor.data), incoming);
  await ingestPerson(ctx, {
    id: survivor.id,
    eventId: survivor.eventId,
    deleted: false,
    data: asData(merged),
  });
}

async function linkOf(tx: SqlExecutor, personId: string): Promise<string | null> {
  const [row] = await tx.query<{ customer_id: string }>(
    'select customer_id from customer_people where person_id = $1',
    [personId],
  );
  return row?.customer_id ?? null;
}

/** Customers absorbed by this ingest: their merge record, and the people they brought. */
export type Absorbed = Map<string, { mergeId: string; people: Set<string> }>;

/**
 * Finds (or creates, or merges) the one customer of a person and links them. A key match links or
 * merges only on evidence nothing contradicts (judgeMatch); any other match is recorded as a
 * possible duplicate for marketing, and the person keeps (or gets) a customer of their own.
 */
async function resolveCustomer(
  ctx: IdentityContext,
  person: Person,
): Promise<{ customerId: string; absorbed: Absorbed }> {
  const { tx } = ctx;
  const keys = identityKeysOf(person);
  const link = await linkOf(tx, person.id);
  const ownerOf = await linkingOwners(tx, keys);
  const linking = keys.filter((key) => ownerOf.has(keyText(key)));
  const owners = [...new Set(ownerOf.values())].map((customer_id) => ({ customer_id }));
  const others = owners.map((o) => o.customer_id).filter((id) => id !== link);
  const judged = await judgeOwners(tx, person, linking, others);
  const linked = judged.filter((j) => j.judgement.link).map((j) => j.customerId);
  const absorbed: Absorbed = new Map();
  let customerId: string;
  const group = await mergeableGroup(tx, [...(link ? [link] : []), ...linked], link);
  if (group.length === 0) {
    customerId = ctx.newId();
    await tx.query(
      `insert into customers (id, profile, created_at, updated_at) values ($1, '{}'::jsonb, $2, $2)`,
      [customerId, ctx.now],
    );
    await emitWebhookEvents(tx, customersCreated([customerId]), ctx.now);
  } else {
    customerId = group[0] as string;
    for (const other of group.slice(1)) {
      absorbed.set(other, await mergeCustomers(ctx, other, customerId, person));
    }
  }
  const stored = storableKeys(keys);
  if (stored.length > 0) {
    // Keys still owned by a customer we may not merge with (an undone merge, a question) stay.
    await tx.query(
      `insert into identity_keys (kind, value, customer_id)
       select kind, value, $3 from unnest($1::text[], $2::text[]) as k(kind, value)
       on conflict (kind, value) do nothing`,
      [stored.map((k) => k.kind), stored.map((k) => k.value), customerId],
    );
  }
  await tx.query(
    `insert into customer_people (person_id, customer_id, event_id) values ($1, $2, $3)
     on conflict (person_id) do update set customer_id = excluded.customer_id`,
    [person.id, customerId, person.eventId],
  );
  await recordPossibleDuplicates(
    ctx,
    judged
      .filter((j) => !group.includes(j.customerId))
      .map(({ customerId: existingId, judgement, key }) => ({
        existingId,
        arrivingId: customerId,
        person,
        key,
        judgement,
      })),
  );
  return { customerId, absorbed };
}

interface JudgedOwner {
  customerId: string;
  /** The key the match is on (the strongest shared one). */
  key: IdentityKey;
  judgement: MatchJudgement;
}

const KEY_STRENGTH: readonly IdentityKey['kind'][] = ['phone', 'wechat', 'email', 'badge'];

/** The key a match is named by: the strongest kind among the keys both records hold. */
function strongestKey(
  keys: readonly IdentityKey[],
  shared: (key: IdentityKey) => boolean,
): IdentityKey | undefined {
  for (const kind of KEY_STRENGTH) {
    const key = keys.find((k) => k.kind === kind && shared(k));
    if (key) return key;
  }
  return undefined;
}

/**
 * The evidence for each customer a person's keys point at. Several customers are linked together
 * only when every one of them agrees with the person and with each other (one name, no second
 * mobile or WeChat id); otherwise each pair is a question.
 */
async function judgeOwners(
  tx: SqlExecutor,
  person: Person,
  linking: readonly IdentityKey[],
  owners: readonly string[],
): Promise<JudgedOwner[]> {
  if (owners.length === 0) return [];
  const sides = await describeCustomers(tx, owners);
  const selfService = isSelfServicePerson(person);
  const incoming = sideOf(person, storableKeys(identityKeysOf(person)));
  const judge = (severalCustomers: boolean) =>
    owners.flatMap((customerId) => {
      const side = sides.get(customerId);
      if (!side) return [];
      const shared = strongestKey(linking, (k) =>
        side.keys.some((s) => s.kind === k.kind && s.value === k.value),
      );
      if (!shared) return [];
      const judgement = judgeMatch(incoming, side, { selfService, severalCustomers });
      return [{ customerId, key: shared, judgement, side }];
    });
  const alone = judge(false);
  if (alone.length <= 1) return alone;
  const agree = alone.every(
    (a) =>
      a.judgement.link &&
      alone.every(
        (b) =>
          a === b ||
          (namesCompatible(a.side.name, b.side.name) &&
            judgeMatch(a.side, b.side, {
              selfService: false,
              severalCustomers: false,
            }).reasons.every((reason) => reason.kind !== 'key_differs')),
      ),
  );
  return agree ? alone : judge(true);
}

interface PairToRecord {
  existingId: string;
  arrivingId: string;
  person: Person;
  key: IdentityKey;
  judgement: MatchJudgement;
}

/**
 * Pairs for marketing to decide (GET /customers/duplicates). One row per pair of customers: a
 * later match on the same pair updates its reasons; a pair marketing rejected or an admin split
 * stays decided (and a blocked pair is not asked again).
 */
async function recordPossibleDuplicates(
  ctx: IdentityContext,
  pairs: readonly PairToRecord[],
): Promise<void> {
  const asked = pairs.filter((pair) => pair.existingId !== pair.arrivingId);
  if (asked.length === 0) return;
  const blocked = await blockChecker(ctx.tx, [
    ...new Set(asked.flatMap((pair) => [pair.existingId, pair.arrivingId])),
  ]);
  const rows = asked
    .filter((pair) => !blocked(pair.existingId, pair.arrivingId))
    .map((pair) => ({
      id: ctx.newId(),
      existing_id: pair.existingId,
      arriving_id: pair.arrivingId,
      person_id: pair.person.id,
      event_id: pair.person.eventId,
      key_kind: pair.key.kind,
      key_value: pair.key.value,
      score: pair.judgement.score,
      reasons: pair.judgement.reasons,
    }));
  if (rows.length === 0) return;
  await ctx.tx.query(
    `insert into possible_duplicates
       (id, existing_id, arriving_id, person_id, event_id, key_kind, key_value, score, reasons,
        created_at)
     select r.id, r.existing_id, r.arriving_id, r.person_id, r.event_id, r.key_kind, r.key_value,
            r.score, r.reasons, $2
       from jsonb_to_recordset($1::jsonb) as r(id text, existing_id text, arriving_id text,
            person_id text, event_id text, key_kind text, key_value text, score integer,
            reasons jsonb)
     on conflict (least(existing_id, arriving_id), greatest(existing_id, arriving_id))
       do update set score = excluded.score, reasons = excluded.reasons
       where possible_duplicates.status = 'pending'`,
    [JSON.stringify(rows), ctx.now],
  );
}

/**
 * The matched customers that become one, oldest first (the survivor). An admin's undo blocks a
 * pair from merging again; the person's current customer (or else the oldest) anchors the group,
 * and a customer blocked against any member stays out of it.
 */
async function mergeableGroup(
  tx: SqlExecutor,
  matched: readonly string[],
  link: string | null,
): Promise<string[]> {
  const rows = await tx.query<{ id: string; created_at: number }>(
    'select id, created_at from customers where id = any($1::text[])',
    [[...matched]],
  );
  const byAge = rows
    .map((r) => ({ id: r.id, at: Number(r.created_at) }))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
    .map((r) => r.id);
  if (byAge.length <= 1) return byAge;
  const blocked = await blockChecker(tx, byAge);
  const anchor = link && byAge.includes(link) ? link : (byAge[0] as string);
  const group = [anchor];
  for (const id of byAge) {
    if (id !== anchor && group.every((member) => !blocked(member, id))) group.push(id);
  }
  return byAge.filter((id) => group.includes(id));
}

/**
 * Whether two live customers may not merge: a block recorded between any customers they have
 * absorbed (or themselves) — merging them would re-join what an admin split.
 */
async function blockChecker(
  tx: SqlExecutor,
  customerIds: readonly string[],
): Promise<(a: string, b: string) => boolean> {
  const family = await tx.query<{ root: string; id: string }>(
    `with recursive fam(root, id) as (
       select id, id from customers where id = any($1::text[])
       union all
       select fam.root, c.id from customers c join fam on c.merged_into = fam.id
     ) select root, id from fam`,
    [[...customerIds]],
  );
  const rootOf = new Map<string, string[]>();
  for (const row of family) rootOf.set(row.id, [...(rootOf.get(row.id) ?? []), row.root]);
  const blocks = await tx.query<{ a: string; b: string }>(
    'select a, b from customer_merge_blocks where a = any($1::text[]) or b = any($1::text[])',
    [family.map((f) => f.id)],
  );
  const pairs = new Set<string>();
  for (const block of blocks) {
    for (const ra of rootOf.get(block.a) ?? []) {
      for (const rb of rootOf.get(block.b) ?? []) {
        pairs.add(`${ra} ${rb}`);
        pairs.add(`${rb} ${ra}`);
      }
    }
  }
  return (a, b) => pairs.has(`${a} ${b}`);
}

/** The record kept with a customer merge: exactly what moved, so an undo can move it back. */
export interface CustomerMergeRecord {
  trigger: { personId: string; eventId: string };
  keys: IdentityKey[];
  people: { personId: string; eventId: string }[];
  mergedProfile: Record<string, unknown>;
  survivorProfile: Record<string, unknown>;
}

export async function mergeCustomers(
  ctx: IdentityContext,
  mergedId: string,
  survivorId: string,
  trigger: Pick<Person, 'id' | 'eventId'>,
): Promise<{ mergeId: string; people: Set<string> }> {
  const { tx } = ctx;
  const keys = await tx.query<IdentityKey>(
    'select kind, value from identity_keys where customer_id = $1 order by kind, value',
    [mergedId],
  );
  const people = await tx.query<{ person_id: string; event_id: string }>(
    'select person_id, event_id from customer_people where customer_id = $1 order by person_id',
    [mergedId],
  );
  const profiles = await tx.query<{ id: string; profile: Record<string, unknown> }>(
    'select id, profile from customers where id = any($1::text[])',
    [[mergedId, survivorId]],
  );
  const profileOf = (id: string) => profiles.find((p) => p.id === id)?.profile ?? {};
  await tx.query('update identity_keys set customer_id = $2 where customer_id = $1', [
    mergedId,
    survivorId,
  ]);
  await tx.query('update customer_people set customer_id = $2 where customer_id = $1', [
    mergedId,
    survivorId,
  ]);
  await tx.query('update customers set merged_into = $2, updated_at = $3 where id = $1', [
    mergedId,
    survivorId,
    ctx.now,
  ]);
  const record: CustomerMergeRecord = {
    trigger: { personId: trigger.id, eventId: trigger.eventId },
    keys: keys.map((k) => ({ kind: k.kind, value: k.value })),
    people: people.map((p) => ({ personId: p.person_id, eventId: p.event_id })),
    mergedProfile: profileOf(mergedId),
    survivorProfile: profileOf(survivorId),
  };
  const mergeId = ctx.newId();
  await tx.query(
    `insert into customer_merges (id, survivor_id, merged_id, at, record)
     values ($1, $2, $3, $4, $5::jsonb)`,
    [mergeId, survivorId, mergedId, ctx.now, JSON.stringify(record)],
  );
  await emitWebhookEvents(
    tx,
    [
      {
        type: 'customer.merged',
        cause: mergeId,
        customerId: survivorId,
        data: { mergedId, mergeId },
      },
    ],
    ctx.now,
  );
  return { mergeId, people: new Set(people.map((p) => p.person_id)) };
}

// ─── One person per customer per event ───────────────────────────────────────────────────────

/**
 * Folds the live people of one customer at one event into the oldest of them (by createdAt, then
 * id). A fold that joins people who came from different customers of this ingest's merge is tied
 * to that customer merge, so undoing it splits them again.
 */
export async function convergeCustomer(
  ctx: IdentityContext,
  customerId: string,
  absorbed: Absorbed = new Map(),
): Promise<void> {
  const groups = await ctx.tx.query<{ event_id: string; ids: string[] }>(
    `select cp.event_id, array_agg(cp.person_id order by cp.person_id) as ids
       from customer_people cp
       join documents d on d.collection = 'people' and d.id = cp.person_id and not d.deleted
      where cp.customer_id = $1
      group by cp.event_id
     having count(*) > 1`,
    [customerId],
  );
  const originOf = (personId: string) => {
    for (const [id, entry] of absorbed) if (entry.people.has(personId)) return id;
    return customerId;
  };
  for (const group of groups) {
    const docs = await readDocuments(ctx.tx, 'people', group.ids);
    const people = [...docs.values()]
      .map((d) => asPerson(d.data))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let survivor = people[0];
    if (!survivor) continue;
    for (const loser of people.slice(1)) {
      const from = originOf(loser.id);
      const into = originOf(survivor.id);
      const customerMergeId =
        from === into ? null : (absorbed.get(from)?.mergeId ?? absorbed.get(into)?.mergeId ?? null);
      survivor = await mergePerson(ctx, { customerId, loser, survivor, customerMergeId });
    }
  }
}

/** The record kept with a person fold: the states needed to take it back. */
export interface PersonMergeRecord {
  loserBefore: Person;
  survivorBefore: Person;
  survivorAfter: Person;
  /** Interactions whose personId was rewritten from the loser to the survivor. */
  interactionIds: string[];
  /** Older redirects that pointed at the loser and now point at the survivor. */
  repointedRedirects: string[];
  loserQualification: Qualification | null;
  survivorQualificationBefore: Qualification | null;
  survivorQualificationAfter: Qualification | null;
}

/**
 * Folds `loser` into `survivor` (same event, same customer): the survivor gets the field-wise
 * merge, the loser becomes a tombstone with a redirect, its interactions move to the survivor
 * (new seqs, so devices pull them), its qualification is merged into the survivor's.
 */
async function mergePerson(
  ctx: IdentityContext,
  fold: {
    customerId: string;
    loser: Person;
    survivor: Person;
    customerMergeId: string | null;
  },
): Promise<Person> {
  const { tx } = ctx;
  const { loser, survivor } = fold;
  const eventId = survivor.eventId;
  await lockCollections(tx, ['interactions', 'qualifications']);
  const merged = foldPeople(survivor, loser);
  await put(ctx, 'people', [
    { id: survivor.id, eventId, deleted: false, data: asData(merged) },
    { id: loser.id, eventId, deleted: true, data: asData(loser) },
  ]);
  await tx.query(
    `insert into person_redirects (from_id, to_id, event_id, at) values ($1, $2, $3, $4)
     on conflict (from_id) do update set to_id = excluded.to_id, at = excluded.at`,
    [loser.id, survivor.id, eventId, ctx.now],
  );
  const repointed = await tx.query<{ from_id: string }>(
    'update person_redirects set to_id = $2 where to_id = $1 returning from_id',
    [loser.id, survivor.id],
  );

  const facts = await tx.query<{ id: string; deleted: boolean; data: Record<string, unknown> }>(
    `select id, deleted, data from documents
      where collection = 'interactions' and event_id = $1 and data->>'personId' = $2
      order by seq`,
    [eventId, loser.id],
  );
  await put(
    ctx,
    'interactions',
    facts.map((f) => ({
      id: f.id,
      eventId,
      deleted: f.deleted,
      data: { ...f.data, personId: survivor.id },
    })),
  );

  const qualifications = await readDocuments(tx, 'qualifications', [
    qualificationId(eventId, loser.id),
    qualificationId(eventId, survivor.id),
  ]);
  const live = (id: string) => {
    const doc = qualifications.get(qualificationId(eventId, id));
    return doc && !doc.deleted ? asQualification(doc.data) : null;
  };
  const loserQualification = live(loser.id);
  const survivorQualificationBefore = live(survivor.id);
  let survivorQualificationAfter = survivorQualificationBefore;
  if (loserQualification) {
    const rebased: Qualification = {
      ...loserQualification,
      id: qualificationId(eventId, survivor.id),
      personId: survivor.id,
    };
    survivorQualificationAfter = survivorQualificationBefore
      ? mergeQualifications(survivorQualificationBefore, rebased)
      : rebased;
    await put(ctx, 'qualifications', [
      {
        id: survivorQualificationAfter.id,
        eventId,
        deleted: false,
        data: asData(survivorQualificationAfter),
      },
      { id: loserQualification.id, eventId, deleted: true, data: asData(loserQualification) },
    ]);
  }

  const record: PersonMergeRecord = {
    loserBefore: loser,
    survivorBefore: survivor,
    survivorAfter: merged,
    interactionIds: facts.map((f) => f.id),
    repointedRedirects: repointed.map((r) => r.from_id),
    loserQualification,
    survivorQualificationBefore,
    survivorQualificationAfter,
  };
  await tx.query(
    `insert into person_merges
       (id, customer_merge_id, customer_id, event_id, survivor_id, loser_id, at, record)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [
      ctx.newId(),
      fold.customerMergeId,
      fold.customerId,
      eventId,
      survivor.id,
      loser.id,
      ctx.now,
      JSON.stringify(record),
    ],
  );
  return merged;
}

const customersCreated = (ids: readonly string[]) =>
  ids.map((customerId) => ({ type: 'customer.created' as const, customerId }));

/** The fields of a person that describe the customer (not which document or event they are). */
const PROFILE_OMIT = new Set(['id', 'eventId', 'searchKey', 'createdAt', 'updatedAt']);

/**
 * A customer's profile is the field-wise merge of its live people. Only the person fields are
 * rewritten: keys other modules keep in the profile (tags, scores) stay.
 */
export async function refreshProfile(ctx: IdentityContext, customerId: string): Promise<void> {
  await refreshProfiles(ctx, [customerId]);
}

export async function refreshProfiles(
  ctx: IdentityContext,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  const rows = await ctx.tx.query<{ customer_id: string; data: Record<string, unknown> }>(
    `select cp.customer_id, d.data from customer_people cp
       join documents d on d.collection = 'people' and d.id = cp.person_id
      where cp.customer_id = any($1::text[]) and not d.deleted`,
    [[...customerIds]],
  );
  const peopleOf = new Map<string, Person[]>(customerIds.map((id) => [id, []]));
  for (const row of rows) peopleOf.get(row.customer_id)?.push(asPerson(row.data));
  await writeProfiles(ctx, peopleOf);
}

/** Writes each customer's profile: the fold of its live people (any order gives the same). */
async function writeProfiles(
  ctx: IdentityContext,
  peopleOf: ReadonlyMap<string, readonly Person[]>,
): Promise<void> {
  const updates = [...peopleOf].map(([id, people]) => {
    const first = people[0];
    if (!first) return { id, profile: {}, search_key: '' };
    const merged = people.slice(1).reduce(foldProfiles, first);
    const profile = Object.fromEntries(
      Object.entries(merged).filter(([key]) => !PROFILE_OMIT.has(key)),
    );
    return { id, profile, search_key: customerSearchKey(profile) };
  });
  // The search key is written with the profile it comes from, so a search never finds stale text.
  await ctx.tx.query(
    `update customers c set profile = c.profile || u.profile, search_key = u.search_key,
            updated_at = $2
       from jsonb_to_recordset($1::jsonb) as u(id text, profile jsonb, search_key text)
      where c.id = u.id`,
    [JSON.stringify(updates), ctx.now],
  );
  await emitWebhookEvents(ctx.tx, customersUpdated(peopleOf.keys()), ctx.now);
}

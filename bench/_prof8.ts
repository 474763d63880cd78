import { newId } from '../src/shared/ids';
import { createPerson } from '../src/shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT } from '../src/shared/schemas';
import { startTestPool, testDeviceToken } from '../src/server/testing';
import { createEvent } from '../src/server/routes/routes.test-kit';
import { rescoreTouched } from '../src/server/services/scoring';
const pool = await startTestPool({ rateLimitPerMinute: 1e6 });
const event = await createEvent(pool);
const device = await testDeviceToken(pool.db, event.id);
const people = Array.from({ length: 100 }, (_, n) => createPerson(newId(), event.id, { ...EMPTY_PERSON_INPUT, name: 'x' + n, phone: `+86137${String(10_000_000 + n).slice(-8)}`, title: '总监' }, NO_CONSENT, { source: 'staff', deviceId: 'b', at: Date.now() }));
const push = (c: string, docs: object[]) => pool.app.inject({ method: 'POST', url: `/api/v1/sync/${c}/push`, headers: { authorization: `Bearer ${device}` }, payload: docs.map((d) => ({ newDocumentState: { ...d, _deleted: false } })) });
await push('people', people);
for (let i = 0; i < 30; i++) await push('interactions', people.map((p) => ({ id: newId(), eventId: event.id, personId: p.id, type: ['registered', 'checked_in', 'badge_scanned', 'content_requested'][i % 4], deviceId: 'b', staffId: 'b', occurredAt: Date.now(), data: {}, updatedAt: Date.now() })));
for (let r = 0; r < 6; r++) {
  const times: Record<string, number> = {};
  let db = 0;
  await pool.db.transaction(async (tx) => {
    const q = tx.query.bind(tx);
    const wrapped = { query: async (sql: string, p?: never) => { const t = performance.now(); const res = await q(sql, p); const d = performance.now() - t; db += d; const k = sql.trim().replace(/\s+/g, ' ').slice(0, 30); times[k] = (times[k] ?? 0) + d; return res; } };
    const t = performance.now();
    await rescoreTouched(wrapped as never, { personIds: people.map((p) => p.id) }, { clock: Date.now, newId });
    times.total = performance.now() - t;
    times.js = times.total - db;
  });
  console.log(JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v * 10) / 10]))));
}
await pool.close();

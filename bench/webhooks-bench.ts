// Webhook delivery rate (issue 14): `npm run bench -- webhooks`. One JSON line on stdout: messages
// per second from the outbox to a local receiver (claim, body, sign, POST, log, per message) against
// plain HTTP POSTs of the same bodies to the same receiver in the same run. Logs go to stderr.
import { createServer } from 'node:http';
import { newId } from '../src/shared/ids';
import { createPerson } from '../src/shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT } from '../src/shared/schemas';
import { createEvent } from '../src/server/routes/routes.test-kit';
import { createWebhookWorker } from '../src/server/services/webhook-worker';
import { parseAllowHosts } from '../src/server/services/webhook-targets';
import { startTestPool, testDeviceToken } from '../src/server/testing';

const MESSAGES = Number(process.env.LEADPOND_BENCH_WEBHOOKS ?? 2000);
const BATCH = 200;

const log = (...parts: unknown[]) => console.error('[bench:webhooks]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;

const bodies: string[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    bodies.push(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const address = receiver.address();
const port = typeof address === 'object' && address ? address.port : 0;
const url = `http://127.0.0.1:${port}/hooks`;
const policy = parseAllowHosts(`127.0.0.1:${port}`);

const pool = await startTestPool({ webhookTargets: policy });
try {
  const event = await createEvent(pool, { name: 'Webhook Bench Expo' });
  const device = await testDeviceToken(pool.db, event.id, 'Bench booth');
  const created = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: { authorization: `Bearer ${pool.adminToken}` },
    payload: { url, events: ['customer.created'] },
  });
  if (created.statusCode !== 201) throw new Error(created.body);

  log(`pushing ${MESSAGES} people: one customer.created each`);
  for (let start = 0; start < MESSAGES; start += BATCH) {
    const payload = Array.from({ length: Math.min(BATCH, MESSAGES - start) }, (_, i) => ({
      newDocumentState: {
        ...createPerson(
          newId(),
          event.id,
          {
            ...EMPTY_PERSON_INPUT,
            name: `访客 ${start + i}`,
            phone: `139${String(start + i).padStart(8, '0')}`,
          },
          NO_CONSENT,
          { source: 'staff', deviceId: 'bench', at: Date.now() },
        ),
        _deleted: false,
      },
    }));
    const pushed = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/people/push',
      headers: { authorization: `Bearer ${device}` },
      payload,
    });
    if (pushed.statusCode !== 200) throw new Error(pushed.body);
  }

  const worker = createWebhookWorker({
    db: pool.db,
    clock: Date.now,
    newId,
    policy,
    batchSize: 50,
  });
  const started = performance.now();
  while (bodies.length < MESSAGES) {
    if ((await worker.runOnce()) === 0) throw new Error(`stalled at ${bodies.length}`);
  }
  const outboxSeconds = (performance.now() - started) / 1000;
  await worker.stop();

  log('baseline: the same bodies POSTed one after another');
  const sent = bodies.splice(0);
  const plainStarted = performance.now();
  for (const body of sent) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await response.text();
  }
  const plainSeconds = (performance.now() - plainStarted) / 1000;

  const rate = MESSAGES / outboxSeconds;
  const plainRate = MESSAGES / plainSeconds;
  emit({
    name: 'webhook_deliveries_per_second',
    value: round(rate),
    unit: 'msg/s',
    n: MESSAGES,
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    baseline: 'plain_http_posts_per_second',
    baseline_value: round(plainRate),
    ratio: round(rate / plainRate),
  });
} finally {
  await pool.close();
  receiver.closeAllConnections();
  receiver.close();
}

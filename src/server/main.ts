// `npm run pool`: the customer pool on embedded PGlite (or DATABASE_URL), until SIGINT/SIGTERM.
import { newId, systemClock } from '../shared/ids';
import { createPoolServer } from './app';
import { closeServer } from './close-server';
import { issueSetupLink, setupPath } from './accounts/setup-link';
import { ensureAdmin } from './auth';
import { readPoolConfig } from './config';
import { openDatabase } from './db/open';
import { poolLoggerOptions } from './log-redaction';
import { defaultPublicUrl, loopbackWarning } from './public-url';
import { createMailWorker } from './services/mail-worker';
import { createScoringWorker } from './services/scoring-worker';
import { createWebhookWorker } from './services/webhook-worker';
import { createFollowUpWorker } from './services/follow-up-worker';
import { backfillCustomerSearchKeys } from './services/customer-search';

async function main(): Promise<void> {
  const read = readPoolConfig(process.env);
  if (!read.ok) {
    console.error(`leadpond pool: bad configuration: ${read.message}`);
    process.exit(2);
  }
  const config = read.config;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const admin = await ensureAdmin(db, config.adminToken, systemClock(), newId);
  // Customers stored before the customers list's search key existed become findable by pinyin.
  await backfillCustomerSearchKeys(db);
  let boundUrl = '';
  const app = await createPoolServer({
    db,
    clock: systemClock,
    newId,
    publicUrl: () => config.publicUrl ?? boundUrl,
    mailDelivery: config.smtpUrl ? 'smtp' : 'none',
    enrollPerMinute: config.enrollPerMinute,
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
    assets: config.assets,
    webhookTargets: config.webhookTargets,
    // Requests are logged without headers and with query tokens masked: no secret in any log.
    logger: poolLoggerOptions(config.logLevel),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  boundUrl = defaultPublicUrl(config.host, port);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(`leadpond pool listening on ${boundUrl} — data: ${where}`);
  const unreachable = loopbackWarning(config.publicUrl ?? boundUrl);
  if (unreachable) console.log(unreachable);
  if (admin.generatedToken) {
    // Printed once, to the terminal only (not the log stream); only its hash is stored.
    console.log(
      `\nAdmin token (shown once — keep it; set LEADPOND_ADMIN_TOKEN to choose your own):\n  ${admin.generatedToken}\n`,
    );
  }
  // Until an admin has a password: a one-time link to choose it. The token sits in the URL's
  // fragment, which browsers never send, so it reaches no server or proxy log.
  const setupToken = await issueSetupLink(db, systemClock);
  if (setupToken) {
    console.log(`Set up the pool app: ${config.publicUrl ?? boundUrl}${setupPath(setupToken)}\n`);
  }

  // The mail queue's sender: woken by NOTIFY and a periodic tick; logs never carry a link.
  const mailWorker = createMailWorker({
    db,
    clock: systemClock,
    publicUrl: () => config.publicUrl ?? boundUrl,
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    log: app.log.child({ module: 'mail' }),
  });
  await mailWorker.start();

  // The decay pass: customers whose scores age are rescored; safe beside other pool processes.
  const scoringWorker = createScoringWorker({
    db,
    clock: systemClock,
    newId,
    log: app.log.child({ module: 'scoring' }),
  });
  await scoringWorker.start();

  // Webhook deliveries: the outbox's messages, signed, retried, safe beside other processes.
  const webhookWorker = createWebhookWorker({
    db,
    clock: systemClock,
    newId,
    policy: config.webhookTargets,
    timeoutMs: config.webhookTimeoutMs,
    // Past the timeout with room to spare: another process takes over only a dead one's claim.
    leaseMs: config.webhookTimeoutMs * 4,
    log: app.log.child({ module: 'webhooks' }),
  });
  await webhookWorker.start();

  // Follow-up deadlines: reminders before an SLA runs out, escalations after, each mailed once.
  const followUpWorker = createFollowUpWorker({
    db,
    clock: systemClock,
    log: app.log.child({ module: 'follow-up' }),
  });
  await followUpWorker.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting, give in-flight requests 5 s, then close the database cleanly; the exit
    // timer is the last resort if a worker or the database itself does not stop.
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await closeServer(app, 5_000);
    await mailWorker.stop();
    await scoringWorker.stop();
    await webhookWorker.stop();
    await followUpWorker.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('leadpond pool failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

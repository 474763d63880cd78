import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { startTestPool, type TestPool } from '../src/server/testing';
import { pdfBytes } from '../src/server/routes/assets.test-kit';
import { createMailWorker } from '../src/server/services/mail-worker';
import { startTestSmtp, type TestSmtp } from '../src/server/services/mail-worker.test-kit';
import { systemClock } from '../src/shared/ids';
import { openApp, withBooth, type Booth } from './booth';
import type {
  AssetUploadResponse,
  CustomerDetailResponse,
  CustomerSummary,
  ImportResponse,
} from '../src/shared/api';
import type { LeadEvent } from '../src/shared/schemas';

/**
 * A real customer pool for sync e2e tests: the same Fastify app and SQL as `npm run pool`, on
 * in-memory PGlite (or DATABASE_URL), listening on a free loopback port in the test's worker.
 * The tests drive it only through its HTTP API, like the marketing team and the devices do.
 */
export async function startPool(): Promise<TestPool> {
  const pool = await startTestPool();
  await pool.listen();
  return pool;
}

async function api<T>(pool: TestPool, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${pool.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${pool.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await response.json();
  expect(response.ok, `${method} ${path}: ${JSON.stringify(json)}`).toBe(true);
  return json as T;
}

export async function createPoolEvent(pool: TestPool, name: string): Promise<LeadEvent> {
  const { event } = await api<{ event: LeadEvent }>(pool, 'POST', '/events', {
    name,
    venue: '国家会展中心（上海）',
    startsOn: '2026-11-25',
    endsOn: '2026-11-27',
    consent: {
      text: '我们将按《个人信息保护法》处理您的信息，用于活动沟通与产品推荐。',
      version: 'v3',
    },
  });
  return event;
}

export async function issueEnrollmentCode(
  pool: TestPool,
  eventId: string,
): Promise<{ code: string; qrText: string }> {
  const { codes } = await api<{ codes: { code: string; qrText: string }[] }>(
    pool,
    'POST',
    `/events/${eventId}/enrollment-codes`,
    { count: 1 },
  );
  const issued = codes[0];
  if (!issued) throw new Error('the pool issued no code');
  return issued;
}

/** What the pool holds for an event's collection, read like any sync client (admin scope). */
export async function poolDocuments(
  pool: TestPool,
  collection: 'people' | 'interactions',
  eventId: string,
): Promise<Record<string, unknown>[]> {
  const query = new URLSearchParams({ eventId, limit: '1000' });
  const { documents } = await api<{ documents: Record<string, unknown>[] }>(
    pool,
    'GET',
    `/sync/${collection}/pull?${query}`,
  );
  return documents;
}

/** Marketing's customer search (GET /customers?q=): one customer per real person. */
export async function searchCustomers(pool: TestPool, q: string): Promise<CustomerSummary[]> {
  const query = new URLSearchParams({ q });
  const { customers } = await api<{ customers: CustomerSummary[] }>(
    pool,
    'GET',
    `/customers?${query}`,
  );
  return customers;
}

export async function getCustomer(pool: TestPool, id: string): Promise<CustomerDetailResponse> {
  return api<CustomerDetailResponse>(pool, 'GET', `/customers/${encodeURIComponent(id)}`);
}

/** Marketing imports pre-registered attendees from a CSV file; the answer holds signed tickets. */
export async function importAttendees(
  pool: TestPool,
  eventId: string,
  csv: string,
): Promise<ImportResponse> {
  const response = await fetch(`${pool.url}/api/v1/events/${eventId}/attendees/import`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${pool.adminToken}`,
      'content-type': 'text/csv; charset=utf-8',
    },
    body: csv,
  });
  const json: unknown = await response.json();
  expect(response.ok, `import: ${JSON.stringify(json)}`).toBe(true);
  return json as ImportResponse;
}

export async function revokeDevice(pool: TestPool, deviceId: string): Promise<void> {
  await api(pool, 'POST', `/devices/${deviceId}/revoke`);
}

/**
 * A booth whose app files come from disk, as the Electron shell serves them (app://), while the
 * network is up: taking the network away later leaves the app whole (lazy chunks included) and
 * cuts only the pool.
 */
export async function launchInstalledBooth(
  booth: Booth,
  options: { camera?: string; poolUrl?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { poolUrl, ...launchOptions } = options;
  const launched = await booth.launch({ ...launchOptions, offline: true });
  // Not a built file: `npm run web` makes it from LEADPOND_POOL_URL (scripts/serve-web.mjs).
  await launched.context.route(`${booth.baseURL}config.json`, (route) =>
    poolUrl
      ? route.fulfill({ json: { poolUrl } })
      : route.fulfill({ status: 404, body: 'not found' }),
  );
  // Pages fulfilled by a route have no address of their own, so Chromium's Local Network Access
  // counts them as public and asks before they reach a loopback pool. Served from 127.0.0.1 (npm
  // run web) the app may call a loopback pool without asking; grant what a booth operator would.
  await launched.context.grantPermissions(['local-network-access']);
  await launched.context.setOffline(false);
  return launched;
}

/**
 * Runs a test on a fresh booth profile (see withBooth) whose every launch is an installed booth;
 * whatever browser a failing step left open is closed before the profile is removed.
 */
export async function withInstalledBooth(
  baseURL: string | undefined,
  run: (
    launch: (options?: {
      camera?: string;
      poolUrl?: string;
    }) => Promise<{ context: BrowserContext; page: Page }>,
  ) => Promise<void>,
): Promise<void> {
  await withBooth(baseURL, async (booth) => {
    const contexts: BrowserContext[] = [];
    try {
      await run(async (options) => {
        const launched = await launchInstalledBooth(booth, options);
        contexts.push(launched.context);
        return launched;
      });
    } finally {
      for (const context of contexts) await context.close().catch(() => undefined);
    }
  });
}

/** The console's sync badge (zh-CN): a button named 同步状态：…, its state in data-state. */
export function syncBadge(page: Page): Locator {
  return page.getByRole('button', { name: /^同步状态：/ });
}

/** The pool-assigned id of this device, as the sync badge's details panel shows it. */
export async function deviceIdOf(page: Page): Promise<string> {
  const badge = syncBadge(page);
  const details = page.getByRole('region', { name: '同步详情' });
  if (!(await details.isVisible())) await badge.click();
  const id = (await details.locator('dd code').textContent()) ?? '';
  await badge.click();
  await expect(details).toBeHidden();
  expect(id).not.toBe('');
  return id;
}

/** How far apart a USB scanner's keys come (they are 1–20 ms apart). */
/**
 * A fresh booth enrolled for the pool's event with a one-time code: the event arrives by sync,
 * becomes the current one, and the badge says synced. Sync on a shared, loaded machine gets a
 * generous timeout, never a sleep.
 */
export async function enrollForEvent(
  page: Page,
  pool: TestPool,
  event: { id: string; name: string },
  timeout = 30_000,
): Promise<void> {
  const { code } = await issueEnrollmentCode(pool, event.id);
  await openApp(page, '/?lang=zh-CN#/enroll');
  await enrollByCode(page, pool.url, code);
  await expect(page.locator('.event-picker select option:checked')).toHaveText(event.name, {
    timeout,
  });
  await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', { timeout });
}

/** Staff enroll the booth on the enrollment screen by typing the pool address and the code. */
export async function enrollByCode(page: Page, poolUrl: string, code: string): Promise<void> {
  const form = page.getByRole('form', { name: '设备登记' });
  const address = form.getByLabel('客户池地址');
  // The screen pre-fills the address once /config.json answers (or with the default pool); a
  // fill racing that pre-fill ends with both addresses in the field.
  await expect(address).not.toHaveValue('');
  await address.fill(poolUrl);
  await form.getByLabel('登记码').fill(code);
  await form.getByRole('button', { name: '登记', exact: true }).click();
}

/** Marketing uploads a white paper (a small PDF) to the pool over HTTP; booths pull its metadata. */
export async function uploadWhitePaper(pool: TestPool, eventId: string, title: string) {
  const response = await fetch(
    `${pool.url}/api/v1/events/${eventId}/assets?title=${encodeURIComponent(title)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${pool.adminToken}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(pdfBytes(title)),
    },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as AssetUploadResponse).asset;
}

export interface PoolWithMail {
  pool: TestPool;
  /** A real SMTP server on 127.0.0.1 that keeps what it receives. */
  smtp: TestSmtp;
  /** Moves the pool's clock (and its mail worker's) this far ahead of real time: link expiry. */
  setSkew(ms: number): void;
  close(): Promise<void>;
}

/** A listening pool whose mail worker sends over a real SMTP server, as a configured pool does. */
export async function startPoolWithMail(): Promise<PoolWithMail> {
  let skew = 0;
  const clock = () => systemClock() + skew;
  const pool = await startTestPool({ clock, mailDelivery: 'smtp' });
  await pool.listen();
  const smtp = await startTestSmtp();
  const mail = createMailWorker({
    db: pool.db,
    clock,
    publicUrl: () => pool.url,
    smtpUrl: smtp.url,
    from: 'Leadpond <papers@leadpond.test>',
  });
  await mail.start();
  return {
    pool,
    smtp,
    setSkew: (ms) => void (skew = ms),
    async close() {
      await mail.stop();
      await smtp.close();
      await pool.close();
    },
  };
}

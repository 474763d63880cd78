import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import writeXlsxFile from 'write-excel-file/node';
import { startTestPool, type TestPool } from '../../src/server/testing';
import type { Language } from '../../src/shared/i18n';
import type { MessageTree } from '../../src/shared/i18n/pool/catalog';
import { expectAccessible } from '../axe';

/** Screenshots of the pool app, looked at by whoever changes a screen. */
export const POOL_APP_SHOTS = 'test-results/pool-app';

export const DESKTOP = { width: 1366, height: 768 } as const;

/**
 * A real pool serving the built pool app (npm run build:pool-app) on a free loopback port:
 * the same Fastify app and SQL as `npm run pool`, on in-memory PGlite or DATABASE_URL.
 */
export async function startPoolApp(
  options: Omit<Parameters<typeof startTestPool>[0], 'poolAppDir'> = {},
): Promise<TestPool> {
  const pool = await startTestPool({ ...options, poolAppDir: 'dist-pool-app' });
  await pool.listen();
  return pool;
}

/** The pool app's address for a screen (`/customers?grade=A`), in a forced language. */
export function appUrl(pool: TestPool, hashPath: string, lang?: 'zh-CN' | 'en'): string {
  return `${pool.url}/app/${lang ? `?lang=${lang}` : ''}#${hashPath}`;
}

/** axe on the screen as it is now, then a 1366×768 screenshot named after it. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await page.screenshot({ path: `${POOL_APP_SHOTS}/${name}.png` });
}

/** The password of every user the kit makes (long enough for the pool's rule). */
export const KIT_PASSWORD = 'kit password 2026';

/**
 * A user with that role who can sign in (invited with the admin token and accepted through the
 * API, as a real invitee would): their email and password.
 */
export async function createUserSession(
  pool: TestPool,
  role: 'admin' | 'marketing' | 'sales',
  name = `${role} ${Math.random().toString(36).slice(2, 8)}`,
): Promise<{ email: string; password: string; name: string }> {
  const email = `${name.replace(/\W+/g, '.').toLowerCase()}@example.com`;
  const invited = await fetch(`${pool.url}/api/v1/users/invites`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pool.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, email, role }),
  });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${await invited.text()}`);
  const { link } = (await invited.json()) as { link: string };
  const accepted = await fetch(`${pool.url}/api/v1/auth/invite/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link.slice(link.lastIndexOf('/') + 1), password: KIT_PASSWORD }),
  });
  if (accepted.status !== 200)
    throw new Error(`accept: ${accepted.status} ${await accepted.text()}`);
  return { email, password: KIT_PASSWORD, name };
}

/**
 * Signs in on the sign-in page the browser shows (open any screen signed out: the app sends you
 * there and back), in either language; resolves once the app left the sign-in page.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.waitForURL(/#\/signin/);
  await page.locator('#signin-email').fill(email);
  await page.locator('#signin-password').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.hash.startsWith('#/signin'));
}

/** A message of a pool-app catalog in a language, `{{placeholders}}` filled in. */
export function say(
  catalog: Record<Language, MessageTree>,
  lang: Language,
  path: string,
  values: Record<string, string | number> = {},
): string {
  let node: string | MessageTree | undefined = catalog[lang];
  for (const key of path.split('.')) node = typeof node === 'object' ? node[key] : undefined;
  if (typeof node !== 'string') throw new Error(`no message ${path}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** Attendees under the Chinese headers an organizer's registration system exports, as XLSX. */
export async function attendeesXlsx(count: number): Promise<Buffer> {
  const text = (value: string) => ({ value, type: String });
  const header = ['姓名', '手机号码', '公司名称', '邮箱', '职务', '备注'].map(text);
  const rows = Array.from({ length: count }, (_, i) =>
    [
      `参会人${i + 1}`,
      `1380000${String(i + 1).padStart(4, '0')}`,
      `公司${(i % 17) + 1}`,
      `guest${i + 1}@example.com`,
      i % 2 ? '经理' : '工程师',
      'VIP',
    ].map(text),
  );
  return writeXlsxFile([header, ...rows]).toBuffer();
}

/**
 * A fresh browser context signed in as a new user of that role, on `hashPath`. The browser's own
 * words (a file input's button) are in the app's language; downloads are kept for the test.
 */
export async function signedInPage(
  browser: Browser,
  pool: TestPool,
  options: { role: 'admin' | 'marketing' | 'sales'; hashPath: string; lang: Language },
): Promise<Page> {
  const user = await createUserSession(pool, options.role);
  const context = await browser.newContext({
    viewport: DESKTOP,
    acceptDownloads: true,
    locale: options.lang,
  });
  const page = await context.newPage();
  await page.goto(appUrl(pool, options.hashPath, options.lang));
  await signIn(page, user.email, user.password);
  return page;
}

let zxingReady = false;
/** The text of the QR code in a PNG, read by ZXing (not by our own code). */
export async function decodeQr(png: Uint8Array): Promise<string | undefined> {
  if (!zxingReady) {
    const wasm = readFileSync('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
    prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length) },
      fireImmediately: true,
    });
    zxingReady = true;
  }
  const [result] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] });
  return result?.text;
}

import type { Page } from '@playwright/test';
import { startTestPool, type TestPool } from '../../src/server/testing';
import { expectAccessible } from '../axe';

/** Screenshots of the pool app, looked at by whoever changes a screen. */
export const POOL_APP_SHOTS = 'test-results/pool-app';

export const DESKTOP = { width: 1366, height: 768 } as const;

/**
 * A real pool serving the built pool app (npm run build:pool-app) on a free loopback port:
 * the same Fastify app and SQL as `npm run pool`, on in-memory PGlite or DATABASE_URL.
 */
export async function startPoolApp(): Promise<TestPool> {
  const pool = await startTestPool({ poolAppDir: 'dist-pool-app' });
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

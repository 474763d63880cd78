// Time to rendered rows of the pool app's customers list in Chromium (issue 13, goal < 300 ms):
// part of `npm run bench -- customers` (customers-list-bench.ts calls it on its seeded pool).
// Two figures, each timed inside the page (performance.now), so the harness's own polling adds
// nothing:
// - first load: from navigation start to the first customer row in the DOM (JS, session, API);
// - a filter change in a loaded list: from the hash change to the new rows in the DOM.
// Needs the built pool app (npm run build:pool-app); without it the figures are skipped.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { appUrl, createUserSession, signIn } from '../e2e/pool-app/kit';
import type { TestPool } from '../src/server/testing';

const ROWS = '.customer-table tbody tr:not(.spacer)';

/** Times in ms; null when the app is not built or no Chromium is installed. */
export async function timeRenderedRows(
  pool: TestPool,
  { filters, other, runs }: { filters: string; other: string; runs: number },
): Promise<{ firstLoad: number[]; filterChange: number[] } | null> {
  if (!existsSync('dist-pool-app/index.html') || !existsSync(CHROMIUM_PATH)) return null;
  await pool.listen();
  const user = await createUserSession(pool, 'marketing', 'Bench Marketing');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    // The moment the first row is in the DOM, seen from inside each fresh document.
    await context.addInitScript((selector: string) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          (window as unknown as { rowsAt?: number }).rowsAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    }, ROWS);
    const page = await context.newPage();
    await page.goto(appUrl(pool, '/customers', 'zh-CN'));
    await signIn(page, user.email, user.password);
    const firstLoad: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A fresh document each time (the app's code from the HTTP cache, as on a second visit).
      await page.goto('about:blank');
      await page.goto(appUrl(pool, `/customers?${filters}`, 'zh-CN'));
      await page.waitForSelector(ROWS);
      firstLoad.push(
        await page.evaluate(() => (window as unknown as { rowsAt?: number }).rowsAt ?? NaN),
      );
    }
    const filterChange: number[] = [];
    for (let i = 0; i < runs; i++) {
      const query = i % 2 === 0 ? other : filters;
      filterChange.push(
        await page.evaluate(
          ({ query: next, selector }) =>
            new Promise<number>((resolve) => {
              const before = document.querySelector(selector)?.textContent ?? '';
              const started = performance.now();
              const observer = new MutationObserver(() => {
                const first = document.querySelector(selector);
                if (first && first.textContent !== before) {
                  observer.disconnect();
                  resolve(performance.now() - started);
                }
              });
              observer.observe(document.body, {
                childList: true,
                subtree: true,
                characterData: true,
              });
              setTimeout(() => resolve(Number.NaN), 10_000);
              location.hash = `#/customers?${next}`;
            }),
          { query, selector: ROWS },
        ),
      );
    }
    return { firstLoad, filterChange };
  } finally {
    await browser.close();
  }
}

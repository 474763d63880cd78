import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

const port = Number(process.env.LEADPOND_E2E_PORT ?? 5199);
/** Specs whose outcome depends on the pace of the machine: run one at a time, after the rest. */
const ALONE = ['**/checkin.spec.ts', '**/web-offline.spec.ts'];

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two spec files at a time (one per core): every spec starts its own pool on a free port and its
  // own browser profiles. What depends on the machine's pace runs after them, alone (`alone`).
  workers: Number(process.env.LEADPOND_E2E_WORKERS ?? 2),
  retries: 0,
  reporter: process.env.CI_REPORT
    ? [['list'], ['json', { outputFile: 'reports/playwright.json' }]]
    : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'shared', testIgnore: ALONE },
    // The camera decodes frames as they come, and a new release takes over on a timer.
    { name: 'alone', testMatch: ALONE, workers: 1, dependencies: ['shared'] },
  ],
  webServer: {
    command: 'node scripts/serve-web.mjs',
    env: { LEADPOND_WEB_PORT: String(port) },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});

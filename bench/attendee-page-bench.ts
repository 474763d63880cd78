// The attendee phone page's first load (issue 6: goal < 100 KB of JavaScript gzipped), run by
// `npm run bench` through tsx: one JSON line per figure on stdout, each with a baseline measured
// in the same run (the staff app, built for web mode, loaded the same way). Logs go to stderr.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { boothKeyFromSecret, issueBoothToken } from '../src/shared/attendee';
import { startTestPool, testDeviceToken } from '../src/server/testing';
import { hashToken } from '../src/server/auth';
import { createStaticServer } from '../scripts/static-server.mjs';

const CHROMIUM = process.env.LEADPOND_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = JSON.parse(readFileSync('e2e/chromium-flags.json', 'utf8')) as string[];
const RUNS = Number(process.env.LEADPOND_BENCH_PAGE_RUNS ?? 5);
const JS_GOAL_BYTES = 100 * 1024;
/** A phone on a busy venue's 4G: what the load looks like when bytes cost time. */
const SLOW_4G = {
  latency: 150,
  downloadThroughput: (4 * 1024 * 1024) / 8,
  uploadThroughput: (1024 * 1024) / 8,
};

const log = (...parts: unknown[]) => console.error('[bench:attendee]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;
const ratioOf = (n: number) => Math.round(n * 10_000) / 10_000;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

interface Load {
  /** Each script the browser fetched: bytes as served and gzipped (level 6, like most servers). */
  scripts: { url: string; raw: number; gzip: number }[];
  interactiveMs: number;
  /** Navigation start → DOMContentLoaded: the HTML and the module script. */
  domContentLoadedMs: number;
  /** The slowest fetch()/XHR of the load (the attendee page's context call). */
  apiMs: number;
}

/** One cold load in a fresh phone-sized context: its scripts and its first interactive moment. */
async function load(
  browser: Browser,
  url: string,
  interactiveMark: string,
  network: 'unthrottled' | 'slow4g',
): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  try {
    const page: Page = await context.newPage();
    if (network === 'slow4g') {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_4G });
    }
    const pending: Promise<{ url: string; raw: number; gzip: number } | null>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      pending.push(
        response
          .body()
          .then((body) => ({ url: response.url(), raw: body.length, gzip: gzipSync(body).length }))
          .catch(() => null),
      );
    });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 });
    const timings = await page.evaluate((mark) => {
      const navigation = performance.getEntriesByType('navigation')[0] as
        PerformanceNavigationTiming | undefined;
      const calls = performance
        .getEntriesByType('resource')
        .filter((entry) =>
          ['fetch', 'xmlhttprequest'].includes((entry as PerformanceResourceTiming).initiatorType),
        );
      return {
        interactiveMs: performance.getEntriesByName(mark)[0]?.startTime ?? NaN,
        domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? NaN,
        apiMs: Math.max(0, ...calls.map((entry) => entry.duration)),
      };
    }, interactiveMark);
    const scripts = (await Promise.all(pending)).filter((s) => s !== null);
    return { scripts, ...timings };
  } finally {
    await context.close();
  }
}

function summarize(loads: Load[]) {
  const first = loads[0] as Load;
  return {
    gzip: first.scripts.reduce((sum, s) => sum + s.gzip, 0),
    raw: first.scripts.reduce((sum, s) => sum + s.raw, 0),
    scripts: first.scripts.length,
    interactive: median(loads.map((l) => l.interactiveMs)),
    domContentLoaded: median(loads.map((l) => l.domContentLoadedMs)),
    api: median(loads.map((l) => l.apiMs)),
  };
}

log('building the attendee page and the staff web app');
// scripts/bench.mjs has built the web app already when it runs this.
const configs = ['vite.attendee.config.ts'];
if (process.env.LEADPOND_BENCH_WEB_BUILT !== '1') configs.push('vite.web.config.ts');
for (const config of configs) {
  const built = spawnSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const pool = await startTestPool();
const staticServer = createStaticServer({ '/': 'dist-web' });
let browser: Browser | undefined;
try {
  await pool.listen();
  await new Promise<void>((done) => staticServer.listen(0, '127.0.0.1', done));
  const address = staticServer.address();
  const staffUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

  // A real event and booth device in the pool: the page's first load includes its context call.
  const created = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { authorization: `Bearer ${pool.adminToken}` },
    payload: {
      name: '2026 智能制造博览会',
      startsOn: '2026-11-25',
      endsOn: '2026-11-27',
      consent: { text: '我们将按《个人信息保护法》处理您的信息。', version: 'v1' },
    },
  });
  const eventId = (created.json() as { event: { id: string } }).event.id;
  const deviceToken = await testDeviceToken(pool.db, eventId, 'Bench booth');
  const [device] = await pool.db.query<{ id: string }>(
    'select id from devices where token_hash = $1',
    [hashToken(deviceToken)],
  );
  const pageUrl = () =>
    `${pool.url}/m/${eventId}?b=${issueBoothToken(
      String(device?.id),
      boothKeyFromSecret(deviceToken),
      Date.now(),
      crypto.getRandomValues(new Uint8Array(6)),
    )}`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  for (const network of ['unthrottled', 'slow4g'] as const) {
    log(`${RUNS} cold loads of each page, ${network}`);
    // One load of each first, not counted: the pool's first queries and the OS file cache.
    await load(browser, pageUrl(), 'leadpond:attendee-interactive', network);
    await load(browser, staffUrl, 'leadpond:interactive', network);
    const attendeeLoads: Load[] = [];
    const staffLoads: Load[] = [];
    for (let run = 0; run < RUNS; run++) {
      attendeeLoads.push(await load(browser, pageUrl(), 'leadpond:attendee-interactive', network));
      staffLoads.push(await load(browser, staffUrl, 'leadpond:interactive', network));
    }
    const attendee = summarize(attendeeLoads);
    const staff = summarize(staffLoads);
    if (network === 'unthrottled') {
      emit({
        name: 'attendee_page_js_gzip_bytes',
        value: attendee.gzip,
        unit: 'bytes',
        goal: JS_GOAL_BYTES,
        raw_bytes: attendee.raw,
        scripts: attendee.scripts,
        baseline: 'staff_app_js_gzip_bytes',
        baseline_value: staff.gzip,
        baseline_raw_bytes: staff.raw,
        ratio: ratioOf(attendee.gzip / staff.gzip),
        goal_ratio: ratioOf(attendee.gzip / JS_GOAL_BYTES),
      });
    }
    emit({
      name:
        network === 'unthrottled'
          ? 'attendee_page_interactive_ms'
          : 'attendee_page_interactive_slow4g_ms',
      value: round(attendee.interactive),
      unit: 'ms',
      n: RUNS,
      viewport: '360x740',
      network: network === 'slow4g' ? SLOW_4G : 'loopback',
      includes: 'page, script, style and the POST /m/api/context answer of a real pool',
      dom_content_loaded_ms: round(attendee.domContentLoaded),
      context_api_ms: round(attendee.api),
      baseline_dom_content_loaded_ms: round(staff.domContentLoaded),
      baseline: 'staff_app_interactive_ms',
      baseline_value: round(staff.interactive),
      ratio: ratioOf(attendee.interactive / staff.interactive),
    });
  }
} catch (error) {
  log('failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
} finally {
  await browser?.close();
  staticServer.close();
  await pool.close();
}

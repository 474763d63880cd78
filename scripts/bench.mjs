// `npm run bench`: one JSON line per figure on stdout, each against a baseline measured in the
// same run. Logs go to stderr. LEADPOND_BENCH_PEOPLE sets the store size (default 100000).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createStaticServer } from './static-server.mjs';
import { makeQrVideo } from './qr-video.mjs';

const PEOPLE = Number(process.env.LEADPOND_BENCH_PEOPLE ?? 100_000);
const CHROMIUM = process.env.LEADPOND_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = JSON.parse(readFileSync('e2e/chromium-flags.json', 'utf8'));
const log = (...parts) => console.error('[bench]', ...parts);
const emit = (figure) => console.log(JSON.stringify(figure));

// `npm run bench -- <group>` runs one of the Node-only groups alone, with no browser build, so a
// change on the pool's push path can be measured in a minute.
const NODE_GROUPS = {
  trust: 'bench/trust-bench.ts',
  papers: 'bench/papers-bench.ts',
  draw: 'bench/draw-bench.ts',
  intelligence: 'bench/intelligence-bench.ts',
  customers: 'bench/customers-list-bench.ts',
  webhooks: 'bench/webhooks-bench.ts',
  tickets: 'bench/tickets-bench.ts',
  dashboard: 'bench/dashboard-bench.ts',
};
const only = process.argv[2];
if (only !== undefined) {
  const script = NODE_GROUPS[only];
  if (!script) {
    console.error(`unknown bench group ${only}; one of: ${Object.keys(NODE_GROUPS).join(', ')}`);
    process.exit(2);
  }
  const result = spawnSync('npx', ['tsx', script], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

function build(args) {
  const result = spawnSync('npx', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

log('building the web app and the bench page');
build(['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']);
build(['vite', 'build', '--config', 'bench/vite.config.ts']);
// The pool app: the customers group times its list to rendered rows in Chromium (issue 13).
build(['vite', 'build', '--config', 'vite.pool-app.config.ts', '--logLevel', 'warn']);
copyFileSync('bench/blank.html', 'dist-bench/blank.html');

// One origin for both, so the bench page seeds the very database the app opens.
const server = createStaticServer({ '/bench/': 'dist-bench', '/': 'dist-web' });
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'leadpond-bench-'));
const videos = mkdtempSync(join(tmpdir(), 'leadpond-bench-video-'));
const launch = () =>
  chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (n) => Math.round(n * 100) / 100;
const ratioOf = (n) => Math.round(n * 10_000) / 10_000;

let context;
try {
  log('QR decoders on camera-like 640x480 frames');
  context = await launch();
  let decoderPage = context.pages()[0] ?? (await context.newPage());
  await decoderPage.goto(`${origin}/bench/decoder-bench.html`);
  await decoderPage.waitForFunction(() => 'runDecoderBench' in globalThis);
  const decoderFigures = await decoderPage.evaluate(() =>
    globalThis.runDecoderBench().catch((error) => ({ error: String(error?.stack ?? error) })),
  );
  if (!Array.isArray(decoderFigures))
    throw new Error(`decoder bench failed: ${decoderFigures.error}`);
  for (const figure of decoderFigures) emit(figure);
  await context.close();

  log(`seeding ${PEOPLE} people in Chromium and measuring the store`);
  context = await launch();
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${origin}/bench/store-bench.html`);
  await page.waitForFunction(() => 'runStoreBench' in globalThis);
  const figures = await page.evaluate(
    (people) =>
      globalThis
        .runStoreBench({ people, databaseName: 'leadpond' })
        .catch((error) => ({ error: String(error?.stack ?? error) })),
    PEOPLE,
  );
  if (!Array.isArray(figures)) throw new Error(`store bench failed in the page: ${figures.error}`);
  for (const figure of figures) emit(figure);
  await context.close();

  log('cold starts of the web app with the seeded store');
  const starts = [];
  const searchReady = [];
  const blanks = [];
  for (let run = 0; run < 5; run++) {
    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${origin}/bench/blank.html`);
    blanks.push(
      await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd),
    );
    await page.goto(`${origin}/`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
    starts.push(
      await page.evaluate(() => performance.getEntriesByName('leadpond:interactive')[0].startTime),
    );
    await page.waitForSelector('html[data-search-ready="true"]', { timeout: 120_000 });
    searchReady.push(await page.evaluate(() => performance.now()));
    if (run === 0) await page.screenshot({ path: join(tmpdir(), 'leadpond-bench-console.png') });
    await context.close();
  }
  const interactive = median(starts);
  const blank = median(blanks);
  emit({
    name: 'cold_start_interactive_ms',
    value: round(interactive),
    unit: 'ms',
    goal: 1500,
    n: starts.length,
    people: PEOPLE,
    baseline: 'blank_page_load',
    baseline_value: round(blank),
    ratio: ratioOf(interactive / blank),
  });
  emit({
    name: 'cold_start_search_ready_ms',
    value: round(median(searchReady)),
    unit: 'ms',
    n: searchReady.length,
    people: PEOPLE,
    baseline: 'cold_start_interactive',
    baseline_value: round(interactive),
    ratio: ratioOf(median(searchReady) / interactive),
  });

  await benchCheckIn();
} catch (error) {
  log('failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await context?.close().catch(() => undefined);
  server.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  rmSync(videos, { recursive: true, force: true });
}

// The lucky draw among 100k entrants: shared code in Node, no browser (bench/draw-bench.ts prints
// its own JSON lines, with its baselines).
log('draw: 100k entrants, eligibility + hash + CSPRNG selection + audit');
const draw = spawnSync('npx', ['tsx', 'bench/draw-bench.ts'], { stdio: 'inherit' });
if (draw.status !== 0) process.exitCode = 1;

// What the trust rules cost a push (issue 11): new people, matching people, contradicting people,
// against a push of interactions in the same run (bench/trust-bench.ts).
log('trust: people pushes against interaction pushes');
const trust = spawnSync('npx', ['tsx', NODE_GROUPS.trust], { stdio: 'inherit' });
if (trust.status !== 0) process.exitCode = 1;

// The customer list at 100k customers (issue 12): filtered by grade + stage + tag + province and
// sorted by score, against the unfiltered newest-first page in the same run; issue 13's filters
// (region, industry, consent, behaviour), pinyin search, counts, and rendered rows in Chromium.
log('customers: GET /customers at 100k customers, filtered and sorted against unfiltered');
const customers = spawnSync('npx', ['tsx', NODE_GROUPS.customers], { stdio: 'inherit' });
if (customers.status !== 0) process.exitCode = 1;

// Event dashboards (issue 13): the dashboard of an event with 100k facts against its ROI route,
// and the pool app's first-load JavaScript against the booth web app's (bench/dashboard-bench.ts).
log('dashboard: event dashboard at 100k facts, pool app first-load JavaScript');
const dashboard = spawnSync('npx', ['tsx', NODE_GROUPS.dashboard], { stdio: 'inherit' });
if (dashboard.status !== 0) process.exitCode = 1;

log('webhooks: outbox deliveries per second against plain POSTs of the same bodies');
const webhooks = spawnSync('npx', ['tsx', NODE_GROUPS.webhooks], { stdio: 'inherit' });
if (webhooks.status !== 0) process.exitCode = 1;

log('tickets: ticket mails per second from the outbox against plain nodemailer sends');
const tickets = spawnSync('npx', ['tsx', NODE_GROUPS.tickets], { stdio: 'inherit' });
if (tickets.status !== 0) process.exitCode = 1;

// Lead intelligence in the pool (issue 12): the decay pass over 100k customers with 1M facts
// against a plain select, a push of 100 facts with and without scoring, the engine alone.
log('intelligence: decay pass, scoring inside a push, the engine alone');
const intelligence = spawnSync('npx', ['tsx', NODE_GROUPS.intelligence], { stdio: 'inherit' });
if (intelligence.status !== 0) process.exitCode = 1;

// The sync figures: the real pool as a process, Node clients, and a fresh booth in Chromium
// (bench/sync-bench.ts prints its own JSON lines; the web and bench builds above serve it).
if (process.env.LEADPOND_BENCH_SKIP_SYNC !== '1') {
  log('sync: the pool, 50 devices, CouchDB baseline, first pull in Chromium');
  const sync = spawnSync('npx', ['tsx', 'bench/sync-bench.ts'], { stdio: 'inherit' });
  if (sync.status !== 0) process.exitCode = 1;
}

// The attendee phone page's first load: JavaScript bytes and time to interactive on a phone-sized
// context, against the staff app (bench/attendee-page-bench.ts prints its own JSON lines).
if (process.env.LEADPOND_BENCH_SKIP_ATTENDEE !== '1') {
  log('attendee page: first load on a phone-sized context');
  const attendee = spawnSync('npx', ['tsx', 'bench/attendee-page-bench.ts'], {
    stdio: 'inherit',
    env: { ...process.env, LEADPOND_BENCH_WEB_BUILT: '1' },
  });
  if (attendee.status !== 0) process.exitCode = 1;
}

/**
 * Scan → full-screen result with the 100k-person store: HID bursts typed by Playwright, then
 * tickets shown one after another to Chromium's fake camera. Both read the app's own
 * `leadpond:scan-feedback` measures (decode or Enter → the frame that paints the result). The
 * baseline is one animation frame in the same page: the floor for anything shown on screen.
 */
async function benchCheckIn() {
  const HID_SCANS = 40;
  const CAMERA_SCANS = 25;
  log('issuing tickets for seeded people');
  context = await launch();
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${origin}/bench/store-bench.html`);
  await page.waitForFunction(() => 'benchTickets' in globalThis);
  const tickets = await page.evaluate(
    ({ count, seeded }) => globalThis.benchTickets({ databaseName: 'leadpond', count, seeded }),
    { count: HID_SCANS + CAMERA_SCANS, seeded: PEOPLE },
  );
  await context.close();
  const cameraTickets = tickets.slice(HID_SCANS);
  const segments = cameraTickets.flatMap((text) => [
    { text, seconds: 1.2 },
    { text: null, seconds: 0.6 },
  ]);
  const video = await makeQrVideo(videos, 'bench-camera', segments, { fps: 5 });

  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      ...ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
    headless: true,
    viewport: { width: 1280, height: 800 },
    // The service worker may hand the page to a newer build with a reload at start-up; the
    // desk measured here must be the page the scans go to.
    serviceWorkers: 'block',
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${origin}/#/checkin`);
  await page.waitForSelector('.checkin-grid', { timeout: 60_000 });
  // Scans start once the search index is loaded, as at a booth that has been open a while.
  await page.waitForSelector('html[data-search-ready="true"]', { timeout: 120_000 });
  const cdp = await context.newCDPSession(page);
  const frameFloor = await page.evaluate(async () => {
    const samples = [];
    for (let i = 0; i < 60; i++) {
      const start = performance.now();
      await new Promise((done) => globalThis.requestAnimationFrame(done));
      samples.push(performance.now() - start);
    }
    return samples;
  });
  const measures = (method) =>
    page.evaluate(
      (wanted) =>
        performance
          .getEntriesByName('leadpond:scan-feedback', 'measure')
          .filter((m) => m.detail?.method === wanted)
          .map((m) => ({ ms: m.duration, tone: m.detail.tone })),
      method,
    );

  log(`HID: ${HID_SCANS} scanner bursts`);
  for (const ticket of tickets.slice(0, HID_SCANS)) {
    const before = (await measures('hid')).length;
    await scannerBurst(cdp, page, ticket);
    await page.waitForFunction(
      (count) =>
        performance
          .getEntriesByName('leadpond:scan-feedback', 'measure')
          .filter((m) => m.detail?.method === 'hid').length > count,
      before,
    );
  }
  const hid = await measures('hid');

  log(`camera: ${CAMERA_SCANS} tickets shown in turn`);
  await page.getByRole('button', { name: /打开摄像头|Start camera/ }).click();
  await page.waitForFunction(
    (count) =>
      performance
        .getEntriesByName('leadpond:scan-feedback', 'measure')
        .filter((m) => m.detail?.method === 'camera').length >= count,
    CAMERA_SCANS,
    { timeout: 120_000 },
  );
  const camera = await measures('camera');
  await context.close();

  const floor = percentile(frameFloor, 95);
  for (const [name, samples, goal] of [
    ['hid_scan_to_feedback_p95_ms', hid, 30],
    ['camera_decoded_to_feedback_p95_ms', camera, 100],
  ]) {
    const ms = samples.map((s) => s.ms);
    const p95 = percentile(ms, 95);
    emit({
      name,
      value: round(p95),
      p50: round(percentile(ms, 50)),
      unit: 'ms',
      goal,
      n: ms.length,
      green: samples.filter((s) => s.tone === 'green').length,
      people: PEOPLE,
      baseline: 'animation_frame_p95',
      baseline_value: round(floor),
      ratio: ratioOf(p95 / floor),
    });
  }
}

/**
 * A USB scanner's burst: keys 5 ms apart with the timestamps a scanner's keys carry (CDP), so a
 * busy page cannot stretch the gaps as keys typed by page.keyboard would be (see e2e/scanner.ts).
 */
async function scannerBurst(cdp, page, text) {
  await page.evaluate(
    () => new Promise((done) => globalThis.requestIdleCallback(() => done(null))),
  );
  const start = Date.now();
  const keys = [...text, 'Enter'];
  for (const [index, key] of keys.entries()) {
    const timestamp = (start + index * 5) / 1000;
    const enter = key === 'Enter';
    const typed = enter ? '\r' : key;
    const common = enter ? { key, code: 'Enter', windowsVirtualKeyCode: 13 } : { key };
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      ...common,
      text: typed,
      unmodifiedText: typed,
      timestamp,
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common, timestamp });
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// `npm run bench`: one JSON line per figure on stdout, each against a baseline measured in the
// same run. Logs go to stderr. LEADPOND_BENCH_PEOPLE sets the store size (default 100000).
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
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

// ─── Groups ──────────────────────────────────────────────────────────────────────────────────
// `npm run bench -- <group>` runs one group; `npm run bench` runs every group in this order.
// Each group runs in a child process of its own with a time limit: a group that hangs or runs
// over is killed (its process group: pools, browsers) and reported as one JSON line
// {group, error: 'timeout'}, and the run goes on with the next group. Browser groups share one
// Chromium profile, so the store seeded by `store` serves `coldstart` and `scan` (which seed it
// themselves when run alone). LEADPOND_BENCH_GROUP_TIMEOUT_S overrides every limit.
const GROUPS = {
  decoder: { inline: 'benchDecoders', builds: true, minutes: 10 },
  store: { inline: 'benchStore', builds: true, minutes: 20 },
  coldstart: { inline: 'benchColdStart', builds: true, minutes: 20 },
  scan: { inline: 'benchCheckIn', builds: true, minutes: 25 },
  draw: { script: 'bench/draw-bench.ts', minutes: 10 },
  trust: { script: 'bench/trust-bench.ts', minutes: 15 },
  papers: { script: 'bench/papers-bench.ts', minutes: 10 },
  customers: { script: 'bench/customers-list-bench.ts', builds: true, minutes: 20 },
  dashboard: { script: 'bench/dashboard-bench.ts', builds: true, minutes: 15 },
  webhooks: { script: 'bench/webhooks-bench.ts', minutes: 10 },
  tickets: { script: 'bench/tickets-bench.ts', minutes: 10 },
  intelligence: { script: 'bench/intelligence-bench.ts', minutes: 20 },
  // The sync script's two halves: pushes (pool vs CouchDB, 50 devices) and the first pull.
  sync: { script: 'bench/sync-bench.ts', env: { LEADPOND_BENCH_SKIP_PULL: '1' }, minutes: 20 },
  pull: {
    script: 'bench/sync-bench.ts',
    env: { LEADPOND_BENCH_SKIP_PUSH: '1' },
    builds: true,
    minutes: 20,
  },
  attendee: {
    script: 'bench/attendee-page-bench.ts',
    env: { LEADPOND_BENCH_WEB_BUILT: '1' },
    builds: true,
    minutes: 10,
  },
};
const GROUP_FLAG = '--run-group';
const runningGroup = process.argv[2] === GROUP_FLAG ? process.argv[3] : undefined;
if (runningGroup === undefined) {
  await runGroups(process.argv[2]);
  process.exit(process.exitCode ?? 0);
}

/** The parent: builds once what the chosen groups need, then runs each in its own process. */
async function runGroups(only) {
  // `npm run bench -- store,coldstart,scan`: several groups, in the order of GROUPS.
  const named = only === undefined ? undefined : new Set(only.split(','));
  const unknown = [...(named ?? [])].filter((name) => !GROUPS[name]);
  if (unknown.length > 0) {
    console.error(
      `unknown bench group ${unknown.join(', ')}; one of: ${Object.keys(GROUPS).join(', ')}`,
    );
    process.exit(2);
  }
  // The older switches still leave out the slow browser-and-pool groups of a full run.
  const skipped = new Set([
    ...(process.env.LEADPOND_BENCH_SKIP_SYNC === '1' ? ['sync', 'pull'] : []),
    ...(process.env.LEADPOND_BENCH_SKIP_ATTENDEE === '1' ? ['attendee'] : []),
  ]);
  const chosen = Object.keys(GROUPS).filter((name) =>
    named === undefined ? !skipped.has(name) : named.has(name),
  );
  if (chosen.some((name) => GROUPS[name].builds)) buildAll();
  const profile = mkdtempSync(join(tmpdir(), 'leadpond-bench-'));
  // IndexedDB belongs to an origin: every browser group serves the app on this one port, or the
  // cold start and the scans would open an empty store instead of the one `store` seeded.
  const webPort = await freePort();
  try {
    for (const name of chosen) {
      const group = GROUPS[name];
      log(`group ${name}`);
      const command = group.inline
        ? ['node', [process.argv[1], GROUP_FLAG, name]]
        : ['npx', ['tsx', group.script]];
      const outcome = await runLimited(
        command,
        {
          ...process.env,
          ...(group.env ?? {}),
          LEADPOND_BENCH_PROFILE: profile,
          LEADPOND_BENCH_WEB_PORT: String(webPort),
          LEADPOND_BENCH_BUILT: '1',
        },
        limitOf(group),
      );
      if (outcome === 'timeout') emit({ group: name, error: 'timeout', limit_s: limitOf(group) });
      else if (outcome !== 0) emit({ group: name, error: `exit ${outcome}` });
      if (outcome !== 0) process.exitCode = 1;
    }
  } finally {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** A port nothing listens on now; the groups, run one after another, each listen on it in turn. */
async function freePort() {
  const probe = createServer();
  await new Promise((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

function limitOf(group) {
  return Number(process.env.LEADPOND_BENCH_GROUP_TIMEOUT_S ?? group.minutes * 60);
}

/**
 * Runs a group in its own process group; past the limit, SIGTERM (Playwright closes its
 * browsers, the pool helpers stop their servers), then SIGKILL what is left. Resolves to the
 * exit code, or 'timeout'.
 */
function runLimited([command, args], env, seconds) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, detached: true });
    const signal = (name) => {
      try {
        process.kill(-child.pid, name);
      } catch {
        // already gone
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`time limit of ${seconds} s reached: stopping the group`);
      signal('SIGTERM');
      setTimeout(() => signal('SIGKILL'), 10_000).unref();
    }, seconds * 1000);
    // Interrupting the bench interrupts the group too (it runs in a process group of its own).
    const forward = () => signal('SIGTERM');
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.once('exit', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // Whatever the group left behind (a browser, a server) goes with it.
      signal('SIGKILL');
      resolve(timedOut ? 'timeout' : (code ?? 1));
    });
  });
}

function buildAll() {
  log('building the web app, the bench page and the pool app');
  build(['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']);
  build(['vite', 'build', '--config', 'bench/vite.config.ts']);
  // The pool app: the customers group times its list to rendered rows in Chromium (issue 13).
  build(['vite', 'build', '--config', 'vite.pool-app.config.ts', '--logLevel', 'warn']);
  copyFileSync('bench/blank.html', 'dist-bench/blank.html');
}

function build(args) {
  // Build logs go to stderr: stdout carries only the figures' JSON lines.
  const result = spawnSync('npx', args, { stdio: ['ignore', process.stderr, 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// ─── One browser group, in this process (the parent spawned it with --run-group) ──────────────
if (process.env.LEADPOND_BENCH_BUILT !== '1') buildAll();

// One origin for both, so the bench page seeds the very database the app opens.
const server = createStaticServer({ '/bench/': 'dist-bench', '/': 'dist-web' });
await new Promise((done) =>
  server.listen(Number(process.env.LEADPOND_BENCH_WEB_PORT ?? 0), '127.0.0.1', done),
);
const origin = `http://127.0.0.1:${server.address().port}`;
// The parent's shared profile, or one of our own when this file is run with --run-group by hand.
const ownProfile = process.env.LEADPOND_BENCH_PROFILE === undefined;
const profile =
  process.env.LEADPOND_BENCH_PROFILE ?? mkdtempSync(join(tmpdir(), 'leadpond-bench-'));
/** Present once the profile's store holds PEOPLE seeded people. */
const seededMark = join(profile, `leadpond-bench-seeded-${PEOPLE}`);
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
  const inline = { benchDecoders, benchStore, benchColdStart, benchCheckIn };
  const run = inline[GROUPS[runningGroup]?.inline];
  if (!run) throw new Error(`${runningGroup} is not a browser group of this file`);
  await run();
} catch (error) {
  log('failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await context?.close().catch(() => undefined);
  server.close();
  if (ownProfile) rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  rmSync(videos, { recursive: true, force: true });
}
// Done: nothing this group opened may keep the run waiting (the parent's limit is the backstop).
process.exit(process.exitCode ?? 0);

async function benchDecoders() {
  log('QR decoders on camera-like 640x480 frames');
  context = await launch();
  const decoderPage = context.pages()[0] ?? (await context.newPage());
  await decoderPage.goto(`${origin}/bench/decoder-bench.html`);
  await decoderPage.waitForFunction(() => 'runDecoderBench' in globalThis);
  const decoderFigures = await decoderPage.evaluate(() =>
    globalThis.runDecoderBench().catch((error) => ({ error: String(error?.stack ?? error) })),
  );
  if (!Array.isArray(decoderFigures))
    throw new Error(`decoder bench failed: ${decoderFigures.error}`);
  for (const figure of decoderFigures) emit(figure);
  await context.close();
}

/** Seeds PEOPLE people into the profile's store and, when `announce`, prints the store figures. */
async function benchStore(announce = true) {
  log(`seeding ${PEOPLE} people in Chromium and measuring the store`);
  context = await launch();
  const page = context.pages()[0] ?? (await context.newPage());
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
  if (announce) for (const figure of figures) emit(figure);
  await context.close();
  writeFileSync(seededMark, '');
}

/** The cold-start and scan groups need the seeded store: seeded here when run alone. */
async function ensureSeeded() {
  if (existsSync(seededMark)) return;
  await benchStore(false);
}

async function benchColdStart() {
  await ensureSeeded();
  log('cold starts of the web app with the seeded store');
  const starts = [];
  const searchReady = [];
  const blanks = [];
  for (let run = 0; run < 5; run++) {
    context = await launch();
    const page = context.pages()[0] ?? (await context.newPage());
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
    if (run === 0) {
      await page.screenshot({ path: join(tmpdir(), 'leadpond-bench-console.png') });
      // A start on an empty store would be timed as fast as it is meaningless.
      const counted = await page
        .waitForFunction(
          // The store group's kiosk submits add a few hundred to the seeded people.
          (people) =>
            Number(globalThis.document.querySelector('[data-testid="stats.total"]')?.textContent) >=
            people,
          PEOPLE,
          { timeout: 60_000 },
        )
        .then(() => true)
        .catch(() => false);
      if (!counted) {
        const shown = await page.getByTestId('stats.total').textContent();
        throw new Error(`the cold start shows ${shown} leads, fewer than the ${PEOPLE} seeded`);
      }
    }
    await context.close();
  }
  const interactive = median(starts);
  const blank = median(blanks);
  emit({
    name: 'cold_start_interactive_ms',
    value: round(interactive),
    unit: 'ms',
    goal: 1000,
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
}

/**
 * Scan → full-screen result with the 100k-person store: HID bursts typed by Playwright, then
 * tickets shown one after another to Chromium's fake camera. Both read the app's own
 * `leadpond:scan-feedback` measures (decode or Enter → the frame that paints the result). The
 * baseline is one animation frame in the same page: the floor for anything shown on screen.
 */
async function benchCheckIn() {
  await ensureSeeded();
  const HID_SCANS = 100;
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

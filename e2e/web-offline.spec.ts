import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { makeQrVideo } from '../scripts/qr-video.mjs';
import { openApp, withBooth } from './booth';
import { scannerBurst } from './scanner';
import { addPersonWithTicket, createEvent } from './steps';

const ZHANG = { name: '张三', phone: '13800138000', company: '华为技术' };
const ALICE_BADGE = 'MECARD:N:Chen,Alice;TEL:+1 415 555 2671;EMAIL:alice@acme.io;ORG:Acme;;';
const SERVICE_WORKER = 'sw.js';
const NEXT_TITLE = '<title>Leadpond · next release</title>';

/** Every file of the web build, relative to dist-web/, but the service worker itself. */
async function builtFiles(): Promise<string[]> {
  const root = resolve('dist-web');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, resolve(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((path) => path !== SERVICE_WORKER)
    .sort();
}

/** Waits until the page's service worker is activated and controls it; its script URL. */
async function controllingWorker(page: Page): Promise<string> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((done) =>
        navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }),
      );
    return navigator.serviceWorker.controller?.scriptURL ?? '';
  });
}

/** Paths (relative to the app) of what the app's caches hold, e.g. assets/CheckInView-….js. */
async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const base = new URL('./', location.href);
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        paths.push(new URL(request.url).pathname.slice(base.pathname.length));
      }
    }
    return paths.sort();
  });
}

/** Fetches from the page; what came back, or that the network failed. */
function fetchFromPage(page: Page, url: string): Promise<string> {
  return page.evaluate(
    (address) =>
      fetch(address, { cache: 'no-store' }).then(
        async (response) => `${response.status} ${await response.text()}`,
        () => 'network error',
      ),
    url,
  );
}

function workerOf(context: BrowserContext) {
  const [worker] = context.serviceWorkers();
  if (!worker) throw new Error('no service worker in this context');
  return worker;
}

/**
 * `npm run web`'s own server (scripts/serve-web.mjs) on a folder of this test's: a deploy is a
 * new build copied into that folder.
 */
async function serveWeb(root: string): Promise<{ url: string; stop: () => void }> {
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
  const server = spawn(process.execPath, ['scripts/serve-web.mjs'], {
    env: { ...process.env, LEADPOND_WEB_ROOT: root, LEADPOND_WEB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done, fail) => {
    server.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('is running at')) done();
    });
    server.once('exit', (code) => fail(new Error(`serve-web exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.kill() };
}

/** The next release: the real web build, with the check-in desk and the page title changed. */
async function buildNextRelease(outDir: string): Promise<void> {
  const nextRelease: Plugin = {
    name: 'leadpond-e2e-next-release',
    transform(code, id) {
      if (id.endsWith('/checkin/CheckInView.tsx'))
        return `${code}\nconsole.debug('check-in desk, next release');\n`;
      return null;
    },
    transformIndexHtml: (html) => html.replace('<title>Leadpond</title>', NEXT_TITLE),
  };
  await build({
    configFile: resolve('vite.web.config.ts'),
    logLevel: 'error',
    build: { outDir },
    plugins: [nextRelease],
  });
}

async function deploy(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
}

/** The check-in desk's chunk in the app's caches: which releases' copies are there. */
async function cachedCheckInChunks(page: Page): Promise<string[]> {
  return (await cachedPaths(page)).filter((path) => path.includes('CheckInView'));
}

/** Opens the check-in desk from the console; the path of its lazily loaded chunk, from the cache. */
async function openCheckInDesk(page: Page): Promise<string> {
  const chunk = page.waitForResponse((response) =>
    /\/assets\/CheckInView-[\w-]+\.js$/.test(response.url()),
  );
  await page.getByRole('button', { name: '签到', exact: true }).click();
  const response = await chunk;
  expect(response.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { name: /签到 · / })).toBeVisible();
  return new URL(response.url()).pathname.replace(/^\//, '');
}

test('web mode keeps working with the network gone: reload, a never-opened check-in desk, new leads', async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const videos = await mkdtemp(join(tmpdir(), 'leadpond-camera-'));
  // A walk-in holds up their badge to the webcam now and then.
  const camera = await makeQrVideo(videos, 'badge', [
    { text: ALICE_BADGE, seconds: 1.5 },
    { text: null, seconds: 5 },
  ]);
  await withBooth(baseURL, async (booth) => {
    // Online, served over HTTP by the web server like `npm run web`: no files from disk.
    const { context, page } = await booth.launch({ serviceWorker: true, camera });
    const appRequests: string[] = [];
    page.on('request', (request) => appRequests.push(request.url()));
    try {
      await openApp(page);
      expect(await controllingWorker(page)).toBe(new URL(SERVICE_WORKER, baseURL).href);
      // The whole build is precached at install, not only what this page has loaded so far.
      const precached = (await cachedPaths(page)).filter((path) => path !== 'config.json');
      expect(precached).toEqual(await builtFiles());
      // The worker kept the pool address for an offline start, without the app asking for it.
      expect(await cachedPaths(page)).toContain('config.json');
      expect(appRequests.filter((url) => url.includes('CheckInView'))).toEqual([]);

      // The venue network dies.
      await context.setOffline(true);
      expect(await fetchFromPage(page, './assets/not-in-the-build.js')).toBe('network error');
      expect(
        await workerOf(context).evaluate(() =>
          fetch('./index.html', { cache: 'no-store' }).then(
            () => 'online',
            () => 'offline',
          ),
        ),
      ).toBe('offline');
      // /config.json: network first, the last good answer when there is no network.
      expect(await fetchFromPage(page, './config.json')).toMatch(/^200 \{"poolUrl":"http/);

      // The tablet reloads with no network: the console still comes up.
      const reloaded = await page.reload();
      expect(reloaded?.fromServiceWorker()).toBe(true);
      await expect(page.locator('html[data-ready="true"]')).toBeAttached();
      await expect(page.getByRole('button', { name: '新建活动' })).toBeVisible();

      // Staff keep working: a new event, a walk-in typed in (its ticket card loads lazily too).
      await createEvent(page);
      const ticket = await addPersonWithTicket(page, ZHANG);

      // The check-in desk, never opened before: its chunk comes from the cache.
      await openCheckInDesk(page);
      await scannerBurst(page, ticket);
      const feedback = page.getByRole('alert');
      await expect(feedback).toHaveAttribute('data-tone', 'green');
      await expect(feedback).toContainText('张三');
      await feedback.click();
      await expect(page.getByTestId('checkin-total')).toHaveText('1 / 1 人已签到');
      await page.screenshot({ path: testInfo.outputPath('offline-checkin-desk.png') });

      // The camera: the QR decoder's wasm, never loaded before, also comes from the cache.
      const decoderWasm = page.waitForResponse((response) => response.url().endsWith('.wasm'));
      await page.getByRole('button', { name: '打开摄像头' }).click();
      expect((await decoderWasm).fromServiceWorker()).toBe(true);
      await expect(feedback).toHaveAttribute('data-tone', 'badge', { timeout: 20_000 });
      await expect(page.getByTestId('checkin-total')).toHaveText('1 / 2 人已签到');
      await page.screenshot({ path: testInfo.outputPath('offline-camera-badge.png') });
    } finally {
      await context.close();
    }
  }).finally(() => rm(videos, { recursive: true, force: true }));
});

test('a new release is installed in the background and takes over at the next start, never mid-session', async () => {
  test.setTimeout(180_000);
  const work = await mkdtemp(join(tmpdir(), 'leadpond-release-'));
  const served = join(work, 'served');
  const next = join(work, 'next');
  await deploy(resolve('dist-web'), served);
  const web = await serveWeb(served);
  try {
    await withBooth(web.url, async (booth) => {
      const { context, page } = await booth.launch({ serviceWorker: true });
      try {
        await openApp(page);
        await controllingWorker(page);
        await createEvent(page);
        const [firstDesk] = await cachedCheckInChunks(page);
        expect(firstDesk).toBeDefined();

        // A new release is deployed while the booth works; its worker installs and waits.
        await buildNextRelease(next);
        await deploy(next, served);
        await page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          await registration?.update();
        });
        await expect
          .poll(() =>
            page.evaluate(async () => {
              const registration = await navigator.serviceWorker.getRegistration();
              return registration?.waiting?.state;
            }),
          )
          .toBe('installed');
        const bothDesks = await cachedCheckInChunks(page);
        expect(bothDesks).toHaveLength(2);
        const nextDesk = bothDesks.find((path) => path !== firstDesk);

        // Mid-session, offline: this page keeps its release, lazily loaded chunks included.
        await context.setOffline(true);
        expect(await openCheckInDesk(page)).toBe(firstDesk);
        await page.getByRole('button', { name: '返回工作台' }).click();

        // While another window runs the current release, a reload keeps it too.
        const other = await context.newPage();
        await openApp(other);
        await page.reload();
        await expect(page.locator('html[data-ready="true"]')).toBeAttached();
        await expect(page).toHaveTitle('Leadpond');
        await other.close();

        // The next start (a reload, still offline) switches to the new release. A closed window
        // leaves the service worker's client list a moment after Playwright's close resolves; a
        // start in that moment still sees two windows and rightly keeps the release: start again.
        await expect(async () => {
          await page.reload();
          await expect(page).toHaveTitle('Leadpond · next release', { timeout: 3_000 });
        }).toPass({ timeout: 30_000 });
        await expect(page.locator('html[data-ready="true"]')).toBeAttached();
        expect(await openCheckInDesk(page)).toBe(nextDesk);
        // Activation deleted the previous release's files.
        expect(await cachedCheckInChunks(page)).toEqual([nextDesk]);
      } finally {
        await context.close();
      }
    });
  } finally {
    web.stop();
    await rm(work, { recursive: true, force: true });
  }
});

import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const WEB_ROOT = resolve('dist-web');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

async function builtFile(pathname: string): Promise<string | null> {
  const file = resolve(
    WEB_ROOT,
    `.${decodeURIComponent(pathname === '/' ? '/index.html' : pathname)}`,
  );
  if (!file.startsWith(WEB_ROOT + sep)) return null;
  // Not built (e.g. /config.json, which `npm run web` makes): a 404, as a server would answer.
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? file : null;
}

/** A booth laptop: a Chromium profile on disk that can be closed and opened again. */
export class Booth {
  private readonly contexts = new Set<BrowserContext>();

  private constructor(
    readonly profileDir: string,
    readonly baseURL: string,
  ) {}

  static async create(baseURL: string): Promise<Booth> {
    return new Booth(await mkdtemp(join(tmpdir(), 'leadpond-booth-')), baseURL);
  }

  /**
   * `camera`: a .y4m file Chromium plays as the webcam (see fake-camera.ts).
   * `serviceWorker`: let web mode register its service worker (e2e/web-offline.spec.ts). Off by
   * default: a booth then gets the app's files the way the Electron shell does (app://, or from
   * disk with `offline`), and the requests Playwright routes reach the routes, not a worker's cache.
   */
  async launch(
    options: { offline?: boolean; locale?: string; camera?: string; serviceWorker?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const cameraArgs = options.camera
      ? [
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
          `--use-file-for-fake-video-capture=${options.camera}`,
        ]
      : [];
    const context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...cameraArgs],
      headless: true,
      baseURL: this.baseURL,
      viewport: { width: 1280, height: 800 },
      locale: options.locale ?? 'zh-CN',
      serviceWorkers: options.serviceWorker ? 'allow' : 'block',
    });
    this.contexts.add(context);
    context.once('close', () => this.contexts.delete(context));
    if (options.offline) {
      // No network from the very first request: the app's files come from disk, the way the
      // Electron shell serves them through its app:// protocol.
      await context.setOffline(true);
      await context.route(`${this.baseURL}**`, async (route) => {
        const file = await builtFile(new URL(route.request().url()).pathname);
        if (!file) return route.fulfill({ status: 404, body: 'not found' });
        return route.fulfill({
          body: await readFile(file),
          contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        });
      });
    }
    const page = context.pages()[0] ?? (await context.newPage());
    return { context, page };
  }

  async dispose(): Promise<void> {
    // A browser still open writes its cache while the profile is removed (CI saw ENOTEMPTY), so
    // close it first; its helper processes may still let go of files a moment later, hence retries.
    await Promise.all([...this.contexts].map((context) => context.close()));
    await rm(this.profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/** Runs a test on a fresh booth profile and removes the profile afterwards. */
export async function withBooth(
  baseURL: string | undefined,
  run: (booth: Booth) => Promise<void>,
): Promise<void> {
  const booth = await Booth.create(baseURL ?? '');
  try {
    await run(booth);
  } finally {
    await booth.dispose();
  }
}

export async function openApp(page: Page, path = '/?lang=zh-CN'): Promise<void> {
  await page.goto(path);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

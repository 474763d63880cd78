/// <reference lib="webworker" />
/**
 * Web mode's service worker (built by vite-plugin-pwa from vite.web.config.ts into dist-web/sw.js;
 * Electron serves its files from app:// and never registers it).
 *
 * - Install: precaches every file of this build (workbox injects the manifest at build time, each
 *   entry with its revision), and the current /config.json when there is one.
 * - Fetch: the app's page and files cache first; /config.json network first with the last good
 *   answer as fallback; nothing else is intercepted (the pool's API lives on another origin).
 * - Update: a new build means a new manifest, so a new worker. It installs beside the running one
 *   and waits; it takes over when no window runs the old one, or when the only window asks at
 *   start-up (src/renderer/platform/app-shell.ts), never in the middle of a session. Activation
 *   deletes the previous build's files from the precache and caches this app no longer uses.
 */
import { cleanupOutdatedCaches, PrecacheController } from 'workbox-precaching';
import { NetworkFirst } from 'workbox-strategies';
import { isTakeOverRequest, mayTakeOver, type TakeOverAnswer } from '../shared/app-shell';
import {
  APP_PAGE,
  CONFIG_CACHE,
  CONFIG_FILE,
  isCacheableConfig,
  requestKind,
  staleCaches,
  type AppShell,
} from './policy';

declare const self: ServiceWorkerGlobalScope;

const precache = new PrecacheController();
precache.precache(self.__WB_MANIFEST);
// Caches left by an older workbox precache format; this one's own stale entries go on activate.
cleanupOutdatedCaches();

const shell: AppShell = {
  scope: self.registration.scope,
  files: new Set(precache.getCachedURLs()),
};
const pageUrl = new URL(APP_PAGE, shell.scope).href;
const configUrl = new URL(CONFIG_FILE, shell.scope).href;

const onlyGoodConfig = {
  cacheWillUpdate: async ({ response }: { response: Response }) =>
    isCacheableConfig(response.status, response.headers.get('content-type')) ? response : null,
};
// A flapping network must not hold up a booth starting offline for long.
const CONFIG_TIMEOUT_SECONDS = 4;
const config = new NetworkFirst({
  cacheName: CONFIG_CACHE,
  networkTimeoutSeconds: CONFIG_TIMEOUT_SECONDS,
  plugins: [onlyGoodConfig],
});

/** Best effort: a booth that never opened the enrollment screen online still starts offline. */
async function keepCurrentConfig(): Promise<void> {
  try {
    const response = await fetch(configUrl, {
      cache: 'no-store',
      // A captive portal that never answers must not hold up the install.
      signal: AbortSignal.timeout(CONFIG_TIMEOUT_SECONDS * 1000),
    });
    if (isCacheableConfig(response.status, response.headers.get('content-type')))
      await (await caches.open(CONFIG_CACHE)).put(configUrl, response);
  } catch {
    // Offline or no config.json (a plain static host): the app falls back to its default.
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepCurrentConfig());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const current = [precache.strategy.cacheName, CONFIG_CACHE];
      for (const name of staleCaches(await caches.keys(), current)) await caches.delete(name);
      // The first install controls the page that registered it at once, so even that first
      // session's lazily loaded chunks come from the cache. No running session is taken from an
      // older version: an update activates only when no window runs it, or when its one window
      // asked at start-up and reloads.
      await self.clients.claim();
    })(),
  );
});

function servePrecached(url: string, event: FetchEvent): Promise<Response> {
  const handler = precache.createHandlerBoundToURL(url);
  return handler({ event, request: event.request, url: new URL(url) });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const kind = requestKind({ url: request.url, method: request.method, mode: request.mode }, shell);
  if (kind === 'app-page') event.respondWith(servePrecached(pageUrl, event));
  else if (kind === 'app-file') event.respondWith(servePrecached(request.url, event));
  else if (kind === 'config') event.respondWith(config.handle({ event, request }));
  // 'network': not intercepted; the browser fetches it as if there were no service worker.
});

self.addEventListener('message', (event) => {
  if (!isTakeOverRequest(event.data)) return;
  const reply = event.ports[0];
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const accepted = mayTakeOver(windows.length);
      if (accepted) await self.skipWaiting();
      const answer: TakeOverAnswer = { type: 'leadpond:take-over', accepted };
      reply?.postMessage(answer);
    })(),
  );
});

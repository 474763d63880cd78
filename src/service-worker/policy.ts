/**
 * What web mode's service worker does with each request and cache: pure decisions, so they can be
 * tested without a browser. The worker itself (sw.ts) only carries them out.
 */

/** Served by `npm run web` (scripts/serve-web.mjs): which pool to suggest for enrollment. */
export const CONFIG_FILE = 'config.json';
/** The app's page: every route is a hash (#/checkin, #/kiosk), so there is only this one. */
export const APP_PAGE = 'index.html';
/** The last config.json the booth saw, kept across builds. Workbox names the precache itself. */
export const CONFIG_CACHE = 'leadpond-config';
const OWN_CACHE_PREFIX = 'leadpond-';

/**
 * - `app-page`: a navigation to the app (any query, e.g. ?lang=en) → the precached index.html;
 * - `app-file`: a file of this build's precache manifest (chunk, CSS, wasm, image) → cache first;
 * - `config`: /config.json → network first, the last good answer when offline;
 * - `network`: everything else, above all the pool's API on its own origin → not intercepted.
 */
export type RequestKind = 'app-page' | 'app-file' | 'config' | 'network';

export interface RequestFacts {
  url: string;
  method: string;
  /** Request.mode: 'navigate' for a page load. */
  mode: string;
}

export interface AppShell {
  /** The service worker's scope: the folder the build is served from (with a trailing /). */
  scope: string;
  /** Absolute URLs of every precached file of this build. */
  files: ReadonlySet<string>;
}

export function requestKind(request: RequestFacts, shell: AppShell): RequestKind {
  if (request.method !== 'GET') return 'network';
  let url: URL;
  let scope: URL;
  try {
    url = new URL(request.url);
    scope = new URL(shell.scope);
  } catch {
    return 'network';
  }
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return 'network';
  const path = url.pathname.slice(scope.pathname.length);
  if (request.mode === 'navigate') return path === '' || path === APP_PAGE ? 'app-page' : 'network';
  if (url.search !== '') return 'network';
  if (path === CONFIG_FILE) return 'config';
  return shell.files.has(url.href) ? 'app-file' : 'network';
}

/**
 * Whether an answer to /config.json may replace the cached one. A captive portal's login page
 * (200, HTML) or a server error must not become the booth's offline configuration.
 */
export function isCacheableConfig(status: number, contentType: string | null): boolean {
  return status === 200 && (contentType ?? '').toLowerCase().includes('json');
}

/**
 * Caches this app made that the current version no longer uses (a renamed cache of an older
 * build). Other caches on the origin are left alone; workbox prunes its own precache.
 */
export function staleCaches(existing: readonly string[], current: readonly string[]): string[] {
  return existing.filter((name) => name.startsWith(OWN_CACHE_PREFIX) && !current.includes(name));
}

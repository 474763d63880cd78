import { describe, expect, it } from 'vitest';
import {
  CONFIG_CACHE,
  isCacheableConfig,
  requestKind,
  staleCaches,
  type AppShell,
  type RequestFacts,
} from './policy';

const APP = 'http://127.0.0.1:5173/';
const shell: AppShell = {
  scope: APP,
  files: new Set([
    `${APP}index.html`,
    `${APP}assets/index-DNUMaiTs.js`,
    `${APP}assets/CheckInView-BeFSlggU.js`,
    `${APP}assets/zxing_reader-Bb9Mx2Pu.wasm`,
  ]),
};

const get = (url: string, mode = 'cors'): RequestFacts => ({ url, method: 'GET', mode });
const navigate = (url: string): RequestFacts => ({ url, method: 'GET', mode: 'navigate' });

describe('requests the service worker handles', () => {
  it('serves the app page for navigations to the app, whatever the query', () => {
    for (const url of [APP, `${APP}?lang=en`, `${APP}index.html`, `${APP}index.html?lang=zh-CN`])
      expect(requestKind(navigate(url), shell)).toBe('app-page');
  });

  it('leaves other pages on the origin to the network', () => {
    expect(requestKind(navigate(`${APP}bench/store-bench.html`), shell)).toBe('network');
    expect(requestKind(navigate(`${APP}config.json`), shell)).toBe('network');
  });

  it('serves the files of this build, lazily loaded chunks and wasm included', () => {
    expect(requestKind(get(`${APP}assets/CheckInView-BeFSlggU.js`), shell)).toBe('app-file');
    expect(requestKind(get(`${APP}assets/zxing_reader-Bb9Mx2Pu.wasm`), shell)).toBe('app-file');
    expect(requestKind(get(`${APP}index.html`), shell)).toBe('app-file');
  });

  it('leaves files that are not in this build, or asked for with a query, to the network', () => {
    expect(requestKind(get(`${APP}assets/CheckInView-OLDHASH1.js`), shell)).toBe('network');
    expect(requestKind(get(`${APP}assets/index-DNUMaiTs.js?v=2`), shell)).toBe('network');
    expect(requestKind(get(`${APP}bench/assets/store-bench.js`), shell)).toBe('network');
  });

  it('never touches the pool: another origin, any method, the live stream included', () => {
    const pool = 'http://127.0.0.1:8787/api/v1';
    expect(requestKind(get(`${pool}/health`), shell)).toBe('network');
    expect(requestKind(get(`${pool}/sync/people/pull?limit=100`), shell)).toBe('network');
    expect(requestKind(get(`${pool}/sync/people/stream`), shell)).toBe('network');
    expect(
      requestKind({ url: `${pool}/sync/people/push`, method: 'POST', mode: 'cors' }, shell),
    ).toBe('network');
    // Same host, another port is another origin.
    expect(requestKind(get('http://127.0.0.1:8787/index.html'), shell)).toBe('network');
    expect(requestKind(get('https://pool.example.com/api/v1/health'), shell)).toBe('network');
  });

  it('never intercepts a write, even to a file of the app', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD'])
      expect(requestKind({ url: `${APP}index.html`, method, mode: 'cors' }, shell)).toBe('network');
  });

  it('treats /config.json as the one network-first request', () => {
    expect(requestKind(get(`${APP}config.json`), shell)).toBe('config');
    expect(requestKind(get(`${APP}config.json?x=1`), shell)).toBe('network');
    expect(requestKind(get('http://127.0.0.1:8787/config.json'), shell)).toBe('network');
  });

  it('stays inside its scope when the build is served from a folder', () => {
    const booth = 'https://lan.example/booth/';
    const inFolder: AppShell = { scope: booth, files: new Set([`${booth}assets/a-12345678.js`]) };
    expect(requestKind(navigate(`${booth}?lang=en`), inFolder)).toBe('app-page');
    expect(requestKind(get(`${booth}config.json`), inFolder)).toBe('config');
    expect(requestKind(get(`${booth}assets/a-12345678.js`), inFolder)).toBe('app-file');
    expect(requestKind(navigate('https://lan.example/'), inFolder)).toBe('network');
    expect(requestKind(get('https://lan.example/config.json'), inFolder)).toBe('network');
  });

  it('leaves what is not http alone', () => {
    expect(requestKind(get('blob:http://127.0.0.1:5173/6b1c0b4e'), shell)).toBe('network');
    expect(requestKind(get('data:text/plain,hi'), shell)).toBe('network');
    expect(requestKind(get('not a url'), shell)).toBe('network');
  });
});

describe('config answers worth keeping', () => {
  it('keeps a JSON 200 only', () => {
    expect(isCacheableConfig(200, 'application/json; charset=utf-8')).toBe(true);
    expect(isCacheableConfig(200, 'Application/JSON')).toBe(true);
    // A captive portal's login page, a missing file, a server error, no type at all.
    expect(isCacheableConfig(200, 'text/html; charset=utf-8')).toBe(false);
    expect(isCacheableConfig(404, 'application/json')).toBe(false);
    expect(isCacheableConfig(503, 'application/json')).toBe(false);
    expect(isCacheableConfig(200, null)).toBe(false);
  });
});

describe('caches deleted when a version activates', () => {
  it('deletes only this app’s caches the current version does not use', () => {
    const existing = [
      'workbox-precache-v2-http://127.0.0.1:5173/',
      CONFIG_CACHE,
      'leadpond-shell-1',
      'someone-elses-cache',
    ];
    expect(staleCaches(existing, [CONFIG_CACHE])).toEqual(['leadpond-shell-1']);
    expect(staleCaches([CONFIG_CACHE], [CONFIG_CACHE])).toEqual([]);
  });
});

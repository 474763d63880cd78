import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPool, type TestPool } from '../testing';
import { fakePoolAppBuild } from './pool-app.test-kit';

describe('the pool app under /app/', () => {
  // One pool for all: a PGlite boot takes seconds on a busy machine.
  let pool!: TestPool;
  beforeAll(async () => {
    pool = await startTestPool({ poolAppDir: fakePoolAppBuild() });
  });
  afterAll(() => pool.close());

  it('serves the page with a strict CSP, no framing, no referrer, and revalidation', async () => {
    const page = await pool.app.inject({ method: 'GET', url: '/app/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable and unknown files as 404', async () => {
    const asset = await pool.app.inject({ method: 'GET', url: '/app/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await pool.app.inject({ method: 'GET', url: '/app/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    const traversal = await pool.app.inject({ method: 'GET', url: '/app/..%2f..%2fpackage.json' });
    expect(traversal.statusCode).toBe(404);
  });

  it('sends / and /app to /app/', async () => {
    for (const url of ['/', '/app']) {
      const answer = await pool.app.inject({ method: 'GET', url });
      expect(answer.statusCode).toBe(302);
      expect(answer.headers.location).toBe('/app/');
    }
  });

  it('says how to build it when there is no build', async () => {
    const unbuilt = await startTestPool({ poolAppDir: join(tmpdir(), 'no-pool-app-build') });
    try {
      const page = await unbuilt.app.inject({ method: 'GET', url: '/app/' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('npm run build:pool-app');
    } finally {
      await unbuilt.close();
    }
  });
});

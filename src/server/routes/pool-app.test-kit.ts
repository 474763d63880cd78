import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in build: what `npm run build:pool-app` writes, small enough to check by content. Tests
 * that reach `/app/*` use it so their outcome does not depend on whether a real build exists (a
 * clean clone runs the unit tests before it builds).
 */
export function fakePoolAppBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pool-app-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Leadpond</title><div id="root">');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

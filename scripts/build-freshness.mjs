// Whether a build's outputs are newer than every source they are made of: `npm start` and
// `npm run pool` skip builds that are up to date, so a second start takes seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under `paths` (files or folders), 0 when none exists. */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of paths) visit(path);
  return newest;
}

export function isBuildFresh(outputs, sources) {
  const built = Math.min(...outputs.map((o) => (existsSync(o) ? statSync(o).mtimeMs : 0)));
  return built > 0 && built > newestMtime([...sources, 'package-lock.json']);
}

export const POOL_APP_OUTPUTS = ['dist-pool-app/index.html'];
export const POOL_APP_SOURCES = ['src/pool-app', 'src/shared', 'vite.pool-app.config.ts'];

/**
 * Builds the pool app (served by the pool under /app/) when it is missing or older than its
 * sources. A failed build is said, not fatal: the pool starts anyway and /app/ says how to build.
 */
export function ensurePoolAppBuilt() {
  if (isBuildFresh(POOL_APP_OUTPUTS, POOL_APP_SOURCES)) return;
  console.log('Building the pool app (src/pool-app → dist-pool-app)…');
  const build = spawnSync('npm', ['run', '--silent', 'build:pool-app'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) console.error('The pool app did not build; /app/ will say so.');
}

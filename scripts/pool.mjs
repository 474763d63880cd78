// `npm run pool`: builds the pool app when it is missing or older than its sources (the pool
// serves it under /app/), then runs the pool in this process's place until SIGINT/SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { isBuildFresh, POOL_APP_OUTPUTS, POOL_APP_SOURCES } from './build-freshness.mjs';

const require = createRequire(import.meta.url);

if (!isBuildFresh(POOL_APP_OUTPUTS, POOL_APP_SOURCES)) {
  console.log('Building the pool app (src/pool-app → dist-pool-app)…');
  const build = spawnSync('npm', ['run', '--silent', 'build:pool-app'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('The pool app did not build; the pool starts without it (/app/ says so).');
  }
}

const pool = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/server/main.ts'], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => pool.kill(signal));
pool.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

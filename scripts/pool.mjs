// `npm run pool`: builds the pool app when it is missing or older than its sources (the pool
// serves it under /app/), then runs the pool in this process's place until SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ensurePoolAppBuilt } from './build-freshness.mjs';

const require = createRequire(import.meta.url);

ensurePoolAppBuilt();

const pool = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/server/main.ts'], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => pool.kill(signal));
pool.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

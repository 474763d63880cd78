// `npm test`: lint, type-check, unit + integration tests (vitest; the pool suite on PGlite and
// again on a throwaway PostgreSQL), the web build, then the end-to-end tests in Debian's
// Chromium (Playwright). Writes JSON reports to reports/.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { summarize } from './test-summary.mjs';

const chromium = process.env.LEADPOND_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `Chromium not found at ${chromium}. Install it (Debian: apt-get install -y chromium) or set LEADPOND_CHROMIUM.`,
  );
  process.exit(1);
}

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });
const env = { ...process.env, CI_REPORT: '1' };
// `npm run typecheck` is one tsc per tsconfig joined by &&: here each is its own step.
const typecheckConfigs = JSON.parse(readFileSync('package.json', 'utf8'))
  .scripts.typecheck.split('&&')
  .map((command) => command.trim().split(/\s+/))
  .map(([tool, ...args]) => [`typecheck ${args.at(-1)}`, 'npx', [tool, ...args]]);
// The static checks are single-threaded tools: they run side by side, one per core, their output
// printed whole when each ends. Everything after them runs one step at a time.
const staticSteps = [
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ...typecheckConfigs,
];
const steps = [
  ['unit', 'npx', ['vitest', 'run']],
  // The pool suite again, on a real PostgreSQL server instead of embedded PGlite.
  [
    'pool-postgres',
    'node',
    [
      'scripts/with-postgres.mjs',
      ...['npx', 'vitest', 'run', '--project', 'node', 'src/server'],
      '--outputFile.json=reports/vitest-postgres.json',
    ],
  ],
  ['build', 'npm', ['run', '--silent', 'build:web']],
  ['e2e', 'npx', ['playwright', 'test']],
];

const failedSteps = [];
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

function runBuffered([name, command, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      console.error(`\n▶ ${name}: ${command} ${args.join(' ')} (${seconds(started)})`);
      process.stderr.write(Buffer.concat(output));
      if (code !== 0) failedSteps.push(name);
      resolve();
    });
  });
}

const queue = [...staticSteps];
const lanes = Math.max(1, Math.min(availableParallelism(), 4));
await Promise.all(
  Array.from({ length: lanes }, async () => {
    for (let step = queue.shift(); step; step = queue.shift()) await runBuffered(step);
  }),
);

for (const [name, command, args] of steps) {
  console.error(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  console.error(`▶ ${name} took ${seconds(started)}`);
  if (result.status !== 0) failedSteps.push(name);
  // Without a web build there is nothing for the e2e tests to open.
  if (name === 'build' && result.status !== 0) break;
}

const { passed, failed } = summarize();
if (failedSteps.length > 0) console.error(`\nfailed steps: ${failedSteps.join(', ')}`);
if (process.env.LEADPOND_QUIET_SUMMARY !== '1')
  console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);

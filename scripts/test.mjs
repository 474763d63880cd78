// `npm test`: lint, type-check, unit + integration tests (vitest; the pool suite on PGlite and
// again on a throwaway PostgreSQL), the web build, then the end-to-end tests in Debian's
// Chromium (Playwright). Writes JSON reports to reports/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
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
const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
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
for (const [name, command, args] of steps) {
  console.error(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) failedSteps.push(name);
  // Without a web build there is nothing for the e2e tests to open.
  if (name === 'build' && result.status !== 0) break;
}

const { passed, failed } = summarize();
if (failedSteps.length > 0) console.error(`\nfailed steps: ${failedSteps.join(', ')}`);
if (process.env.LEADPOND_QUIET_SUMMARY !== '1')
  console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);

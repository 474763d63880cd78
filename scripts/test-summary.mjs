// Reads the test runners' JSON reports and prints the one closing line CI reads.
import { readFileSync, existsSync } from 'node:fs';

function readJson(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

export function summarize(reportsDir = 'reports') {
  let passed = 0;
  let failed = 0;
  const missing = [];
  for (const name of ['vitest', 'vitest-postgres']) {
    const report = readJson(`${reportsDir}/${name}.json`);
    if (!report) {
      if (name === 'vitest') missing.push(name);
      continue;
    }
    passed += report.numPassedTests ?? 0;
    failed +=
      (report.numFailedTests ?? 0) +
      (report.numTotalTestSuites > 0 && report.success === false && !report.numFailedTests ? 1 : 0);
  }
  const playwright = readJson(`${reportsDir}/playwright.json`);
  if (playwright?.stats) {
    passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
    failed += playwright.stats.unexpected ?? 0;
  } else {
    missing.push('playwright');
  }
  // A runner that never wrote its report counts as a failure, never as silence.
  failed += missing.length;
  return { passed, failed, missing };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { passed, failed, missing } = summarize(process.argv[2]);
  if (missing.length > 0) console.error(`missing test reports: ${missing.join(', ')}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

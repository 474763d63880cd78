import { readFileSync } from 'node:fs';

/** Debian's Chromium with the flags DESIGN.md lists (Playwright's own browsers cannot be fetched). */
export const CHROMIUM_PATH = process.env.LEADPOND_CHROMIUM ?? '/usr/bin/chromium';

/** Shared with scripts/bench.mjs, which reads the same file. */
export const CHROMIUM_ARGS: string[] = JSON.parse(
  readFileSync(new URL('./chromium-flags.json', import.meta.url), 'utf8'),
) as string[];

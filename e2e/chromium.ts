import flags from './chromium-flags.json';

/** Debian's Chromium with the flags DESIGN.md lists (Playwright's own browsers cannot be fetched). */
export const CHROMIUM_PATH = process.env.LEADPOND_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: string[] = flags;

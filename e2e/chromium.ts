/** Debian's Chromium with the flags DESIGN.md lists (Playwright's own browsers cannot be fetched). */
export const CHROMIUM_PATH = process.env.LEADPOND_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

import { defineConfig } from 'vite';

/**
 * The attendee phone page (src/attendee): plain TypeScript + DOM, built apart from the staff app
 * so a phone on venue 4G loads a few kilobytes, not the booth app. Served under /m/ by the pool
 * and by the booth laptop's LAN server alike.
 */
export default defineConfig({
  root: 'src/attendee',
  // No public files: the pool serves only the page and its hashed assets/ (index.html links the
  // favicons from resources/web, so they are built into assets/ too).
  publicDir: false,
  base: '/m/',
  build: {
    outDir: '../../dist-attendee',
    emptyOutDir: true,
    target: 'es2020',
    // An inline polyfill script would need 'unsafe-inline' in the page's CSP.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});

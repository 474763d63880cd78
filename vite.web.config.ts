import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/** Web mode's service worker: src/service-worker/sw.ts, built next to index.html. */
const SERVICE_WORKER = 'sw.js';

/** The same renderer as the Electron app, built as a plain web app (web mode). */
export default defineConfig({
  root: 'src/renderer',
  // Favicons (resources/web, made from the app icon) are copied next to index.html.
  publicDir: '../../resources/web',
  base: './',
  // Tells the renderer this build has a service worker to register (Electron's build has none).
  define: { 'import.meta.env.LEADPOND_SERVICE_WORKER': JSON.stringify(`./${SERVICE_WORKER}`) },
  plugins: [
    react(),
    // Workbox precaching through vite-plugin-pwa: the worker is our own code (injectManifest),
    // workbox gives it the build's file list with revisions and the install/activate bookkeeping.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: fileURLToPath(new URL('./src/service-worker', import.meta.url)),
      filename: SERVICE_WORKER.replace(/\.js$/, '.ts'),
      // Registered by the web platform (src/renderer/platform/app-shell.ts), never by a script
      // injected into index.html, which the Electron build shares.
      injectRegister: false,
      manifest: false,
      injectManifest: {
        // The whole app shell: page, JS/CSS chunks, the QR decoder's wasm, fonts, images.
        globPatterns: ['**/*'],
        // The main chunk carries pinyin and phone metadata; a file over this fails the build
        // instead of silently staying out of the precache.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  build: {
    outDir: '../../dist-web',
    emptyOutDir: true,
    target: 'es2022',
    // A desktop/booth app loaded from disk or the LAN: pinyin and phone metadata make one large chunk.
    chunkSizeWarningLimit: 1500,
  },
});

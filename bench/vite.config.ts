import { defineConfig } from 'vite';

/** The bench page runs the renderer's store code in Chromium, on the app's own origin. */
export default defineConfig({
  root: 'bench',
  base: './',
  build: {
    outDir: '../dist-bench',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: ['bench/store-bench.html', 'bench/decoder-bench.html', 'bench/pull-bench.html'],
    },
  },
  logLevel: 'warn',
});

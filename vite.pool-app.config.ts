import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The pool's web app (src/pool-app), served by the pool under /app/. Online and server-paged:
 * no service worker, no local store. Charts and big screens are split into lazy chunks so the
 * first load stays small (bench: pool-app bundle size).
 */
export default defineConfig({
  root: 'src/pool-app',
  publicDir: '../../resources/web',
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: '../../dist-pool-app',
    emptyOutDir: true,
    target: 'es2022',
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The same renderer as the Electron app, built as a plain web app (web mode). */
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist-web',
    emptyOutDir: true,
    target: 'es2022',
    // A desktop/booth app loaded from disk or the LAN: pinyin and phone metadata make one large chunk.
    chunkSizeWarningLimit: 1500,
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  test: {
    reporters: process.env.CI_REPORT ? ['default', 'json'] : ['default'],
    // Vitest's default is one worker less than the cores: one on a 2-core CI machine. Pool tests
    // wait on sockets, child processes and PGlite's file I/O, so a worker per core keeps both busy.
    maxWorkers: availableParallelism(),
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          // Pool tests boot PGlite (WebAssembly PostgreSQL): seconds each when files run in
          // parallel on two cores. These bound hangs, they do not measure speed.
          hookTimeout: 60_000,
          testTimeout: 60_000,
          include: [
            'src/shared/**/*.test.ts',
            'src/main/**/*.test.ts',
            'src/preload/**/*.test.ts',
            'src/server/**/*.test.ts',
            'src/cli/**/*.test.ts',
            'src/service-worker/**/*.test.ts',
            'scripts/**/*.test.ts',
            'src/attendee/**/*.test.ts',
          ],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src/renderer/**/*.test.{ts,tsx}', 'src/pool-app/**/*.test.{ts,tsx}'],
          setupFiles: ['src/renderer/test-setup.ts'],
        },
      },
    ],
  },
});

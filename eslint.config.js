import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
];
const platformPackages = [
  'electron',
  'react',
  'react-dom',
  'rxdb',
  'rxdb/*',
  'pg',
  '@electric-sql/*',
  'fastify',
  'fastify/*',
  'dexie',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'dist-web',
      'dist-bench',
      'dist-attendee',
      'dist-pool-app',
      'reports',
      'test-results',
      'playwright-report',
      '.leadpond',
    ],
  },
  js.configs.recommended,
  { files: ['scripts/**/*.mjs', '*.config.{js,ts}'], languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  // The layering rule of DESIGN.md, enforced by machine: a wrong import fails lint.
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, ...platformPackages],
              message: 'src/shared is pure TypeScript: no platform imports.',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'],
              message: 'src/shared imports nothing from the other layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron'],
              message: 'The renderer uses browser APIs only; reach main through window.leadpond.',
            },
            {
              group: ['**/main/**', '**/server/**'],
              message: 'The renderer imports shared and browser code only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The attendee phone page: browser + shared only, and no framework (its bundle stays tiny).
    files: ['src/attendee/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, ...platformPackages],
              message: 'The attendee page runs in a phone browser: shared code and DOM only.',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'],
              message: 'The attendee page imports shared code only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pool's web app: online and server-paged, it talks to the pool only through /api/v1.
    files: ['src/pool-app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron', 'rxdb', 'rxdb/*', 'dexie', 'pg', 'fastify'],
              message: 'The pool app runs in a browser and reaches the pool through /api/v1 only.',
            },
            {
              group: ['**/main/**', '**/server/**', '**/renderer/**', '**/preload/**'],
              message: 'The pool app imports shared and browser code only (never the booth app).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/service-worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, ...platformPackages],
              message: 'The service worker runs in the browser: workbox and shared code only.',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'],
              message: 'The service worker imports shared code only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/server/**/*.ts', 'src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', '**/renderer/**'],
              message: 'No React or renderer code outside the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                'react',
                'react-dom',
                '**/renderer/**',
                '**/main/**',
                '**/server/**',
              ],
              message: 'The command line imports shared and node only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', 'react-dom', '**/renderer/**', '**/main/**'],
              message: 'The pool imports shared and node only.',
            },
          ],
        },
      ],
    },
  },
);

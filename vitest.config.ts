import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Tests that start the gateway as a separate process (`npm start` through tsx: seconds of start-up
 * each): their own project, run once per CI run (`.ci/run`), not once per database.
 */
const SLOW = ['test/integration/startup.test.ts', 'test/integration/signals.test.ts', 'test/integration/simulate.test.ts'];

/**
 * Tests of two gateway processes on one database: PostgreSQL only (PGlite lives in one process).
 * Left out of a PGlite run rather than reported as skipped.
 */
const POSTGRES_ONLY = ['test/integration/recovery/takeover.test.ts'];
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');

/**
 * Tests that drive a real browser (Debian's /usr/bin/chromium): `npm run test:browser`, which CI runs
 * after installing Chromium. Not part of `npm test`, which needs nothing on the machine but Node.
 */
const BROWSER = ['test/browser/**/*.test.ts'];
const withBrowser = process.env.TEST_BROWSER === '1';

export default defineConfig({
  resolve: {
    // One copy of graphql for type-graphql, Apollo and the tests ("another module or realm").
    alias: [
      { find: /^graphql$/, replacement: 'graphql/index.js' },
      // The client kit from its sources, as tsconfig.json's paths (no build needed to test it).
      { find: /^@bank\/channel-gateway-client$/, replacement: path.resolve('packages/client/src/index.ts') },
      { find: /^@bank\/channel-gateway-client\/([a-z-]+)$/, replacement: path.resolve('packages/client/src/channels/$1/entry.ts') },
    ],
  },
  test: {
    setupFiles: ['test/support/setup.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    // beforeAll starts gateways (PGlite, migrations, seed): minutes' worth on a machine many times overloaded.
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: [...SLOW, ...BROWSER, ...(onPostgres ? [] : POSTGRES_ONLY)],
          // Files run one after another in the same worker process: modules are loaded once, and the
          // worker's mock backends and shared gateway (test/support/gateway.ts) serve every file.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          // Each case starts a process that loads the whole gateway through tsx: at most two at once, and
          // time enough for that on a busy two-core machine.
          maxConcurrency: 2,
          testTimeout: 90_000,
        },
      },
      ...(withBrowser ? [{ extends: true as const, test: { name: 'browser', include: BROWSER, testTimeout: 90_000 } }] : []),
    ],
  },
});

import os from 'node:os';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
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

/**
 * Loads the gateway's modules and heals the worker's mock backends after every test: for the projects
 * whose tests run the gateway in the worker. The slow project's tests start it as a separate process
 * and do without (the import alone costs a worker seconds of CPU).
 */
const SETUP = 'test/support/setup.ts';
const withBrowser = process.env.TEST_BROWSER === '1';

/**
 * Two workers at least. vitest's default for `vitest run` is one fewer than the cores: ONE worker on a
 * two-core machine, which left the second core idle for the whole run (the files mostly wait on
 * sockets, timers and the mocks in their own process). Each worker pays its own start-up (modules,
 * mock backends, PGlite template, shared gateway: ~10 s of CPU), well repaid by the second core.
 */
const WORKERS = Math.max(2, os.availableParallelism() - 1);
/** `--maxWorkers` on the command line still decides (a project's own setting would override it); so does VITEST_MAX_WORKERS. */
const workersFromCli = process.argv.some((arg) => /^--max-?workers\b/i.test(arg));

/**
 * vitest's order (previous duration, longest first), except that the slow project's files go first:
 * their process spawns then run beside the fast project's longest files rather than after the last
 * of them, where they would be the run's tail.
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = (spec: TestSpecification) => spec.project.name === 'slow';
    return [...sorted.filter(slow), ...sorted.filter((spec) => !slow(spec))];
  }
}

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
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    // beforeAll starts gateways (PGlite, migrations, seed): minutes' worth on a machine many times overloaded.
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: workersFromCli ? undefined : WORKERS,
    sequence: { sequencer: SlowFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          setupFiles: [SETUP],
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
      ...(withBrowser ? [{ extends: true as const, test: { name: 'browser', include: BROWSER, setupFiles: [SETUP], testTimeout: 90_000 } }] : []),
    ],
  },
});

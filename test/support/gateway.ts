/**
 * Gateways for integration tests: real HTTP and WebSocket on a free port, the real mock backends
 * over HTTP, a real database (PGlite in memory, or PostgreSQL when DATABASE_URL is set).
 *
 * Which one to take:
 * - `sharedGateway()` — the default. One gateway per vitest worker, started on first use with
 *   {@link SHARED_ENV} and reused by every file after it (the `fast` project runs files one after
 *   another in one process). Use it when the test is happy with those settings. Its database
 *   is shared, so a test makes its own rows (its own customer, application, device…) or compares
 *   counts before and after; it never assumes an empty table or a fresh mock world. Faults put on
 *   the mocks are healed after every test (test/support/setup.ts); a test that needs a fault for a
 *   whole `describe` sets it in `beforeEach`.
 * - `startTestGateway(env)` — a gateway of the test's own, closed in `afterAll`: for other settings
 *   (short token lifetimes, a tiny body limit, breaker or throttle thresholds), for opening a circuit
 *   breaker or a throttle that would disturb the files after it, and for restarts or two instances
 *   on one database. It still talks to the worker's mock backends unless `env` names other URLs.
 */
import { PGlite } from '@electric-sql/pglite';
import { HEALTHY_FAULTS, startMocks, type RunningMocks } from '../../mocks/index.js';
import { BACKENDS, loadConfig, type BackendName, type Config } from '../../src/platform/config.js';
import { startGateway, type Gateway, type StartOptions } from '../../src/app.js';
import { DEMO_PASSWORD, DEMO_STAFF_PASSWORD } from '../../src/modules/auth/auth.seed.js';
import { customerLogins, staffMembers } from '../../src/modules/auth/auth.tables.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import type { Database } from '../../src/platform/db/database.js';
import { defaultMigrationsFolder, openDatabase, pgliteHandle, type DatabaseHandle } from '../../src/platform/db/database.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestGateway {
  gateway: Gateway;
  url: string;
  wsUrl: string;
  /** Base URL of each mock backend (for its /__admin endpoints). */
  backends: Record<BackendName, string>;
  database: TestDatabase;
  /** Breaks a mock backend (see mocks/README.md for the fault config); healed after each test. */
  fault(backend: BackendName, faults: Record<string, unknown>): Promise<void>;
  /** Heals every mock backend. */
  heal(): Promise<void>;
  /** Stops a gateway of the test's own; does nothing for the shared one (it lives as long as the worker). */
  close(): Promise<void>;
}

/** Settings that keep tests fast: short timeouts, quick breaker recovery, quiet logs. */
export const TEST_ENV: Record<string, string> = {
  // The worker's mocks are named by URL, so the demo data is asked for (it is seeded only on the embedded defaults otherwise).
  SEED_DEMO: 'true',
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  BACKEND_TIMEOUT_MS: '400',
  BACKEND_RETRIES: '1',
  BREAKER_THRESHOLD: '5',
  BREAKER_HALF_OPEN_AFTER_MS: '300',
  SERVER_TIME_INTERVAL_MS: '50',
  SHUTDOWN_GRACE_MS: '3000',
  // The withdrawal feed is read only where a test asks for it (it raises alerts other tests count).
  WITHDRAWAL_FEED_POLL_MS: '0',
  // The recovery sweep runs only where a test asks for it (it would finish work other tests leave in flight on purpose).
  SWEEP_INTERVAL_MS: '0',
  // Overdue feedback is escalated only where a test asks for it (it raises alerts other tests count).
  FEEDBACK_ESCALATION_INTERVAL_MS: '0',
  // Daily reports are generated on schedule only where a test asks for it (tests drive it with their own clock).
  REPORT_SCHEDULE_INTERVAL_MS: '0',
  // Every test logs in from 127.0.0.1, the same customers again and again: the OTP and QR caps
  // across challenges are raised here, and the tests of those caps set them back explicitly.
  OTP_SENDS_PER_HOUR: '100000',
  OTP_GUESSES_PER_HOUR: '100000',
  OTP_PER_ADDRESS_PER_HOUR: '1000000',
  QR_STARTS_PER_ADDRESS_PER_MINUTE: '100000',
  // The same demo customers make thousands of requests across files: the per-viewer rate limit is
  // raised here; test/integration/rate-limits.test.ts sets its own.
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_BURST: '1000000',
  // Documents are compiled on first use, so the suite runs what production runs once a document is
  // used again; test/integration/compiled-execution.test.ts compares the two tiers.
  GRAPHQL_COMPILE_AFTER: '0',
};

/**
 * The shared gateway's settings: {@link TEST_ENV}, with backend calls that may take 3 s (nothing
 * times out on a busy machine) and a circuit breaker no test's faults can open (an open breaker
 * would fail the files after it). A test of timeouts or of the breaker starts its own gateway.
 */
export const SHARED_ENV: Record<string, string> = {
  ...TEST_ENV,
  BACKEND_TIMEOUT_MS: '3000',
  BREAKER_THRESHOLD: '1000',
};

/** The backends' URL variables, for pointing a gateway at the worker's mocks. */
const URL_VARIABLES: Record<BackendName, string> = {
  coreBanking: 'CORE_BANKING_URL',
  crm: 'CRM_URL',
  creditBureau: 'CREDIT_BUREAU_URL',
  risk: 'RISK_URL',
  identity: 'IDENTITY_URL',
  businessRegistry: 'BUSINESS_REGISTRY_URL',
};

/**
 * What lives as long as the worker process. Kept on globalThis so that it survives even if vitest
 * evaluates this module again for another file.
 */
interface WorkerState {
  mocks?: Promise<RunningMocks>;
  shared?: Promise<TestGateway>;
  /** Migrated in-memory databases, dumped once per worker: with and without the demo data. */
  templates?: Map<boolean, Promise<Blob>>;
}
const state: WorkerState = ((globalThis as { __gatewayTestWorker?: WorkerState }).__gatewayTestWorker ??= {});

/** The worker's mock backends, started on first use; every gateway of the worker talks to them. */
export function workerMocks(): Promise<RunningMocks> {
  return (state.mocks ??= startMocks({ host: '127.0.0.1', basePort: 0 }).catch((error: unknown) => {
    state.mocks = undefined;
    throw error;
  }));
}

/** Heals the worker's mocks if they were started (the setup file calls this after every test). */
export async function healWorkerMocks(): Promise<void> {
  if (!state.mocks) return;
  const mocks = await state.mocks.catch(() => undefined);
  if (!mocks) return;
  for (const name of BACKENDS) mocks.servers[name].setFaults({ ...HEALTHY_FAULTS });
}

/**
 * The worker's shared gateway (see the top of this file for when to use it). Never close it: the
 * worker's exit does, and the run's PostgreSQL databases are dropped by test/support/global-setup.ts.
 */
export function sharedGateway(): Promise<TestGateway> {
  return (state.shared ??= startTestGateway(SHARED_ENV).then(
    (t) => ({ ...t, close: async () => {} }),
    (error: unknown) => {
      state.shared = undefined;
      throw error;
    },
  ));
}

/**
 * A migrated (and, if asked, seeded) in-memory database, dumped once per worker. A new PGlite
 * cluster costs seconds of initdb; a copy loaded from this dump about a second, and the gateway's
 * own migrate and seed steps then find nothing to do — they still run, so a new migration is
 * applied exactly as in production.
 */
function template(seeded: boolean): Promise<Blob> {
  const templates = (state.templates ??= new Map());
  let dump = templates.get(seeded);
  if (!dump) {
    dump = (async () => {
      const client = new PGlite();
      try {
        const handle = pgliteHandle(client, 'pglite-memory');
        await handle.migrate(defaultMigrationsFolder());
        if (seeded) {
          const { seedDemoData } = await import('../../src/modules/demo-seed.js');
          await seedDemoData(handle.db);
          await cheapenDemoPasswords(handle.db);
        }
        // Without template0 and template1 (no test gateway creates a database): a third less to
        // unpack at every copy, ~130 ms of CPU of the ~680 ms a copy costs.
        for (const name of ['template0', 'template1']) {
          await client.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
          await client.query(`DROP DATABASE ${name}`);
        }
        await client.query('CHECKPOINT');
        return await client.dumpDataDir('none');
      } finally {
        await client.close();
      }
    })();
    dump.catch(() => templates.delete(seeded));
    templates.set(seeded, dump);
  }
  return dump;
}

/**
 * scrypt at N=2^10 instead of the production 2^15 for the demo logins of test databases: the suite
 * logs in well over a thousand times, and each login verifies the password (~50–100 ms of CPU at
 * the production cost, about 1 ms at this one). The same code verifies it; the hash carries its
 * parameters. The production parameters are tested in test/unit/password.test.ts.
 */
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

async function cheapenDemoPasswords(db: Database): Promise<void> {
  const [customerHash, staffHash] = await Promise.all([
    hashPassword(DEMO_PASSWORD, TEST_SCRYPT),
    hashPassword(DEMO_STAFF_PASSWORD, TEST_SCRYPT),
  ]);
  await db.update(customerLogins).set({ passwordHash: customerHash });
  await db.update(staffMembers).set({ passwordHash: staffHash });
}

/** Opens `memory://` databases from the worker's template; anything else as the gateway would. */
async function openTestDatabase(config: Config['database'], seeded: boolean): Promise<DatabaseHandle> {
  if (config.kind !== 'pglite-memory') return openDatabase(config);
  const client = new PGlite({ loadDataDir: await template(seeded) });
  await client.waitReady;
  return pgliteHandle(client, 'pglite-memory');
}

/** Starts a gateway of the test's own; close it in `afterAll`. `options` go to startGateway (e.g. a logger). */
export async function startTestGateway(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestGateway> {
  const mocks = await workerMocks();
  const mockUrls = Object.fromEntries(BACKENDS.map((name) => [URL_VARIABLES[name], mocks.urls[name]]));
  const database = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => {} } : await createTestDatabase();
  try {
    const config = loadConfig({ ...TEST_ENV, ...mockUrls, DATABASE_URL: database.url, ...env });
    const gateway = await startGateway(config, {
      ...options,
      openDatabase: (database) => openTestDatabase(database, config.seedDemoData),
    });
    // PGlite copies come from the template, whose passwords are already cheap; PostgreSQL databases
    // are seeded by the gateway itself.
    if (config.seedDemoData && config.database.kind === 'postgres') await cheapenDemoPasswords(gateway.database.db);
    const backends = gateway.backendUrls;
    const admin = async (backend: BackendName, method: string, body?: unknown) => {
      const response = await fetch(`${backends[backend]}/__admin/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`admin ${method} ${backend}: ${response.status} ${await response.text()}`);
    };
    return {
      gateway,
      url: gateway.url,
      wsUrl: gateway.wsUrl,
      backends,
      database,
      fault: (backend, faults) => admin(backend, 'PUT', faults),
      heal: async () => {
        await Promise.all((Object.keys(backends) as BackendName[]).map((b) => admin(b, 'DELETE')));
      },
      close: async () => {
        await gateway.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}


/**
 * Starts a real gateway for a test file: real HTTP and WebSocket on a free port, the real mock
 * backends in-process over HTTP, a fresh database (PGlite in memory, or a new PostgreSQL database
 * when DATABASE_URL is set).
 */
import { loadConfig, type BackendName } from '../../src/platform/config.js';
import { startGateway, type Gateway } from '../../src/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestGateway {
  gateway: Gateway;
  url: string;
  wsUrl: string;
  /** Base URL of each mock backend (for its /__admin endpoints). */
  backends: Record<BackendName, string>;
  database: TestDatabase;
  /** Breaks a mock backend (see mocks/README.md for the fault config). */
  fault(backend: BackendName, faults: Record<string, unknown>): Promise<void>;
  /** Heals every mock backend. */
  heal(): Promise<void>;
  close(): Promise<void>;
}

/** Settings that keep tests fast: short timeouts, quick breaker recovery, quiet logs. */
export const TEST_ENV: Record<string, string> = {
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
};

export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const database = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => {} } : await createTestDatabase();
  try {
    const config = loadConfig({ ...TEST_ENV, DATABASE_URL: database.url, ...env });
    const gateway = await startGateway(config);
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

/**
 * What the adapter suites share: the mocks started in-process, real backend clients on them,
 * and the mocks' admin API (stats, faults, state) over HTTP.
 */
import { createBackendClient, type BackendClient, type BackendClientOptions } from '../../src/adapters/backend-client.js';
import type { BackendName } from '../../src/platform/config.js';
import { startMocks, type RunningMocks } from '../../mocks/index.js';

/** The mocks plus clients on them; `close()` stops both. */
export interface MockBackends {
  mocks: RunningMocks;
  /** A real client for one backend, tuned for fast tests (short timeout, quick backoff). */
  client(name: BackendName, overrides?: Partial<BackendClientOptions>): BackendClient;
  /** The mock's own admin API for one backend. */
  admin(name: BackendName): MockAdmin;
  close(): Promise<void>;
}

export interface MockStats {
  total: number;
  byRoute: Record<string, number>;
  idsRequested: number;
}

export interface MockAdmin {
  stats(): Promise<MockStats>;
  resetStats(): Promise<void>;
  fault(config: Record<string, unknown>): Promise<void>;
  heal(): Promise<void>;
  /** `DELETE <path>` on the admin API, e.g. `/__admin/state`. */
  delete(path: string): Promise<void>;
  getJson(path: string): Promise<unknown>;
}

export async function startMockBackends(): Promise<MockBackends> {
  const mocks = await startMocks();
  const clients: BackendClient[] = [];
  return {
    mocks,
    client(name, overrides = {}) {
      const created = createBackendClient({
        name,
        baseUrl: mocks.urls[name],
        timeoutMs: 1000,
        retries: 1,
        breaker: { minCalls: 50, halfOpenAfterMs: 200 },
        ...overrides,
      });
      clients.push(created);
      return created;
    },
    admin: (name) => mockAdmin(mocks.urls[name]),
    async close() {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await mocks.close();
    },
  };
}

export function mockAdmin(baseUrl: string): MockAdmin {
  async function send(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    return response.json();
  }
  return {
    stats: async () => (await send('GET', '/__admin/stats')) as MockStats,
    resetStats: async () => void (await send('DELETE', '/__admin/stats')),
    fault: async (config) => void (await send('PUT', '/__admin/faults', config)),
    heal: async () => void (await send('DELETE', '/__admin/faults')),
    delete: async (path) => void (await send('DELETE', path)),
    getJson: (path) => send('GET', path),
  };
}

/** The rejection of a promise that must fail. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

/** The value of an `ok` result, failing the test with the code otherwise. */
export function valueOf<T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

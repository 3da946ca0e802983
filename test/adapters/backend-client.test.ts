/**
 * The shared backend client against a real mock backend over HTTP: what every adapter inherits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import { BackendRejection, createBackendClient, type BackendClient, type CallReport } from '../../src/adapters/backend-client.js';
import { Budget } from '../../src/platform/budget.js';
import { UpstreamError } from '../../src/platform/errors.js';
import { newRecord } from '../../src/platform/observability/request-record.js';

let mocks: RunningMocks;
const clients: BackendClient[] = [];

const health = z.object({ status: z.literal('ok') });
const products = z.object({ products: z.array(z.object({ code: z.string() })) });

function client(overrides: Partial<Parameters<typeof createBackendClient>[0]> = {}): BackendClient {
  const created = createBackendClient({
    name: 'coreBanking',
    baseUrl: mocks.urls.coreBanking,
    timeoutMs: 300,
    retries: 2,
    breaker: { minCalls: 3, halfOpenAfterMs: 200, halfOpenMaxMs: 400 },
    ...overrides,
  });
  clients.push(created);
  return created;
}

/** Calls the mock received since the last reset (counted by the mock itself). */
async function callsReceived(): Promise<number> {
  const response = await fetch(`${mocks.urls.coreBanking}/__admin/stats`);
  return ((await response.json()) as { total: number }).total;
}

async function fault(faults: Record<string, unknown>): Promise<void> {
  await fetch(`${mocks.urls.coreBanking}/__admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  await fetch(`${mocks.urls.coreBanking}/__admin/stats`, { method: 'DELETE' });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  mocks = await startMocks();
});
afterEach(async () => {
  await fetch(`${mocks.urls.coreBanking}/__admin/faults`, { method: 'DELETE' });
  await fetch(`${mocks.urls.coreBanking}/__admin/stats`, { method: 'DELETE' });
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(() => mocks?.close());

describe('backend client', () => {
  it('returns the validated body of a healthy backend', async () => {
    const body = await client().get('/products', products);
    expect(body.products.length).toBeGreaterThan(0);
  });

  it('retries an idempotent read that fails on the wire, up to the limit', async () => {
    await fault({ mode: 'error', errorStatus: 503 });
    const error = await failure(client({ retries: 2 }).get('/products', products));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', backend: 'coreBanking' });
    expect(await callsReceived()).toBe(3);
  });

  it('never repeats a call that is not idempotent', async () => {
    await fault({ mode: 'error', errorStatus: 503 });
    await failure(client({ retries: 2 }).post('/accounts', { customerId: 'C000001' }, z.unknown()));
    expect(await callsReceived()).toBe(1);
  });

  it('gives up after the timeout with UPSTREAM_TIMEOUT', async () => {
    await fault({ mode: 'timeout' });
    const started = performance.now();
    const error = await failure(client({ retries: 0, timeoutMs: 150 }).get('/products', products));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports a body that is not JSON, or not of the agreed shape, as UPSTREAM_INVALID without retrying', async () => {
    await fault({ mode: 'malformed' });
    expect(await failure(client().get('/products', products))).toMatchObject({ code: 'UPSTREAM_INVALID' });
    expect(await callsReceived()).toBe(1);
    await fault({ mode: 'ok' });
    const wrongShape = z.object({ products: z.array(z.object({ code: z.number() })) });
    expect(await failure(client().get('/products', wrongShape))).toMatchObject({ code: 'UPSTREAM_INVALID' });
  });

  it('passes an expected 4xx through as a rejection that does not count against the backend', async () => {
    const c = client({ breaker: { minCalls: 1 } });
    const error = await failure(c.get('/accounts/NO-SUCH-ACCOUNT/transactions', z.unknown(), { refusals: ['ACCOUNT_NOT_FOUND'] }));
    expect(error).toBeInstanceOf(BackendRejection);
    expect(error).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND' });
    expect(c.stats().breaker).toBe('closed');
    await expect(c.get('/health', health)).resolves.toEqual({ status: 'ok' });
  });

  it('reports a 4xx nobody expects as UPSTREAM_INVALID, once, without opening the breaker', async () => {
    const c = client({ breaker: { minCalls: 1 } });
    await fault({ mode: 'error', errorStatus: 400 });
    const error = await failure(c.get('/products', products));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', backend: 'coreBanking' });
    expect(await callsReceived()).toBe(1);
    expect(c.stats().breaker).toBe('closed');
  });

  it('retries a throttled call (even a POST) after Retry-After, and succeeds once the backend lets it', async () => {
    const c = client({ retries: 2, timeoutMs: 2000 });
    await fault({ mode: 'error', errorStatus: 429, retryAfterSeconds: 1 });
    const started = performance.now();
    setTimeout(() => void fetch(`${mocks.urls.coreBanking}/__admin/faults`, { method: 'DELETE' }), 300);
    const body = await c.post('/customers/accounts:batch', { customerIds: ['C000001'] }, z.object({ results: z.array(z.unknown()) }));
    expect(body.results).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(await callsReceived()).toBe(2);
  });

  it('gives up on a throttled call with UPSTREAM_THROTTLED and the wait the backend asked for', async () => {
    await fault({ mode: 'error', errorStatus: 429, retryAfterSeconds: 30 });
    const error = await failure(client({ retries: 2 }).get('/products', products));
    expect(error).toMatchObject({ code: 'UPSTREAM_THROTTLED', backend: 'coreBanking', retryAfterMs: 30_000 });
    expect(await callsReceived()).toBe(1);
  });

  it('spends at most the request budget on a slow backend, retries included', async () => {
    await fault({ mode: 'timeout' });
    const c = client({ retries: 2, timeoutMs: 1000 });
    const started = performance.now();
    const error = await failure(c.get('/products', products, { scope: { budget: new Budget(400) } }));
    const took = performance.now() - started;
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', backend: 'coreBanking' });
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(550);
  });

  it('reports each call with the record of the scope it was made in, and none without a scope (background work)', async () => {
    const reports: CallReport[] = [];
    const c = client({ onCallEnd: (report) => reports.push(report) });
    const record = newRecord('req-scope-1');
    await c.get('/products', products, { scope: { budget: new Budget(2_000), record } });
    await c.get('/products', products);
    expect(reports.map((r) => [r.outcome, r.record?.requestId])).toEqual([
      ['ok', 'req-scope-1'],
      ['ok', undefined],
    ]);
  });

  it('cancels a call when its scope’s signal aborts', async () => {
    await fault({ delayMs: 2_000 });
    const controller = new AbortController();
    const c = client({ timeoutMs: 5_000, retries: 0 });
    const started = performance.now();
    const pending = failure(c.get('/products', products, { scope: { signal: controller.signal } }));
    setTimeout(() => controller.abort(), 100);
    await pending;
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('does not start a call once the budget is spent', async () => {
    const c = client();
    const error = await failure(c.get('/products', products, { scope: { budget: new Budget(0) } }));
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(await callsReceived()).toBe(0);
  });

  it('opens the circuit over the failure rate, stops calling the backend, and closes once it heals', async () => {
    const c = client({ retries: 0, breaker: { minCalls: 3, halfOpenAfterMs: 300, halfOpenMaxMs: 300 } });
    await fault({ mode: 'error', errorStatus: 500 });
    for (let i = 0; i < 3; i++) await failure(c.get('/products', products));
    expect(c.stats().breaker).toBe('open');
    const before = await callsReceived();
    for (let i = 0; i < 5; i++) {
      expect(await failure(c.get('/products', products))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    }
    expect(await callsReceived()).toBe(before);

    await fetch(`${mocks.urls.coreBanking}/__admin/faults`, { method: 'DELETE' });
    await new Promise((resolve) => setTimeout(resolve, 350));
    const body = await c.get('/products', products);
    expect(body.products.length).toBeGreaterThan(0);
    expect(c.stats().breaker).toBe('closed');
  });

  it('checks health with one attempt that ignores the breaker', async () => {
    const c = client({ retries: 0, breaker: { minCalls: 1 } });
    await fault({ mode: 'error' });
    await failure(c.get('/products', products));
    await failure(c.get('/products', products));
    expect(c.stats().breaker).toBe('open');
    await fetch(`${mocks.urls.coreBanking}/__admin/faults`, { method: 'DELETE' });
    await expect(c.checkHealth()).resolves.toBeUndefined();
  });
});

/**
 * The per-request loaders over the real clients and mocks: batching, deduplication, the request
 * scope of the cache and failures, counted by the mocks themselves (`GET /__admin/stats`).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCoreBankingClient } from '../../src/adapters/core-banking/core-banking.client.js';
import { createCreditBureauClient } from '../../src/adapters/credit-bureau/credit-bureau.client.js';
import { createCrmClient } from '../../src/adapters/crm/crm.client.js';
import { createLoaders, type LoaderBackends } from '../../src/adapters/loaders.js';
import { createRiskClient } from '../../src/adapters/risk/risk.client.js';
import { UpstreamError } from '../../src/platform/errors.js';
import type { BackendName } from '../../src/platform/config.js';
import { generatedCustomerId } from '../../mocks/index.js';
import { failureOf, startMockBackends, type MockBackends } from './adapter-kit.js';

let backends: MockBackends;
let ports: LoaderBackends;
const LOADER_BACKENDS = ['coreBanking', 'crm', 'creditBureau', 'risk'] as const satisfies readonly BackendName[];

/** Calls each backend received since the last reset, by route. */
async function callsByRoute(): Promise<Record<string, number>> {
  const all = await Promise.all(LOADER_BACKENDS.map((name) => backends.admin(name).stats()));
  return Object.assign({}, ...all.map((s) => s.byRoute)) as Record<string, number>;
}

async function resetStats(): Promise<void> {
  await Promise.all(LOADER_BACKENDS.map((name) => backends.admin(name).resetStats()));
}

beforeAll(async () => {
  backends = await startMockBackends();
  ports = {
    // retries: 1 so that a faulted backend fails fast but still shows the error after retrying
    coreBanking: createCoreBankingClient(backends.client('coreBanking', { retries: 1 })),
    crm: createCrmClient(backends.client('crm', { retries: 1 })),
    creditBureau: createCreditBureauClient(backends.client('creditBureau', { retries: 1 })),
    risk: createRiskClient(backends.client('risk', { retries: 1 })),
  };
});
afterEach(async () => {
  await Promise.all(LOADER_BACKENDS.map((name) => backends.admin(name).heal()));
  await resetStats();
});
afterAll(() => backends?.close());

describe('createLoaders', () => {
  it('makes exactly one call per resource for twenty loads in one tick, duplicates included', async () => {
    await resetStats();
    const loaders = createLoaders(ports);
    const customers = ['C000001', 'C000002', 'C000003', 'C000001', 'C999999'];
    const accounts = customers.map((id) => loaders.accountsByCustomer.load(id));
    const reports = customers.map((id) => loaders.creditReportByCustomer.load(id));
    const profiles = customers.map((id) => loaders.riskProfileByCustomer.load(id));
    const financials = ['C000001', 'C000004', 'C000001', 'C000004', 'C000005'].map((id) =>
      loaders.financialsByCustomer.load(id),
    );
    const loads: Promise<unknown>[] = [...accounts, ...reports, ...profiles, ...financials];
    expect(loads).toHaveLength(20);
    await Promise.all(loads);

    expect(await callsByRoute()).toEqual({
      'POST /customers/accounts:batch': 1,
      'POST /customers/financials:batch': 1,
      'POST /reports:batch': 1,
      'POST /profiles:batch': 1,
    });
    // Duplicates were asked for once: 4 distinct customers per resource, 3 for financials.
    const stats = await Promise.all(LOADER_BACKENDS.map((name) => backends.admin(name).stats()));
    expect(stats.map((s) => s.idsRequested)).toEqual([4 + 3, 0, 4, 4]);

    // Results stay aligned with the keys, null for the unknown customer.
    expect((await accounts[0])?.map((a) => a.accountId)).toEqual(['C000001-A01', 'C000001-A02', 'C000001-A03']);
    expect(await accounts[4]).toBeNull();
    expect((await reports[1])?.customerId).toBe('C000002');
    expect(await reports[4]).toBeNull();
    expect((await profiles[1])?.amlStatus).toBe('HIT');
    expect((await financials[1])?.monthlyIncome).toEqual({ amount: '12000.00', currency: 'CNY' });
    expect(await accounts[3]).toBe(await accounts[0]);
  });

  it('batches the CRM profiles and relationship managers a customer view needs', async () => {
    await resetStats();
    const loaders = createLoaders(ports);
    const profiles = await Promise.all(['C000001', 'C000003', 'C000001'].map((id) => loaders.profileByCustomer.load(id)));
    const managerIds = profiles.map((p) => p?.relationshipManagerId).filter((id): id is string => !!id);
    const managers = await Promise.all([...managerIds, 'RM999'].map((id) => loaders.relationshipManagerById.load(id)));
    expect(managers[0]?.id).toBe('RM001');
    expect(managers.at(-1)).toBeNull();
    expect(await callsByRoute()).toEqual({ 'POST /customers:batch': 1, 'POST /relationship-managers:batch': 1 });
  });

  it('serves an account already listed for its customer from the same request without calling again', async () => {
    await resetStats();
    const loaders = createLoaders(ports);
    await loaders.accountsByCustomer.load('C000002');
    const frozen = await loaders.accountById.load('C000002-A02');
    expect(frozen?.status).toBe('FROZEN');
    expect(await loaders.accountById.load('C000002-A99')).toBeNull();
    expect(await callsByRoute()).toEqual({ 'POST /customers/accounts:batch': 1, 'POST /accounts:batch': 1 });
    expect((await backends.admin('coreBanking').stats()).idsRequested).toBe(2);
  });

  it('caches within one request but never across two', async () => {
    await resetStats();
    const first = createLoaders(ports);
    await first.creditReportByCustomer.load('C000001');
    await first.creditReportByCustomer.load('C000001');
    expect((await callsByRoute())['POST /reports:batch']).toBe(1);

    const second = createLoaders(ports);
    expect((await second.creditReportByCustomer.load('C000001'))?.score).toBe(780);
    expect((await callsByRoute())['POST /reports:batch']).toBe(2);
  });

  it('splits more keys than the backend accepts per call into batches of at most 500', async () => {
    await resetStats();
    const loaders = createLoaders(ports);
    const ids = Array.from({ length: 501 }, (_, i) => generatedCustomerId(i));
    const profiles = await Promise.all(ids.map((id) => loaders.riskProfileByCustomer.load(id)));
    expect(profiles.map((p) => p?.customerId)).toEqual(ids);
    const stats = await backends.admin('risk').stats();
    expect(stats.byRoute).toEqual({ 'POST /profiles:batch': 2 });
    expect(stats.idsRequested).toBe(501);
  });

  it("rejects every key of a faulted backend's batch with an UpstreamError naming the backend", async () => {
    await backends.admin('creditBureau').fault({ mode: 'error', errorStatus: 503 });
    const loaders = createLoaders(ports);
    const keys = ['C000001', 'C000002', 'C000005'];
    const reports = keys.map((id) => failureOf(loaders.creditReportByCustomer.load(id)));
    const accounts = loaders.accountsByCustomer.load('C000001');

    for (const error of await Promise.all(reports)) {
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', backend: 'creditBureau' });
    }
    // One batch, retried once by the client: two calls for three keys.
    expect((await backends.admin('creditBureau').stats()).byRoute).toEqual({ 'POST /reports:batch': 2 });
    // A healthy backend in the same request is unaffected.
    expect(await accounts).toHaveLength(3);

    // A failure is not cached: once the backend heals, the same request may load the key again.
    await backends.admin('creditBureau').heal();
    expect((await loaders.creditReportByCustomer.load('C000001'))?.score).toBe(780);
  });

  it('reports a timed-out backend as UPSTREAM_TIMEOUT for every key', async () => {
    await backends.admin('risk').fault({ mode: 'timeout' });
    const fast = createRiskClient(backends.client('risk', { retries: 0, timeoutMs: 100 }));
    const loaders = createLoaders({ ...ports, risk: fast });
    const errors = await Promise.all(['C000001', 'C000002'].map((id) => failureOf(loaders.riskProfileByCustomer.load(id))));
    for (const error of errors) expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', backend: 'risk' });
  });
});

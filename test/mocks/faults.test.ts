import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_NAMES, DEMO_CUSTOMERS, HEALTHY_FAULTS, makeCrmMock, startMocks, type BackendName, type RunningMocks } from '../../mocks/index.js';
import { errorSchema, faultsSchema, statsSchema } from './contract.js';
import { getJson, postJson, sendJson } from './http.js';
import { timed } from '../support/timing.js';

let mocks: RunningMocks;

beforeAll(async () => {
  mocks = await startMocks({ basePort: 0, env: {} });
});

afterEach(async () => {
  await Promise.all(BACKEND_NAMES.map((name) => sendJson('DELETE', `${mocks.urls[name]}/__admin/faults`)));
});

afterAll(async () => {
  await mocks.close();
});

async function fault(backend: BackendName, config: Record<string, unknown>): Promise<void> {
  const res = await sendJson('PUT', `${mocks.urls[backend]}/__admin/faults`, config);
  expect(res.status).toBe(200);
}

describe('fault injection', () => {
  it('drops the connection without an answer in mode "down"', async () => {
    await fault('crm', { mode: 'down' });
    await expect(fetch(`${mocks.urls.crm}/health`)).rejects.toThrow();
    await expect(postJson(`${mocks.urls.crm}/customers:batch`, { customerIds: ['C000001'] })).rejects.toThrow();
  });

  it('never answers in mode "timeout", so the client gives up', async () => {
    await fault('risk', { mode: 'timeout' });
    const { ms } = await timed(async () => {
      const error: unknown = await fetch(`${mocks.urls.risk}/health`, { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe('TimeoutError');
    });
    expect(ms).toBeGreaterThanOrEqual(290);
  });

  it('answers every call with a JSON 503 in mode "error", or the configured status', async () => {
    await fault('creditBureau', { mode: 'error' });
    const res = await postJson(`${mocks.urls.creditBureau}/reports:batch`, { customerIds: ['C000001'] });
    expect(res.status).toBe(503);
    expect(errorSchema.parse(res.body).error.code).toBe('INJECTED_FAULT');
    await fault('creditBureau', { mode: 'error', errorStatus: 500 });
    expect((await getJson(`${mocks.urls.creditBureau}/health`)).status).toBe(500);
  });

  it('answers 200 with a body that is not JSON in mode "malformed"', async () => {
    await fault('coreBanking', { mode: 'malformed' });
    const res = await fetch(`${mocks.urls.coreBanking}/customers/accounts:batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerIds: ['C000001'] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    await expect(res.json()).rejects.toThrow();
  });

  it('fails every call with errorRate 1', async () => {
    await fault('identity', { errorRate: 1 });
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await getJson(`${mocks.urls.identity}/health`)).status));
    expect(statuses).toEqual(Array(10).fill(503));
  });

  it('fails some calls and answers others with errorRate 0.5', async () => {
    await fault('identity', { errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await getJson(`${mocks.urls.identity}/health`)).status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
  });

  it('delays the answer by delayMs plus up to jitterMs', async () => {
    await fault('crm', { delayMs: 150 });
    const slow = await timed(() => getJson(`${mocks.urls.crm}/health`));
    expect(slow.value.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(145);
    await fault('crm', { delayMs: 50, jitterMs: 100 });
    const jittered = await timed(() => getJson(`${mocks.urls.crm}/health`));
    expect(jittered.ms).toBeGreaterThanOrEqual(45);
    expect(jittered.ms).toBeLessThan(400);
  });

  it('delays injected errors too', async () => {
    await fault('crm', { mode: 'error', delayMs: 120 });
    const { value, ms } = await timed(() => getJson(`${mocks.urls.crm}/health`));
    expect(value.status).toBe(503);
    expect(ms).toBeGreaterThanOrEqual(115);
  });

  it('heals with DELETE /__admin/faults', async () => {
    await fault('risk', { mode: 'error', delayMs: 10 });
    expect((await getJson(`${mocks.urls.risk}/health`)).status).toBe(503);
    const healed = await sendJson('DELETE', `${mocks.urls.risk}/__admin/faults`);
    expect(faultsSchema.parse(healed.body)).toEqual(HEALTHY_FAULTS);
    expect((await getJson(`${mocks.urls.risk}/health`)).status).toBe(200);
  });

  it('only faults the backend it was set on', async () => {
    await fault('crm', { mode: 'down' });
    expect((await getJson(`${mocks.urls.risk}/health`)).status).toBe(200);
  });
});

describe('/__admin/faults', () => {
  it('is never faulted', async () => {
    for (const mode of ['down', 'timeout', 'error', 'malformed']) {
      await fault('coreBanking', { mode });
      const res = await getJson(`${mocks.urls.coreBanking}/__admin/faults`, { signal: AbortSignal.timeout(1000) });
      expect(res.status).toBe(200);
      expect(faultsSchema.parse(res.body).mode).toBe(mode);
      expect((await getJson(`${mocks.urls.coreBanking}/__admin/stats`)).status).toBe(200);
    }
  });

  it('fills omitted fields with their defaults on PUT', async () => {
    await fault('crm', { mode: 'error', errorStatus: 502 });
    await fault('crm', { delayMs: 5 });
    const res = await getJson(`${mocks.urls.crm}/__admin/faults`);
    expect(res.body).toEqual({ ...HEALTHY_FAULTS, delayMs: 5 });
  });

  it.each([
    [{ mode: 'sideways' }],
    [{ errorRate: 2 }],
    [{ errorStatus: 200 }],
    [{ delayMs: -1 }],
    [{ delay: 100 }],
    ['down'],
  ])('refuses the invalid configuration %j with 400 and keeps the current one', async (config) => {
    await fault('crm', { delayMs: 1 });
    const res = await sendJson('PUT', `${mocks.urls.crm}/__admin/faults`, config);
    expect(res.status).toBe(400);
    expect(errorSchema.parse(res.body).error.code).toBe('BAD_REQUEST');
    expect((await getJson(`${mocks.urls.crm}/__admin/faults`)).body).toEqual({ ...HEALTHY_FAULTS, delayMs: 1 });
  });

  it('can be driven in-process through the server object', async () => {
    mocks.servers.crm.setFaults({ mode: 'error', errorStatus: 504 });
    expect((await getJson(`${mocks.urls.crm}/health`)).status).toBe(504);
    expect(mocks.servers.crm.getFaults().mode).toBe('error');
    expect(() => mocks.servers.crm.setFaults({ errorRate: 7 })).toThrow(/errorRate/);
  });
});

describe('/__admin/stats', () => {
  it('counts every non-admin call per route, faulted ones included, and the ids asked for', async () => {
    const base = mocks.urls.creditBureau;
    await sendJson('DELETE', `${base}/__admin/stats`);
    await postJson(`${base}/reports:batch`, { customerIds: ['C000001', 'C000002', 'C000001'] });
    await getJson(`${base}/health`);
    await getJson(`${base}/no-such-route`);
    await fault('creditBureau', { mode: 'error' });
    await postJson(`${base}/reports:batch`, { customerIds: ['C000003'] });
    await getJson(`${base}/__admin/faults`);
    const stats = statsSchema.parse((await getJson(`${base}/__admin/stats`)).body);
    expect(stats).toEqual({
      total: 4,
      byRoute: { 'POST /reports:batch': 2, 'GET /health': 1, 'GET /no-such-route': 1 },
      idsRequested: 4,
    });
    expect(mocks.servers.creditBureau.stats()).toEqual(stats);
  });

  it('resets with DELETE /__admin/stats', async () => {
    const base = mocks.urls.risk;
    await postJson(`${base}/profiles:batch`, { customerIds: [DEMO_CUSTOMERS.wangFang.id] });
    const reset = await sendJson('DELETE', `${base}/__admin/stats`);
    expect(reset.body).toEqual({ total: 0, byRoute: {}, idsRequested: 0 });
    expect(statsSchema.parse((await getJson(`${base}/__admin/stats`)).body).total).toBe(0);
  });
});

describe('MockServer.close', () => {
  it('destroys requests held by the timeout fault instead of waiting for them', async () => {
    const server = makeCrmMock({ faults: { mode: 'timeout' } });
    const url = await server.listen();
    const pending = fetch(`${url}/health`).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { ms } = await timed(() => server.close());
    expect(ms).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });

  it('cuts a delayed answer short', async () => {
    const server = makeCrmMock({ faults: { delayMs: 60_000 } });
    const url = await server.listen();
    const pending = fetch(`${url}/health`).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { ms } = await timed(() => server.close());
    expect(ms).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });
});

describe('faults from the environment', () => {
  it('applies MOCK_FAULTS to every backend and lets a per-backend variable override it', async () => {
    const env = { MOCK_FAULTS: '{"mode":"error","errorStatus":502}', MOCK_CRM_FAULTS: '{"delayMs":1}' };
    const faulted = await startMocks({ basePort: 0, env });
    try {
      expect((await getJson(`${faulted.urls.coreBanking}/health`)).status).toBe(502);
      expect((await getJson(`${faulted.urls.identity}/health`)).status).toBe(502);
      expect((await getJson(`${faulted.urls.crm}/health`)).status).toBe(200);
      expect(faulted.servers.crm.getFaults()).toEqual({ ...HEALTHY_FAULTS, delayMs: 1 });
    } finally {
      await faulted.close();
    }
  });

  it('lets the faults option win over the environment', async () => {
    const faulted = await startMocks({ basePort: 0, env: { MOCK_RISK_FAULTS: '{"mode":"down"}' }, faults: { risk: { mode: 'ok' } } });
    try {
      expect((await getJson(`${faulted.urls.risk}/health`)).status).toBe(200);
    } finally {
      await faulted.close();
    }
  });

  it.each([
    ['MOCK_RISK_FAULTS', '{"mode":"sideways"}'],
    ['MOCK_FAULTS', 'not json'],
    ['MOCK_CORE_BANKING_FAULTS', '{"errorRate":1.5}'],
    ['MOCK_SEED', 'forty-two'],
    ['MOCK_PORT_BASE', '-1'],
  ])('refuses a bad %s, naming the variable', async (variable, value) => {
    await expect(startMocks({ basePort: 0, env: { [variable]: value } })).rejects.toThrow(variable);
  });
});

describe('faults limited to routes', () => {
  it('faults only the named routes, so a flow can be cut between two calls', async () => {
    const url = mocks.urls.coreBanking;
    const set = await sendJson('PUT', `${url}/__admin/faults`, { mode: 'error', errorStatus: 503, routes: ['GET /products'] });
    expect(set.status).toBe(200);
    expect((await getJson(`${url}/products`)).status).toBe(503);
    expect((await getJson(`${url}/health`)).status).toBe(200);
    const refused = await sendJson('PUT', `${url}/__admin/faults`, { routes: ['products'] });
    expect(refused.status).toBe(400);
  });
});

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
let base: string;

beforeAll(async () => {
  t = await sharedGateway();
  base = t.url.replace(/\/graphql$/, '');
});
afterEach(() => t.heal());

interface ReadyBody {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string; latencyMs: number }>;
}

async function readyz(): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

describe('GET /healthz', () => {
  it('says the process is up', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('is ready when the database and every backend answer', async () => {
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body.ready).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(
      ['coreBanking', 'creditBureau', 'crm', 'database', 'identity', 'risk'].sort(),
    );
    for (const check of Object.values(body.checks)) expect(check.ok).toBe(true);
  });

  it.each([
    ['crm', { mode: 'down' }, 'UPSTREAM_UNAVAILABLE'],
    ['creditBureau', { mode: 'error', errorStatus: 500 }, 'UPSTREAM_UNAVAILABLE'],
    ['risk', { mode: 'timeout' }, 'UPSTREAM_TIMEOUT'],
  ] as const)('turns not-ready while %s is faulted, and ready again once it heals', async (backend, faults, error) => {
    await t.fault(backend, faults);
    const faulted = await readyz();
    expect(faulted.status).toBe(503);
    expect(faulted.body.ready).toBe(false);
    expect(faulted.body.checks[backend]).toMatchObject({ ok: false, error });
    expect(faulted.body.checks.database?.ok).toBe(true);
    expect(faulted.body.checks.coreBanking?.ok).toBe(true);

    await t.heal();
    const healed = await readyz();
    expect(healed.status).toBe(200);
    expect(healed.body.ready).toBe(true);
  });
});

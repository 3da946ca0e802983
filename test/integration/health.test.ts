import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedGateway, startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
let base: string;

beforeAll(async () => {
  t = await sharedGateway();
  base = t.url.replace(/\/graphql$/, '');
});
afterEach(() => t.heal());

interface Check {
  ok: boolean;
  error?: string;
  latencyMs: number;
  breaker?: string;
}
interface ReadyBody {
  ready: boolean;
  checks: Record<string, Check>;
  backends: Record<string, Check>;
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
  it('is ready when the database answers and the event listener is up, and reports every backend', async () => {
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body.ready).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'events']);
    expect(Object.keys(body.backends).sort()).toEqual(['businessRegistry', 'coreBanking', 'creditBureau', 'crm', 'identity', 'risk']);
    for (const check of [...Object.values(body.checks), ...Object.values(body.backends)]) expect(check.ok).toBe(true);
    expect(body.backends.crm?.breaker).toBe('closed');
  });

  it.each([
    ['crm', { mode: 'down' }, 'UPSTREAM_UNAVAILABLE'],
    ['creditBureau', { mode: 'error', errorStatus: 500 }, 'UPSTREAM_UNAVAILABLE'],
    ['risk', { mode: 'timeout' }, 'UPSTREAM_TIMEOUT'],
  ] as const)('stays ready while %s is faulted (the gateway answers partially) and reports it', async (backend, faults, error) => {
    await t.fault(backend, faults);
    const faulted = await readyz();
    expect(faulted.status).toBe(200);
    expect(faulted.body.ready).toBe(true);
    expect(faulted.body.backends[backend]).toMatchObject({ ok: false, error });
    expect(faulted.body.backends.coreBanking?.ok).toBe(true);

    await t.heal();
    const healed = await readyz();
    expect(healed.body.backends[backend]?.ok).toBe(true);
  });

  it('turns not-ready when the database does not answer', async () => {
    // A gateway of its own: this one's database is closed under it.
    const own = await startTestGateway();
    try {
      await own.gateway.database.close();
      const response = await fetch(own.url.replace(/\/graphql$/, '/readyz'));
      const body = (await response.json()) as ReadyBody;
      expect(response.status).toBe(503);
      expect(body.ready).toBe(false);
      expect(body.checks.database).toMatchObject({ ok: false });
    } finally {
      await own.close();
    }
  }, 60_000);
});

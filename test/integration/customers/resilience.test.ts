/**
 * Each backend broken in each way, over the wire: the customer view degrades field by field,
 * and a circuit breaker stops hammering a backend that is down.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyViewDocument, ReviewerRiskViewDocument } from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
let customer: Record<string, string>;
let reviewer: Record<string, string>;

beforeAll(async () => {
  // No bureau cache (every view asks the bureau) and a breaker that never opens here.
  t = await startTestGateway({ BREAKER_THRESHOLD: '1000', BUREAU_REPORT_TTL_HOURS: '0' });
  customer = (await loginCustomer(t, 'wang.fang')).headers;
  reviewer = (await loginStaff(t, 'reviewer.wu')).headers;
});
afterAll(() => t?.close());
afterEach(() => t.heal());

const faults = [
  ['down', { mode: 'down' }, 'UPSTREAM_UNAVAILABLE'],
  ['slow past the timeout', { mode: 'timeout' }, 'UPSTREAM_TIMEOUT'],
  ['answering 500', { mode: 'error', errorStatus: 500 }, 'UPSTREAM_UNAVAILABLE'],
  ['sending malformed JSON', { mode: 'malformed' }, 'UPSTREAM_INVALID'],
] as const;

const customerFields = [
  ['crm', 'profile'],
  ['coreBanking', 'accounts'],
  ['creditBureau', 'creditProfile'],
] as const;

describe('Query.me with a backend failing', () => {
  for (const [backend, field] of customerFields) {
    it.each(faults)(`nulls only ${field} when ${backend} is %s`, async (_name, fault, code) => {
      await t.fault(backend, fault);
      const { status, data, errors } = await execute(t.url, MyViewDocument, undefined, customer);
      expect(status).toBe(200);
      expect(data?.me.customerNumber).toBe('C000001');
      expect(data?.me[field]).toBeNull();
      for (const [, other] of customerFields) if (other !== field) expect(data?.me[other]).not.toBeNull();
      expect(errors).toContainEqual(
        expect.objectContaining({ path: ['me', field], extensions: expect.objectContaining({ code, backend }) }),
      );
      // Every error names the broken backend (the CRM also feeds relationshipManager).
      for (const error of errors ?? []) expect(error.extensions).toMatchObject({ code, backend });
    });
  }
});

describe('Query.customer with the risk platform failing', () => {
  it.each(faults)('nulls only riskProfile when risk is %s', async (_name, fault, code) => {
    await t.fault('risk', fault);
    const { data, errors } = await execute(t.url, ReviewerRiskViewDocument, { id: 'C000002' }, reviewer);
    expect(data?.customer?.profile?.fullName).toEqual(expect.any(String));
    expect(data?.customer?.riskProfile).toBeNull();
    expect(errors?.[0]).toMatchObject({ path: ['customer', 'riskProfile'], extensions: { code, backend: 'risk' } });
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold so the backend stops being called, and closes after it heals', async () => {
    // Half-open after 1.5 s: the five refused requests below must all fit in it, also on a loaded machine.
    const g = await startTestGateway({ BREAKER_THRESHOLD: '3', BREAKER_HALF_OPEN_AFTER_MS: '1500', BACKEND_RETRIES: '0' });
    try {
      const headers = (await loginCustomer(g, 'sun.mei')).headers;
      const calls = async () =>
        ((await (await fetch(`${g.backends.crm}/__admin/stats`)).json()) as { total: number }).total;
      await g.fault('crm', { mode: 'error', errorStatus: 503 });
      for (let i = 0; i < 3; i++) await execute(g.url, MyViewDocument, undefined, headers);
      const whenOpen = await calls();
      for (let i = 0; i < 5; i++) {
        const { data, errors } = await execute(g.url, MyViewDocument, undefined, headers);
        expect(data?.me.profile).toBeNull();
        expect(data?.me.accounts).not.toBeNull();
        expect(errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', backend: 'crm' });
      }
      expect(await calls()).toBe(whenOpen);

      await g.heal();
      // Closes once a trial after the half-open wait finds crm answering again.
      let healed = await execute(g.url, MyViewDocument, undefined, headers);
      for (const deadline = Date.now() + 10_000; healed.errors && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        healed = await execute(g.url, MyViewDocument, undefined, headers);
      }
      expect(healed.errors).toBeUndefined();
      expect(healed.data?.me.profile?.fullName).toEqual(expect.any(String));
      expect(await calls()).toBeGreaterThan(whenOpen);
    } finally {
      await g.close();
    }
  });
});

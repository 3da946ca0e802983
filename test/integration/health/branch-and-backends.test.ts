/**
 * The indicators fed by counter services (teller transactions, handling time, steps on target) and
 * by stored backend call outcomes (availability per system), over real flows on a gateway of this
 * file's own (an empty database, so the values are exact).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyViewDocument, ProcessHealthDocument, type ProcessHealthQuery } from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { atCounter, selfService, tellerAt } from '../services/kit.js';

type Indicator = ProcessHealthQuery['processHealth']['indicators'][number];

let t: TestGateway;
let ops: Record<string, string>;
const started = new Date(Date.now() - 60_000);

beforeAll(async () => {
  // Counts are stored every 100 ms here (5 s by default).
  t = await startTestGateway({ BACKEND_OUTCOME_FLUSH_MS: '100', BREAKER_THRESHOLD: '1000' });
  ops = (await loginStaff(t, 'ops.huang')).headers;
});
afterAll(async () => t?.close());

async function indicators(): Promise<Map<string, Indicator>> {
  const response = await execute(t.url, ProcessHealthDocument, { from: started.toISOString(), to: new Date(Date.now() + 120_000).toISOString() }, ops);
  expect(response.errors).toBeUndefined();
  return new Map(response.data!.processHealth.indicators.map((i) => [i.id, i]));
}

describe('counter-service indicators', () => {
  it('count what tellers finished and time the four steps of real counter and self-service flows', async () => {
    const before = await indicators();
    for (const id of ['teller_transactions_per_day', 'counter_handling_minutes_p50', 'step_timings_on_target']) {
      expect(before.get(id)).toMatchObject({ value: null, status: 'NO_DATA' });
    }
    const desk = await tellerAt(t, 'BJ-001');
    for (const code of ['REPORT_LOST_CARD', 'REQUEST_STATEMENT', 'FREEZE_ACCOUNT']) {
      const { confirmed } = await atCounter(t, desk, 'C000001', code);
      expect(confirmed.data?.confirmServiceRequest.status).toBe('DONE');
    }
    const wang = (await loginCustomer(t, 'wang.fang')).headers;
    const { confirmed } = await selfService(t, wang, 'REPORT_LOST_CARD');
    expect(confirmed.data?.confirmServiceRequest.status).toBe('DONE');

    const after = await indicators();
    // One teller, one day, three requests done; the self-service one is not a teller transaction.
    expect(after.get('teller_transactions_per_day')).toMatchObject({ value: 3, sample: 3, status: 'OFF_TARGET' });
    expect(after.get('teller_transactions_per_day')!.breakdown).toEqual([{ key: expect.any(String), value: 3, sample: 3 }]);
    // Four requests, each timed over its four steps; over the wire that is well under a minute
    // (rounded to 2 decimals of a minute it may show as 0).
    const handling = after.get('counter_handling_minutes_p50')!;
    expect(handling).toMatchObject({ sample: 4, status: 'ON_TARGET' });
    expect(handling.value).toBeGreaterThanOrEqual(0);
    expect(handling.value).toBeLessThan(1);
    expect(handling.breakdown.map((b) => [b.key, b.sample])).toEqual([
      ['APP', 1],
      ['BRANCH_TERMINAL', 3],
    ]);
    const steps = after.get('step_timings_on_target')!;
    expect(steps).toMatchObject({ value: 100, sample: 16, status: 'ON_TARGET' });
    expect(steps.breakdown.map((b) => b.key)).toEqual(['VERIFY_IDENTITY', 'PREFILL', 'CONFIRM', 'PROCESS']);
  });
});

describe('backend availability', () => {
  /** Waits until the stored counts satisfy `ok` (they are added every 100 ms). */
  async function until(ok: (i: Indicator) => boolean): Promise<Indicator> {
    for (let i = 0; i < 50; i++) {
      const current = (await indicators()).get('backend_availability')!;
      if (ok(current)) return current;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('backend availability did not change');
  }
  const of = (i: Indicator, key: string) => i.breakdown.find((b) => b.key === key);

  it('is answered ÷ all calls per system: CRM failing drops CRM only', async () => {
    const customer = (await loginCustomer(t, 'wang.fang')).headers;
    expect((await execute(t.url, MyViewDocument, undefined, customer)).errors).toBeUndefined();
    const healthy = await until((i) => (of(i, 'crm')?.sample ?? 0) > 0 && (of(i, 'coreBanking')?.sample ?? 0) > 0);
    expect(of(healthy, 'crm')!.value).toBe(100);

    await t.fault('crm', { mode: 'error', errorStatus: 503 });
    for (let i = 0; i < 3; i++) {
      const view = await execute(t.url, MyViewDocument, undefined, customer);
      expect(view.errors?.some((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE')).toBe(true);
    }
    await t.heal();
    // Wait for the failed calls themselves: healthy CRM calls made before the fault (e.g. the login's
    // advisor lookup, off the request path) can reach the table in an earlier flush.
    const crmBefore = of(healthy, 'crm')!.sample;
    // Until all three requests' failed calls are in: the table may be flushed between them.
    const after = await until((i) => (of(i, 'crm')?.value ?? 100) < 100 && (of(i, 'crm')?.sample ?? 0) >= crmBefore + 3);
    expect(of(after, 'crm')!.sample).toBeGreaterThanOrEqual(crmBefore + 3);
    for (const b of after.breakdown.filter((x) => x.key !== 'crm')) expect(b.value).toBe(100);
    expect(after.value).toBeLessThan(100);
    expect(after.status).not.toBe('NO_DATA');
  });
});

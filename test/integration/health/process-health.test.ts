import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AcknowledgeRiskAlertDocument,
  ApplyForLoanDocument,
  LoginDocument,
  ProcessHealthDocument,
  SubmitTransferDocument,
  type ProcessHealthQuery,
} from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff, newDeviceId } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { seedAlert } from '../alerts/alerts-kit.js';

type Indicator = ProcessHealthQuery['processHealth']['indicators'][number];

let t: TestGateway;
let ops: Record<string, string>;
const started = new Date(Date.now() - 60_000);

beforeAll(async () => {
  t = await sharedGateway();
  ops = (await loginStaff(t, 'ops.huang')).headers;
});

/** The window from before this file started to a minute from now. */
async function health(headers = ops) {
  const response = await execute(t.url, ProcessHealthDocument, { from: started.toISOString(), to: new Date(Date.now() + 60_000).toISOString() }, headers);
  expect(response.errors).toBeUndefined();
  return new Map(response.data!.processHealth.indicators.map((i) => [i.id, i]));
}
const ind = (m: Map<string, Indicator>, id: string): Indicator => m.get(id)!;

describe('Query.processHealth', () => {
  it('reports at least 20 indicators in three dimensions, each with target, status and a daily series', async () => {
    const response = await execute(t.url, ProcessHealthDocument, { from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z', granularity: 'DAY' }, ops);
    expect(response.errors).toBeUndefined();
    const report = response.data!.processHealth;
    expect(report.indicators.length).toBeGreaterThanOrEqual(20);
    expect(new Set(report.indicators.map((i) => i.dimension)).size).toBe(3);
    for (const i of report.indicators) {
      expect(i.series).toHaveLength(7);
      expect(typeof i.target).toBe('number');
    }
    // A week with no offers shown: null with the reason, not a zero.
    const offers = report.indicators.find((i) => i.id === 'offer_conversion')!;
    expect(offers).toMatchObject({ value: null, status: 'NO_DATA', target: 10 });
    expect(offers.noDataReason).toMatch(/No offers shown in the window/);
  });

  it('counts what real flows just did: logins, a failed login, a loan decision, a transfer, an acknowledged alert', async () => {
    const before = await health();

    const customer = await loginCustomer(t, 'zhao.lei');
    const failed = await execute(t.url, LoginDocument, { input: { username: 'zhao.lei', password: 'wrong-password', channel: 'APP', deviceId: newDeviceId() } });
    expect(errorCode(failed)).toBe('INVALID_CREDENTIALS');
    // Zhao Lei's application is rejected automatically (a final state: it blocks nothing after it).
    const loan = await execute(
      t.url,
      ApplyForLoanDocument,
      { input: { productCode: 'PERSONAL_CONSUMER', amount: '50000.00', currency: 'CNY', termMonths: 24, purpose: 'Home renovation' }, idempotencyKey: `h-${randomUUID()}` },
      customer.headers,
    );
    expect(loan.data?.applyForLoan.status).toBe('REJECTED');
    const wang = await loginCustomer(t, 'wang.fang', { channel: 'WEB' });
    const transfer = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: 'C000001-A01', payeeAccountNumber: '6222021234567890123', payeeName: 'Zhang San', amount: '10.00', currency: 'CNY' }, idempotencyKey: `h-${randomUUID()}` },
      wang.headers,
    );
    expect(transfer.errors).toBeUndefined();
    const alertId = await seedAlert(t, {}, new Date(started.getTime() + 1000)); // inside the window, some time ago
    const risk = (await loginStaff(t, 'risk.zhang')).headers;
    expect((await execute(t.url, AcknowledgeRiskAlertDocument, { id: alertId }, risk)).errors).toBeUndefined();

    const after = await health();
    const grew = (id: string) => ind(after, id).sample - ind(before, id).sample;
    expect(grew('login_success_rate')).toBeGreaterThanOrEqual(4); // 3 logins and the failure (plus the ops login before)
    expect(ind(after, 'login_success_rate').value).toBeLessThan(100);
    expect(grew('loan_auto_decision_rate')).toBe(1);
    expect(grew('loan_manual_review_share')).toBe(1);
    expect(grew('transfers_held_blocked_share')).toBe(1);
    expect(grew('alert_ack_hours_p50')).toBe(1);
    expect(grew('online_share')).toBe(2);
    const web = (m: Map<string, Indicator>) => ind(m, 'online_share').breakdown.find((b) => b.key === 'WEB')?.sample ?? 0;
    expect(web(after) - web(before)).toBe(1);
    expect(ind(after, 'loan_decision_hours_p50').value).not.toBeNull();
    expect(ind(after, 'audit_chain_integrity')).toMatchObject({ value: 100, status: 'ON_TARGET' });
    // The window's daily series adds up to the window's sample.
    const logins = ind(after, 'login_success_rate');
    expect(logins.series.reduce((n, p) => n + p.sample, 0)).toBe(logins.sample);
  });

  it('lets an administrator read it and refuses customers, tellers and risk officers', async () => {
    await health((await loginStaff(t, 'admin.ma')).headers);
    const customer = (await loginCustomer(t, 'wang.fang')).headers;
    for (const headers of [customer, (await loginStaff(t, 'teller.li')).headers, (await loginStaff(t, 'risk.zhang')).headers]) {
      const response = await execute(t.url, ProcessHealthDocument, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, headers);
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(response.data?.processHealth ?? null).toBeNull();
    }
  });

  it.each([
    ['a reversed window', '2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'],
    ['an empty window', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
    ['a window over 100 days', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z'],
  ])('refuses %s with BAD_USER_INPUT', async (_what, from, to) => {
    const response = await execute(t.url, ProcessHealthDocument, { from, to }, ops);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});

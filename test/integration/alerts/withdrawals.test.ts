/**
 * Suspicious cash withdrawals reported by core banking become risk alerts, once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RiskAlertsDocument } from '../../generated/graphql.js';
import { loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { globalId } from '../../support/ids.js';

let t: TestGateway;
let officer: Record<string, string>;

beforeAll(async () => {
  t = await startTestGateway({ WITHDRAWAL_FEED_POLL_MS: '100' });
  officer = (await loginStaff(t, 'risk.zhang')).headers;
});
afterAll(() => t?.close());

async function withdrawalAlerts() {
  const { data, errors } = await execute(t.url, RiskAlertsDocument, { first: 50, filter: { kind: 'SUSPICIOUS_WITHDRAWAL' } }, officer);
  expect(errors).toBeUndefined();
  return data!.riskAlerts.edges.map((e) => e.node);
}

describe('suspicious withdrawal alerts', () => {
  it('raises one alert per pattern core banking reports, however often the feed is read', async () => {
    await expect.poll(async () => (await withdrawalAlerts()).length, { timeout: 5000 }).toBe(1);
    const [structuring] = await withdrawalAlerts();
    expect(structuring).toMatchObject({ customerId: globalId('Customer', 'C000002'), severity: 'HIGH', status: 'OPEN', subject: 'withdrawal-pattern:WP-000001' });

    const response = await fetch(`${t.backends.coreBanking}/__admin/withdrawal-patterns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'C000003', accountId: 'C000003-A01', kind: 'RAPID_SUCCESSION', withdrawals: 9, total: { amount: '45000.00', currency: 'CNY' } }),
    });
    expect(response.status).toBe(201);
    await expect.poll(async () => (await withdrawalAlerts()).length, { timeout: 5000 }).toBe(2);
    // Several more polls and a manual one change nothing.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await t.gateway.withdrawals.pollOnce()).toBe(0);
    const alerts = await withdrawalAlerts();
    expect(alerts.map((a) => a.subject).sort()).toEqual(['withdrawal-pattern:WP-000001', 'withdrawal-pattern:WP-000002']);
    expect(alerts.find((a) => a.customerId === globalId('Customer', 'C000003'))?.severity).toBe('MEDIUM');
  });

  it('keeps polling through a core banking outage and catches up afterwards', async () => {
    await t.fault('coreBanking', { mode: 'down' });
    await fetch(`${t.backends.coreBanking}/__admin/withdrawal-patterns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'C000004', accountId: 'C000004-A01', kind: 'UNUSUAL_LOCATION', withdrawals: 3, total: { amount: '12000.00', currency: 'CNY' } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await withdrawalAlerts()).length).toBe(2);
    await t.heal();
    await expect.poll(async () => (await withdrawalAlerts()).length, { timeout: 5000 }).toBe(3);
  });
});

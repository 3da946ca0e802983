/**
 * One budget per operation reaches every backend call the operation makes, wherever it is made —
 * a DataLoader batch of a query, a service of a mutation, a resolver over the WebSocket — because
 * the request hands its scope (budget + record) down explicitly. A gateway of its own with short
 * budgets and a long backend timeout: a call that lost the budget on the way would wait for the
 * backend (3 s) instead of ending with the operation's budget.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyViewDocument, SubmitTransferDocument, TransferRiskDocument } from '../generated/graphql.js';
import { loginCustomer, loginStaff } from '../support/auth.js';
import { execute, take, wsClient } from '../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { timed } from '../support/timing.js';

const QUERY_MS = 500;
const MUTATION_MS = 900;
const BACKEND_DELAY_MS = 3000;
/** Room for a busy machine: well under the backend's delay, which a call without the budget would wait out. */
const SLACK_MS = 700;

let t: TestGateway;
let wang: Record<string, string>;
let officer: Record<string, string>;

beforeAll(async () => {
  t = await startTestGateway({
    REQUEST_BUDGET_QUERY_MS: String(QUERY_MS),
    REQUEST_BUDGET_MUTATION_MS: String(MUTATION_MS),
    BACKEND_TIMEOUT_MS: '5000',
    BACKEND_RETRIES: '0',
    BREAKER_THRESHOLD: '1000',
  });
  wang = (await loginCustomer(t, 'wang.fang')).headers;
  officer = (await loginStaff(t, 'risk.zhang')).headers;
});
afterAll(() => t?.close());
afterEach(() => t.heal());

describe('the budget of an operation', () => {
  it('bounds a query’s batched reads: the slow CRM’s fields are null with UPSTREAM_TIMEOUT once the query budget is spent', async () => {
    await t.fault('crm', { delayMs: BACKEND_DELAY_MS });
    const { value, ms } = await timed(() => execute(t.url, MyViewDocument, undefined, wang));
    expect(ms).toBeLessThan(QUERY_MS + SLACK_MS);
    expect(value.data?.me.profile).toBeNull();
    expect(value.data?.me.accounts?.length).toBeGreaterThan(0);
    expect(value.errors?.find((e) => e.path?.join('.') === 'me.profile')?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', backend: 'crm' });
  });

  it('bounds a mutation’s service calls: a transfer the slow risk platform could not score in time is HELD, within the mutation budget', async () => {
    await t.fault('risk', { delayMs: BACKEND_DELAY_MS, routes: ['POST /transfers/score'] });
    const { value, ms } = await timed(() =>
      execute(
        t.url,
        SubmitTransferDocument,
        {
          input: { fromAccountId: 'C000001-A01', payeeAccountNumber: `62220${Date.now().toString().slice(-13)}`, payeeName: 'Zhang San', amount: '1000.00', currency: 'CNY' },
          idempotencyKey: `t-${randomUUID()}`,
        },
        wang,
      ),
    );
    expect(ms).toBeLessThan(MUTATION_MS + SLACK_MS);
    expect(value.errors).toBeUndefined();
    expect(value.data?.submitTransfer.status).toBe('HELD');
    const risk = await execute(t.url, TransferRiskDocument, { id: value.data!.submitTransfer.id }, officer);
    expect(risk.data?.transfer?.risk?.signals).toContain('RISK_PLATFORM_UNAVAILABLE');
  });

  it('bounds a query over the WebSocket the same way', async () => {
    await t.fault('crm', { delayMs: BACKEND_DELAY_MS });
    const client = wsClient(t.wsUrl, { authorization: wang.authorization });
    try {
      const { value, ms } = await timed(() => take(client, MyViewDocument, 1));
      expect(ms).toBeLessThan(QUERY_MS + SLACK_MS);
      expect(value[0]?.data?.me.profile).toBeNull();
      expect(value[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', backend: 'crm' });
    } finally {
      await client.dispose();
    }
  });
});

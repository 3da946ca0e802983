/**
 * The risk platform is embedded, so it fails closed: whatever way it fails (down, too slow, 500,
 * 429, garbage), a transfer it could not score is HELD for a risk officer with an alert, and the
 * customer's own code can never release it. Only the allow-list passes unscored, saying why.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfirmTransferDocument, SubmitTransferDocument, TransferRiskDocument } from '../../generated/graphql.js';
import { lastOtp, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { localId } from '../../support/ids.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
let wang: Record<string, string>;
let chen: Record<string, string>;
let officer: Record<string, string>;
const FROM = 'C000001-A01';

beforeAll(async () => {
  t = await startTestGateway({ BACKEND_TIMEOUT_MS: '400', BACKEND_RETRIES: '0', BREAKER_THRESHOLD: '1000' });
  wang = (await loginCustomer(t, 'wang.fang')).headers;
  chen = (await loginCustomer(t, 'chen.jie')).headers;
  officer = (await loginStaff(t, 'risk.zhang')).headers;
});
afterAll(() => t?.close());
afterEach(() => t.heal());

const newPayee = () => `62220${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}`;
const send = (amount: string, payeeAccountNumber = newPayee(), from = FROM, headers = wang) =>
  execute(t.url, SubmitTransferDocument, { input: { fromAccountId: from, payeeAccountNumber, payeeName: 'Zhang San', amount, currency: 'CNY' }, idempotencyKey: `t-${randomUUID()}` }, headers);
const riskOf = async (id: string) => (await execute(t.url, TransferRiskDocument, { id }, officer)).data!.transfer!.risk!;
async function alertKinds(transferId: string): Promise<string[]> {
  const result = await t.gateway.database.db.execute(sql`select kind from risk_alerts where subject = ${`transfer:${localId(transferId)}`}`);
  return (result as unknown as { rows: { kind: string }[] }).rows.map((row) => row.kind);
}

describe('a transfer the risk platform could not score', () => {
  it.each([
    ['down', { mode: 'down' }],
    ['too slow', { mode: 'timeout' }],
    ['answering 500', { mode: 'error', errorStatus: 500 }],
    ['throttling with 429', { mode: 'error', errorStatus: 429 }],
    ['answering garbage', { mode: 'malformed' }],
  ])('is HELD for a risk officer with an alert when the risk platform is %s', async (_how, faults) => {
    await t.fault('risk', { ...faults, routes: ['POST /transfers/score'] });
    const { data, errors } = await send('1000.00');
    expect(errors).toBeUndefined();
    expect(data?.submitTransfer.status).toBe('HELD');
    expect((await riskOf(data!.submitTransfer.id)).signals).toContain('RISK_PLATFORM_UNAVAILABLE');
    expect(await alertKinds(data!.submitTransfer.id)).toEqual(['TRANSFER_HELD']);
    // No code was sent, and none the customer could send releases it.
    const confirm = await execute(t.url, ConfirmTransferDocument, { id: data!.submitTransfer.id, code: '000000' }, wang);
    expect(confirm.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('passes the allow-list with the reason recorded: a small amount, and a transfer to an own account', async () => {
    await t.fault('risk', { mode: 'down', routes: ['POST /transfers/score'] });
    // Chen Jie has sent nothing today, so nothing else in her score holds these.
    const small = await send('80.00', newPayee(), 'C000003-A01', chen);
    expect(small.data?.submitTransfer.status).not.toBe('HELD');
    expect((await riskOf(small.data!.submitTransfer.id)).signals).toEqual(expect.arrayContaining(['RISK_PLATFORM_UNAVAILABLE', 'UNSCORED_SMALL_AMOUNT']));

    const [savings] = await t.gateway.backends.coreBanking.getAccountsByIds(['C000003-A02']);
    const own = await send('600.00', savings!.accountNumber, 'C000003-A01', chen);
    expect(own.errors).toBeUndefined();
    expect(own.data?.submitTransfer.status).toBe('PENDING_STEP_UP');
    expect((await riskOf(own.data!.submitTransfer.id)).signals).toContain('UNSCORED_OWN_ACCOUNT');
    // The customer confirms her own transfer with the code she was sent.
    const confirmed = await execute(t.url, ConfirmTransferDocument, { id: own.data!.submitTransfer.id, code: await lastOtp(t) }, chen);
    expect(confirmed.data?.confirmTransfer.status).toBe('POSTED');
  });

  it('is decided by the score again once the risk platform answers', async () => {
    const { data } = await send('150.00');
    expect(data?.submitTransfer.status).not.toBe('HELD');
    expect((await riskOf(data!.submitTransfer.id)).signals).not.toContain('RISK_PLATFORM_UNAVAILABLE');
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmTransferDocument,
  HeldTransfersDocument,
  MyAccountsDocument,
  RejectHeldTransferDocument,
  ReleaseHeldTransferDocument,
  SubmitTransferDocument,
  TransferByIdDocument,
  TransferRiskDocument,
  TransferUpdatedDocument,
} from '../../generated/graphql.js';
import { lastOtp, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { localId } from '../../support/ids.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
let wang: { headers: Record<string, string>; token: string };
let chen: Record<string, string>;
let officer: Record<string, string>;
const FROM = 'C000001-A01'; // Wang Fang's CNY current account: usual outgoing amount ≈ 816.29
const WATCHLISTED = '6222020000000000666';
const KNOWN = '6222021234567890123';

beforeAll(async () => {
  // A gateway of its own: the velocity rules count Wang Fang's transfers of the last 24 hours, and other
  // files on the worker's shared gateway send transfers from her account too.
  t = await startTestGateway();
  const session = await loginCustomer(t, 'wang.fang');
  wang = { headers: session.headers, token: session.accessToken };
  chen = (await loginCustomer(t, 'chen.jie')).headers;
  officer = (await loginStaff(t, 'risk.zhang')).headers;
  // A payee Wang Fang has paid before: the first transfer to it goes through while she has no burst yet.
  const first = await send('100.00', KNOWN);
  expect(first.data?.submitTransfer.status).toBe('POSTED');
});
afterEach(() => t.heal());
afterAll(() => t.close());

const newPayee = () => `62220${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}`;
const send = (amount: string, payeeAccountNumber = newPayee(), key = `t-${randomUUID()}`, headers = wang.headers) =>
  execute(t.url, SubmitTransferDocument, { input: { fromAccountId: FROM, payeeAccountNumber, payeeName: 'Zhang San', amount, currency: 'CNY' }, idempotencyKey: key }, headers);

async function balance(): Promise<number> {
  const accounts = (await execute(t.url, MyAccountsDocument, undefined, wang.headers)).data!.me.accounts!;
  return Number(accounts.find((a) => localId(a.id) === FROM)!.balance.amount);
}
async function alertsFor(transferId: string): Promise<{ kind: string; severity: string }[]> {
  const result = await t.gateway.database.db.execute(sql`select kind, severity from risk_alerts where subject = ${`transfer:${localId(transferId)}`}`);
  return (result as unknown as { rows: { kind: string; severity: string }[] }).rows;
}

describe('Mutation.submitTransfer', () => {
  it('posts a normal transfer at once, debiting the account', async () => {
    const before = await balance();
    const { data, errors } = await send('300.00', KNOWN);
    expect(errors).toBeUndefined();
    expect(data?.submitTransfer.status).toBe('POSTED');
    expect(before - (await balance())).toBeCloseTo(300, 2);
    expect(await alertsFor(data!.submitTransfer.id)).toEqual([]);
  });

  it('asks for a one-time code for an unusual amount to a new payee, then posts once confirmed', async () => {
    const { data } = await send('5000.00');
    const transfer = data!.submitTransfer;
    expect(transfer.status).toBe('PENDING_STEP_UP');
    const wrong = await execute(t.url, ConfirmTransferDocument, { id: transfer.id, code: '000000' }, wang.headers);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('CODE_INVALID');
    const before = await balance();
    const confirmed = await execute(t.url, ConfirmTransferDocument, { id: transfer.id, code: await lastOtp(t) }, wang.headers);
    expect(confirmed.data?.confirmTransfer.status).toBe('POSTED');
    expect(before - (await balance())).toBeCloseTo(5000, 2);
  });

  it('blocks a payee on the watch list and raises a critical alert', async () => {
    const before = await balance();
    const { data } = await send('200.00', WATCHLISTED);
    expect(data?.submitTransfer.status).toBe('BLOCKED');
    expect(await alertsFor(data!.submitTransfer.id)).toEqual([{ kind: 'TRANSFER_BLOCKED', severity: 'CRITICAL' }]);
    expect(await balance()).toBe(before);
  });

  it('holds a large unusual transfer after a burst, and a risk officer releases it: it posts exactly once', async () => {
    const known = newPayee();
    for (let i = 0; i < 5; i++) expect((await send('100.00', known)).data?.submitTransfer.status).toBe('POSTED');
    const { data } = await send('20000.00');
    const held = data!.submitTransfer;
    expect(held.status).toBe('HELD');
    expect(await alertsFor(held.id)).toEqual([{ kind: 'TRANSFER_HELD', severity: 'HIGH' }]);
    const queue = await execute(t.url, HeldTransfersDocument, { first: 100 }, officer);
    expect(queue.data?.heldTransfers.nodes.map((x) => x.id)).toContain(held.id);

    const before = await balance();
    const releases = await Promise.all(
      Array.from({ length: 5 }, () => execute(t.url, ReleaseHeldTransferDocument, { id: held.id, reason: 'Customer called to confirm' }, officer)),
    );
    const outcomes = releases.map((r) => r.data?.releaseHeldTransfer.status ?? r.errors?.[0]?.extensions?.code);
    expect(outcomes.filter((o) => o === 'POSTED').length).toBeGreaterThanOrEqual(1);
    expect(outcomes.every((o) => o === 'POSTED' || o === 'INVALID_TRANSITION')).toBe(true);
    expect(before - (await balance())).toBeCloseTo(20000, 2);
  });

  it('lets a risk officer reject a held transfer: nothing is posted', async () => {
    await t.fault('risk', { mode: 'down' });
    // Without the risk platform the transfer scores as risky: fail closed.
    const { data } = await send('20000.00');
    expect(data?.submitTransfer.status).toBe('HELD');
    await t.heal();
    const before = await balance();
    const rejected = await execute(t.url, RejectHeldTransferDocument, { id: data!.submitTransfer.id, reason: 'No answer from customer' }, officer);
    expect(rejected.data?.rejectHeldTransfer.status).toBe('REJECTED');
    expect(await balance()).toBe(before);
  });

  it('posts once for 20 parallel submissions with the same key, and refuses the key with another payload', async () => {
    const key = `same-${randomUUID()}`;
    const payee = KNOWN;
    const before = await balance();
    const replies = await Promise.all(Array.from({ length: 20 }, () => send('250.00', payee, key)));
    const ids = new Set(replies.map((r) => r.data?.submitTransfer.id));
    expect(ids.size).toBe(1);
    for (const reply of replies) expect(reply.data?.submitTransfer.status).toBe('POSTED');
    expect(before - (await balance())).toBeCloseTo(250, 2);
    const other = await send('251.00', payee, key);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it.each([
    [{ amount: '0.00' }, 'BAD_USER_INPUT'],
    [{ amount: '60000.00' }, 'LIMIT_EXCEEDED'],
    [{ fromAccountId: 'C000003-A01' }, 'NOT_FOUND'],
    [{ payeeAccountNumber: '12' }, 'BAD_USER_INPUT'],
  ])('refuses %o with %s', async (change, code) => {
    const { data, errors } = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: FROM, payeeAccountNumber: newPayee(), payeeName: 'Li Si', amount: '10.00', currency: 'CNY', ...change }, idempotencyKey: `t-${randomUUID()}` },
      wang.headers,
    );
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe(code);
  });

  it("credits the customer's own savings account when she pays into it", async () => {
    const accountsNow = async () => (await execute(t.url, MyAccountsDocument, undefined, chen)).data!.me.accounts!;
    const before = await accountsNow();
    const current = before.find((a) => a.currency === 'CNY' && a.kind === 'CURRENT')!;
    const savings = before.find((a) => a.currency === 'CNY' && a.kind === 'SAVINGS')!;
    const { data, errors } = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: current.id, payeeAccountNumber: savings.accountNumber, payeeName: 'Chen Jie', amount: '50.00', currency: 'CNY' }, idempotencyKey: `t-${randomUUID()}` },
      chen,
    );
    expect(errors).toBeUndefined();
    expect(data?.submitTransfer.status).toBe('POSTED');
    const after = await accountsNow();
    const moved = (id: string) => Number(after.find((a) => a.id === id)!.balance.amount) - Number(before.find((a) => a.id === id)!.balance.amount);
    expect(moved(current.id)).toBeCloseTo(-50, 2);
    expect(moved(savings.id)).toBeCloseTo(50, 2);
  });

  it('refuses more than the available balance', async () => {
    const accounts = (await execute(t.url, MyAccountsDocument, undefined, chen)).data!.me.accounts!;
    const account = accounts.find((a) => a.currency === 'CNY' && a.kind === 'CURRENT')!;
    const tooMuch = (Number(account.available.amount) + 1).toFixed(2);
    const { errors } = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: account.id, payeeAccountNumber: newPayee(), payeeName: 'Li Si', amount: tooMuch, currency: 'CNY' }, idempotencyKey: `t-${randomUUID()}` },
      chen,
    );
    expect(errors?.[0]?.extensions?.code).toMatch(/INSUFFICIENT_FUNDS|LIMIT_EXCEEDED/);
  });
});

describe('transfers and other viewers', () => {
  it("keeps a transfer from other customers, and its risk details from the customer", async () => {
    const { data } = await send('120.00', KNOWN);
    const id = data!.submitTransfer.id;
    const foreign = await execute(t.url, TransferByIdDocument, { id }, chen);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ownRisk = await execute(t.url, TransferRiskDocument, { id }, wang.headers);
    expect(ownRisk.data?.transfer?.risk).toBeNull();
    expect(ownRisk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const officerRisk = await execute(t.url, TransferRiskDocument, { id }, officer);
    expect(officerRisk.data?.transfer?.risk).toMatchObject({ decision: 'ALLOW', score: expect.any(Number) });
    const teller = (await loginStaff(t, 'teller.li')).headers;
    expect((await execute(t.url, HeldTransfersDocument, undefined, teller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Subscription.transferUpdated', () => {
  it('pushes the status changes of a step-up transfer to the customer', async () => {
    const { data } = await send('5000.00');
    const transfer = data!.submitTransfer;
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${wang.token}` });
    try {
      const updates = take(client, TransferUpdatedDocument, 4, { id: transfer.id, afterSeq: 0 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await execute(t.url, ConfirmTransferDocument, { id: transfer.id, code: await lastOtp(t) }, wang.headers);
      const events = (await updates).map((r) => r.data!.transferUpdated);
      expect(events.map((e) => [e.seq, e.status])).toEqual([
        [1, 'PENDING_STEP_UP'],
        [2, 'PENDING_STEP_UP'],
        [3, 'POSTING'],
        [4, 'POSTED'],
      ]);
    } finally {
      await client.dispose();
    }
  });
});

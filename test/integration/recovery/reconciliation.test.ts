/**
 * Money in limbo is reconciled with core banking by idempotency key. Core banking slow: it applies
 * the debit after the gateway gave up. The customer is told POSTING_PENDING (not POSTING_FAILED),
 * the recovery sweep asks core banking what became of the key and settles the transfer POSTED —
 * with exactly one debit — and the reconciliation report says so.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  LoanApplicationDocument,
  MyAccountsDocument,
  RecoveryReportDocument,
  SignLoanContractDocument,
  SubmitTransferDocument,
  TransferByIdDocument,
} from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { localId } from '../../support/ids.js';

let t: TestGateway;
let wang: Record<string, string>;
let officer: Record<string, string>;
let reviewer: Record<string, string>;
const FROM = 'C000001-A01';
const KNOWN = '6222021234567890123';

beforeAll(async () => {
  // Its own gateway: the sweep runs every 200 ms and takes over work whose 2.5 s lease lapsed
  // (longer than core banking's 1.5 s delay below, so the first question finds the debit applied).
  t = await startTestGateway({ SWEEP_INTERVAL_MS: '200', WORK_LEASE_MS: '2500', BACKEND_TIMEOUT_MS: '400', BACKEND_RETRIES: '0' });
  wang = (await loginCustomer(t, 'wang.fang')).headers;
  officer = (await loginStaff(t, 'risk.zhang')).headers;
  reviewer = (await loginStaff(t, 'reviewer.wu')).headers;
});
afterEach(() => t.heal());
afterAll(() => t.close());

async function balance(): Promise<string> {
  const accounts = (await execute(t.url, MyAccountsDocument, undefined, wang)).data!.me.accounts!;
  return accounts.find((a) => localId(a.id) === FROM)!.balance.amount;
}

/** Core banking's own ledger lines on the account with this amount (what actually moved). */
async function debitsOf(amount: string): Promise<number> {
  const page = (await (await fetch(`${t.backends.coreBanking}/accounts/${FROM}/transactions?direction=OUT&limit=100`)).json()) as {
    items: { amount: { amount: string } }[];
  };
  return page.items.filter((item) => item.amount.amount === amount).length;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('reconciliation of postings with core banking', () => {
  it('tells the customer POSTING_PENDING while core banking is slow, then settles POSTED with exactly one debit', async () => {
    const amount = `1${String(Math.floor(Math.random() * 90) + 10)}.${String(Math.floor(Math.random() * 90) + 10)}`;
    const before = await balance();
    // Core banking takes 1.5 s to post: the gateway gives up after 0.4 s; the debit lands later.
    await t.fault('coreBanking', { delayMs: 1500, routes: ['POST /transfers'] });
    const key = `t-${randomUUID()}`;
    const sent = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: FROM, payeeAccountNumber: KNOWN, payeeName: 'Zhang San', amount, currency: 'CNY' }, idempotencyKey: key },
      wang,
    );
    expect(errorCode(sent)).toBe('POSTING_PENDING');
    const transferId = sent.errors![0]!.extensions!.transferId as string;
    expect(transferId).toEqual(expect.any(String));
    // While unsure, the transfer says POSTING, never FAILED.
    const pending = await execute(t.url, TransferByIdDocument, { id: transferId }, wang);
    expect(pending.data?.transfer?.status).toBe('POSTING');

    // Core banking applies the debit after the gateway gave up; the sweep asks and records it.
    const settled = await until(
      async () => (await execute(t.url, TransferByIdDocument, { id: transferId }, wang)).data?.transfer?.status,
      (status) => status === 'POSTED',
      15_000,
    );
    expect(settled).toBe('POSTED');
    await t.heal();
    expect(await debitsOf(amount)).toBe(1);
    expect(Number(before) - Number(await balance())).toBeCloseTo(Number(amount), 2);

    // Sending it again (the same key) changes nothing: still one debit.
    const again = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: FROM, payeeAccountNumber: KNOWN, payeeName: 'Zhang San', amount, currency: 'CNY' }, idempotencyKey: key },
      wang,
    );
    expect(again.data?.submitTransfer).toMatchObject({ id: transferId, status: 'POSTED' });
    expect(await debitsOf(amount)).toBe(1);

    // The report tells risk officers what was settled and how; reviewers (loans only) do not see it.
    const report = await execute(t.url, RecoveryReportDocument, { first: 100 }, officer);
    expect(report.errors).toBeUndefined();
    expect(report.data!.recoveryReport.find((item) => item.subjectId === localId(transferId))).toMatchObject({
      kind: 'TRANSFER_POSTING',
      state: 'SETTLED',
      outcome: 'POSTED',
      settledBy: 'sweep',
      note: 'core banking had applied the key',
    });
    const loansOnly = await execute(t.url, RecoveryReportDocument, { first: 100 }, reviewer);
    expect(loansOnly.data!.recoveryReport.some((item) => item.subjectId === localId(transferId))).toBe(false);
    expect(errorCode(await execute(t.url, RecoveryReportDocument, { first: 10 }, wang))).toBe('FORBIDDEN');
  });

  it('pays out a loan signed while core banking was down, once, when it is back (the sweep, not the customer)', async () => {
    const applied = await execute(
      t.url,
      ApplyForLoanDocument,
      { input: { productCode: 'MICRO_BUSINESS', amount: '23000.00', currency: 'CNY', termMonths: 24, purpose: 'Stock for the shop' }, idempotencyKey: `k-${randomUUID()}` },
      wang,
    );
    const app = applied.data!.applyForLoan;
    expect(app.status).toBe('APPROVED');
    const before = Number(await balance());
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503, routes: ['POST /loans/disbursements', 'GET /idempotency-keys/:key'] });
    const signed = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: FROM, idempotencyKey: `s-${randomUUID()}` }, wang);
    expect(errorCode(signed)).toBe('DISBURSEMENT_FAILED');
    // The sweep tries, and fails, meanwhile: the report counts its attempt after the customer's.
    const attempts = await until(
      async () =>
        (await execute(t.url, RecoveryReportDocument, { first: 100 }, reviewer)).data?.recoveryReport.find((item) => item.subjectId === localId(app.id))
          ?.attempts ?? 0,
      (count) => count >= 2,
      15_000,
    );
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect((await execute(t.url, LoanApplicationDocument, { id: app.id }, wang)).data?.loanApplication?.status).toBe('CONTRACT_SIGNED');
    await t.heal();

    const paid = await until(
      async () => (await execute(t.url, LoanApplicationDocument, { id: app.id }, wang)).data?.loanApplication?.status,
      (status) => status === 'DISBURSED',
      15_000,
    );
    expect(paid).toBe('DISBURSED');
    expect(Number(await balance()) - before).toBeCloseTo(23000, 2);
    const report = await execute(t.url, RecoveryReportDocument, { first: 100 }, reviewer);
    expect(report.data!.recoveryReport.find((item) => item.subjectId === localId(app.id))).toMatchObject({
      kind: 'LOAN_DISBURSEMENT',
      state: 'SETTLED',
      outcome: 'DISBURSED',
      settledBy: 'sweep',
      note: 'core banking had not applied the key: paid out under it',
    });
  });
});

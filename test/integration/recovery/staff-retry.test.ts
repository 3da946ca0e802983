/**
 * Every state an outage leaves behind has a retry path for the staff role that owns it, idempotent
 * toward core banking (the same key; core banking is asked first): a transfer left POSTING is
 * retried by a risk officer releasing it again; a signed loan left unpaid by a reviewer paying it
 * out. (An approved opening left OPENING: approving again, see account-opening.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  DisburseLoanDocument,
  MyAccountsDocument,
  RecoveryReportDocument,
  ReleaseHeldTransferDocument,
  SignLoanContractDocument,
  SubmitTransferDocument,
} from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { localId } from '../../support/ids.js';

let t: TestGateway;
let wang: Record<string, string>;
let officer: Record<string, string>;
let reviewer: Record<string, string>;
const FROM = 'C000001-A01';

beforeAll(async () => {
  t = await sharedGateway();
  wang = (await loginCustomer(t, 'wang.fang')).headers;
  officer = (await loginStaff(t, 'risk.zhang')).headers;
  reviewer = (await loginStaff(t, 'reviewer.wu')).headers;
});
afterEach(() => t.heal());

async function balanceOf(accountId: string): Promise<number> {
  const accounts = (await execute(t.url, MyAccountsDocument, undefined, wang)).data!.me.accounts!;
  return Number(accounts.find((a) => localId(a.id) === accountId)!.balance.amount);
}

describe('staff retries of work an outage left half-done', () => {
  it('a risk officer retries a released transfer left POSTING by releasing it again: posted once', async () => {
    await t.fault('risk', { mode: 'down' });
    const payee = `62220${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}`;
    const sent = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: FROM, payeeAccountNumber: payee, payeeName: 'Zhang San', amount: '20000.00', currency: 'CNY' }, idempotencyKey: `t-${randomUUID()}` },
      wang,
    );
    const held = sent.data!.submitTransfer;
    expect(held.status).toBe('HELD');
    await t.heal();
    const before = await balanceOf(FROM);

    await t.fault('coreBanking', { mode: 'error', errorStatus: 503, routes: ['POST /transfers', 'GET /idempotency-keys/:key'] });
    const release = () => execute(t.url, ReleaseHeldTransferDocument, { id: held.id, reason: 'Customer called to confirm' }, officer);
    expect(errorCode(await release())).toBe('POSTING_PENDING');
    // Released, not posted: releasing again is the retry (it used to answer INVALID_TRANSITION).
    expect(errorCode(await release())).toBe('POSTING_PENDING');
    expect(await balanceOf(FROM)).toBe(before);
    const waiting = (await execute(t.url, RecoveryReportDocument, { first: 100 }, officer)).data!.recoveryReport.find((i) => i.subjectId === localId(held.id));
    expect(waiting).toMatchObject({ kind: 'TRANSFER_POSTING', state: 'WAITING', attempts: 2, outcome: null });

    await t.heal();
    const retries = await Promise.all(Array.from({ length: 3 }, release));
    expect(retries.some((r) => r.data?.releaseHeldTransfer.status === 'POSTED')).toBe(true);
    expect(retries.every((r) => r.data?.releaseHeldTransfer.status === 'POSTED' || errorCode(r) === 'INVALID_TRANSITION')).toBe(true);
    expect(before - (await balanceOf(FROM))).toBeCloseTo(20000, 2);
    const settled = (await execute(t.url, RecoveryReportDocument, { first: 100 }, officer)).data!.recoveryReport.find((i) => i.subjectId === localId(held.id));
    expect(settled).toMatchObject({ state: 'SETTLED', outcome: 'POSTED', settledBy: expect.stringMatching(/^staff:/), note: 'core banking had not applied the key: posted again under it' });
  });

  it('a reviewer pays out a signed loan left unpaid: paid once, and the customer sees it DISBURSED', async () => {
    const applied = await execute(
      t.url,
      ApplyForLoanDocument,
      { input: { productCode: 'MICRO_BUSINESS', amount: '21000.00', currency: 'CNY', termMonths: 24, purpose: 'Stock for the shop' }, idempotencyKey: `k-${randomUUID()}` },
      wang,
    );
    const app = applied.data!.applyForLoan;
    expect(app.status).toBe('APPROVED');
    const before = await balanceOf(FROM);
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503, routes: ['POST /loans/disbursements', 'GET /idempotency-keys/:key'] });
    const signed = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: FROM, idempotencyKey: `s-${randomUUID()}` }, wang);
    expect(errorCode(signed)).toBe('DISBURSEMENT_FAILED');
    expect(errorCode(await execute(t.url, DisburseLoanDocument, { id: app.id }, reviewer))).toBe('DISBURSEMENT_FAILED');
    await t.heal();

    const paid = await Promise.all(Array.from({ length: 3 }, () => execute(t.url, DisburseLoanDocument, { id: app.id }, reviewer)));
    for (const p of paid) expect(p.data?.disburseLoan.status).toBe('DISBURSED');
    expect((await execute(t.url, DisburseLoanDocument, { id: app.id }, wang)).data?.disburseLoan.status).toBe('DISBURSED');
    expect((await balanceOf(FROM)) - before).toBeCloseTo(21000, 2);
    const report = (await execute(t.url, RecoveryReportDocument, { first: 100 }, reviewer)).data!.recoveryReport.find((i) => i.subjectId === localId(app.id));
    expect(report).toMatchObject({ kind: 'LOAN_DISBURSEMENT', state: 'SETTLED', outcome: 'DISBURSED', settledBy: expect.stringMatching(/^staff:/) });
  });
});

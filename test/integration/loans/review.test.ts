import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  ClaimLoanApplicationDocument,
  DecideLoanApplicationDocument,
  DisburseLoanDocument,
  LoanReviewQueueDocument,
  MyAccountsDocument,
  ReleaseLoanApplicationClaimDocument,
  RequestLoanDocumentsDocument,
  SignLoanContractDocument,
  UploadLoanDocumentDocument,
  type ApplyForLoanMutationVariables,
} from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
const c: Record<string, Record<string, string>> = {};
const s: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await startTestGateway({ LOAN_FOUR_EYES_THRESHOLD: '100000.00', LOAN_DOCUMENT_MAX_BYTES: '2048', BACKEND_TIMEOUT_MS: '3000' });
  for (const username of ['wang.fang', 'chen.jie', 'liu.yang', 'zhou.min']) c[username] = (await loginCustomer(t, username)).headers;
  for (const username of ['reviewer.wu', 'reviewer.he', 'teller.li']) s[username] = (await loginStaff(t, username)).headers;
});
afterAll(() => t?.close());

const input = (amount: string, productCode = 'PERSONAL_CONSUMER'): ApplyForLoanMutationVariables['input'] => ({
  productCode,
  amount,
  currency: 'CNY',
  termMonths: 24,
  purpose: 'Car purchase',
});

async function applyFor(username: string, variables: ApplyForLoanMutationVariables['input']) {
  const { data, errors } = await execute(t.url, ApplyForLoanDocument, { input: variables, idempotencyKey: `k-${randomUUID()}` }, c[username]);
  expect(errors).toBeUndefined();
  return data!.applyForLoan;
}

const claim = (id: string, reviewer: string) => execute(t.url, ClaimLoanApplicationDocument, { id }, s[reviewer]);
const decide = (id: string, reviewer: string, approve: boolean) =>
  execute(t.url, DecideLoanApplicationDocument, { id, approve, reason: approve ? 'Income verified' : 'Risk too high' }, s[reviewer]);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('reviewer queue', () => {
  it('shows exceptions only, to reviewers only', async () => {
    const review = await applyFor('chen.jie', input('40000.00'));
    const queue = await execute(t.url, LoanReviewQueueDocument, { filter: { unclaimed: true }, first: 100 }, s['reviewer.wu']);
    expect(queue.data?.loanReviewQueue.nodes.map((a) => a.id)).toContain(review.id);
    expect(queue.data?.loanReviewQueue.nodes.every((a) => a.status === 'MANUAL_REVIEW' || a.status === 'DOCUMENTS_REQUESTED')).toBe(true);
    for (const headers of [c['chen.jie'], s['teller.li']]) {
      const refused = await execute(t.url, LoanReviewQueueDocument, {}, headers);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('lets one reviewer claim an application and refuses a second', async () => {
    const review = await applyFor('liu.yang', input('40000.00'));
    expect((await claim(review.id, 'reviewer.wu')).data?.claimLoanApplication.inReview).toBe(true);
    const second = await claim(review.id, 'reviewer.he');
    expect(second.errors?.[0]?.extensions?.code).toMatch(/ALREADY_CLAIMED|OWN_APPLICATION/);
    const decideUnclaimed = await decide(review.id, 'reviewer.he', false);
    expect(decideUnclaimed.errors?.[0]?.extensions?.code).toMatch(/NOT_CLAIMED|OWN_APPLICATION/);
    const rejected = await decide(review.id, 'reviewer.wu', false);
    expect(rejected.data?.decideLoanApplication.status).toBe('REJECTED');
  });

  it("never lets a reviewer decide on their own application (He Reviewer is also Liu Yang's login)", async () => {
    const own = await applyFor('liu.yang', input('30000.00'));
    const claimed = await claim(own.id, 'reviewer.he');
    expect(claimed.errors?.[0]?.extensions?.code).toBe('OWN_APPLICATION');
    await claim(own.id, 'reviewer.wu');
    const decided = await decide(own.id, 'reviewer.he', true);
    expect(decided.errors?.[0]?.extensions?.code).toBe('OWN_APPLICATION');
    expect((await decide(own.id, 'reviewer.wu', false)).data?.decideLoanApplication.status).toBe('REJECTED');
  });

  it('lets a reviewer release a claim with a reason, so another can take the application', async () => {
    // Above the automatic limit, so it waits for a reviewer; rejected at the end, so Chen Jie may apply again.
    const app = await applyFor('chen.jie', input('250000.00', 'MICRO_BUSINESS'));
    expect(app.status).toBe('MANUAL_REVIEW');
    await claim(app.id, 'reviewer.wu');
    expect((await claim(app.id, 'reviewer.he')).errors?.[0]?.extensions?.code).toBe('ALREADY_CLAIMED');
    const noReason = await execute(t.url, ReleaseLoanApplicationClaimDocument, { id: app.id, reason: '' }, s['reviewer.wu']);
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const released = await execute(t.url, ReleaseLoanApplicationClaimDocument, { id: app.id, reason: 'Out of office' }, s['reviewer.wu']);
    expect(released.data?.releaseLoanApplicationClaim).toMatchObject({ status: 'MANUAL_REVIEW', inReview: false });
    expect((await claim(app.id, 'reviewer.he')).data?.claimLoanApplication.inReview).toBe(true);
    const customer = await execute(t.url, ReleaseLoanApplicationClaimDocument, { id: app.id, reason: 'Mine now' }, c['chen.jie']);
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const twice = await execute(t.url, ReleaseLoanApplicationClaimDocument, { id: app.id, reason: 'Done with it' }, s['reviewer.he']);
    expect(twice.errors).toBeUndefined();
    const nobody = await execute(t.url, ReleaseLoanApplicationClaimDocument, { id: app.id, reason: 'Done with it' }, s['reviewer.he']);
    expect(nobody.errors?.[0]?.extensions?.code).toBe('NOT_CLAIMED');
    await claim(app.id, 'reviewer.wu');
    expect((await decide(app.id, 'reviewer.wu', false)).data?.decideLoanApplication.status).toBe('REJECTED');
  });

  it('needs two different reviewers to approve above the four-eyes threshold', async () => {
    const big = await applyFor('chen.jie', input('250000.00', 'MICRO_BUSINESS'));
    expect(big.status).toBe('MANUAL_REVIEW');
    await claim(big.id, 'reviewer.wu');
    const first = await decide(big.id, 'reviewer.wu', true);
    expect(first.data?.decideLoanApplication).toMatchObject({ status: 'MANUAL_REVIEW', inReview: false });
    // The first approver cannot take it back: it waits in the queue for a second reviewer.
    const again = await claim(big.id, 'reviewer.wu');
    expect(again.errors?.[0]?.extensions?.code).toBe('FOUR_EYES_REQUIRED');
    const same = await decide(big.id, 'reviewer.wu', true);
    expect(same.errors?.[0]?.extensions?.code).toBe('NOT_CLAIMED');
    const queue = await execute(t.url, LoanReviewQueueDocument, { filter: { unclaimed: true }, first: 100 }, s['reviewer.he']);
    expect(queue.data?.loanReviewQueue.nodes.map((a) => a.id)).toContain(big.id);
    await claim(big.id, 'reviewer.he');
    expect((await decide(big.id, 'reviewer.he', true)).data?.decideLoanApplication.status).toBe('APPROVED');
    // A fresh application above the automatic limit: Wu approves first, He second.
    const other = await applyFor('zhou.min', input('250000.00'));
    await claim(other.id, 'reviewer.wu');
    await decide(other.id, 'reviewer.wu', true);
    await claim(other.id, 'reviewer.he');
    const second = await decide(other.id, 'reviewer.he', true);
    expect(second.data?.decideLoanApplication.status).toBe('APPROVED');
    expect(second.data?.decideLoanApplication.approvedTerms?.amount.amount).toBe('250000.00');
  });
});

describe('supplement documents', () => {
  it('round-trips: requested, uploaded with a checksum, back to review, then approved', async () => {
    const app = await applyFor('wang.fang', input('250000.00'));
    expect(app.reasons.map((r) => r.code)).toContain('AMOUNT_ABOVE_AUTOMATIC_LIMIT');
    await claim(app.id, 'reviewer.he');
    const requested = await execute(t.url, RequestLoanDocumentsDocument, { id: app.id, kinds: ['INCOME_PROOF', 'ID_COPY'], reason: 'Large amount' }, s['reviewer.he']);
    expect(requested.data?.requestLoanDocuments).toMatchObject({ status: 'DOCUMENTS_REQUESTED', requestedDocuments: ['INCOME_PROOF', 'ID_COPY'] });

    const upload = (kind: string, content: Buffer, contentType = 'application/pdf', sha256?: string) =>
      execute(
        t.url,
        UploadLoanDocumentDocument,
        { input: { applicationId: app.id, kind, fileName: `${kind}.pdf`, contentType, contentBase64: content.toString('base64'), sha256 } },
        c['wang.fang'],
      );
    expect((await upload('PAYSLIP', PDF)).errors?.[0]?.extensions?.code).toBe('DOCUMENT_NOT_REQUESTED');
    expect((await upload('INCOME_PROOF', Buffer.from('not a pdf at all'))).errors?.[0]?.extensions?.code).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
    expect((await upload('INCOME_PROOF', PDF, 'application/x-msdownload')).errors?.[0]?.extensions?.code).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
    expect((await upload('INCOME_PROOF', Buffer.concat([PDF, Buffer.alloc(4096)]))).errors?.[0]?.extensions?.code).toBe('DOCUMENT_TOO_LARGE');
    expect((await upload('INCOME_PROOF', PDF, 'application/pdf', '0'.repeat(64))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const digest = createHash('sha256').update(PDF).digest('hex');
    const one = await upload('INCOME_PROOF', PDF, 'application/pdf', digest);
    expect(one.data?.uploadLoanDocument).toMatchObject({ status: 'DOCUMENTS_REQUESTED', requestedDocuments: ['ID_COPY'] });
    // From another channel: the same customer on the web.
    const web = (await loginCustomer(t, 'wang.fang', { channel: 'WEB' })).headers;
    const two = await execute(
      t.url,
      UploadLoanDocumentDocument,
      { input: { applicationId: app.id, kind: 'ID_COPY', fileName: 'id.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') } },
      web,
    );
    expect(two.data?.uploadLoanDocument.status).toBe('MANUAL_REVIEW');
    expect(two.data?.uploadLoanDocument.documents).toEqual([
      expect.objectContaining({ kind: 'INCOME_PROOF', sha256: digest, sizeBytes: PDF.length }),
      expect.objectContaining({ kind: 'ID_COPY', sha256: digest }),
    ]);
    await claim(app.id, 'reviewer.he');
    await decide(app.id, 'reviewer.he', true);
    await claim(app.id, 'reviewer.wu');
    expect((await decide(app.id, 'reviewer.wu', true)).data?.decideLoanApplication.status).toBe('APPROVED');
  });
});

describe('contract and disbursement', () => {
  it('pays an approved loan into the chosen account exactly once', async () => {
    const app = await applyFor('zhou.min', input('60000.00', 'MICRO_BUSINESS'));
    expect(app.status).toBe('APPROVED');
    const accounts = (await execute(t.url, MyAccountsDocument, undefined, c['zhou.min'])).data!.me.accounts!;
    const target = accounts.find((a) => a.currency === 'CNY' && a.status === 'ACTIVE' && a.kind !== 'LOAN')!;
    const before = Number(target.balance.amount);

    const foreign = (await execute(t.url, MyAccountsDocument, undefined, c['wang.fang'])).data!.me.accounts![0]!.id;
    const refused = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: foreign, idempotencyKey: randomUUID() }, c['zhou.min']);
    expect(refused.errors?.[0]?.extensions?.code).toBe('ACCOUNT_NOT_ELIGIBLE');

    const signed = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: target.id, idempotencyKey: randomUUID() }, c['zhou.min']);
    expect(signed.data?.signLoanContract.status).toBe('DISBURSED');
    const retries = await Promise.all(Array.from({ length: 5 }, () => execute(t.url, DisburseLoanDocument, { id: app.id }, c['zhou.min'])));
    for (const retry of retries) expect(retry.data?.disburseLoan.status).toBe('DISBURSED');
    const after = (await execute(t.url, MyAccountsDocument, undefined, c['zhou.min'])).data!.me.accounts!.find((a) => a.id === target.id)!;
    expect(Number(after.balance.amount) - before).toBeCloseTo(60000, 2);
  });

  it('replays a retried signature with the first answer, pays once under 20 parallel sends, and refuses the key for another account', async () => {
    const app = await applyFor('zhou.min', input('30000.00', 'MICRO_BUSINESS'));
    expect(app.status).toBe('APPROVED');
    const accounts = (await execute(t.url, MyAccountsDocument, undefined, c['zhou.min'])).data!.me.accounts!;
    const eligible = accounts.filter((a) => a.currency === 'CNY' && a.status === 'ACTIVE' && a.kind !== 'LOAN');
    const target = eligible[0]!;
    const before = Number(target.balance.amount);
    const idempotencyKey = `sign-${randomUUID()}`;
    const sends = await Promise.all(
      Array.from({ length: 20 }, () => execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: target.id, idempotencyKey }, c['zhou.min'])),
    );
    for (const sent of sends) {
      expect(sent.errors).toBeUndefined();
      expect(sent.data?.signLoanContract).toMatchObject({ id: app.id, status: 'DISBURSED' });
    }
    // A retry after the answer was lost gets the first answer, not INVALID_TRANSITION.
    const retried = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: target.id, idempotencyKey }, c['zhou.min']);
    expect(retried.data?.signLoanContract.status).toBe('DISBURSED');
    const reused = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: eligible[1]?.id ?? 'C000000-A99', idempotencyKey }, c['zhou.min']);
    expect(reused.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const after = (await execute(t.url, MyAccountsDocument, undefined, c['zhou.min'])).data!.me.accounts!.find((a) => a.id === target.id)!;
    expect(Number(after.balance.amount) - before).toBeCloseTo(30000, 2);
  });

  it('finishes a payout cut off by a core-banking outage when the signature is sent again with its key', async () => {
    const app = await applyFor('wang.fang', input('21000.00', 'MICRO_BUSINESS'));
    expect(app.status).toBe('APPROVED');
    const target = (await execute(t.url, MyAccountsDocument, undefined, c['wang.fang'])).data!.me.accounts!.find((a) => a.currency === 'CNY' && a.kind !== 'LOAN')!;
    const idempotencyKey = `sign-${randomUUID()}`;
    const sign = () => execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: target.id, idempotencyKey }, c['wang.fang']);
    // The account check answers; the payout after it fails: the contract is signed, the money not yet paid.
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503, routes: ['POST /loans/disbursements'] });
    const cut = await sign();
    expect(cut.errors?.[0]?.extensions?.code).toBe('DISBURSEMENT_FAILED');
    await t.heal();
    const finished = await sign();
    expect(finished.errors).toBeUndefined();
    expect(finished.data?.signLoanContract.status).toBe('DISBURSED');
  });

  it('refuses to sign while core banking cannot confirm the account, and signs and pays once it is back', async () => {
    const app = await applyFor('wang.fang', input('20000.00', 'MICRO_BUSINESS'));
    expect(app.status).toBe('APPROVED');
    const target = (await execute(t.url, MyAccountsDocument, undefined, c['wang.fang'])).data!.me.accounts!.find((a) => a.currency === 'CNY' && a.kind !== 'LOAN')!;
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503 });
    // The account check fails closed: nothing is signed without core banking's word.
    const down = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: target.id, idempotencyKey: randomUUID() }, c['wang.fang']);
    expect(down.data).toBeNull();
    expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', backend: 'coreBanking' });
    await t.heal();
    const signed = await execute(t.url, SignLoanContractDocument, { id: app.id, disbursementAccountId: target.id, idempotencyKey: randomUUID() }, c['wang.fang']);
    expect(signed.data?.signLoanContract.status).toBe('DISBURSED');
  });
});

import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApproveCorporateRequestDocument,
  ClaimCorporateRequestDocument,
  CorporateRequestDocument,
  CorporateRequestsAwaitingSignatureDocument,
  CorporateRequestUpdatedDocument,
  CompanyAccountsDocument,
  ExpertQueueDocument,
  MyCompaniesDocument,
  RecordBranchSignatureDocument,
  RequestCorporateDocumentsDocument,
  ReturnCorporateRequestDocument,
  SubmitCorporateRequestDocument,
  UploadCorporateDocumentDocument,
  WithdrawCorporateRequestDocument,
  type CorporateRequestUpdatedSubscription,
} from '../../generated/graphql.js';
import { execute, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { HUAXIN, JIANGNAN, PNG, billDiscounting, code, doc, guaranteeRequest, sessions, submit, type Sessions } from './corporate-kit.js';

let t: TestGateway;
let s: Sessions;

beforeAll(async () => {
  t = await sharedGateway();
  s = await sessions(t);
});

type Update = CorporateRequestUpdatedSubscription['corporateRequestUpdated'];

describe('Query.myCompanies', () => {
  it('lists the companies a representative may act for, with accounts masked', async () => {
    const { data } = await execute(t.url, MyCompaniesDocument, {}, s.customer['huang.wei']);
    expect(data?.myCompanies).toEqual([expect.objectContaining({ companyId: 'CO000001', name: 'Huaxin Technology Co., Ltd.', relation: 'AUTHORISED_SIGNATORY' })]);
    const accounts = await execute(t.url, CompanyAccountsDocument, { companyId: 'CO000001' }, s.customer['huang.wei']);
    expect(accounts.data?.companyAccounts.map((a) => a.accountId)).toEqual(['CO000001-A01', 'CO000001-A02']);
    expect(accounts.data?.companyAccounts[0]!.maskedNumber).toMatch(/^\*{4}\d{4}$/);
  });

  it('gives a director (not a signatory) no company to act for', async () => {
    const { data } = await execute(t.url, MyCompaniesDocument, {}, s.customer['wang.fang']);
    expect(data?.myCompanies).toEqual([]);
  });
});

describe('the expert pre-review and branch signature, end to end', () => {
  it('submits with documents, asks for more, approves with conditions, signs at the branch → DONE; the company follows every status live', async () => {
    const request = await submit(t, s.customer['huang.wei']!, billDiscounting(HUAXIN));
    expect(request).toMatchObject({ status: 'IN_REVIEW', seq: 1, companyId: 'CO000001', amount: { amount: '800000.00', currency: 'CNY' } });
    expect(request.documents.map((d) => d.kind).sort()).toEqual(['BILL', 'TRADE_CONTRACT']);

    // The representative follows it live from the start.
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${s.tokens['huang.wei']}` });
    const events: Update[] = [];
    const stop = client.subscribe<CorporateRequestUpdatedSubscription>(
      { query: print(CorporateRequestUpdatedDocument), variables: { id: request.id, afterSeq: 0 } },
      { next: (r) => r.data && events.push(r.data.corporateRequestUpdated), error: () => {}, complete: () => {} },
    );
    try {
      await expect.poll(() => events.length).toBe(1);

      const queue = await execute(t.url, ExpertQueueDocument, { filter: { unclaimed: true }, first: 100 }, s.staff['expert.qian']);
      expect(queue.data?.expertQueue.nodes.map((r) => r.id)).toContain(request.id);

      expect((await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.qian'])).data?.claimCorporateRequest.inReview).toBe(true);
      const asked = await execute(t.url, RequestCorporateDocumentsDocument, { id: request.id, kinds: ['BANK_STATEMENT', 'INVOICE'], reason: 'Show the trade really happened' }, s.staff['expert.qian']);
      expect(asked.data?.requestCorporateDocuments).toMatchObject({ status: 'DOCUMENTS_REQUESTED', requestedDocuments: ['BANK_STATEMENT', 'INVOICE'] });

      const up1 = await execute(t.url, UploadCorporateDocumentDocument, { input: { requestId: request.id, ...doc('BANK_STATEMENT') } }, s.customer['huang.wei']);
      expect(up1.data?.uploadCorporateDocument).toMatchObject({ status: 'DOCUMENTS_REQUESTED', requestedDocuments: ['INVOICE'] });
      const up2 = await execute(t.url, UploadCorporateDocumentDocument, { input: { requestId: request.id, ...doc('INVOICE', PNG, 'image/png') } }, s.customer['huang.wei']);
      expect(up2.data?.uploadCorporateDocument.status).toBe('IN_REVIEW');
      expect(up2.data?.uploadCorporateDocument.documents).toHaveLength(4);

      const approved = await execute(t.url, ApproveCorporateRequestDocument, { id: request.id, conditions: ['Discount rate 2.85% p.a.', 'Bill endorsed to the bank before payout'] }, s.staff['expert.qian']);
      expect(approved.data?.approveCorporateRequest).toMatchObject({ status: 'APPROVED', conditions: ['Discount rate 2.85% p.a.', 'Bill endorsed to the bank before payout'] });

      const waiting = await execute(t.url, CorporateRequestsAwaitingSignatureDocument, { companyId: 'CO000001', first: 100 }, s.staff['teller.li']);
      expect(waiting.data?.corporateRequestsAwaitingSignature.nodes.map((r) => r.id)).toContain(request.id);

      const signed = await execute(
        t.url,
        RecordBranchSignatureDocument,
        { id: request.id, signatory: { fullName: HUAXIN.person.fullName, idNumber: HUAXIN.person.idNumber }, idempotencyKey: `sign-${randomUUID()}` },
        s.staff['teller.li'],
      );
      expect(signed.errors).toBeUndefined();
      expect(signed.data?.recordBranchSignature).toMatchObject({ status: 'DONE', branchSignature: { signatoryName: 'Huang Wei', relation: 'AUTHORISED_SIGNATORY' } });

      await expect.poll(() => events.length).toBe(7);
      expect(events.map((e) => e.type)).toEqual(['SUBMITTED', 'CLAIMED', 'DOCUMENTS_REQUESTED', 'DOCUMENT_UPLOADED', 'DOCUMENTS_RECEIVED', 'APPROVED', 'SIGNED_AT_BRANCH']);
      expect(events.map((e) => e.status)).toEqual(['IN_REVIEW', 'IN_REVIEW', 'DOCUMENTS_REQUESTED', 'DOCUMENTS_REQUESTED', 'IN_REVIEW', 'APPROVED', 'DONE']);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(events.map((e) => e.actor)).toEqual(['REPRESENTATIVE', 'STAFF', 'STAFF', 'REPRESENTATIVE', 'REPRESENTATIVE', 'STAFF', 'STAFF']);

      // A client that was away resumes after the last seq it saw: exactly the rest, in order.
      const resumed: Update[] = [];
      await new Promise<void>((resolve, reject) => {
        const off = client.subscribe<CorporateRequestUpdatedSubscription>(
          { query: print(CorporateRequestUpdatedDocument), variables: { id: request.id, afterSeq: 4 } },
          {
            next: (r) => {
              if (r.errors) reject(new Error(JSON.stringify(r.errors)));
              resumed.push(r.data!.corporateRequestUpdated);
              if (resumed.length === 3) {
                off();
                resolve();
              }
            },
            error: reject,
            complete: () => resolve(),
          },
        );
      });
      expect(resumed.map((e) => e.seq)).toEqual([5, 6, 7]);
    } finally {
      stop();
      await client.dispose();
    }
  });
});

describe('Mutation.approveCorporateRequest', () => {
  it('above the four-eyes threshold needs a second, different expert; their conditions add up', async () => {
    const request = await submit(t, s.customer['gao.jun']!, guaranteeRequest(JIANGNAN, '2500000.00'));
    await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.qian']);
    const first = await execute(t.url, ApproveCorporateRequestDocument, { id: request.id, conditions: ['Cash margin 20%'] }, s.staff['expert.qian']);
    expect(first.data?.approveCorporateRequest).toMatchObject({ status: 'IN_REVIEW', awaitingSecondApproval: true, inReview: false });

    // The first approver cannot take it back to approve alone.
    expect(code(await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.qian']))).toBe('FOUR_EYES_REQUIRED');

    await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.xu']);
    const second = await execute(t.url, ApproveCorporateRequestDocument, { id: request.id, conditions: ['Counter-guarantee by the parent company'] }, s.staff['expert.xu']);
    expect(second.data?.approveCorporateRequest).toMatchObject({
      status: 'APPROVED',
      awaitingSecondApproval: false,
      conditions: ['Cash margin 20%', 'Counter-guarantee by the parent company'],
    });
  });

  it('approves at or below the threshold with one expert, and refuses an expert who has not claimed it', async () => {
    const request = await submit(t, s.customer['gao.jun']!, guaranteeRequest(JIANGNAN, '1000000.00'));
    expect(code(await execute(t.url, ApproveCorporateRequestDocument, { id: request.id }, s.staff['expert.qian']))).toBe('NOT_CLAIMED');
    await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.qian']);
    const approved = await execute(t.url, ApproveCorporateRequestDocument, { id: request.id }, s.staff['expert.qian']);
    expect(approved.data?.approveCorporateRequest).toMatchObject({ status: 'APPROVED', conditions: [] });
  });
});

describe('Mutation.returnCorporateRequest', () => {
  it('returns a request with reasons the company sees; it is final', async () => {
    const request = await submit(t, s.customer['gao.jun']!, billDiscounting(JIANGNAN, '150000.00'));
    await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.xu']);
    expect(code(await execute(t.url, ReturnCorporateRequestDocument, { id: request.id, reasons: [' '] }, s.staff['expert.xu']))).toBe('BAD_USER_INPUT');
    const returned = await execute(t.url, ReturnCorporateRequestDocument, { id: request.id, reasons: ['The acceptor is not on our approved list'] }, s.staff['expert.xu']);
    expect(returned.data?.returnCorporateRequest).toMatchObject({ status: 'RETURNED', returnReasons: ['The acceptor is not on our approved list'] });
    const seen = await execute(t.url, CorporateRequestDocument, { id: request.id }, s.customer['gao.jun']);
    expect(seen.data?.corporateRequest?.returnReasons).toEqual(['The acceptor is not on our approved list']);
    expect(code(await execute(t.url, WithdrawCorporateRequestDocument, { id: request.id }, s.customer['gao.jun']))).toBe('INVALID_TRANSITION');
  });
});

describe('Mutation.submitCorporateRequest', () => {
  it('answers every bad field at once in extensions.fieldErrors and stores nothing', async () => {
    const key = `corp-${randomUUID()}`;
    const bad = billDiscounting(HUAXIN, '-5', {
      currency: 'cny',
      purpose: ' ',
      bill: { billNumber: 'x', acceptor: '', maturityDate: '2020-02-30' },
      guarantee: { beneficiary: 'Someone', guaranteeType: 'BID', expiryDate: '2030-01-01' },
      documents: [doc('BILL')],
    });
    const response = await execute(t.url, SubmitCorporateRequestDocument, { input: bad, idempotencyKey: key }, s.customer['huang.wei']);
    expect(code(response)).toBe('BAD_USER_INPUT');
    const fields = (response.errors![0]!.extensions!.fieldErrors as { field: string; code: string }[]).map((f) => `${f.field}:${f.code}`);
    expect(fields).toEqual([
      'amount:INVALID_AMOUNT',
      'currency:INVALID_CURRENCY',
      'purpose:REQUIRED',
      'bill.billNumber:INVALID_FORMAT',
      'bill.acceptor:REQUIRED',
      'bill.maturityDate:INVALID_DATE',
      'guarantee:NOT_ALLOWED',
      'documents:MISSING_DOCUMENTS',
    ]);
    // Nothing was stored under the key: the corrected request goes through with it.
    const fixed = await submit(t, s.customer['huang.wei']!, billDiscounting(HUAXIN), key);
    expect(fixed.status).toBe('IN_REVIEW');
  });

  it('refuses a settlement account of another company, or in another currency', async () => {
    for (const settlementAccountId of [JIANGNAN.account, HUAXIN.usdAccount, 'C000008-A01']) {
      const response = await execute(t.url, SubmitCorporateRequestDocument, { input: billDiscounting(HUAXIN, '5000.00', { settlementAccountId }), idempotencyKey: `corp-${randomUUID()}` }, s.customer['huang.wei']);
      expect(code(response)).toBe('ACCOUNT_NOT_ELIGIBLE');
    }
  });

  it('refuses documents by the shared upload rules (type by content, checksum)', async () => {
    const fake = { ...doc('BILL'), contentBase64: Buffer.from('MZ not a pdf').toString('base64') };
    const response = await execute(t.url, SubmitCorporateRequestDocument, { input: billDiscounting(HUAXIN, '5000.00', { documents: [fake, doc('TRADE_CONTRACT')] }), idempotencyKey: `corp-${randomUUID()}` }, s.customer['huang.wei']);
    expect(code(response)).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
    const wrongSum = { ...doc('BILL'), sha256: '0'.repeat(64) };
    const second = await execute(t.url, SubmitCorporateRequestDocument, { input: billDiscounting(HUAXIN, '5000.00', { documents: [wrongSum, doc('TRADE_CONTRACT')] }), idempotencyKey: `corp-${randomUUID()}` }, s.customer['huang.wei']);
    expect(code(second)).toBe('BAD_USER_INPUT');
  });

  it('replays the first answer for the same key and refuses the key for another request', async () => {
    const key = `corp-${randomUUID()}`;
    const input = guaranteeRequest(HUAXIN, '120000.00');
    const first = await submit(t, s.customer['huang.wei']!, input, key);
    const again = await submit(t, s.customer['huang.wei']!, input, key);
    expect(again.id).toBe(first.id);
    const other = await execute(t.url, SubmitCorporateRequestDocument, { input: guaranteeRequest(HUAXIN, '120001.00'), idempotencyKey: key }, s.customer['huang.wei']);
    expect(code(other)).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('stores nothing when the CRM cannot confirm the company (fail closed), and works once it is back', async () => {
    const key = `corp-${randomUUID()}`;
    await t.fault('crm', { mode: 'error' });
    const refused = await execute(t.url, SubmitCorporateRequestDocument, { input: guaranteeRequest(HUAXIN, '77000.00'), idempotencyKey: key }, s.customer['huang.wei']);
    expect(code(refused)).toMatch(/^UPSTREAM_/);
    await t.heal();
    const done = await submit(t, s.customer['huang.wei']!, guaranteeRequest(HUAXIN, '77000.00'), key);
    expect(done).toMatchObject({ status: 'IN_REVIEW', seq: 1 });
  });
});

describe('Mutation.recordBranchSignature', () => {
  async function approvedRequest() {
    const request = await submit(t, s.customer['gao.jun']!, guaranteeRequest(JIANGNAN, '90000.00'));
    await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.lin']);
    await execute(t.url, ApproveCorporateRequestDocument, { id: request.id }, s.staff['expert.lin']);
    return request;
  }

  it('refuses a person who may not sign for the company, and a name that does not match the document', async () => {
    const request = await approvedRequest();
    const sign = (fullName: string, idNumber: string) =>
      execute(t.url, RecordBranchSignatureDocument, { id: request.id, signatory: { fullName, idNumber }, idempotencyKey: `sign-${randomUUID()}` }, s.staff['teller.li']);
    // Huang Wei signs for Huaxin, not for Jiangnan.
    expect(code(await sign(HUAXIN.person.fullName, HUAXIN.person.idNumber))).toBe('SIGNATORY_NOT_AUTHORISED');
    expect(code(await sign('Someone Else', JIANGNAN.person.idNumber))).toBe('IDENTITY_NOT_VERIFIED');
    const still = await execute(t.url, CorporateRequestDocument, { id: request.id }, s.customer['gao.jun']);
    expect(still.data?.corporateRequest).toMatchObject({ status: 'APPROVED', branchSignature: null });
  });

  it('leaves the request APPROVED when identity verification is down, and signs once it is back', async () => {
    const request = await approvedRequest();
    const key = `sign-${randomUUID()}`;
    const variables = { id: request.id, signatory: { fullName: JIANGNAN.person.fullName, idNumber: JIANGNAN.person.idNumber }, idempotencyKey: key };
    await t.fault('identity', { mode: 'error' });
    expect(code(await execute(t.url, RecordBranchSignatureDocument, variables, s.staff['teller.li']))).toMatch(/^UPSTREAM_/);
    await t.heal();
    expect((await execute(t.url, CorporateRequestDocument, { id: request.id }, s.customer['gao.jun'])).data?.corporateRequest?.status).toBe('APPROVED');
    const signed = await execute(t.url, RecordBranchSignatureDocument, variables, s.staff['teller.li']);
    expect(signed.data?.recordBranchSignature).toMatchObject({ status: 'DONE', branchSignature: { signatoryName: 'Gao Jun', relation: 'LEGAL_REPRESENTATIVE' } });
  });

  it('refuses a request that is not approved yet', async () => {
    const request = await submit(t, s.customer['gao.jun']!, guaranteeRequest(JIANGNAN, '91000.00'));
    const response = await execute(
      t.url,
      RecordBranchSignatureDocument,
      { id: request.id, signatory: { fullName: JIANGNAN.person.fullName, idNumber: JIANGNAN.person.idNumber }, idempotencyKey: `sign-${randomUUID()}` },
      s.staff['teller.li'],
    );
    expect(code(response)).toBe('INVALID_TRANSITION');
  });
});

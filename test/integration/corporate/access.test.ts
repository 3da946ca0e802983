import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApproveCorporateRequestDocument,
  ClaimCorporateRequestDocument,
  CompanyAccountsDocument,
  CorporateRequestDocument,
  CorporateRequestsAwaitingSignatureDocument,
  CorporateRequestUpdatedDocument,
  ExpertQueueDocument,
  MyCorporateRequestsDocument,
  RecordBranchSignatureDocument,
  RequestCorporateDocumentsDocument,
  SubmitCorporateRequestDocument,
  UploadCorporateDocumentDocument,
  WithdrawCorporateRequestDocument,
} from '../../generated/graphql.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { HUAXIN, JIANGNAN, billDiscounting, code, doc, guaranteeRequest, sessions, submit, type Sessions } from './corporate-kit.js';

let t: TestGateway;
let s: Sessions;
let huaxinRequest: { id: string };
let jiangnanRequest: { id: string };

beforeAll(async () => {
  t = await sharedGateway();
  s = await sessions(t);
  huaxinRequest = await submit(t, s.customer['huang.wei']!, guaranteeRequest(HUAXIN, '210000.00'));
  jiangnanRequest = await submit(t, s.customer['gao.jun']!, guaranteeRequest(JIANGNAN, '220000.00'));
});

describe('BOLA: a representative of company A never sees or changes company B requests', () => {
  it('answers a foreign request exactly like a missing one, on every query and mutation', async () => {
    const gao = s.customer['gao.jun']!;
    const foreign = huaxinRequest.id;
    const missing = randomUUID();
    for (const id of [foreign, missing, 'not-a-uuid']) {
      expect(code(await execute(t.url, CorporateRequestDocument, { id }, gao))).toBe('NOT_FOUND');
      expect(code(await execute(t.url, WithdrawCorporateRequestDocument, { id }, gao))).toBe('NOT_FOUND');
      expect(code(await execute(t.url, UploadCorporateDocumentDocument, { input: { requestId: id, ...doc('BANK_STATEMENT') } }, gao))).toBe('NOT_FOUND');
    }
    const mine = await execute(t.url, MyCorporateRequestsDocument, { first: 100 }, gao);
    expect(mine.data?.myCorporateRequests.nodes.every((r) => r.companyId === 'CO000002')).toBe(true);
    expect(mine.data?.myCorporateRequests.nodes.map((r) => r.id)).toContain(jiangnanRequest.id);
    // Huaxin's request is untouched.
    const own = await execute(t.url, CorporateRequestDocument, { id: foreign }, s.customer['huang.wei']);
    expect(own.data?.corporateRequest?.status).toBe('IN_REVIEW');
  });

  it('refuses the live updates of a foreign request like a missing one', async () => {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${s.tokens['gao.jun']}` });
    try {
      const foreign = await take(client, CorporateRequestUpdatedDocument, 1, { id: huaxinRequest.id, afterSeq: 0 }).catch((e: unknown) => e);
      expect(JSON.stringify(foreign)).toContain('NOT_FOUND');
      expect(JSON.stringify(foreign)).not.toContain('SUBMITTED');
    } finally {
      await client.dispose();
    }
  });

  it('does not let a customer submit for, or read the accounts of, a company they may not act for', async () => {
    const forOther = await execute(t.url, SubmitCorporateRequestDocument, { input: billDiscounting(JIANGNAN), idempotencyKey: `corp-${randomUUID()}` }, s.customer['huang.wei']);
    expect(code(forOther)).toBe('NOT_FOUND');
    // A director of Huaxin (Wang Fang) is linked to it but may not act for it.
    const director = await execute(t.url, SubmitCorporateRequestDocument, { input: billDiscounting(HUAXIN), idempotencyKey: `corp-${randomUUID()}` }, s.customer['wang.fang']);
    expect(code(director)).toBe('NOT_FOUND');
    for (const companyId of ['CO000002', 'CO999999', 'x']) {
      expect(code(await execute(t.url, CompanyAccountsDocument, { companyId }, s.customer['huang.wei']))).toBe('NOT_FOUND');
    }
  });
});

describe('roles', () => {
  it('keeps the expert queue and decisions to EXPERT_REVIEWER', async () => {
    for (const headers of [s.customer['huang.wei'], s.staff['teller.li'], s.staff['reviewer.wu'], s.staff['admin.ma']]) {
      expect(code(await execute(t.url, ExpertQueueDocument, {}, headers))).toBe('FORBIDDEN');
      expect(code(await execute(t.url, ClaimCorporateRequestDocument, { id: jiangnanRequest.id }, headers))).toBe('FORBIDDEN');
      expect(code(await execute(t.url, ApproveCorporateRequestDocument, { id: jiangnanRequest.id }, headers))).toBe('FORBIDDEN');
      expect(code(await execute(t.url, RequestCorporateDocumentsDocument, { id: jiangnanRequest.id, kinds: ['X1'], reason: 'Because' }, headers))).toBe('FORBIDDEN');
    }
  });

  it('keeps the branch signature to tellers', async () => {
    for (const headers of [s.customer['gao.jun'], s.staff['expert.qian'], s.staff['admin.ma']]) {
      const signed = await execute(
        t.url,
        RecordBranchSignatureDocument,
        { id: jiangnanRequest.id, signatory: { fullName: 'Gao Jun', idNumber: JIANGNAN.person.idNumber }, idempotencyKey: `sign-${randomUUID()}` },
        headers,
      );
      expect(code(signed)).toBe('FORBIDDEN');
      expect(code(await execute(t.url, CorporateRequestsAwaitingSignatureDocument, {}, headers))).toBe('FORBIDDEN');
    }
  });

  it('keeps submitting to customers', async () => {
    for (const headers of [s.staff['teller.li'], s.staff['expert.qian'], {}]) {
      const response = await execute(t.url, SubmitCorporateRequestDocument, { input: guaranteeRequest(HUAXIN), idempotencyKey: `corp-${randomUUID()}` }, headers);
      expect(code(response)).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
    }
  });
});

describe('conflict of interest', () => {
  it('never lets an expert review a company they are linked to (expert.lin is Wang Fang, a Huaxin director)', async () => {
    const request = await submit(t, s.customer['huang.wei']!, guaranteeRequest(HUAXIN, '230000.00'));
    const queue = await execute(t.url, ExpertQueueDocument, { first: 100 }, s.staff['expert.lin']);
    expect(queue.data?.expertQueue.nodes.some((r) => r.companyId === 'CO000001')).toBe(false);
    expect(queue.data?.expertQueue.nodes.map((r) => r.id)).toContain(jiangnanRequest.id);
    expect(code(await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.lin']))).toBe('CONFLICT_OF_INTEREST');
    // Nor decide it after someone else claimed it.
    await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.qian']);
    expect(code(await execute(t.url, ApproveCorporateRequestDocument, { id: request.id }, s.staff['expert.lin']))).toBe('NOT_FOUND');
    // An unlinked expert sees it in the queue.
    const other = await execute(t.url, ExpertQueueDocument, { first: 100 }, s.staff['expert.xu']);
    expect(other.data?.expertQueue.nodes.map((r) => r.id)).toContain(request.id);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApproveCorporateRequestDocument,
  ClaimCorporateRequestDocument,
  CorporateRequestDocument,
  CorporateRequestUpdatedDocument,
  RecordBranchSignatureDocument,
  SubmitCorporateRequestDocument,
} from '../../generated/graphql.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { JIANGNAN, code, guaranteeRequest, sessions, submit, type Sessions } from './corporate-kit.js';

// Run on PGlite and, with DATABASE_URL, on PostgreSQL, where the requests really run concurrently.
let t: TestGateway;
let s: Sessions;

beforeAll(async () => {
  t = await sharedGateway();
  s = await sessions(t);
});

async function approved(amount: string) {
  const request = await submit(t, s.customer['gao.jun']!, guaranteeRequest(JIANGNAN, amount));
  await execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff['expert.qian']);
  expect((await execute(t.url, ApproveCorporateRequestDocument, { id: request.id }, s.staff['expert.qian'])).data?.approveCorporateRequest.status).toBe('APPROVED');
  return request;
}

const signatory = { fullName: JIANGNAN.person.fullName, idNumber: JIANGNAN.person.idNumber };

async function eventTypes(id: string): Promise<string[]> {
  const client = wsClient(t.wsUrl, { authorization: `Bearer ${s.tokens['gao.jun']}` });
  try {
    const current = await execute(t.url, CorporateRequestDocument, { id }, s.customer['gao.jun']);
    const results = await take(client, CorporateRequestUpdatedDocument, current.data!.corporateRequest!.seq, { id, afterSeq: 0 });
    return results.map((r) => (r.data as { corporateRequestUpdated: { type: string } }).corporateRequestUpdated.type);
  } finally {
    await client.dispose();
  }
}

describe('races', () => {
  it('lets exactly one of two experts claim a request sent at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const request = await submit(t, s.customer['gao.jun']!, guaranteeRequest(JIANGNAN, `1${round}000.00`));
      const answers = await Promise.all(['expert.qian', 'expert.xu'].map((expert) => execute(t.url, ClaimCorporateRequestDocument, { id: request.id }, s.staff[expert])));
      expect(answers.filter((a) => a.data?.claimCorporateRequest.inReview === true)).toHaveLength(1);
      expect(answers.map(code).filter(Boolean)).toEqual(['ALREADY_CLAIMED']);
      expect((await eventTypes(request.id)).filter((type) => type === 'CLAIMED')).toHaveLength(1);
    }
  });

  it('signs once when the same signature is sent 20 times at once with one key: every answer is the first one', async () => {
    const request = await approved('61000.00');
    const idempotencyKey = `sign-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => execute(t.url, RecordBranchSignatureDocument, { id: request.id, signatory, idempotencyKey }, s.staff['teller.li'])),
    );
    expect(answers.map((a) => a.errors?.[0]?.message)).toEqual(Array(20).fill(undefined));
    expect(new Set(answers.map((a) => a.data!.recordBranchSignature.status))).toEqual(new Set(['DONE']));
    expect(new Set(answers.map((a) => a.data!.recordBranchSignature.branchSignature?.signedAt)).size).toBe(1);
    expect((await eventTypes(request.id)).filter((type) => type === 'SIGNED_AT_BRANCH')).toHaveLength(1);
  });

  it('signs once when 20 different signatures race: one DONE, the rest INVALID_TRANSITION', async () => {
    const request = await approved('62000.00');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        execute(t.url, RecordBranchSignatureDocument, { id: request.id, signatory, idempotencyKey: `sign-${randomUUID()}` }, s.staff['teller.li']),
      ),
    );
    expect(answers.filter((a) => a.data?.recordBranchSignature.status === 'DONE')).toHaveLength(1);
    expect(answers.map(code).filter(Boolean)).toEqual(Array(19).fill('INVALID_TRANSITION'));
    expect((await eventTypes(request.id)).filter((type) => type === 'SIGNED_AT_BRANCH')).toHaveLength(1);
  });

  it('stores one request when the same submission is sent 20 times at once with one key', async () => {
    const idempotencyKey = `corp-${randomUUID()}`;
    const input = guaranteeRequest(JIANGNAN, '63000.00');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => execute(t.url, SubmitCorporateRequestDocument, { input, idempotencyKey }, s.customer['gao.jun'])),
    );
    expect(answers.map((a) => a.errors?.[0]?.message)).toEqual(Array(20).fill(undefined));
    expect(new Set(answers.map((a) => a.data!.submitCorporateRequest.id)).size).toBe(1);
  });
});

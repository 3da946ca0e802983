import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CancelExpertGuidanceCaseDocument,
  ClaimExpertGuidanceCaseDocument,
  CreateExpertGuidanceCaseDocument,
  DecideExpertGuidanceCaseDocument,
  ExpertGuidanceCaseDocument,
  ExpertGuidanceCaseUpdatedDocument,
  ExpertGuidanceQueueDocument,
  type ExpertGuidanceCaseUpdatedSubscription,
} from '../../generated/graphql.js';
import { loginStaff } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { code, sessions, type Sessions } from './corporate-kit.js';

let t: TestGateway;
let s: Sessions;

beforeAll(async () => {
  t = await sharedGateway();
  s = await sessions(t);
});

type Update = ExpertGuidanceCaseUpdatedSubscription['expertGuidanceCaseUpdated'];

const open = async (input: { kind: string; reference: string; summary: string; companyId?: string | null }, idempotencyKey = `guide-${randomUUID()}`) => {
  const { data, errors } = await execute(t.url, CreateExpertGuidanceCaseDocument, { input, idempotencyKey }, s.staff['teller.li']);
  expect(errors).toBeUndefined();
  return data!.createExpertGuidanceCase;
};

describe('remote expert guidance', () => {
  it('a teller hands a corporate account opening to the expert queue and sees the decision live', async () => {
    const reference = `SR-${randomUUID()}`;
    const opened = await open({ kind: 'CORPORATE_ACCOUNT_OPENING', reference, summary: 'Jiangnan Trading opens a USD settlement account; ownership chain via a Hong Kong holding', companyId: 'CO000002' });
    expect(opened).toMatchObject({ status: 'OPEN', seq: 1, inReview: false, companyId: 'CO000002' });

    const client = wsClient(t.wsUrl, { authorization: `Bearer ${s.tokens['teller.li']}` });
    const events: Update[] = [];
    const stop = client.subscribe<ExpertGuidanceCaseUpdatedSubscription>(
      { query: print(ExpertGuidanceCaseUpdatedDocument), variables: { id: opened.id, afterSeq: 0 } },
      { next: (r) => r.data && events.push(r.data.expertGuidanceCaseUpdated), error: () => {}, complete: () => {} },
    );
    try {
      await expect.poll(() => events.length).toBe(1);
      const queue = await execute(t.url, ExpertGuidanceQueueDocument, { kind: 'CORPORATE_ACCOUNT_OPENING', first: 100 }, s.staff['expert.xu']);
      expect(queue.data?.expertGuidanceQueue.nodes.map((c) => c.reference)).toContain(reference);
      expect((await execute(t.url, ClaimExpertGuidanceCaseDocument, { id: opened.id }, s.staff['expert.xu'])).data?.claimExpertGuidanceCase.inReview).toBe(true);
      expect(code(await execute(t.url, ClaimExpertGuidanceCaseDocument, { id: opened.id }, s.staff['expert.qian']))).toBe('ALREADY_CLAIMED');
      const decided = await execute(t.url, DecideExpertGuidanceCaseDocument, { id: opened.id, approve: true, statements: ['Collect the beneficial-owner declaration of the holding'] }, s.staff['expert.xu']);
      expect(decided.data?.decideExpertGuidanceCase).toMatchObject({ status: 'APPROVED', conditions: ['Collect the beneficial-owner declaration of the holding'] });
      await expect.poll(() => events.length).toBe(3);
      expect(events.map((e) => [e.type, e.status])).toEqual([
        ['OPENED', 'OPEN'],
        ['CLAIMED', 'OPEN'],
        ['APPROVED', 'APPROVED'],
      ]);
      expect(events[2]!.reason).toBe('Collect the beneficial-owner declaration of the holding');
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('returns a case with reasons, and lets the teller cancel only an open case', async () => {
    const returned = await open({ kind: 'CORPORATE_ACCOUNT_OPENING', reference: `SR-${randomUUID()}`, summary: 'Incomplete articles of association' });
    await execute(t.url, ClaimExpertGuidanceCaseDocument, { id: returned.id }, s.staff['expert.qian']);
    expect(code(await execute(t.url, DecideExpertGuidanceCaseDocument, { id: returned.id, approve: false, statements: [] }, s.staff['expert.qian']))).toBe('BAD_USER_INPUT');
    const decided = await execute(t.url, DecideExpertGuidanceCaseDocument, { id: returned.id, approve: false, statements: ['Articles of association are missing page 4'] }, s.staff['expert.qian']);
    expect(decided.data?.decideExpertGuidanceCase).toMatchObject({ status: 'RETURNED', returnReasons: ['Articles of association are missing page 4'] });
    expect(code(await execute(t.url, CancelExpertGuidanceCaseDocument, { id: returned.id }, s.staff['teller.li']))).toBe('INVALID_TRANSITION');

    const cancelled = await open({ kind: 'STANDING_ORDER', reference: `SR-${randomUUID()}`, summary: 'Customer changed their mind' });
    expect((await execute(t.url, CancelExpertGuidanceCaseDocument, { id: cancelled.id, reason: 'Customer left' }, s.staff['teller.li'])).data?.cancelExpertGuidanceCase.status).toBe('CANCELLED');
  });

  it('replays the first case for the same key, and answers bad input per field', async () => {
    const key = `guide-${randomUUID()}`;
    const input = { kind: 'CORPORATE_ACCOUNT_OPENING', reference: 'SR-same', summary: 'Same case twice' };
    expect((await open(input, key)).id).toBe((await open(input, key)).id);
    const bad = await execute(t.url, CreateExpertGuidanceCaseDocument, { input: { kind: 'lower case', reference: ' ', summary: 'x' }, idempotencyKey: `guide-${randomUUID()}` }, s.staff['teller.li']);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect((bad.errors![0]!.extensions!.fieldErrors as { field: string }[]).map((f) => f.field)).toEqual(['kind', 'reference', 'summary']);
  });

  it('shows a case only to the teller who opened it and to unlinked experts; never to customers', async () => {
    const huaxinCase = await open({ kind: 'CORPORATE_ACCOUNT_OPENING', reference: `SR-${randomUUID()}`, summary: 'Huaxin opens a deposit account', companyId: 'CO000001' });
    // Staff who did not open it (the demo set has one teller: the admin and a loan reviewer stand in) and customers.
    for (const headers of [s.staff['admin.ma'], s.staff['reviewer.wu'], s.customer['huang.wei']]) {
      expect(code(await execute(t.url, ExpertGuidanceCaseDocument, { id: huaxinCase.id }, headers))).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
      expect(code(await execute(t.url, CreateExpertGuidanceCaseDocument, { input: { kind: 'X_KIND', reference: 'r', summary: 'none' }, idempotencyKey: `guide-${randomUUID()}` }, headers))).toBe('FORBIDDEN');
    }
    // expert.lin is linked to Huaxin: not in her queue, not readable, not claimable.
    const queue = await execute(t.url, ExpertGuidanceQueueDocument, { first: 100 }, s.staff['expert.lin']);
    expect(queue.data?.expertGuidanceQueue.nodes.map((c) => c.id)).not.toContain(huaxinCase.id);
    expect(code(await execute(t.url, ExpertGuidanceCaseDocument, { id: huaxinCase.id }, s.staff['expert.lin']))).toBe('NOT_FOUND');
    expect(code(await execute(t.url, ClaimExpertGuidanceCaseDocument, { id: huaxinCase.id }, s.staff['expert.lin']))).toBe('NOT_FOUND');
    // Experts may not open cases; tellers may not decide them.
    expect(code(await execute(t.url, DecideExpertGuidanceCaseDocument, { id: huaxinCase.id, approve: true }, s.staff['teller.li']))).toBe('FORBIDDEN');
    // The live updates of a case are refused like a missing one to anyone else.
    const other = await loginStaff(t, 'reviewer.wu');
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${other.accessToken}` });
    try {
      const refused = await take(client, ExpertGuidanceCaseUpdatedDocument, 1, { id: huaxinCase.id, afterSeq: 0 }).catch((e: unknown) => e);
      expect(JSON.stringify(refused)).toContain('NOT_FOUND');
    } finally {
      await client.dispose();
    }
  });
});

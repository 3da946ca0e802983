import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Client } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  ClaimFeedbackDocument,
  FeedbackItemDocument,
  FeedbackQueueDocument,
  FeedbackUpdatedDocument,
  GrantPartnerConsentDocument,
  MyFeedbackDocument,
  PartnerAccessTokenDocument,
  ProcessHealthDocument,
  ResolveFeedbackDocument,
  RespondToFeedbackDocument,
  SubmitFeedbackDocument,
  type FeedbackUpdatedSubscription,
  type SubmitFeedbackInput,
} from '../../generated/graphql.js';
import { DEMO_PARTNERS } from '../../../src/modules/auth/auth.seed.js';
import { feedbackItems } from '../../../src/modules/feedback/feedback.tables.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, follow as followSubscription, take, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
let zhao: { headers: Record<string, string>; token: string };
let chen: Record<string, string>;
let officer: Record<string, string>;
let supervisor: Record<string, string>;
let reviewer: Record<string, string>;
let ops: Record<string, string>;

beforeAll(async () => {
  t = await sharedGateway();
  const z = await loginCustomer(t, 'zhao.lei');
  zhao = { headers: z.headers, token: z.accessToken };
  chen = (await loginCustomer(t, 'chen.jie')).headers;
  officer = (await loginStaff(t, 'feedback.xu')).headers;
  supervisor = (await loginStaff(t, 'admin.ma')).headers;
  reviewer = (await loginStaff(t, 'reviewer.wu')).headers;
  ops = (await loginStaff(t, 'ops.huang')).headers;
});

const HOUR = 3_600_000;

const submit = (input: SubmitFeedbackInput, headers: Record<string, string> = zhao.headers, idempotencyKey = `fb-${randomUUID()}`) =>
  execute(t.url, SubmitFeedbackDocument, { input, idempotencyKey }, headers);

async function submitted(input: SubmitFeedbackInput = { category: 'COMPLAINT', text: 'The app logged me out twice.' }, headers = zhao.headers) {
  const response = await submit(input, headers);
  expect(response.errors).toBeUndefined();
  return response.data!.submitFeedback;
}

/** A loan application of Zhao Lei's (rejected automatically). */
async function zhaosLoan(): Promise<string> {
  const response = await execute(
    t.url,
    ApplyForLoanDocument,
    { input: { productCode: 'PERSONAL_CONSUMER', amount: '50000.00', currency: 'CNY', termMonths: 24, purpose: 'Home renovation' }, idempotencyKey: `l-${randomUUID()}` },
    zhao.headers,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.applyForLoan.id;
}

const storedByText = (text: string) => t.gateway.database.db.select().from(feedbackItems).where(eq(feedbackItems.text, text));

const follow = (client: Client, id: string, afterSeq: number, count: number) =>
  followSubscription(client, FeedbackUpdatedDocument, { id, afterSeq }, count, (data: FeedbackUpdatedSubscription) => data.feedbackUpdated);

describe('Mutation.submitFeedback', () => {
  it('stores a customer’s feedback about their own loan, due 72 hours later, once per idempotency key', async () => {
    const loanId = await zhaosLoan();
    const key = `fb-${randomUUID()}`;
    const text = `Why was my loan rejected? ${randomUUID()}`;
    const input = { category: 'QUESTION' as const, text: `  ${text}  `, subjectKind: 'LOAN_APPLICATION' as const, subjectId: loanId };
    const first = await submit(input, zhao.headers, key);
    expect(first.errors).toBeUndefined();
    const item = first.data!.submitFeedback;
    expect(item).toMatchObject({ category: 'QUESTION', text, channel: 'APP', fromStaff: false, status: 'OPEN', subjectId: loanId, response: null, slaBreached: false, seq: 1 });
    expect(Date.parse(item.dueAt) - Date.parse(item.submittedAt)).toBe(72 * HOUR);

    const again = await submit(input, zhao.headers, key);
    expect(again.data!.submitFeedback.id).toBe(item.id);
    expect(errorCode(await submit({ ...input, text: 'something else' }, zhao.headers, key))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await storedByText(text)).toHaveLength(1);

    const mine = await execute(t.url, MyFeedbackDocument, { first: 100 }, zhao.headers);
    expect(mine.data!.myFeedback.nodes.map((f) => f.id)).toContain(item.id);
    expect((await execute(t.url, MyFeedbackDocument, { first: 100 }, chen)).data!.myFeedback.nodes.map((f) => f.id)).not.toContain(item.id);
  });

  it('refuses empty or over-long text and someone else’s loan, storing nothing', async () => {
    expect(errorCode(await submit({ category: 'COMPLAINT', text: '   ' }))).toBe('BAD_USER_INPUT');
    const long = `${randomUUID()}${'x'.repeat(2000)}`;
    const tooLong = await submit({ category: 'COMPLAINT', text: long });
    expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors![0]!.extensions!.field).toMatch(/text$/);
    expect(await storedByText(long)).toHaveLength(0);

    const loanId = await zhaosLoan();
    const marker = `not my loan ${randomUUID()}`;
    const foreign = await submit({ category: 'COMPLAINT', text: marker, subjectKind: 'LOAN_APPLICATION', subjectId: loanId }, chen);
    const missing = await submit({ category: 'COMPLAINT', text: marker, subjectKind: 'LOAN_APPLICATION', subjectId: randomUUID() }, chen);
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    expect(foreign.errors![0]!.message).toBe(missing.errors![0]!.message);
    expect(errorCode(await submit({ category: 'COMPLAINT', text: marker, subjectId: loanId }, chen))).toBe('BAD_USER_INPUT');
    expect(await storedByText(marker)).toHaveLength(0);
  });

  it('takes feedback from staff too', async () => {
    const item = await submitted({ category: 'SUGGESTION', text: `The counter form is too long ${randomUUID()}` }, reviewer);
    expect(item).toMatchObject({ fromStaff: true, channel: 'STAFF', status: 'OPEN' });
  });
});

describe('who sees feedback (BOLA)', () => {
  it('another customer, or a reviewer get NOT_FOUND; only feedback staff see the queue', async () => {
    const item = await submitted();
    const missing = await execute(t.url, FeedbackItemDocument, { id: randomUUID() }, chen);
    for (const headers of [chen, reviewer]) {
      const response = await execute(t.url, FeedbackItemDocument, { id: item.id }, headers);
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(response.errors![0]!.message).toBe(missing.errors![0]!.message);
    }
    expect((await execute(t.url, FeedbackItemDocument, { id: item.id }, officer)).data!.feedbackItem.id).toBe(item.id);
    for (const headers of [zhao.headers, reviewer, ops]) expect(errorCode(await execute(t.url, FeedbackQueueDocument, {}, headers))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, ClaimFeedbackDocument, { id: item.id }, zhao.headers))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, ClaimFeedbackDocument, { id: item.id }, reviewer))).toBe('FORBIDDEN');
  });

  it('a partner acting for the customer can neither submit nor read feedback', async () => {
    const item = await submitted();
    const partner = DEMO_PARTNERS[0];
    const consent = await execute(t.url, GrantPartnerConsentDocument, { partnerId: partner.id, scopes: ['profile:read'] }, zhao.headers);
    const token = await execute(t.url, PartnerAccessTokenDocument, {
      input: { clientId: partner.id, clientSecret: partner.secret, consentId: consent.data!.grantPartnerConsent.id },
    });
    const headers = { authorization: `Bearer ${token.data!.partnerAccessToken.accessToken}`, 'x-channel': 'PARTNER' };
    const marker = `from a partner ${randomUUID()}`;
    // Partners run only the operations released to them (trusted documents): feedback is not one.
    expect(errorCode(await submit({ category: 'PRAISE', text: marker }, headers))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(await storedByText(marker)).toHaveLength(0);
    expect(errorCode(await execute(t.url, FeedbackItemDocument, { id: item.id }, headers))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(errorCode(await execute(t.url, MyFeedbackDocument, {}, headers))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('refuses a subscription to someone else’s item exactly like a missing one', async () => {
    const item = await submitted();
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${(await loginCustomer(t, 'li.na')).accessToken}` });
    try {
      const foreign = await take(client, FeedbackUpdatedDocument, 1, { id: item.id, afterSeq: 0 }).catch((e: unknown) => e);
      expect(JSON.stringify(foreign)).toContain('NOT_FOUND');
      expect(JSON.stringify(foreign)).not.toContain('SUBMITTED');
    } finally {
      await client.dispose();
    }
  });
});

describe('handling: claim, respond, resolve, seen live', () => {
  it('the customer sees the officer’s answer live, and resumes from the last seq seen', async () => {
    const item = await submitted();
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${zhao.token}` });
    try {
      const sub = follow(client, item.id, 0, 3);
      await expect.poll(() => sub.events.length).toBe(1);
      expect((await execute(t.url, ClaimFeedbackDocument, { id: item.id }, officer)).data!.claimFeedback).toMatchObject({ status: 'CLAIMED', inHand: true });
      // Another officer (the supervisor) cannot answer or take an item someone holds.
      expect(errorCode(await execute(t.url, RespondToFeedbackDocument, { id: item.id, message: 'Me too' }, supervisor))).toBe('CLAIMED_BY_ANOTHER');
      expect(errorCode(await execute(t.url, ClaimFeedbackDocument, { id: item.id }, supervisor))).toBe('CLAIMED_BY_ANOTHER');
      // Nothing to resolve before an answer.
      expect(errorCode(await execute(t.url, ResolveFeedbackDocument, { id: item.id }, officer))).toBe('INVALID_TRANSITION');
      const answered = await execute(t.url, RespondToFeedbackDocument, { id: item.id, message: ' We fixed the session timeout. ' }, officer);
      expect(answered.data!.respondToFeedback).toMatchObject({ status: 'RESPONDED', response: 'We fixed the session timeout.', slaBreached: false });
      const events = await sub.done;
      expect(events.map((e) => [e.seq, e.type, e.status])).toEqual([
        [1, 'SUBMITTED', 'OPEN'],
        [2, 'CLAIMED', 'CLAIMED'],
        [3, 'RESPONDED', 'RESPONDED'],
      ]);
      expect(events[2]).toMatchObject({ message: 'We fixed the session timeout.', item: { id: item.id, response: 'We fixed the session timeout.' } });

      const resumed = follow(client, item.id, 3, 2);
      await execute(t.url, RespondToFeedbackDocument, { id: item.id, message: 'Update: released today.' }, officer);
      const resolved = await execute(t.url, ResolveFeedbackDocument, { id: item.id, note: 'Customer informed' }, officer);
      expect(resolved.data!.resolveFeedback).toMatchObject({ status: 'RESOLVED' });
      expect((await resumed.done).map((e) => [e.seq, e.type, e.message])).toEqual([
        [4, 'RESPONDED', 'Update: released today.'],
        [5, 'RESOLVED', null],
      ]);
      // A resolved item is final.
      expect(errorCode(await execute(t.url, RespondToFeedbackDocument, { id: item.id, message: 'again' }, officer))).toBe('INVALID_TRANSITION');
    } finally {
      await client.dispose();
    }
  });

  it('two officers claiming at once: exactly one wins', async () => {
    const item = await submitted();
    const results = await Promise.all([officer, supervisor].map((h) => execute(t.url, ClaimFeedbackDocument, { id: item.id }, h)));
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.map(errorCode).filter(Boolean)).toEqual(['CLAIMED_BY_ANOTHER']);
    const [row] = await t.gateway.database.db.select().from(feedbackItems).where(eq(feedbackItems.id, item.id));
    expect(row).toMatchObject({ status: 'CLAIMED', seq: 2 });
  });

  it('feedbackQueue lists the asked statuses soonest due first, and an answer counts in feedback_answered_72h', async () => {
    const window = { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const indicator = async () => (await execute(t.url, ProcessHealthDocument, window, ops)).data!.processHealth.indicators.find((i) => i.id === 'feedback_answered_72h')!;
    const before = await indicator();

    const a = await submitted();
    const b = await submitted();
    const queue = (await execute(t.url, FeedbackQueueDocument, { status: ['OPEN'], first: 100 }, officer)).data!.feedbackQueue;
    expect(queue.nodes.every((f) => f.status === 'OPEN')).toBe(true);
    const dues = queue.nodes.map((f) => Date.parse(f.dueAt));
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    const ids = queue.nodes.map((f) => f.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));

    await execute(t.url, ClaimFeedbackDocument, { id: a.id }, officer);
    await execute(t.url, RespondToFeedbackDocument, { id: a.id, message: 'Thanks, noted.' }, officer);
    const after = await indicator();
    expect(after.sample).toBe(before.sample + 1);
    expect(after.value).not.toBeNull();
    const claimed = (await execute(t.url, FeedbackQueueDocument, { status: ['RESPONDED'], first: 100 }, supervisor)).data!.feedbackQueue;
    expect(claimed.nodes.map((f) => f.id)).toContain(a.id);
  });
});

import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  ClaimLoanApplicationDocument,
  LoanApplicationUpdatedDocument,
  LoanReviewQueueChangedDocument,
  MyLoanApplicationsUpdatedDocument,
  RequestLoanDocumentsDocument,
  WithdrawLoanApplicationDocument,
  type LoanApplicationUpdatedSubscription,
} from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { postgresUrl } from '../../support/database.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
const c: Record<string, { headers: Record<string, string>; token: string }> = {};
let reviewer: { headers: Record<string, string>; token: string };

beforeAll(async () => {
  t = await sharedGateway();
  for (const username of ['chen.jie', 'wang.fang', 'li.na']) {
    const session = await loginCustomer(t, username);
    c[username] = { headers: session.headers, token: session.accessToken };
  }
  const staff = await loginStaff(t, 'reviewer.wu');
  reviewer = { headers: staff.headers, token: staff.accessToken };
});

type Update = LoanApplicationUpdatedSubscription['loanApplicationUpdated'];

async function apply(username: string, gateway: TestGateway = t, amount = '40000.00') {
  const { data, errors } = await execute(
    gateway.url,
    ApplyForLoanDocument,
    { input: { productCode: 'PERSONAL_CONSUMER', amount, currency: 'CNY', termMonths: 24, purpose: 'Wedding' }, idempotencyKey: `k-${randomUUID()}` },
    c[username]!.headers,
  );
  expect(errors).toBeUndefined();
  return data!.applyForLoan;
}

/** Collects a subscription's events until `until` says stop; resolves with them. */
function follow(client: Client, id: string, afterSeq: number, until: (events: Update[]) => boolean): { done: Promise<Update[]>; events: Update[]; stop: () => void } {
  const events: Update[] = [];
  let stop = () => {};
  const done = new Promise<Update[]>((resolve, reject) => {
    stop = client.subscribe<LoanApplicationUpdatedSubscription>(
      { query: print(LoanApplicationUpdatedDocument), variables: { id, afterSeq } },
      {
        next: (result) => {
          if (result.errors) return reject(result.errors);
          events.push(result.data!.loanApplicationUpdated);
          if (until(events)) {
            stop();
            resolve(events);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
  return { done, events, stop: () => stop() };
}

describe('Subscription.loanApplicationUpdated', () => {
  it('replays what happened, then streams the next change live', async () => {
    const app = await apply('chen.jie');
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${c['chen.jie']!.token}` });
    try {
      const sub = follow(client, app.id, 0, (events) => events.length === 4);
      await expect.poll(() => sub.events.length).toBe(3);
      await execute(t.url, WithdrawLoanApplicationDocument, { id: app.id }, c['chen.jie']!.headers);
      const events = await sub.done;
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(events.map((e) => e.status)).toEqual(['SUBMITTED', 'CHECKING', 'MANUAL_REVIEW', 'WITHDRAWN']);
      expect(events.map((e) => e.actor)).toEqual(['CUSTOMER', 'SYSTEM', 'SYSTEM', 'CUSTOMER']);
    } finally {
      await client.dispose();
    }
  });

  it('resumes after a disconnect from the last seq seen: every later event exactly once, in order', async () => {
    const app = await apply('chen.jie');
    let client = wsClient(t.wsUrl, { authorization: `Bearer ${c['chen.jie']!.token}` });
    const first = follow(client, app.id, 0, (events) => events.length === 3);
    const seen = await first.done;
    await client.dispose();
    const lastSeq = seen.at(-1)!.seq;

    // While the customer is away, a reviewer works on it.
    await execute(t.url, ClaimLoanApplicationDocument, { id: app.id }, reviewer.headers);
    await execute(t.url, RequestLoanDocumentsDocument, { id: app.id, kinds: ['INCOME_PROOF'], reason: 'Please' }, reviewer.headers);

    client = wsClient(t.wsUrl, { authorization: `Bearer ${c['chen.jie']!.token}` });
    try {
      const resumed = follow(client, app.id, lastSeq, (events) => events.length === 3);
      await expect.poll(() => resumed.events.length).toBe(2);
      await execute(t.url, WithdrawLoanApplicationDocument, { id: app.id }, c['chen.jie']!.headers);
      const events = await resumed.done;
      expect(events.map((e) => e.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
      expect(events.map((e) => e.type)).toEqual(['CLAIMED', 'DOCUMENTS_REQUESTED', 'WITHDRAWN']);
    } finally {
      await client.dispose();
    }
  });

  it("refuses another customer's application exactly like a missing one", async () => {
    const app = await apply('li.na');
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${c['wang.fang']!.token}` });
    try {
      const foreign = await take(client, LoanApplicationUpdatedDocument, 1, { id: app.id, afterSeq: 0 }).catch((e: unknown) => e);
      const missing = await take(client, LoanApplicationUpdatedDocument, 1, { id: randomUUID(), afterSeq: 0 }).catch((e: unknown) => e);
      const first = (value: unknown) => (Array.isArray(value) ? value[0] : (value as { errors?: unknown[] })?.[0 as never]);
      expect(JSON.stringify(foreign)).toContain('NOT_FOUND');
      expect(first(foreign)?.message).toBe(first(missing)?.message);
      expect(JSON.stringify(foreign)).not.toContain('SUBMITTED');
    } finally {
      await client.dispose();
      await execute(t.url, WithdrawLoanApplicationDocument, { id: app.id }, c['li.na']!.headers);
    }
  });
});

describe('Subscription.myLoanApplicationsUpdated and loanReviewQueueChanged', () => {
  it('tells the customer on one channel what happened on another, and reviewers what enters their queue', async () => {
    const app = wsClient(t.wsUrl, { authorization: `Bearer ${c['wang.fang']!.token}`, channel: 'APP' });
    const staff = wsClient(t.wsUrl, { authorization: `Bearer ${reviewer.token}`, channel: 'STAFF' });
    try {
      const mine = take(app, MyLoanApplicationsUpdatedDocument, 3);
      const queue = take(staff, LoanReviewQueueChangedDocument, 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const web = await loginCustomer(t, 'wang.fang', { channel: 'WEB' });
      const { data } = await execute(
        t.url,
        ApplyForLoanDocument,
        { input: { productCode: 'CORPORATE', amount: '2000000.00', currency: 'CNY', termMonths: 36, purpose: 'Plant' }, idempotencyKey: `k-${randomUUID()}` },
        web.headers,
      );
      const events = (await mine).map((r) => r.data!.myLoanApplicationsUpdated);
      expect(events.map((e) => [e.applicationId, e.seq, e.status])).toEqual([
        [data!.applyForLoan.id, 1, 'SUBMITTED'],
        [data!.applyForLoan.id, 2, 'CHECKING'],
        [data!.applyForLoan.id, 3, 'MANUAL_REVIEW'],
      ]);
      const [entered] = (await queue).map((r) => r.data!.loanReviewQueueChanged);
      expect(entered).toMatchObject({ applicationId: data!.applyForLoan.id, status: 'MANUAL_REVIEW' });
      await execute(t.url, WithdrawLoanApplicationDocument, { id: data!.applyForLoan.id }, web.headers);
    } finally {
      await app.dispose();
      await staff.dispose();
    }
  });

  it('keeps the review queue feed for reviewers', async () => {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${c['wang.fang']!.token}` });
    try {
      // Refused as the subscription starts: one result with the error, and no data.
      const [result] = await take(client, LoanReviewQueueChangedDocument, 1);
      expect(result?.data ?? null).toBeNull();
      expect(result?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });
});

// Two gateway processes' worth of instances on one PostgreSQL: only meaningful on PostgreSQL,
// where fan-out goes through LISTEN/NOTIFY (PGlite is one process by nature).
if (postgresUrl()) {
  describe('fan-out between gateway instances', () => {
    it('shows a subscriber on one instance what was changed on another', async () => {
      const other = await startTestGateway({ DATABASE_URL: t.database.url, BACKEND_TIMEOUT_MS: '3000' });
      try {
        const app = await apply('chen.jie', t);
        const clientB = wsClient(other.wsUrl, { authorization: `Bearer ${c['chen.jie']!.token}` });
        const sub = follow(clientB, app.id, 0, (events) => events.length === 5);
        await expect.poll(() => sub.events.length).toBe(3);
        await execute(t.url, ClaimLoanApplicationDocument, { id: app.id }, reviewer.headers);
        await execute(other.url, WithdrawLoanApplicationDocument, { id: app.id }, c['chen.jie']!.headers);
        const events = await sub.done;
        expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
        await clientB.dispose();
      } finally {
        await other.close();
      }
    });

    it('resumes on another instance after a disconnect: every later event exactly once, in order', async () => {
      const other = await startTestGateway({ DATABASE_URL: t.database.url, BACKEND_TIMEOUT_MS: '3000' });
      try {
        const app = await apply('chen.jie', t);
        const clientA = wsClient(t.wsUrl, { authorization: `Bearer ${c['chen.jie']!.token}` });
        const seen = await follow(clientA, app.id, 0, (events) => events.length === 3).done;
        await clientA.dispose();
        // Changes made on both instances while the customer is away.
        await execute(other.url, ClaimLoanApplicationDocument, { id: app.id }, reviewer.headers);
        await execute(t.url, RequestLoanDocumentsDocument, { id: app.id, kinds: ['INCOME_PROOF'], reason: 'Please' }, reviewer.headers);
        const clientB = wsClient(other.wsUrl, { authorization: `Bearer ${c['chen.jie']!.token}` });
        const resumed = follow(clientB, app.id, seen.at(-1)!.seq, (events) => events.length === 3);
        await expect.poll(() => resumed.events.length).toBe(2);
        await execute(t.url, WithdrawLoanApplicationDocument, { id: app.id }, c['chen.jie']!.headers);
        expect((await resumed.done).map((e) => [e.seq, e.type])).toEqual([
          [4, 'CLAIMED'],
          [5, 'DOCUMENTS_REQUESTED'],
          [6, 'WITHDRAWN'],
        ]);
        await clientB.dispose();
      } finally {
        await other.close();
      }
    });
  });
}

/**
 * Multiplexed live subscriptions over real graphql-ws connections: subscribers of one live topic
 * with the same document, variables and visibility class share one execution and one serialised
 * payload, and still see exactly what they would see alone; a slow socket is closed (1013) without
 * holding up the others.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { appendEvent } from '../../src/platform/events/event-log.js';
import { REVIEW_QUEUE_TOPIC } from '../../src/modules/loans/loans.repository.js';
import { loginCustomer, loginStaff } from '../support/auth.js';
import { execute, wsClient } from '../support/graphql-client.js';
import { sharedGateway, startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await sharedGateway();
});

// (Not `application`: it is the application as it is when the event is delivered, so a later replay differs.)
const MINE = `subscription Mine { myLoanApplicationsUpdated { applicationId seq type status reason actor occurredAt } }`;
const ONE = `subscription One($id: ID!) { loanApplicationUpdated(id: $id) { applicationId seq type status reason actor occurredAt } }`;
const QUEUE = `subscription Queue { loanReviewQueueChanged { applicationId seq type status reason } }`;

const APPLY = `mutation Apply($input: LoanApplicationInput!, $key: String!) { applyForLoan(input: $input, idempotencyKey: $key) { id } }`;
const WITHDRAW = `mutation Withdraw($id: ID!) { withdrawLoanApplication(id: $id) { id } }`;

interface Feed<T> {
  results: T[];
  errors: unknown[];
  /** Resolves with the close code (or 'complete') when the operation ends. */
  ended: Promise<number | 'complete' | 'error'>;
  stop: () => void;
}

/** Subscribes and collects every `next` payload's data. */
function follow<T = Record<string, unknown>>(client: Client, query: string, variables?: Record<string, unknown>): Feed<T> {
  const results: T[] = [];
  const errors: unknown[] = [];
  let end!: (value: number | 'complete' | 'error') => void;
  const ended = new Promise<number | 'complete' | 'error'>((resolve) => (end = resolve));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) results.push(result.data as T);
      },
      error: (error) => {
        errors.push(error);
        end(typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 'error');
      },
      complete: () => end('complete'),
    },
  );
  return { results, errors, ended, stop };
}

/** Until the gateway's groups hold `members` more members than `before`. */
async function membersReach(gateway: TestGateway, before: number, members: number): Promise<void> {
  await expect.poll(() => gateway.gateway.multiplexStats()!.members - before, { timeout: 10_000 }).toBe(members);
}

async function apply(headers: Record<string, string>): Promise<string> {
  const { data, errors } = await execute<{ applyForLoan: { id: string } }, unknown>(
    t.url,
    APPLY,
    { input: { productCode: 'CORPORATE', amount: '2000000.00', currency: 'CNY', termMonths: 36, purpose: 'Plant' }, key: `k-${randomUUID()}` },
    headers,
  );
  expect(errors).toBeUndefined();
  return data!.applyForLoan.id;
}

/** Appends `count` review-queue events in one transaction (each on a stream of its own). */
async function publishQueueEvents(gateway: TestGateway, count: number, reason: string | null = null): Promise<string[]> {
  const streams: string[] = [];
  await gateway.gateway.database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const stream = `loan:${randomUUID()}`;
      streams.push(stream);
      await appendEvent(tx, { stream, type: 'ENTERED_REVIEW', actor: 'system', reason, payload: { status: 'MANUAL_REVIEW' }, topics: [REVIEW_QUEUE_TOPIC] }, new Date());
    }
  });
  return streams;
}

describe('multiplexed live subscriptions', () => {
  it('gives each socket of a group the same payloads an unmultiplexed subscription gets, from one shared execution', async () => {
    const customer = await loginCustomer(t, 'wang.fang');
    const params = { authorization: `Bearer ${customer.accessToken}`, channel: 'APP' };
    const clients = [wsClient(t.wsUrl, params), wsClient(t.wsUrl, params), wsClient(t.wsUrl, params)];
    const single = wsClient(t.wsUrl, params);
    try {
      const before = t.gateway.multiplexStats()!;
      const feeds = clients.map((client) => follow<{ myLoanApplicationsUpdated: Record<string, unknown> }>(client, MINE));
      await membersReach(t, before.members, 3);
      // Three sockets, one document, one viewer: one group.
      expect(t.gateway.multiplexStats()!.groups - before.groups).toBe(1);

      const id = await apply(customer.headers);
      // The same application followed by the replaying (unmultiplexed) subscription, from its start.
      const alone = follow<{ loanApplicationUpdated: Record<string, unknown> }>(single, ONE, { id });
      await expect.poll(() => feeds.map((feed) => feed.results.length), { timeout: 15_000 }).toEqual([3, 3, 3]);
      await expect.poll(() => alone.results.length, { timeout: 15_000 }).toBe(3);

      const unmultiplexed = alone.results.map((r) => r.loanApplicationUpdated);
      for (const feed of feeds) {
        expect(feed.errors).toEqual([]);
        expect(feed.results.map((r) => r.myLoanApplicationsUpdated)).toEqual(unmultiplexed);
      }
      expect(unmultiplexed.map((e) => e.status)).toEqual(['SUBMITTED', 'CHECKING', 'MANUAL_REVIEW']);
      alone.stop();
      await execute(t.url, WITHDRAW, { id }, customer.headers);
    } finally {
      await Promise.all([...clients, single].map((client) => client.dispose()));
    }
    // Every socket gone: no group is left behind.
    await expect.poll(() => t.gateway.multiplexStats()!.members).toBe(0);
  });

  it('never groups viewers who may see different data: two customers with one document each see only their own', async () => {
    const a = await loginCustomer(t, 'li.na');
    const b = await loginCustomer(t, 'chen.jie');
    const clientA = wsClient(t.wsUrl, { authorization: `Bearer ${a.accessToken}`, channel: 'APP' });
    const clientB = wsClient(t.wsUrl, { authorization: `Bearer ${b.accessToken}`, channel: 'APP' });
    const anonymous = wsClient(t.wsUrl, { channel: 'APP' });
    try {
      const before = t.gateway.multiplexStats()!;
      const feedA = follow<{ myLoanApplicationsUpdated: { applicationId: string } }>(clientA, MINE);
      const feedB = follow<{ myLoanApplicationsUpdated: { applicationId: string } }>(clientB, MINE);
      await membersReach(t, before.members, 2);
      expect(t.gateway.multiplexStats()!.groups - before.groups).toBe(2);
      // Someone without the right to the topic, with the very same document, is refused on their own.
      const refused = follow(anonymous, MINE);
      expect(await refused.ended).toBe('complete');
      expect(refused.results).toEqual([]);
      expect((refused.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('UNAUTHENTICATED');

      const idA = await apply(a.headers);
      const idB = await apply(b.headers);
      await expect.poll(() => [feedA.results.length, feedB.results.length], { timeout: 15_000 }).toEqual([3, 3]);
      expect(new Set(feedA.results.map((r) => r.myLoanApplicationsUpdated.applicationId))).toEqual(new Set([idA]));
      expect(new Set(feedB.results.map((r) => r.myLoanApplicationsUpdated.applicationId))).toEqual(new Set([idB]));
      await execute(t.url, WITHDRAW, { id: idA }, a.headers);
      await execute(t.url, WITHDRAW, { id: idB }, b.headers);
    } finally {
      await Promise.all([clientA.dispose(), clientB.dispose(), anonymous.dispose()]);
    }
  });

  it('lets members unsubscribe or drop their socket mid-broadcast while the others get every event in order', async () => {
    const reviewer = await loginStaff(t, 'reviewer.wu');
    const params = { authorization: `Bearer ${reviewer.accessToken}`, channel: 'STAFF' };
    const clients = Array.from({ length: 5 }, () => wsClient(t.wsUrl, params));
    try {
      const before = t.gateway.multiplexStats()!;
      const feeds = clients.map((client) => follow<{ loanReviewQueueChanged: { applicationId: string } }>(client, QUEUE));
      await membersReach(t, before.members, 5);
      const quitter = feeds[0]!;
      const dropper = clients[1]!;
      // The broadcast goes on in batches; one member unsubscribes and another drops its socket after the first.
      await publishQueueEvents(t, 100);
      await expect.poll(() => feeds.map((feed) => feed.results.length), { timeout: 20_000 }).toEqual([100, 100, 100, 100, 100]);
      quitter.stop();
      await dropper.dispose();
      await membersReach(t, before.members, 3);
      for (let batch = 0; batch < 4; batch++) await publishQueueEvents(t, 50);
      for (const feed of feeds.slice(2)) {
        await expect.poll(() => feed.results.length, { timeout: 20_000 }).toBe(300);
        expect(feed.errors).toEqual([]);
      }
      // Every event once, in the order committed, the same for the three who stayed.
      expect(new Set(feeds[2]!.results.map((r) => r.loanReviewQueueChanged.applicationId)).size).toBe(300);
      expect(feeds[3]!.results).toEqual(feeds[2]!.results);
      expect(feeds[4]!.results).toEqual(feeds[2]!.results);
      expect(quitter.results.length).toBe(100);
      expect(feeds[1]!.results.length).toBe(100);
      expect(quitter.results).toEqual(feeds[2]!.results.slice(0, quitter.results.length));
      expect(feeds[1]!.results).toEqual(feeds[2]!.results.slice(0, feeds[1]!.results.length));
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
    await expect.poll(() => t.gateway.multiplexStats()!.members).toBe(0);
  });
});

describe('slow consumers', () => {
  let own: TestGateway;
  const MAX_BUFFERED = 32 * 1024;

  beforeAll(async () => {
    own = await startTestGateway({ WS_MAX_BUFFERED_BYTES: String(MAX_BUFFERED) });
  });
  afterAll(async () => {
    await own?.close();
  });

  it('closes a socket that stops reading with 1013 once its backlog passes the bound, and the others get everything', { timeout: 120_000 }, async () => {
    const reviewer = await loginStaff(own, 'reviewer.wu');
    const fast = wsClient(own.wsUrl, { authorization: `Bearer ${reviewer.accessToken}`, channel: 'STAFF' });
    // The slow one speaks the protocol by hand, so that it can stop reading its TCP socket.
    const slow = new WebSocket(own.wsUrl, 'graphql-transport-ws');
    const received: string[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) => slow.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    slow.on('message', (data) => received.push(String(data)));
    try {
      await new Promise((resolve) => slow.once('open', resolve));
      slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${reviewer.accessToken}`, channel: 'STAFF' } }));
      await expect.poll(() => received.some((m) => JSON.parse(m).type === 'connection_ack')).toBe(true);
      const before = own.gateway.multiplexStats()!;
      slow.send(JSON.stringify({ id: 'slow-1', type: 'subscribe', payload: { query: QUEUE } }));
      const feed = follow<{ loanReviewQueueChanged: { reason: string } }>(fast, QUEUE);
      await membersReach(own, before.members, 2);
      expect(own.gateway.multiplexStats()!.groups - before.groups).toBe(1);
      (slow as unknown as { _socket: { pause(): void } })._socket.pause();

      // Batches (one burst of more than the fan-out's buffer would end the feeds with EVENTS_MISSED)
      // until the stalled socket's backlog, past what the kernel buffers take, passes the bound.
      const reason = 'r'.repeat(6000);
      let events = 0;
      while (own.gateway.multiplexStats()!.slowConsumersClosed === before.slowConsumersClosed) {
        expect(events).toBeLessThan(20_000);
        await publishQueueEvents(own, 200, reason);
        events += 200;
        // The fast one is not held up by the stalled one.
        await expect.poll(() => feed.results.length, { timeout: 30_000 }).toBe(events);
      }
      await publishQueueEvents(own, 200, reason);
      events += 200;
      await expect.poll(() => feed.results.length, { timeout: 30_000 }).toBe(events);
      expect(feed.errors).toEqual([]);

      (slow as unknown as { _socket: { resume(): void } })._socket.resume();
      const { code, reason: why } = await closed;
      expect(code).toBe(1013);
      expect(why).toMatch(/slow consumer/i);
      const nexts = received.filter((m) => JSON.parse(m).type === 'next');
      expect(nexts.length).toBeGreaterThan(0);
      expect(nexts.length).toBeLessThan(events);
      // The fast socket is still subscribed, the slow one has left the group.
      await membersReach(own, before.members, 1);
    } finally {
      slow.terminate();
      await fast.dispose();
    }
  });
});

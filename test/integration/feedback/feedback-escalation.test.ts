/**
 * The 72-hour clock, shortened: items unanswered past their due time escalate to the supervisors'
 * queue by the periodic job, each exactly once — with two gateway instances on one PostgreSQL
 * database racing for them (on PGlite, one instance with concurrent sweeps).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClaimFeedbackDocument,
  FeedbackItemDocument,
  FeedbackQueueDocument,
  ProcessHealthDocument,
  RespondToFeedbackDocument,
  SubmitFeedbackDocument,
} from '../../generated/graphql.js';
import { events } from '../../../src/platform/events/events.tables.js';
import { riskAlerts } from '../../../src/modules/alerts/alerts.tables.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { postgresUrl } from '../../support/database.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

// 0.001 h = 3.6 s: long enough to claim and answer one item in time, short enough to wait for.
const SLA = { FEEDBACK_SLA_HOURS: '0.001', FEEDBACK_ESCALATION_INTERVAL_MS: '100', BACKEND_TIMEOUT_MS: '3000' };

let a: TestGateway;
let b: TestGateway | undefined;

beforeAll(async () => {
  a = await startTestGateway(SLA);
  if (postgresUrl()) b = await startTestGateway({ ...SLA, DATABASE_URL: a.database.url });
});

afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('overdue feedback escalation', () => {
  it('escalates every unanswered overdue item exactly once (one event, one alert), leaves answered ones, and counts the breaches', async () => {
    const gateways = [a, ...(b ? [b] : [])];
    const customer = (await loginCustomer(a, 'zhao.lei')).headers;
    const officer = (await loginStaff(a, 'feedback.xu')).headers;
    const supervisor = (await loginStaff(a, 'admin.ma')).headers;
    const ops = (await loginStaff(a, 'ops.huang')).headers;

    // Submitted through both instances; the first is answered and the second claimed at once (inside the clock).
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const g = gateways[i % gateways.length]!;
      const response = await execute(g.url, SubmitFeedbackDocument, { input: { category: 'COMPLAINT', text: `Item ${i} ${randomUUID()}` }, idempotencyKey: `esc-${randomUUID()}` }, customer);
      expect(response.errors).toBeUndefined();
      const id = response.data!.submitFeedback.id;
      ids.push(id);
      if (i < 2) expect((await execute(g.url, ClaimFeedbackDocument, { id }, officer)).data!.claimFeedback.status).toBe('CLAIMED');
      if (i === 0) {
        const reply = await execute(g.url, RespondToFeedbackDocument, { id, message: 'Sorted, thanks.' }, officer);
        expect(reply.data!.respondToFeedback.slaBreached).toBe(false);
      }
    }
    const [answered, claimedOnly, ...rest] = ids;

    // Besides the timers, every instance sweeps a few times at once.
    const sweeps = async () => {
      const runs = await Promise.all(gateways.flatMap((g) => [g.gateway.feedbackEscalation.runOnce(), g.gateway.services.feedback.escalateOverdue(5)]));
      return runs.reduce<number>((n, r) => n + (typeof r === 'number' ? r : r.length), 0);
    };
    const overdue = [claimedOnly!, ...rest];
    const status = async (id: string) => (await execute(a.url, FeedbackItemDocument, { id }, customer)).data!.feedbackItem.status;
    await expect.poll(async () => (await Promise.all(overdue.map(status))).every((s) => s === 'ESCALATED'), { timeout: 20_000, interval: 300 }).toBe(true);
    await sweeps();
    await sweeps();

    const db = a.gateway.database.db;
    const escalations = await db
      .select({ stream: events.stream })
      .from(events)
      .where(and(eq(events.type, 'ESCALATED'), inArray(events.stream, ids.map((id) => `feedback:${id}`))));
    expect(escalations.map((e) => e.stream).sort()).toEqual(overdue.map((id) => `feedback:${id}`).sort());
    const alerts = await db
      .select({ subject: riskAlerts.subject, kind: riskAlerts.kind })
      .from(riskAlerts)
      .where(and(like(riskAlerts.subject, 'feedback:%'), inArray(riskAlerts.subject, ids.map((id) => `feedback:${id}`))));
    expect(alerts.map((x) => x.subject).sort()).toEqual(overdue.map((id) => `feedback:${id}`).sort());
    expect(new Set(alerts.map((x) => x.kind))).toEqual(new Set(['FEEDBACK_OVERDUE']));

    expect(await status(answered!)).toBe('RESPONDED');

    // The supervisors' queue: overdue first, then a supervisor takes one and answers it (late).
    const queue = (await execute(a.url, FeedbackQueueDocument, { status: ['ESCALATED'], first: 100 }, supervisor)).data!.feedbackQueue;
    expect(queue.nodes.map((f) => f.id)).toEqual(expect.arrayContaining(overdue));
    expect(queue.nodes.every((f) => f.slaBreached && f.escalatedAt !== null && !f.inHand)).toBe(true);
    const late = rest[0]!;
    expect((await execute(a.url, ClaimFeedbackDocument, { id: late }, supervisor)).data!.claimFeedback.status).toBe('CLAIMED');
    const lateReply = await execute(a.url, RespondToFeedbackDocument, { id: late, message: 'Sorry for the wait.' }, supervisor);
    expect(lateReply.data!.respondToFeedback).toMatchObject({ status: 'RESPONDED', slaBreached: true });
    // Claimed again after escalating, it never escalates a second time.
    await sweeps();
    const again = await db.select({ id: events.id }).from(events).where(and(eq(events.type, 'ESCALATED'), eq(events.stream, `feedback:${late}`)));
    expect(again).toHaveLength(1);

    // process health: every overdue item is a breach; 1 of the 12 answered in time.
    const window = { from: new Date(Date.now() - 10 * 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const indicators = (await execute(a.url, ProcessHealthDocument, window, ops)).data!.processHealth.indicators;
    const sla = indicators.find((i) => i.id === 'sla_breaches')!;
    expect(sla.breakdown.find((x) => x.key === 'feedback')).toMatchObject({ value: overdue.length, sample: ids.length });
    const answeredShare = indicators.find((i) => i.id === 'feedback_answered_72h')!;
    expect(answeredShare).toMatchObject({ value: Math.round((1 / ids.length) * 10000) / 100, sample: ids.length, status: 'OFF_TARGET' });
  });
});

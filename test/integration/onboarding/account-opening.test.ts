import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../../mocks/index.js';
import {
  AccountOpeningDocument,
  AccountOpeningReviewQueueDocument,
  MyAccountsDocument,
  ReviewAccountOpeningDocument,
  RiskAlertsDocument,
  StartAccountOpeningDocument,
  SubmitAccountOpeningDocument,
} from '../../generated/graphql.js';
import { events } from '../../../src/platform/events/events.tables.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { globalId, localId } from '../../support/ids.js';
import { followAlerts } from '../alerts/alerts-kit.js';

let t: TestGateway;
const c: Record<string, Record<string, string>> = {};
const s: Record<string, Record<string, string>> = {};
let riskToken: string;

beforeAll(async () => {
  t = await sharedGateway();
  for (const username of ['wang.fang', 'zhao.lei', 'li.na', 'chen.jie', 'sun.mei', 'liu.yang']) c[username] = (await loginCustomer(t, username)).headers;
  for (const username of ['risk.zhang', 'teller.li']) s[username] = (await loginStaff(t, username)).headers;
  riskToken = (await loginStaff(t, 'risk.zhang')).accessToken;
});

type DemoKey = keyof typeof DEMO_CUSTOMERS;
const identityOf = (key: DemoKey, selfieToken = 'selfie-ok') => ({ fullName: DEMO_CUSTOMERS[key].fullName, idNumber: DEMO_CUSTOMERS[key].idNumber, selfieToken });

async function start(username: string, kind: 'SAVINGS' | 'CURRENT' = 'SAVINGS', currency = 'CNY') {
  const response = await execute(t.url, StartAccountOpeningDocument, { kind, currency, idempotencyKey: randomUUID() }, c[username]);
  expect(response.errors).toBeUndefined();
  return response.data!.startAccountOpening;
}

async function accountIds(username: string): Promise<string[]> {
  const response = await execute(t.url, MyAccountsDocument, {}, c[username]);
  expect(response.errors).toBeUndefined();
  return response.data!.me!.accounts!.map((a) => a.id);
}

async function accountOpeningCalls(): Promise<number> {
  const stats = (await (await fetch(`${t.backends.coreBanking}/__admin/stats`)).json()) as { byRoute: Record<string, number> };
  return stats.byRoute['POST /accounts'] ?? 0;
}

const streamTypes = async (id: string) =>
  (await t.gateway.database.db.select().from(events).where(eq(events.stream, `account-opening:${localId(id)}`)).orderBy(asc(events.seq))).map((e) => e.type);

/** Anything a customer could read that would reveal screening: list names, scores, the words. */
/** A held opening approved while core banking answers 503: ACCOUNT_OPENING_FAILED, left OPENING. */
async function approvedWhileCoreBankingFails(username: string, key: DemoKey) {
  const draft = await start(username);
  await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf(key, 'review') }, c[username]);
  await t.fault('coreBanking', { mode: 'error', errorStatus: 503 });
  try {
    const failed = await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: true, reason: 'Known customer' }, s['risk.zhang']);
    expect(errorCode(failed)).toBe('ACCOUNT_OPENING_FAILED');
  } finally {
    await t.heal();
  }
  return draft;
}

/** The ACCOUNT_OPENING_IDENTITY_MISMATCH security events of a customer for one opening. */
async function mismatchEvents(customerId: string, openingId: string): Promise<unknown[]> {
  const result = await t.gateway.database.db.execute(
    sql`select detail from security_events where kind = 'ACCOUNT_OPENING_IDENTITY_MISMATCH' and subject_id = ${customerId} and detail->>'openingId' = ${localId(openingId)} order by at`,
  );
  return (result as unknown as { rows: { detail: unknown }[] }).rows.map((r) => r.detail);
}

const RISK_INTERNALS = /sanction|screen|watchlist|GLOBAL-|HIGH-RISK|PEP|matchScore|score|\bHIT\b|alert/i;

describe('Mutation.startAccountOpening', () => {
  it('starts a draft pre-filled from the CRM', async () => {
    const draft = await start('wang.fang', 'CURRENT', 'usd');
    expect(draft).toMatchObject({
      kind: 'CURRENT',
      currency: 'USD',
      status: 'DRAFT',
      accountId: null,
      prefill: { fullName: 'Wang Fang', idNumber: DEMO_CUSTOMERS.wangFang.idNumber, phone: DEMO_CUSTOMERS.wangFang.phone },
    });
    expect(draft.prefill.address?.city).toBeTruthy();
    expect(await streamTypes(draft.id)).toEqual(['STARTED']);
  });

  it('gives one draft per idempotency key, under 20 parallel sends too, and refuses the key for another request', async () => {
    const idempotencyKey = `open-${randomUUID()}`;
    const sends = await Promise.all(
      Array.from({ length: 20 }, () => execute(t.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'EUR', idempotencyKey }, c['li.na'])),
    );
    const ids = new Set(sends.map((sent) => sent.data?.startAccountOpening.id));
    expect(sends.map((sent) => sent.errors)).toEqual(sends.map(() => undefined));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await streamTypes(id!)).toEqual(['STARTED']);
    const reused = await execute(t.url, StartAccountOpeningDocument, { kind: 'CURRENT', currency: 'EUR', idempotencyKey }, c['li.na']);
    expect(errorCode(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their customer: the same key from someone else is a new draft of theirs.
    const other = await execute(t.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'EUR', idempotencyKey }, c['sun.mei']);
    expect(other.data?.startAccountOpening.id).not.toBe(id);
    expect(errorCode(await execute(t.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'EUR', idempotencyKey: 'short' }, c['li.na']))).toBe('BAD_USER_INPUT');
  });

  it('refuses an unknown currency and staff', async () => {
    expect(errorCode(await execute(t.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'XYZ', idempotencyKey: randomUUID() }, c['wang.fang']))).toBe('BAD_USER_INPUT');
    expect(errorCode(await execute(t.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'CNY', idempotencyKey: randomUUID() }, s['teller.li']))).toBe('FORBIDDEN');
  });
});

describe('Mutation.submitAccountOpening', () => {
  it('opens the account when identity and screening pass; me.accounts then shows it, and a second submit opens nothing more', async () => {
    const before = await accountIds('wang.fang');
    const draft = await start('wang.fang');
    const response = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('wangFang') }, c['wang.fang']);
    expect(response.errors).toBeUndefined();
    const opened = response.data!.submitAccountOpening;
    expect(opened.status).toBe('OPENED');
    expect(localId(opened.accountId!)).toMatch(/^C000001-A\d\d$/);
    const after = await accountIds('wang.fang');
    expect(after).toEqual([...before, opened.accountId]);
    expect(await streamTypes(draft.id)).toEqual(['STARTED', 'CHECKS_PASSED', 'OPENED']);

    const calls = await accountOpeningCalls();
    const again = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('wangFang') }, c['wang.fang']);
    expect(again.data!.submitAccountOpening).toMatchObject({ status: 'OPENED', accountId: opened.accountId });
    expect(await accountOpeningCalls()).toBe(calls);
    expect(await accountIds('wang.fang')).toEqual(after);
  });

  it('terminates a high-risk applicant with a CRITICAL alert that risk officers see live, and tells the customer nothing of it', async () => {
    const feed = await followAlerts(t, riskToken);
    try {
      const before = await accountIds('zhao.lei');
      const draft = await start('zhao.lei');
      const calls = await accountOpeningCalls();
      const response = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('zhaoLei') }, c['zhao.lei']);
      expect(response.errors).toBeUndefined();
      expect(response.data!.submitAccountOpening).toMatchObject({ status: 'TERMINATED', accountId: null });
      expect(JSON.stringify(response.data)).not.toMatch(RISK_INTERNALS);
      const read = await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['zhao.lei']);
      expect(read.data!.accountOpening.status).toBe('TERMINATED');
      expect(JSON.stringify(read.data)).not.toMatch(RISK_INTERNALS);

      const subject = `account-opening:${localId(draft.id)}`;
      await expect.poll(() => feed.about(subject).length).toBe(1);
      const live = feed.about(subject)[0]!;
      expect(live).toMatchObject({ kind: 'HIGH_RISK_APPLICANT', severity: 'CRITICAL', customerId: globalId('Customer', 'C000002'), status: 'OPEN' });

      const listed = await execute(t.url, RiskAlertsDocument, { filter: { customerId: 'C000002', kind: 'HIGH_RISK_APPLICANT' } }, s['risk.zhang']);
      expect(listed.data!.riskAlerts.edges.map((e) => e.node.id)).toEqual([live.id]);
      expect(listed.data!.riskAlerts.edges[0]!.node.summary).toContain('GLOBAL-SANCTIONS');

      expect(await accountOpeningCalls()).toBe(calls);
      expect(await accountIds('zhao.lei')).toEqual(before);
      expect(await streamTypes(draft.id)).toEqual(['STARTED', 'TERMINATED']);
      // Submitting again changes nothing and raises nothing more.
      const again = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('zhaoLei') }, c['zhao.lei']);
      expect(again.data!.submitAccountOpening.status).toBe('TERMINATED');
      const relisted = await execute(t.url, RiskAlertsDocument, { filter: { customerId: 'C000002' } }, s['risk.zhang']);
      expect(relisted.data!.riskAlerts.edges).toHaveLength(1);
    } finally {
      await feed.close();
    }
  });

  it('holds a partial screening match for review, and a risk officer approval opens the account', async () => {
    const before = await accountIds('li.na');
    const draft = await start('li.na', 'CURRENT', 'HKD');
    const held = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('liNa') }, c['li.na']);
    expect(held.data!.submitAccountOpening).toMatchObject({ status: 'PENDING_REVIEW', accountId: null });
    expect(JSON.stringify(held.data)).not.toMatch(RISK_INTERNALS);
    expect(await accountIds('li.na')).toEqual(before);

    const alerts = await execute(t.url, RiskAlertsDocument, { filter: { customerId: 'C000007' } }, s['risk.zhang']);
    expect(alerts.data!.riskAlerts.edges.map((e) => [e.node.kind, e.node.severity, e.node.subject])).toEqual([
      ['SCREENING_PARTIAL_MATCH', 'HIGH', `account-opening:${localId(draft.id)}`],
    ]);
    const queue = await execute(t.url, AccountOpeningReviewQueueDocument, { first: 100 }, s['risk.zhang']);
    expect(queue.data!.accountOpeningReviewQueue.nodes.map((o) => o.id)).toContain(draft.id);

    expect(errorCode(await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: true, reason: 'ok' }, s['teller.li']))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: true, reason: ' ' }, s['risk.zhang']))).toBe('BAD_USER_INPUT');
    const approved = await execute(
      t.url,
      ReviewAccountOpeningDocument,
      { id: draft.id, approve: true, reason: 'PEP status known; source of funds documented.' },
      s['risk.zhang'],
    );
    expect(approved.errors).toBeUndefined();
    const opened = approved.data!.reviewAccountOpening;
    expect(opened.status).toBe('OPENED');
    expect(await accountIds('li.na')).toEqual([...before, opened.accountId]);
    expect(await streamTypes(draft.id)).toEqual(['STARTED', 'HELD_FOR_REVIEW', 'APPROVED_BY_RISK_OFFICER', 'OPENED']);

    const twice = await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: false, reason: 'changed my mind' }, s['risk.zhang']);
    expect(errorCode(twice)).toBe('INVALID_TRANSITION');
  });

  it('refuses an identity that does not verify and keeps the draft, which may then be submitted again', async () => {
    const draft = await start('sun.mei');
    const refused = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('sunMei', 'spoof') }, c['sun.mei']);
    expect(errorCode(refused)).toBe('IDENTITY_NOT_VERIFIED');
    const read = await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['sun.mei']);
    expect(read.data!.accountOpening.status).toBe('DRAFT');
    expect(await streamTypes(draft.id)).toEqual(['STARTED']);

    const retried = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('sunMei') }, c['sun.mei']);
    expect(retried.data!.submitAccountOpening.status).toBe('OPENED');
  });

  it('holds a selfie that needs review, without an alert', async () => {
    const draft = await start('chen.jie');
    const held = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('chenJie', 'review') }, c['chen.jie']);
    expect(held.data!.submitAccountOpening.status).toBe('PENDING_REVIEW');
    const alerts = await execute(t.url, RiskAlertsDocument, { filter: { customerId: 'C000003' } }, s['risk.zhang']);
    expect(alerts.data!.riskAlerts.edges).toEqual([]);
    const rejected = await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: false, reason: 'Selfie unusable' }, s['risk.zhang']);
    expect(rejected.data!.reviewAccountOpening).toMatchObject({ status: 'TERMINATED', accountId: null });
  });

  it('lets a rejection that races an approval lose: the approval is recorded before core banking is called', async () => {
    const before = await accountIds('chen.jie');
    const draft = await start('chen.jie');
    await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('chenJie', 'review') }, c['chen.jie']);
    await t.fault('coreBanking', { delayMs: 250 });
    try {
      const approving = execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: true, reason: 'Selfie checked by phone' }, s['risk.zhang']);
      // While core banking is opening the account, a second tab rejects.
      await new Promise((resolve) => setTimeout(resolve, 80));
      const rejected = await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: false, reason: 'Selfie unusable' }, s['risk.zhang']);
      expect(errorCode(rejected)).toBe('INVALID_TRANSITION');
      expect((await approving).data?.reviewAccountOpening.status).toBe('OPENED');
    } finally {
      await t.heal();
    }
    const opened = await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['chen.jie']);
    expect(opened.data!.accountOpening.status).toBe('OPENED');
    expect(await accountIds('chen.jie')).toEqual([...before, opened.data!.accountOpening.accountId]);
  });

  it('keeps an approval core banking could not carry out as OPENING, refuses to reject it, and opens the account when approved again', async () => {
    const before = await accountIds('wang.fang');
    const draft = await approvedWhileCoreBankingFails('wang.fang', 'wangFang');
    const read = await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['wang.fang']);
    expect(read.data!.accountOpening).toMatchObject({ status: 'OPENING', accountId: null });
    const queue = await execute(t.url, AccountOpeningReviewQueueDocument, { first: 100 }, s['risk.zhang']);
    expect(queue.data!.accountOpeningReviewQueue.nodes.find((o) => o.id === draft.id)?.status).toBe('OPENING');
    expect(errorCode(await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: false, reason: 'No' }, s['risk.zhang']))).toBe('INVALID_TRANSITION');

    const finished = await execute(t.url, ReviewAccountOpeningDocument, { id: draft.id, approve: true, reason: 'Retry' }, s['risk.zhang']);
    expect(finished.data!.reviewAccountOpening.status).toBe('OPENED');
    expect(await accountIds('wang.fang')).toEqual([...before, finished.data!.reviewAccountOpening.accountId]);
    expect(await streamTypes(draft.id)).toEqual(['STARTED', 'HELD_FOR_REVIEW', 'APPROVED_BY_RISK_OFFICER', 'OPENED']);
  });

  it('finishes an approved opening left OPENING in the recovery sweep (as after a crash between the two steps)', async () => {
    const before = await accountIds('sun.mei');
    const draft = await approvedWhileCoreBankingFails('sun.mei', 'sunMei');
    // One pass of the sweep (for openings unchanged since now, instead of for a lease's time).
    expect(await t.gateway.services.onboarding.recoverOpenings(new Date(), 100)).toBe(1);
    const read = await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['sun.mei']);
    expect(read.data!.accountOpening.status).toBe('OPENED');
    expect(await accountIds('sun.mei')).toEqual([...before, read.data!.accountOpening.accountId]);
    expect(await t.gateway.services.onboarding.recoverOpenings(new Date(), 100)).toBe(0);
  });

  it("rejects another customer's draft exactly like a missing one, for submit and read", async () => {
    const draft = await start('chen.jie');
    const foreign = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('wangFang') }, c['wang.fang']);
    const missing = await execute(t.url, SubmitAccountOpeningDocument, { id: randomUUID(), input: identityOf('wangFang') }, c['wang.fang']);
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    expect(foreign.errors![0]!.message).toBe(missing.errors![0]!.message);
    expect(errorCode(await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['wang.fang']))).toBe('NOT_FOUND');
    expect(errorCode(await execute(t.url, AccountOpeningDocument, { id: 'not-a-uuid' }, c['wang.fang']))).toBe('NOT_FOUND');
    const read = await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['chen.jie']);
    expect(read.data!.accountOpening.status).toBe('DRAFT');
  });

  it("refuses another customer's identity with IDENTITY_MISMATCH and records a security event", async () => {
    const draft = await start('chen.jie');
    const calls = await accountOpeningCalls();
    const response = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('wangFang') }, c['chen.jie']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'IDENTITY_MISMATCH', fields: ['idNumber', 'fullName'] });
    expect(await mismatchEvents('C000003', draft.id)).toEqual([{ openingId: localId(draft.id), fields: ['idNumber', 'fullName'] }]);
    // Own number under another name is refused too.
    const renamed = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: { ...identityOf('chenJie'), fullName: 'Wang Fang' } }, c['chen.jie']);
    expect(renamed.errors?.[0]?.extensions).toMatchObject({ code: 'IDENTITY_MISMATCH', fields: ['fullName'] });
    expect(await accountOpeningCalls()).toBe(calls);
    expect((await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['chen.jie'])).data!.accountOpening.status).toBe('DRAFT');
  });

  it('binds the identity at submit even when the CRM failed at start (empty pre-fill): a foreign identity is refused after the CRM heals', async () => {
    await t.fault('crm', { mode: 'down' });
    let draft;
    try {
      draft = await start('sun.mei');
    } finally {
      await t.heal();
    }
    expect(draft.prefill.idNumber).toBeNull();
    const calls = await accountOpeningCalls();
    const foreign = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('wangFang') }, c['sun.mei']);
    expect(errorCode(foreign)).toBe('IDENTITY_MISMATCH');
    expect(await mismatchEvents('C000005', draft.id)).toHaveLength(1);
    expect(await accountOpeningCalls()).toBe(calls);
    const own = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('sunMei') }, c['sun.mei']);
    expect(own.data?.submitAccountOpening.status).toBe('OPENED');
  });

  it('fails closed when the CRM cannot answer at submit: IDENTITY_CHECK_UNAVAILABLE, the draft stays a draft, nothing opened', async () => {
    const draft = await start('wang.fang');
    const calls = await accountOpeningCalls();
    await t.fault('crm', { mode: 'down' });
    try {
      const response = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('zhaoLei') }, c['wang.fang']);
      expect(errorCode(response)).toBe('IDENTITY_CHECK_UNAVAILABLE');
      const own = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('wangFang') }, c['wang.fang']);
      expect(errorCode(own)).toBe('IDENTITY_CHECK_UNAVAILABLE');
    } finally {
      await t.heal();
    }
    expect(await accountOpeningCalls()).toBe(calls);
    expect((await execute(t.url, AccountOpeningDocument, { id: draft.id }, c['wang.fang'])).data!.accountOpening.status).toBe('DRAFT');
    expect(await streamTypes(draft.id)).toEqual(['STARTED']);
  });

  // Last: a faulted backend may leave its circuit breaker open for a moment after healing.
  it('fails closed when screening is unavailable: held for review with an alert, never opened', async () => {
    const before = await accountIds('liu.yang');
    const draft = await start('liu.yang');
    const calls = await accountOpeningCalls();
    await t.fault('risk', { mode: 'down' });
    try {
      const response = await execute(t.url, SubmitAccountOpeningDocument, { id: draft.id, input: identityOf('liuYang') }, c['liu.yang']);
      expect(response.errors).toBeUndefined();
      expect(response.data!.submitAccountOpening).toMatchObject({ status: 'PENDING_REVIEW', accountId: null });
    } finally {
      await t.heal();
    }
    expect(await accountOpeningCalls()).toBe(calls);
    expect(await accountIds('liu.yang')).toEqual(before);
    const alerts = await execute(t.url, RiskAlertsDocument, { filter: { customerId: 'C000004' } }, s['risk.zhang']);
    expect(alerts.data!.riskAlerts.edges.map((e) => [e.node.kind, e.node.severity])).toEqual([['SCREENING_UNAVAILABLE', 'MEDIUM']]);
  });
});

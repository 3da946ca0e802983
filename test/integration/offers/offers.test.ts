/**
 * Behaviour events → needs profile → advisor or offer, over the wire: trackEvents, consent,
 * myNeedsProfile / customerNeedsProfile, myOffers, respondToOffer and offerReceived, on the shared
 * gateway with the real mock backends (core banking's catalogue and accounts, CRM's managers).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  CustomerNeedsProfileDocument,
  GrantPartnerConsentDocument,
  MyNeedsProfileDocument,
  MyOffersDocument,
  OfferReceivedDocument,
  PartnerAccessTokenDocument,
  ProcessHealthDocument,
  RespondToOfferDocument,
  SetMarketingConsentDocument,
  TrackEventsDocument,
  type BehaviourEventInput,
  type OfferReceivedSubscription,
} from '../../generated/graphql.js';
import { HISTORY_END } from '../../../mocks/data/persona.js';
import { DEMO_PARTNERS } from '../../../src/modules/auth/auth.seed.js';
import { SALARY_LOOKBACK_DAYS } from '../../../src/modules/offers/offers.rules.js';
import { behaviourEvents, offers } from '../../../src/modules/offers/offers.tables.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, follow as followSubscription, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';

type Viewer = { headers: Record<string, string>; token: string };
let t: TestGateway;
const as: Record<string, Viewer> = {};
let teller: Record<string, string>;
let reviewer: Record<string, string>;

beforeAll(async () => {
  t = await sharedGateway();
  for (const name of ['wang.fang', 'chen.jie', 'zhou.min', 'huang.wei', 'gao.jun', 'zhao.lei', 'li.na']) {
    const login = await loginCustomer(t, name);
    as[name] = { headers: login.headers, token: login.accessToken };
  }
  teller = (await loginStaff(t, 'teller.li')).headers;
  reviewer = (await loginStaff(t, 'reviewer.wu')).headers;
});

// Consent left granted would make later files' logins read core banking for the salary rule.
afterAll(async () => {
  for (const viewer of Object.values(as)) await execute(t.url, SetMarketingConsentDocument, { granted: false }, viewer.headers);
});

const db = () => t.gateway.database.db;
const track = (viewer: Viewer, events: BehaviourEventInput[]) => execute(t.url, TrackEventsDocument, { events }, viewer.headers);
const mortgageViews = (n = 3): BehaviourEventInput[] => Array.from({ length: n }, () => ({ kind: 'PRODUCT_VIEW', productCode: 'HOME_MORTGAGE' }));
const storedFor = (customerId: string) => db().select().from(behaviourEvents).where(eq(behaviourEvents.customerId, customerId));
const offersOf = (customerId: string) => db().select().from(offers).where(eq(offers.customerId, customerId));
const consent = async (viewer: Viewer, granted: boolean) => {
  const response = await execute(t.url, SetMarketingConsentDocument, { granted }, viewer.headers);
  expect(response.errors).toBeUndefined();
  return response.data!.setMarketingConsent;
};
const profileOf = async (viewer: Viewer) => (await execute(t.url, MyNeedsProfileDocument, {}, viewer.headers)).data!.myNeedsProfile;

const follow = (client: Client, afterSeq: number, count: number) =>
  followSubscription(client, OfferReceivedDocument, { afterSeq }, count, (data: OfferReceivedSubscription) => data.offerReceived);

describe('trackEvents: bad input refuses the whole batch, nothing stored', () => {
  it.each([
    { name: 'an unknown product code', events: [...mortgageViews(2), { kind: 'PRODUCT_VIEW', productCode: 'NO_SUCH_PRODUCT' }], field: 'events[2].productCode' },
    { name: 'more than 100 events', events: mortgageViews(101), field: 'events' },
    { name: 'an empty batch', events: [], field: 'events' },
    { name: 'a product view without a product', events: [{ kind: 'PRODUCT_VIEW' }], field: 'events[0].productCode' },
    { name: 'a time older than 24 hours', events: [{ kind: 'PAGE_VIEW', occurredAt: new Date(Date.now() - 25 * 3_600_000).toISOString() }], field: 'events[0].occurredAt' },
  ] as { name: string; events: BehaviourEventInput[]; field: string }[])('$name → BAD_USER_INPUT ($field)', async ({ events, field }) => {
    const before = (await storedFor('C000003')).length;
    const response = await track(as['chen.jie']!, events);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(response.data).toBeNull();
    expect(await storedFor('C000003')).toHaveLength(before);
  });

  it('an unknown kind is refused by the schema, nothing stored', async () => {
    const before = (await storedFor('C000003')).length;
    const response = await execute(t.url, TrackEventsDocument, { events: [{ kind: 'PURCHASE' as never }] }, as['chen.jie']!.headers);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCode(response));
    expect(await storedFor('C000003')).toHaveLength(before);
  });

  it('stores a valid batch; a time ahead of the gateway’s is clamped to it, one within the skew kept', async () => {
    const detail = `search ${randomUUID()}`;
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    const near = new Date(Date.now() + 30_000).toISOString();
    const response = await track(as['chen.jie']!, [
      { kind: 'SEARCH', detail, occurredAt: ahead },
      { kind: 'PAGE_VIEW', detail, occurredAt: near },
      { kind: 'CALCULATOR_USE', productCode: 'TIME_DEPOSIT_1Y', detail },
    ]);
    expect(response.errors).toBeUndefined();
    expect(response.data!.trackEvents).toEqual({ accepted: 3, clamped: 1, offersMade: 0 });
    const rows = (await storedFor('C000003')).filter((r) => r.detail === detail);
    expect(rows).toHaveLength(3);
    const search = rows.find((r) => r.kind === 'SEARCH')!;
    expect(search.occurredAt.getTime()).toBe(search.receivedAt.getTime());
    expect(rows.find((r) => r.kind === 'PAGE_VIEW')!.occurredAt.toISOString()).toBe(near);
    expect(rows.every((r) => r.source === 'CLIENT' && r.channel === 'APP' && r.sessionId !== null)).toBe(true);
  });
});

describe('the mortgage rule: needs profile, advisor from CRM, one offer, live', () => {
  it('three mortgage views with consent → HOME_PURCHASE, the CRM relationship manager, one offer received live; a fourth batch is cooling down', async () => {
    const wang = as['wang.fang']!;
    expect((await consent(wang, true)).marketingConsent).toBe(true);
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${wang.token}` });
    try {
      const live = follow(client, 0, 1);
      const response = await track(wang, mortgageViews());
      expect(response.errors).toBeUndefined();
      expect(response.data!.trackEvents).toEqual({ accepted: 3, clamped: 0, offersMade: 1 });
      const [received] = await live.done;
      expect(received).toMatchObject({ seq: 1, type: 'OFFER_MADE', offer: { need: 'HOME_PURCHASE', productCode: 'HOME_MORTGAGE', status: 'OPEN' } });

      const profile = await profileOf(wang);
      expect(profile.needs.map((n) => [n.need, n.rule])).toEqual([['HOME_PURCHASE', 'MORTGAGE_VIEWS']]);
      expect(profile).toMatchObject({ customerId: 'C000001', advisorStatus: 'ASSIGNED', advisorId: 'RM001', marketingConsent: true });
      const staffView = await execute(t.url, CustomerNeedsProfileDocument, { customerId: 'C000001' }, teller);
      expect(staffView.data!.customerNeedsProfile).toMatchObject({ advisorStatus: 'ASSIGNED', advisorId: 'RM001', needs: [{ need: 'HOME_PURCHASE' }] });

      // Cool-down: more views make no second offer.
      expect((await track(wang, mortgageViews())).data!.trackEvents.offersMade).toBe(0);
      expect(await offersOf('C000001')).toHaveLength(1);

      // Replay from afterSeq: 0 replays the one offer; from 1 nothing until a new one (none comes).
      const replayed = await follow(client, 0, 1).done;
      expect(replayed.map((e) => e.offer.id)).toEqual([received!.offer.id]);
    } finally {
      await client.dispose();
    }
  });

  it('myOffers shows it (and counts it shown); respondToOffer accepts it once; another customer cannot see or answer it', async () => {
    const wang = as['wang.fang']!;
    const listed = (await execute(t.url, MyOffersDocument, {}, wang.headers)).data!.myOffers;
    expect(listed).toHaveLength(1);
    const offer = listed[0]!;
    expect(offer).toMatchObject({ productCode: 'HOME_MORTGAGE', status: 'OPEN' });
    expect(offer.shownAt).not.toBeNull();
    const [row] = await db().select().from(offers).where(eq(offers.id, offer.id));
    expect(row!.shownAt?.toISOString()).toBe(offer.shownAt);

    // BOLA: someone else's offer is NOT_FOUND, and is in none of their lists.
    const chen = as['chen.jie']!;
    expect(errorCode(await execute(t.url, RespondToOfferDocument, { id: offer.id, response: 'ACCEPTED' }, chen.headers))).toBe('NOT_FOUND');
    const chensOffers = (await execute(t.url, MyOffersDocument, { status: ['OPEN', 'ACCEPTED', 'DISMISSED', 'WITHDRAWN'] }, chen.headers)).data!.myOffers;
    expect(chensOffers.map((o) => o.id)).not.toContain(offer.id);
    expect((await db().select().from(offers).where(eq(offers.id, offer.id)))[0]!.status).toBe('OPEN');

    const accepted = await execute(t.url, RespondToOfferDocument, { id: offer.id, response: 'ACCEPTED' }, wang.headers);
    expect(accepted.data!.respondToOffer).toMatchObject({ id: offer.id, status: 'ACCEPTED' });
    const again = await execute(t.url, RespondToOfferDocument, { id: offer.id, response: 'DISMISSED' }, wang.headers);
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
    expect(again.errors?.[0]?.extensions?.status).toBe('ACCEPTED');
    expect((await execute(t.url, MyOffersDocument, { status: ['ACCEPTED'] }, wang.headers)).data!.myOffers.map((o) => o.id)).toEqual([offer.id]);
    expect(errorCode(await execute(t.url, RespondToOfferDocument, { id: 'not-an-offer', response: 'ACCEPTED' }, wang.headers))).toBe('NOT_FOUND');
  });

  it('another customer’s subscription never receives these offers', async () => {
    const chen = as['chen.jie']!;
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${chen.token}` });
    try {
      const live = follow(client, 0, 1);
      // Give the subscription time to replay whatever Chen has (nothing) and go live.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(live.events).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});

describe('marketing consent', () => {
  it('without consent: the need is recorded, no offer and no advisor; granting makes the offer at once; revoking withdraws it', async () => {
    const zhou = as['zhou.min']!;
    expect((await track(zhou, mortgageViews())).data!.trackEvents.offersMade).toBe(0);
    const before = await profileOf(zhou);
    expect(before).toMatchObject({ marketingConsent: false, advisorStatus: 'NO_CONSENT', advisorId: null, needs: [{ need: 'HOME_PURCHASE' }] });
    expect(await offersOf('C000006')).toHaveLength(0);

    const granted = await consent(zhou, true);
    expect(granted).toMatchObject({ marketingConsent: true, advisorStatus: 'ASSIGNED', advisorId: 'RM012' });
    expect(granted.consentChangedAt).not.toBeNull();
    const open = (await execute(t.url, MyOffersDocument, {}, zhou.headers)).data!.myOffers;
    expect(open.map((o) => o.productCode)).toEqual(['HOME_MORTGAGE']);

    const revoked = await consent(zhou, false);
    expect(revoked).toMatchObject({ marketingConsent: false, advisorStatus: 'NO_CONSENT', advisorId: null });
    expect((await execute(t.url, MyOffersDocument, {}, zhou.headers)).data!.myOffers).toEqual([]);
    expect((await offersOf('C000006')).map((o) => o.status)).toEqual(['WITHDRAWN']);
    expect(errorCode(await execute(t.url, RespondToOfferDocument, { id: open[0]!.id, response: 'ACCEPTED' }, zhou.headers))).toBe('INVALID_TRANSITION');
  });

  it('the salary rule: salary credits in core banking and no savings product → a savings offer when consent is granted', async () => {
    const huang = as['huang.wei']!;
    // The demo ledger's last salary is booked on the 10th of the month before HISTORY_END (22 days before it).
    const lastSalary = new Date(HISTORY_END).getTime() - 22 * 86_400_000;
    expect(Date.now() - lastSalary, 'the demo ledger is too old for the salary rule: move HISTORY_END').toBeLessThanOrEqual(SALARY_LOOKBACK_DAYS * 86_400_000);
    const granted = await consent(huang, true);
    expect(granted.needs.map((n) => n.need)).toContain('SAVINGS');
    const open = (await execute(t.url, MyOffersDocument, {}, huang.headers)).data!.myOffers;
    expect(open.map((o) => [o.need, o.productCode])).toEqual([['SAVINGS', 'TIME_DEPOSIT_1Y']]);
    // Wang Fang holds savings accounts: no savings need.
    expect((await profileOf(as['wang.fang']!)).needs.map((n) => n.need)).not.toContain('SAVINGS');
  });

  it('offerReceived resumes after the last seq seen: only newer offers, and from 0 every one in order', async () => {
    const huang = as['huang.wei']!;
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${huang.token}` });
    try {
      const resumed = follow(client, 1, 1);
      expect((await track(huang, mortgageViews())).data!.trackEvents.offersMade).toBe(1);
      const [second] = await resumed.done;
      expect(second).toMatchObject({ seq: 2, offer: { productCode: 'HOME_MORTGAGE' } });
      const all = await follow(client, 0, 2).done;
      expect(all.map((e) => [e.seq, e.offer.productCode])).toEqual([
        [1, 'TIME_DEPOSIT_1Y'],
        [2, 'HOME_MORTGAGE'],
      ]);
    } finally {
      await client.dispose();
    }
  });
});

describe('conversion', () => {
  it('an offer shown and accepted counts in the offer_conversion indicator (shown → accepted)', async () => {
    const ops = (await loginStaff(t, 'ops.huang')).headers;
    const window = { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 120_000).toISOString() };
    const indicator = async () => (await execute(t.url, ProcessHealthDocument, window, ops)).data!.processHealth.indicators.find((i) => i.id === 'offer_conversion')!;
    const before = await indicator();
    const acceptedBefore = Math.round(((before.value ?? 0) * before.sample) / 100);

    const chen = as['chen.jie']!;
    await consent(chen, true);
    const made = await track(chen, [
      { kind: 'CALCULATOR_USE', productCode: 'PERSONAL_CONSUMER' },
      { kind: 'CALCULATOR_USE', productCode: 'PERSONAL_CONSUMER' },
    ]);
    expect(made.data!.trackEvents.offersMade).toBe(1);
    // Made but not shown yet: not in the indicator.
    expect((await indicator()).sample).toBe(before.sample);
    const [offer] = (await execute(t.url, MyOffersDocument, {}, chen.headers)).data!.myOffers;
    expect(offer).toMatchObject({ need: 'PERSONAL_FINANCING', productCode: 'PERSONAL_CONSUMER' });
    expect((await indicator()).sample).toBe(before.sample + 1);
    await execute(t.url, RespondToOfferDocument, { id: offer!.id, response: 'ACCEPTED' }, chen.headers);
    const after = await indicator();
    expect(after.sample).toBe(before.sample + 1);
    expect(after.value).toBeCloseTo(((acceptedBefore + 1) * 100) / after.sample, 1);
    expect(after.status).not.toBe('NO_DATA');
  });
});

describe('advisor when CRM is down', () => {
  it('the offer is still made, the assignment stays PENDING, and a later staff read assigns the manager', async () => {
    const gao = as['gao.jun']!;
    await consent(gao, true);
    await t.fault('crm', { mode: 'error', errorStatus: 503 });
    const response = await track(gao, mortgageViews());
    expect(response.errors).toBeUndefined();
    expect(response.data!.trackEvents.offersMade).toBe(1);
    expect(await profileOf(gao)).toMatchObject({ advisorStatus: 'PENDING', advisorId: null });
    await t.heal();
    const staffView = await execute(t.url, CustomerNeedsProfileDocument, { customerId: 'C000009' }, teller);
    expect(staffView.data!.customerNeedsProfile).toMatchObject({ advisorStatus: 'ASSIGNED', advisorId: 'RM012' });
  });
});

describe('events the gateway records itself', () => {
  it('a login and a loan application are stored without the client sending them', async () => {
    const zhao = as['zhao.lei']!;
    const relogin = await loginCustomer(t, 'zhao.lei');
    await expect.poll(async () => (await db().select().from(behaviourEvents).where(eq(behaviourEvents.sessionId, relogin.sessionId))).map((r) => [r.kind, r.source])).toEqual([['LOGIN', 'GATEWAY']]);
    const applied = await execute(
      t.url,
      ApplyForLoanDocument,
      { input: { productCode: 'PERSONAL_CONSUMER', amount: '50000.00', currency: 'CNY', termMonths: 24, purpose: 'Home renovation' }, idempotencyKey: `of-${randomUUID()}` },
      zhao.headers,
    );
    expect(applied.errors).toBeUndefined();
    const id = applied.data!.applyForLoan.id;
    const localId = Buffer.from(id, 'base64url').toString('utf8').replace(/^LoanApplication:/, '');
    await expect
      .poll(async () => (await db().select().from(behaviourEvents).where(and(eq(behaviourEvents.id, localId), eq(behaviourEvents.customerId, 'C000002')))).map((r) => [r.kind, r.productCode, r.source]))
      .toEqual([['LOAN_APPLICATION', 'PERSONAL_CONSUMER', 'GATEWAY']]);
  });
});

describe('who may call', () => {
  it('staff without the role, and customers, cannot read a customer’s needs profile; staff cannot track events; an unknown customer is NOT_FOUND', async () => {
    expect(errorCode(await execute(t.url, CustomerNeedsProfileDocument, { customerId: 'C000001' }, reviewer))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, CustomerNeedsProfileDocument, { customerId: 'C000001' }, as['chen.jie']!.headers))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, TrackEventsDocument, { events: [{ kind: 'PAGE_VIEW' }] }, teller))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, CustomerNeedsProfileDocument, { customerId: 'C999999' }, teller))).toBe('NOT_FOUND');
  });

  it('staff cannot follow offers: offerReceived is FORBIDDEN for a staff token', async () => {
    const staff = await loginStaff(t, 'teller.li');
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${staff.accessToken}` });
    try {
      const refused = await follow(client, 0, 1).done.catch((e: unknown) => e);
      expect(refused instanceof Error ? refused.message : JSON.stringify(refused)).toContain('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });

  it('a partner token runs none of it (not released to partners), and nothing is stored', async () => {
    const li = as['li.na']!;
    const partner = DEMO_PARTNERS[0];
    const granted = await execute(t.url, GrantPartnerConsentDocument, { partnerId: partner.id, scopes: ['profile:read'] }, li.headers);
    const token = await execute(t.url, PartnerAccessTokenDocument, {
      input: { clientId: partner.id, clientSecret: partner.secret, consentId: granted.data!.grantPartnerConsent.id },
    });
    const headers = { authorization: `Bearer ${token.data!.partnerAccessToken.accessToken}`, 'x-channel': 'PARTNER' };
    const before = (await storedFor('C000007')).length;
    expect(errorCode(await execute(t.url, TrackEventsDocument, { events: mortgageViews() }, headers))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(errorCode(await execute(t.url, MyOffersDocument, {}, headers))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(errorCode(await execute(t.url, MyNeedsProfileDocument, {}, headers))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(await storedFor('C000007')).toHaveLength(before);
  });
});

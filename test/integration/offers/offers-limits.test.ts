/**
 * A gateway of its own (fresh database, so cool-downs start clean): the per-session event budget,
 * parallel batches racing for one offer, and partners reaching the resolvers (trusted documents
 * enforced for another channel only) to be told FORBIDDEN. Run on PostgreSQL too
 * (DATABASE_URL=… npx vitest run test/integration/offers --project fast).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GrantPartnerConsentDocument,
  MyNeedsProfileDocument,
  MyOffersDocument,
  PartnerAccessTokenDocument,
  RespondToOfferDocument,
  SetMarketingConsentDocument,
  TrackEventsDocument,
  type BehaviourEventInput,
} from '../../generated/graphql.js';
import { DEMO_PARTNERS } from '../../../src/modules/auth/auth.seed.js';
import { readStream } from '../../../src/platform/events/event-log.js';
import { behaviourEvents, offers } from '../../../src/modules/offers/offers.tables.js';
import { offersStream } from '../../../src/modules/offers/offers.repository.js';
import { errorCode, loginCustomer } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({
    // One full batch per session, refilled at one event a minute.
    OFFERS_EVENTS_BURST: '100',
    OFFERS_EVENTS_PER_MINUTE: '1',
    // Partners may send document texts here, so the resolvers' own refusal is what is tested.
    TRUSTED_DOCUMENTS_ONLY: 'MINI_PROGRAM',
  });
});

afterAll(async () => {
  await t?.close();
});

const db = () => t.gateway.database.db;
const views = (n: number, productCode = 'HOME_MORTGAGE'): BehaviourEventInput[] => Array.from({ length: n }, () => ({ kind: 'PRODUCT_VIEW', productCode }));
/** What the customer's channels sent (the gateway's own login events are left out). */
const storedFor = (customerId: string) => db().select().from(behaviourEvents).where(and(eq(behaviourEvents.customerId, customerId), eq(behaviourEvents.source, 'CLIENT')));

describe('per-session event budget', () => {
  it('a session that spent its budget is refused EVENTS_RATE_LIMITED with nothing stored; another session has its own', async () => {
    const first = await loginCustomer(t, 'sun.mei');
    const full = await execute(t.url, TrackEventsDocument, { events: views(100, 'PERSONAL_CONSUMER') }, first.headers);
    expect(full.data?.trackEvents.accepted).toBe(100);
    const before = (await storedFor('C000005')).length;
    const refused = await execute(t.url, TrackEventsDocument, { events: views(2, 'PERSONAL_CONSUMER') }, first.headers);
    expect(errorCode(refused)).toBe('EVENTS_RATE_LIMITED');
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(60);
    expect(await storedFor('C000005')).toHaveLength(before);
    // Other operations of that session are not affected.
    expect((await execute(t.url, MyNeedsProfileDocument, {}, first.headers)).errors).toBeUndefined();

    const second = await loginCustomer(t, 'sun.mei');
    expect((await execute(t.url, TrackEventsDocument, { events: views(2, 'PERSONAL_CONSUMER') }, second.headers)).data?.trackEvents.accepted).toBe(2);
  });
});

describe('parallel batches against one budget', () => {
  it('three parallel batches of 60 on a 100-event budget: one is stored, two are EVENTS_RATE_LIMITED', async () => {
    const session = await loginCustomer(t, 'sun.mei');
    const before = (await storedFor('C000005')).length;
    const results = await Promise.all([0, 1, 2].map(() => execute(t.url, TrackEventsDocument, { events: views(60, 'DEMAND_DEPOSIT') }, session.headers)));
    expect(results.filter((r) => r.errors === undefined).map((r) => r.data!.trackEvents.accepted)).toEqual([60]);
    expect(results.map(errorCode).filter(Boolean)).toEqual(['EVENTS_RATE_LIMITED', 'EVENTS_RATE_LIMITED']);
    expect(await storedFor('C000005')).toHaveLength(before + 60);
  });
});

describe('parallel batches', () => {
  it('eight parallel batches that each satisfy the mortgage rule make one offer, not eight', async () => {
    const wang = await loginCustomer(t, 'wang.fang');
    await execute(t.url, SetMarketingConsentDocument, { granted: true }, wang.headers);
    // Each batch needs its own session's budget: eight sessions of one customer.
    const sessions = [];
    for (let i = 0; i < 8; i++) sessions.push(await loginCustomer(t, 'wang.fang', { deviceId: wang.deviceId }));
    const results = await Promise.all(sessions.map((s) => execute(t.url, TrackEventsDocument, { events: views(3) }, s.headers)));
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(results.reduce((sum, r) => sum + r.data!.trackEvents.offersMade, 0)).toBe(1);
    expect(await db().select().from(offers).where(eq(offers.customerId, 'C000001'))).toHaveLength(1);
    expect((await readStream(db(), offersStream('C000001'), 0)).map((e) => [e.seq, e.type])).toEqual([[1, 'OFFER_MADE']]);
    expect((await storedFor('C000001')).filter((e) => e.kind === 'PRODUCT_VIEW')).toHaveLength(24);
  });

  it('two parallel answers to one offer: one wins, the other is INVALID_TRANSITION', async () => {
    const wang = await loginCustomer(t, 'wang.fang');
    const [offer] = (await execute(t.url, MyOffersDocument, {}, wang.headers)).data!.myOffers;
    const answers = await Promise.all(
      (['ACCEPTED', 'DISMISSED'] as const).map((response) => execute(t.url, RespondToOfferDocument, { id: offer!.id, response }, wang.headers)),
    );
    expect(answers.filter((a) => a.errors === undefined)).toHaveLength(1);
    expect(answers.map(errorCode).filter(Boolean)).toEqual(['INVALID_TRANSITION']);
  });
});

describe('partners', () => {
  it('a partner token is FORBIDDEN from every offers operation, and nothing is stored', async () => {
    const li = await loginCustomer(t, 'li.na');
    const partner = DEMO_PARTNERS[0];
    const granted = await execute(t.url, GrantPartnerConsentDocument, { partnerId: partner.id, scopes: ['profile:read'] }, li.headers);
    const token = await execute(t.url, PartnerAccessTokenDocument, {
      input: { clientId: partner.id, clientSecret: partner.secret, consentId: granted.data!.grantPartnerConsent.id },
    });
    const headers = { authorization: `Bearer ${token.data!.partnerAccessToken.accessToken}`, 'x-channel': 'PARTNER' };
    expect(errorCode(await execute(t.url, TrackEventsDocument, { events: views(3) }, headers))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, MyOffersDocument, {}, headers))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, MyNeedsProfileDocument, {}, headers))).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, SetMarketingConsentDocument, { granted: true }, headers))).toBe('FORBIDDEN');
    expect(await storedFor('C000007')).toHaveLength(0);
  });
});

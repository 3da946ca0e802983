/**
 * Rate limits per viewer and per partner client: token buckets in the database, shared by every
 * instance. A burst of parallel requests can never spend more than the bucket holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf, createRateLimiter, LEASE_MS, maxLease, takeToken } from '../../src/platform/limits/rate-limiter.js';
import type { Viewer } from '../../src/platform/context.js';
import type { Database } from '../../src/platform/db/database.js';
import { loadConfig } from '../../src/platform/config.js';
import { loginCustomer, loginStaff } from '../support/auth.js';
import { postgresUrl } from '../support/database.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { execute, take, wsClient } from '../support/graphql-client.js';

const BURST = 5;
let t: TestGateway;

beforeAll(async () => {
  // One operation a minute refills: what a burst gets is the bucket's size, nothing more.
  t = await startTestGateway({ RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: String(BURST), PARTNER_RATE_LIMITS: '{"P9999": {"perMinute": 6000, "burst": 50}}' });
});
afterAll(() => t?.close());

type Answer = Awaited<ReturnType<typeof execute>>;
const refused = (answers: Answer[]) => answers.filter((a) => a.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
const served = (answers: Answer[]) => answers.filter((a) => a.status === 200 && !a.errors);

describe('rate limit per viewer', () => {
  it('lets exactly the bucket through a burst of 20 parallel requests; the rest get RATE_LIMITED with retryAfterSeconds', async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    const answers = await Promise.all(Array.from({ length: 20 }, () => execute(t.url, '{ __typename }', {}, customer.headers)));
    expect(served(answers)).toHaveLength(BURST);
    const limited = refused(answers);
    expect(limited).toHaveLength(20 - BURST);
    expect(limited[0]!.status).toBe(429);
    expect(limited[0]!.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.errors![0]!.extensions!.requestId).toBeTruthy();
  });

  it('refuses a WebSocket operation of a viewer whose bucket is empty', async () => {
    const staff = await loginStaff(t, 'admin.ma');
    await Promise.all(Array.from({ length: BURST }, () => execute(t.url, '{ __typename }', {}, staff.headers)));
    const client = wsClient(t.wsUrl, { authorization: staff.headers.authorization, channel: 'STAFF' });
    try {
      await expect(take(client, '{ __typename }', 1)).rejects.toSatisfy((errors: unknown) => JSON.stringify(errors).includes('RATE_LIMITED'));
    } finally {
      await client.dispose();
    }
  });
});

describe('token bucket', () => {
  it('refills continuously, never beyond its size, and says when the next token comes', async () => {
    const db = t.gateway.database.db;
    const key = `test:${Date.now()}`;
    const bucket = { perMinute: 60, burst: 2 };
    const at = new Date('2030-01-01T00:00:00Z');
    const later = (ms: number) => new Date(at.getTime() + ms);
    expect(await takeToken(db, key, bucket, at)).toEqual({ allowed: true, left: 1 });
    expect(await takeToken(db, key, bucket, at)).toEqual({ allowed: true, left: 0 });
    expect(await takeToken(db, key, bucket, later(200))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await takeToken(db, key, bucket, later(1_000))).allowed).toBe(true);
    // An hour idle fills it to its size, not to 3600.
    expect(await takeToken(db, key, bucket, later(3_600_000))).toEqual({ allowed: true, left: 1 });
  });

  it('gives a partner client its own configured quota, others the default', () => {
    const config = loadConfig({ PARTNER_RATE_LIMITS: '{"P9999": {"perMinute": 6000, "burst": 50}}', PARTNER_RATE_LIMIT_BURST: '7' });
    const partner = (partnerId: string) =>
      bucketOf({ kind: 'partner', partnerId, customerId: 'C000001', consentId: 'x', scopes: [], tokenExpiresAt: new Date() }, config.rateLimits);
    expect(partner('P9999')).toMatchObject({ key: 'partner:P9999', bucket: { perMinute: 6000, burst: 50 } });
    expect(partner('P0001')).toMatchObject({ key: 'partner:P0001', bucket: { burst: 7 } });
    expect(() => loadConfig({ PARTNER_RATE_LIMITS: '{"P1": {"perMinute": -1}}' })).toThrow(/PARTNER_RATE_LIMITS/);
  });
});

describe('leases: a busy viewer shares writes, the bucket stays exact', () => {
  const start = new Date('2031-01-01T00:00:00Z').getTime();
  let seq = 0;
  /** A fresh customer (own bucket), a clock the test moves, and limiters on it ("instances"). */
  function setup(bucket: { perMinute: number; burst: number }) {
    const customerId = `CL${Date.now()}${(seq += 1)}`;
    const viewer: Viewer = { kind: 'customer', customerId, sessionId: 's', sessionChannel: 'APP', tokenExpiresAt: new Date(start + 3_600_000) };
    const clock = { ms: start };
    const writes = { count: 0 };
    // Counts the statements that take from the bucket (one INSERT … ON CONFLICT each).
    const db = new Proxy(t.gateway.database.db, {
      get(target, property, receiver) {
        if (property === 'insert') writes.count += 1;
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as Database;
    const limits = { viewer: bucket, partner: bucket, partners: {} };
    const instance = () => createRateLimiter({ db, limits, now: () => new Date(clock.ms) });
    const allowed = async (admit: ReturnType<typeof instance>) =>
      admit(viewer).then(
        () => true,
        (error: { extensions?: { code?: string } }) => {
          expect(error.extensions?.code).toBe('RATE_LIMITED');
          return false;
        },
      );
    return { clock, writes, instance, allowed };
  }

  it('charges a viewer at a slow pace exactly, one token and one write per operation', async () => {
    const { clock, writes, instance, allowed } = setup({ perMinute: 1, burst: 3 });
    const admit = instance();
    const answers = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push(await allowed(admit));
      clock.ms += 2 * LEASE_MS;
    }
    // 10 s of refill at one a minute adds nothing whole: the bucket's three, then refusals.
    expect(answers).toEqual([true, true, true, false, false]);
    expect(writes.count).toBe(5);
  });

  it('serves a busy viewer from leases: 200 operations in a second cost a handful of writes, and all are served', async () => {
    const { writes, instance, allowed } = setup({ perMinute: 60_000, burst: 1_000 });
    const admit = instance();
    const answers = await Promise.all(Array.from({ length: 200 }, () => allowed(admit)));
    expect(answers.every(Boolean)).toBe(true);
    expect(maxLease(1_000)).toBe(125);
    expect(maxLease(120)).toBe(15);
    // 1 + 2 + 4 + 8 + 16 + 32 + 64 + 125: the lease doubles while it runs out within its time.
    expect(writes.count).toBeLessThanOrEqual(12);
  });

  it('gives the unspent rest of an expired lease back: over its life the viewer gets exactly the bucket', async () => {
    const { clock, instance, allowed } = setup({ perMinute: 1, burst: 16 });
    const admit = instance();
    let served = 0;
    // A burst of 6 leases 1 + 2 + 4 = 7 tokens and spends 6.
    for (let i = 0; i < 6; i += 1) if (await allowed(admit)) served += 1;
    expect(served).toBe(6);
    // Then one at a time, each after the last lease expired, until refused: 10 more, not 9.
    for (let i = 0; i < 30; i += 1) {
      clock.ms += LEASE_MS + 1;
      if (!(await allowed(admit))) break;
      served += 1;
    }
    expect(served).toBe(16);
  });

  it('two instances spending one bucket never serve more than it holds, and serve all of it', async () => {
    const { instance, allowed } = setup({ perMinute: 1, burst: 10 });
    const [a, b] = [instance(), instance()];
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => allowed(i % 2 === 0 ? a : b)));
    expect(answers.filter(Boolean)).toHaveLength(10);
  });
});

// Two instances share a bucket only through PostgreSQL (PGlite is one process by nature).
if (postgresUrl()) {
  describe('rate limit across gateway instances', () => {
    it('spends one bucket from both instances: a burst split over two instances still gets only the bucket', async () => {
      const other = await startTestGateway({ DATABASE_URL: t.database.url, RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: String(BURST) });
      try {
        const customer = await loginCustomer(t, 'wang.fang');
        const answers = await Promise.all(
          Array.from({ length: 24 }, (_, i) => execute(i % 2 === 0 ? t.url : other.url, '{ __typename }', {}, customer.headers)),
        );
        expect(served(answers)).toHaveLength(BURST);
        expect(refused(answers)).toHaveLength(24 - BURST);
      } finally {
        await other.close();
      }
    });
  });
}

/**
 * Rate limits per viewer and per partner client: token buckets kept in the database, so every
 * gateway instance on it spends from the same bucket.
 *
 * Why PostgreSQL and not Redis: the gateway already needs PostgreSQL (and PGlite stands in for it
 * on a laptop with the same SQL), while Redis would be one more service to run, secure, monitor and
 * fail over — and a Redis outage would need its own fail-open/closed rule. One bucket is one row,
 * taken and refilled in ONE statement (`INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`): the
 * row lock serialises parallel takers on every instance, so a burst can never overspend it. A busy
 * viewer's operations share a write: one take may lease a few tokens ahead (createRateLimiter).
 *
 * Anonymous callers are not limited here: what they can do (log in, send codes) has its own
 * throttles per address and per login (src/modules/auth).
 */
import { eq, sql } from 'drizzle-orm';
import type { BucketConfig, RateLimitConfig } from '../config.js';
import type { Viewer } from '../context.js';
import type { Database } from '../db/database.js';
import { RateLimitError } from './rate-limit.errors.js';
import { rateLimitBuckets } from './rate-limit.tables.js';

export type TakeResult = { allowed: true; left: number } | { allowed: false; retryAfterSeconds: number };

/** The bucket a viewer spends from, and its size; undefined when the viewer is not limited. */
export function bucketOf(viewer: Viewer, limits: RateLimitConfig): { key: string; kind: string; bucket: BucketConfig } | undefined {
  switch (viewer.kind) {
    case 'anonymous':
      return undefined;
    case 'customer':
      return { key: `customer:${viewer.customerId}`, kind: 'customer', bucket: limits.viewer };
    case 'staff':
      return { key: `staff:${viewer.staffId}`, kind: 'staff', bucket: limits.viewer };
    case 'partner':
      return { key: `partner:${viewer.partnerId}`, kind: 'partner', bucket: limits.partners[viewer.partnerId] ?? limits.partner };
  }
}

/**
 * Takes `cost` tokens (default one) from `key`'s bucket (created full), refilled continuously at
 * `perMinute`. Atomic on PostgreSQL and PGlite: however many takers race, at most the tokens held
 * go through; a taker that needs more than are held takes none. `cost` must not exceed the burst.
 * `returned` gives back tokens taken earlier and not spent (a lease's rest) in the same statement;
 * they count toward this take, and the bucket never holds more than its size.
 */
export async function takeToken(db: Database, key: string, bucket: BucketConfig, now: Date, cost = 1, returned = 0): Promise<TakeResult> {
  const b = rateLimitBuckets;
  const at = sql`${now.toISOString()}::timestamptz`;
  const perSecond = bucket.perMinute / 60;
  const available = sql`least(${bucket.burst}::float8, ${b.tokens} + greatest(0, extract(epoch from (${at} - ${b.refilledAt}))) * ${perSecond}::float8 + ${returned}::float8)`;
  const [row] = await db
    .insert(b)
    .values({ key, tokens: bucket.burst - cost, refilledAt: now })
    .onConflictDoUpdate({
      target: b.key,
      set: { tokens: sql`${available} - ${cost}::float8`, refilledAt: sql`greatest(${b.refilledAt}, ${at})` },
      setWhere: sql`${available} >= ${cost}::float8`,
    })
    .returning({ tokens: b.tokens });
  if (row) return { allowed: true, left: Math.floor(row.tokens) };
  const [current] = await db.select().from(b).where(eq(b.key, key));
  const held = current ? Math.min(bucket.burst, current.tokens + Math.max(0, (now.getTime() - current.refilledAt.getTime()) / 1000) * perSecond) : 0;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - held) / perSecond)) };
}

/** How long an instance may spend tokens it took ahead (see {@link createRateLimiter}). */
export const LEASE_MS = 1_000;

/** The most tokens one take may lease ahead for a bucket of `burst`: an eighth of it, at most 256. */
export function maxLease(burst: number): number {
  return Math.max(1, Math.min(256, Math.floor(burst / 8)));
}

/** How many buckets' leases one instance keeps. */
const MAX_LEASES = 10_000;

/** The tokens of one bucket this instance holds, and the take in flight for it. */
interface Lease {
  /** Taken from the bucket, not yet spent. */
  left: number;
  /** Until when (ms) `left` may be spent; after it, `left` goes back with the next take. */
  until: number;
  /** How many the next take asks for. */
  size: number;
  inflight: Promise<TakeResult> | undefined;
}

/**
 * The admission check the gateway runs before each operation of a signed-in viewer.
 *
 * A busy viewer does not cost one database write per operation: the bucket stays in the database
 * (every instance spends from it atomically, as {@link takeToken} says), but a take may lease
 * several tokens ahead, which this instance then hands out in memory, one per operation, for at
 * most {@link LEASE_MS}. The lease adapts to the viewer's pace: it starts at one token (a viewer
 * sending a few operations a minute is charged exactly, one statement each), doubles while leases
 * run out within their time (up to {@link maxLease}: 15 for the default burst of 120), and halves
 * when one expires unspent; the unspent rest goes back to the bucket in the next take's statement.
 * Operations arriving while a take is in flight wait for it instead of each writing. Near an empty bucket, a lease that cannot be had in
 * full is asked for as a single token, so the last tokens are spent exactly. What this trades: a
 * lease's tokens are charged when taken, not when spent, so no window ever lets through more than
 * the bucket allows plus what refills within one lease time; and tokens leased by one instance are
 * not available to another for at most {@link LEASE_MS} (a burst split over instances may be refused
 * up to a lease early).
 * @throws RateLimitError RATE_LIMITED (HTTP 429) with `retryAfterSeconds` when the bucket is empty
 */
export function createRateLimiter(options: { db: Database; limits: RateLimitConfig; now?: () => Date; onLimited?: (kind: string) => void }) {
  const now = options.now ?? (() => new Date());
  // Whose leases this instance holds; past MAX_LEASES the oldest is dropped (its rest is not returned).
  const leases = new Map<string, Lease>();

  /** One take for `lease`: asks for `lease.size`, falls back to one token, and gives back what expired unspent. */
  async function take(key: string, bucket: BucketConfig, lease: Lease, at: Date): Promise<TakeResult> {
    const expired = lease.until <= at.getTime();
    const returned = expired ? lease.left : 0;
    if (expired) lease.size = lease.left > 0 ? Math.max(1, Math.floor(lease.size / 2)) : lease.size;
    else if (lease.left === 0 && lease.until > 0) lease.size = Math.min(maxLease(bucket.burst), lease.size * 2);
    lease.left = 0;
    let taken = await takeToken(options.db, key, bucket, at, lease.size, returned);
    if (!taken.allowed && lease.size > 1) {
      lease.size = 1;
      taken = await takeToken(options.db, key, bucket, at, 1, returned);
    }
    if (taken.allowed) {
      // The operation that asked spends the first of the tokens taken.
      lease.left = lease.size - 1;
      lease.until = at.getTime() + LEASE_MS;
    } else {
      lease.until = 0;
    }
    return taken;
  }

  return async function admit(viewer: Viewer): Promise<void> {
    const target = bucketOf(viewer, options.limits);
    if (!target || target.bucket.perMinute === 0) return;
    let lease = leases.get(target.key);
    if (!lease) {
      if (leases.size >= MAX_LEASES) leases.delete(leases.keys().next().value!);
      lease = { left: 0, until: 0, size: 1, inflight: undefined };
      leases.set(target.key, lease);
    }
    for (;;) {
      const at = now();
      if (lease.left > 0 && lease.until > at.getTime()) {
        lease.left -= 1;
        return;
      }
      if (lease.inflight) {
        // Wait for the take in flight; an empty bucket refuses its waiters too.
        const taken = await lease.inflight;
        if (!taken.allowed) return refuse(target.kind, taken.retryAfterSeconds);
        continue;
      }
      const inflight = take(target.key, target.bucket, lease, at);
      lease.inflight = inflight;
      let taken: TakeResult;
      try {
        taken = await inflight;
      } finally {
        lease.inflight = undefined;
      }
      if (!taken.allowed) return refuse(target.kind, taken.retryAfterSeconds);
      return;
    }
  };

  function refuse(kind: string, retryAfterSeconds: number): never {
    options.onLimited?.(kind);
    throw new RateLimitError('RATE_LIMITED', `Too many requests: try again in ${retryAfterSeconds} s.`, { retryAfterSeconds }, 429);
  }
}

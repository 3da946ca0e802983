/**
 * Rate limits per viewer and per partner client: token buckets kept in the database, so every
 * gateway instance on it spends from the same bucket.
 *
 * Why PostgreSQL and not Redis: the gateway already needs PostgreSQL (and PGlite stands in for it
 * on a laptop with the same SQL), while Redis would be one more service to run, secure, monitor and
 * fail over — and a Redis outage would need its own fail-open/closed rule. One bucket is one row,
 * taken and refilled in ONE statement (`INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`): the
 * row lock serialises parallel takers on every instance, so a burst can never overspend it. The
 * cost is one short write per limited operation.
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
 */
export async function takeToken(db: Database, key: string, bucket: BucketConfig, now: Date, cost = 1): Promise<TakeResult> {
  const b = rateLimitBuckets;
  const at = sql`${now.toISOString()}::timestamptz`;
  const perSecond = bucket.perMinute / 60;
  const available = sql`least(${bucket.burst}::float8, ${b.tokens} + greatest(0, extract(epoch from (${at} - ${b.refilledAt}))) * ${perSecond}::float8)`;
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

/**
 * The admission check the gateway runs before each operation of a signed-in viewer.
 * @throws RateLimitError RATE_LIMITED (HTTP 429) with `retryAfterSeconds` when the bucket is empty
 */
export function createRateLimiter(options: { db: Database; limits: RateLimitConfig; now?: () => Date; onLimited?: (kind: string) => void }) {
  const now = options.now ?? (() => new Date());
  return async function admit(viewer: Viewer): Promise<void> {
    const target = bucketOf(viewer, options.limits);
    if (!target || target.bucket.perMinute === 0) return;
    const taken = await takeToken(options.db, target.key, target.bucket, now());
    if (taken.allowed) return;
    options.onLimited?.(target.kind);
    throw new RateLimitError(
      'RATE_LIMITED',
      `Too many requests: try again in ${taken.retryAfterSeconds} s.`,
      { retryAfterSeconds: taken.retryAfterSeconds },
      429,
    );
  };
}

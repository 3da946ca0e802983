/**
 * Counters that two requests can race, each taken in ONE statement before the work it limits
 * (the row lock of `INSERT … ON CONFLICT DO UPDATE` serialises them), so that however many
 * requests arrive at once, at most the limit of them go ahead — on PostgreSQL and PGlite alike.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { authRateLimits, loginThrottle } from './auth.tables.js';

export type Taken = { allowed: true; count: number; lockedNow: boolean } | { allowed: false; retryAfterSeconds: number };

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

export function createRateLimitsRepository(db: Database) {
  return {
    /**
     * Counts one login attempt against `key` before its password is checked. Refused while the key
     * is locked. From the attempt that reaches `max` on, each attempt locks the key for `lockoutMs`,
     * doubled per attempt past `max`, at most `maxLockoutMs`. Counts older than `windowMs` start afresh.
     */
    async takeLoginAttempt(
      key: string,
      policy: { max: number; lockoutMs: number; maxLockoutMs: number; windowMs: number },
      now: Date,
    ): Promise<Taken> {
      const t = loginThrottle;
      const stale = sql`${t.updatedAt} <= ${ts(new Date(now.getTime() - policy.windowMs))}`;
      const next = sql`(case when ${stale} then 1 else ${t.failures} + 1 end)`;
      const lockMs = sql`least(${policy.maxLockoutMs}::float8, ${policy.lockoutMs}::float8 * power(2, least(20, ${next} - ${policy.max})))`;
      const [row] = await db
        .insert(t)
        .values({ key, failures: 1, lockedUntil: policy.max <= 1 ? new Date(now.getTime() + policy.lockoutMs) : null, updatedAt: now })
        .onConflictDoUpdate({
          target: t.key,
          set: {
            failures: next,
            lockedUntil: sql`case when ${next} >= ${policy.max} then ${ts(now)} + ${lockMs} * interval '1 millisecond' else null end`,
            updatedAt: now,
          },
          setWhere: sql`${t.lockedUntil} is null or ${t.lockedUntil} <= ${ts(now)}`,
        })
        .returning({ failures: t.failures });
      if (row) return { allowed: true, count: row.failures, lockedNow: row.failures === policy.max };
      const [locked] = await db.select().from(t).where(eq(t.key, key));
      return { allowed: false, retryAfterSeconds: locked?.lockedUntil ? secondsUntil(locked.lockedUntil, now) : 1 };
    },

    /** Whether `key` is locked now (without counting anything). */
    async isLocked(key: string, now: Date): Promise<boolean> {
      const [row] = await db.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.key, key));
      return !!row?.lockedUntil && row.lockedUntil > now;
    },

    /** Forgets `key`: the attempt succeeded. */
    clearLoginAttempts: (key: string) => db.delete(loginThrottle).where(eq(loginThrottle.key, key)),

    /** Gives back the slot a successful attempt took on `key` (and the lock, if that slot set it). */
    async releaseLoginAttempt(key: string, max: number): Promise<void> {
      const t = loginThrottle;
      await db
        .update(t)
        .set({
          failures: sql`greatest(${t.failures} - 1, 0)`,
          lockedUntil: sql`case when ${t.failures} - 1 < ${max} then null else ${t.lockedUntil} end`,
        })
        .where(eq(t.key, key));
    },

    /**
     * Takes one hit of a sliding window: allowed while fewer than `limit` hits of `key` fall in the
     * last `windowMs`. A refused hit is not stored.
     */
    async takeWindowHit(key: string, limit: number, windowMs: number, now: Date): Promise<Taken> {
      const r = authRateLimits;
      const start = ts(new Date(now.getTime() - windowMs));
      const inWindow = sql`(select count(*) from unnest(${r.hits}) as h(at) where h.at > ${start})`;
      const [row] = await db
        .insert(r)
        .values({ key, hits: [now] })
        .onConflictDoUpdate({
          target: r.key,
          set: { hits: sql`array(select h.at from unnest(${r.hits}) as h(at) where h.at > ${start} order by h.at) || ${ts(now)}` },
          setWhere: sql`${inWindow} < ${limit}`,
        })
        .returning({ hits: r.hits });
      if (row) return { allowed: true, count: row.hits.length, lockedNow: false };
      const [current] = await db.select().from(r).where(eq(r.key, key));
      const inside = (current?.hits ?? []).map((h) => new Date(h)).filter((h) => h.getTime() > now.getTime() - windowMs).sort((a, b) => a.getTime() - b.getTime());
      const freesAt = inside.length >= limit ? new Date(inside[inside.length - limit]!.getTime() + windowMs) : now;
      return { allowed: false, retryAfterSeconds: secondsUntil(freesAt, now) };
    },
  };
}

export type RateLimitsRepository = ReturnType<typeof createRateLimitsRepository>;

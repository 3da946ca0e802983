import { doublePrecision, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Token buckets of the rate limits, one row per bucket, shared by every gateway instance on the
 * database. A row is taken and refilled in one atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING`
 * (rate-limiter.ts), so parallel requests on any instances can never spend more than it holds.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  /** Whose bucket: `customer:C000001`, `staff:S0001`, `partner:P0001`. */
  key: text('key').primaryKey(),
  /** Operations left (fractional: the refill is continuous). */
  tokens: doublePrecision('tokens').notNull(),
  /** When `tokens` was last brought up to date. */
  refilledAt: timestamp('refilled_at', { withTimezone: true, mode: 'date' }).notNull(),
});

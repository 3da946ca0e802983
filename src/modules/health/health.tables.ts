/**
 * Backend call outcomes, counted per system and minute: the source of `backend_availability`.
 * Each instance counts in memory and adds its counts with one upsert per (minute, backend) every
 * few seconds and at shutdown (`ok = ok + excluded.ok`), so several instances add up and the call
 * path never writes to the database.
 */
import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const backendCallMinutes = pgTable(
  'backend_call_minutes',
  {
    /** The minute (UTC, seconds zero) the calls ended in. */
    minute: timestamp('minute', { withTimezone: true, mode: 'date' }).notNull(),
    /** CORE_BANKING, CRM, CREDIT_BUREAU, RISK, IDENTITY, … */
    backend: text('backend').notNull(),
    /** Answered: a result, or a refusal the caller expects (funds short, not found). */
    ok: integer('ok').notNull().default(0),
    /** Not answered: unavailable, timed out, throttled, an invalid answer, or refused by the open breaker. */
    failed: integer('failed').notNull().default(0),
  },
  // The minute leads: process health reads a window of minutes across every backend.
  (t) => [primaryKey({ columns: [t.minute, t.backend] })],
);

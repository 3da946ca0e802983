import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The tamper-evident audit trail: one row per security- or decision-relevant act, hash-chained.
 * `seq` runs 1, 2, 3 … with no holes; each row's `hash` covers its own fields and the previous
 * row's hash (see `audit.rules.ts`), so editing, re-hashing or deleting a row breaks the chain.
 * Rows are only ever appended through `appendAudit` (audit-log.ts).
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
  /** 1, 2, 3 … in commit order; a JS number (safe far beyond any realistic volume). */
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  /** `customer:C000001`, `staff:S0006`, `partner:P01`, `system` or `anonymous`. */
  actor: text('actor').notNull(),
  /** SCREAMING_SNAKE_CASE, e.g. `LOGIN_SUCCEEDED`, `LOAN_DECIDED`. */
  action: text('action').notNull(),
  /** What the act is about, e.g. `loan:<uuid>`; null when nothing in particular. */
  subject: text('subject'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  /** The previous row's hash; 64 zeros for seq 1. */
  prevHash: text('prev_hash').notNull(),
  /** sha256 hex of the canonical JSON of [seq, at ISO, actor, action, subject, detail, prev_hash]. */
  hash: text('hash').notNull(),
  },
  (t) => [
    // Process health: logins of a window, and where a window starts in the chain.
    index('audit_entries_action_at_idx').on(t.action, t.at),
    index('audit_entries_at_idx').on(t.at),
  ],
);

import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The gateway's event log: every write that changes a status appends one row here in the same
 * transaction. Subscriptions and the process-health indicators read from it.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /** The aggregate the event belongs to, e.g. `loan:<uuid>`. */
    stream: text('stream').notNull(),
    /** 1, 2, 3 … within the stream, with no holes. */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    /** Who caused it: `customer:C000001`, `staff:S0002`, `system`. */
    actor: text('actor').notNull(),
    reason: text('reason'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Fan-out keys, e.g. `['loan:<id>', 'customer:C000001:loans', 'review-queue']`. */
    topics: text('topics').array().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  // One unique index is both the (stream, seq) constraint and the index reads by stream use.
  (t) => [
    uniqueIndex('events_stream_seq_idx').on(t.stream, t.seq),
    // Process health reads one kind of event (e.g. reviewer decisions) over a window.
    index('events_type_occurred_idx').on(t.type, t.occurredAt),
  ],
);

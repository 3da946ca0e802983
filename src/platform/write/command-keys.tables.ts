import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The idempotency keys of commands on existing rows (signing a loan contract, starting an account
 * opening): one row per owner and key, written in the same transaction as the change it stands
 * for, so a key exists exactly when its first answer does.
 */
export const commandKeys = pgTable(
  'command_keys',
  {
    /** Whose key: `customer:C000001`. Keys of different owners never meet. */
    owner: text('owner').notNull(),
    key: text('key').notNull(),
    /** The command, e.g. `loan.signContract`. */
    command: text('command').notNull(),
    /** SHA-256 of the command and its arguments: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** The row the first answer is about, e.g. the loan application id. */
    subjectId: text('subject_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('command_keys_owner_key_idx').on(t.owner, t.key)],
);

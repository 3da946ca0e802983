import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A registered branch terminal: its own credential (id + secret, only the hash stored), tied to one branch. */
export const branchTerminals = pgTable('branch_terminals', {
  id: text('id').primaryKey(),
  branchId: text('branch_id').notNull(),
  label: text('label').notNull(),
  /** SHA-256 of the secret (a 256-bit random value, so a fast hash is enough). */
  secretHash: text('secret_hash').notNull(),
  registeredBy: text('registered_by').notNull(),
  createdAt: at('created_at').notNull(),
  revokedAt: at('revoked_at'),
});

/**
 * A QR pre-fill ticket: one use, bound to the customer and their prepared request; only the hash
 * of its opaque content is stored. Redeeming is one conditional UPDATE (`redeemed_at is null`), so
 * two terminals racing for the same ticket cannot both win.
 */
export const branchTickets = pgTable(
  'branch_tickets',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id').notNull(),
    customerId: text('customer_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** When set, only a terminal of this branch may redeem it. */
    branchId: text('branch_id'),
    expiresAt: at('expires_at').notNull(),
    createdAt: at('created_at').notNull(),
    redeemedAt: at('redeemed_at'),
    redeemedByTerminal: text('redeemed_by_terminal'),
    redeemedByTeller: text('redeemed_by_teller'),
  },
  (t) => [uniqueIndex('branch_tickets_token_idx').on(t.tokenHash), index('branch_tickets_request_idx').on(t.requestId)],
);

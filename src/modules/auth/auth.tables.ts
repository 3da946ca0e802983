import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A customer's login to every channel. The customer id is the bank's customer number
 * (core banking / CRM); profile data stays in those systems and is never copied here.
 */
export const customerLogins = pgTable('customer_logins', {
  customerId: text('customer_id').primaryKey(),
  username: text('username').notNull().unique(),
  /** `scrypt$N$r$p$salt$hash`, see password.ts. */
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A customer's authorization for the bank to pull their credit bureau report. */
export const bureauAuthorizations = pgTable('bureau_authorizations', {
  customerId: text('customer_id').primaryKey(),
  authorizedAt: at('authorized_at').notNull(),
  /** The channel the customer authorized on. */
  channel: text('channel').notNull(),
  revokedAt: at('revoked_at'),
});

/** Bureau reports cost money: the last one per customer is kept and reused while fresh. */
export const creditReportCache = pgTable('credit_report_cache', {
  customerId: text('customer_id').primaryKey(),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  fetchedAt: at('fetched_at').notNull(),
});

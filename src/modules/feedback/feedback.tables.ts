import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A customer's rating of a finished flow (CSAT 1–5, NPS 0–10): once per customer and flow. */
export const experienceRatings = pgTable(
  'experience_ratings',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    /** LOAN_APPLICATION, TRANSFER or ACCOUNT_OPENING. */
    flow: text('flow').notNull(),
    /** The id of the rated loan application, transfer or account opening. */
    subjectId: uuid('subject_id').notNull(),
    channel: text('channel').notNull(),
    csat: integer('csat'),
    nps: integer('nps'),
    ratedAt: at('rated_at').notNull(),
  },
  (t) => [
    uniqueIndex('experience_ratings_once_idx').on(t.customerId, t.flow, t.subjectId),
    index('experience_ratings_rated_idx').on(t.ratedAt),
    // The database refuses what the rules refuse, whoever writes.
    check('experience_ratings_csat_check', sql`${t.csat} is null or ${t.csat} between 1 and 5`),
    check('experience_ratings_nps_check', sql`${t.nps} is null or ${t.nps} between 0 and 10`),
    check('experience_ratings_some_score_check', sql`${t.csat} is not null or ${t.nps} is not null`),
  ],
);

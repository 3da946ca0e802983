import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { statusCheck } from '../../platform/write/status-column.js';
import { FEEDBACK_MACHINE } from './feedback.rules.js';

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

/**
 * A feedback item from a customer (any channel) or a staff member, answered against a clock:
 * `dueAt = submittedAt + FEEDBACK_SLA_HOURS`. Status changes go through the write path only
 * (feedback.rules.ts FEEDBACK_MACHINE); `seq` orders the item's events (stream `feedback:<id>`).
 */
export const feedbackItems = pgTable(
  'feedback_items',
  {
    id: uuid('id').primaryKey(),
    /** The customer who submitted it; null for staff feedback. */
    customerId: text('customer_id'),
    /** `customer:C000001` or `staff:S0002`: who submitted it (owner of the idempotency key). */
    submittedBy: text('submitted_by').notNull(),
    channel: text('channel').notNull(),
    category: text('category').notNull(),
    text: text('text').notNull(),
    /** LOAN_APPLICATION, TRANSFER or null: what the feedback is about. */
    subjectKind: text('subject_kind'),
    subjectId: uuid('subject_id'),
    /** OPEN, CLAIMED, ESCALATED, RESPONDED, RESOLVED. */
    status: text('status').notNull(),
    /** The staff member handling it now. */
    claimedBy: text('claimed_by'),
    /** The latest response to the submitter (every response is also an event). */
    response: text('response'),
    firstResponseAt: at('first_response_at'),
    resolvedAt: at('resolved_at'),
    escalatedAt: at('escalated_at'),
    submittedAt: at('submitted_at').notNull(),
    dueAt: at('due_at').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    seq: integer('seq').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('feedback_items_idempotency_idx').on(t.submittedBy, t.idempotencyKey),
    // The queue and the escalation job read by status, oldest due first.
    index('feedback_items_status_due_idx').on(t.status, t.dueAt),
    index('feedback_items_customer_idx').on(t.customerId, t.submittedAt),
    index('feedback_items_submitted_idx').on(t.submittedAt),
    check('feedback_items_status_check', statusCheck(t.status, FEEDBACK_MACHINE)),
    check('feedback_items_text_check', sql`char_length(${t.text}) between 1 and 2000`),
    check('feedback_items_subject_check', sql`(${t.subjectKind} is null) = (${t.subjectId} is null)`),
  ],
);

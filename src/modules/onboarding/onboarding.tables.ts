import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { statusCheck } from '../../platform/write/status-column.js';
import { OPENING_MACHINE, type OpeningStatus } from './onboarding.rules.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** What the CRM knew when the draft was started (null fields when the CRM could not answer). */
export interface OpeningPrefill {
  fullName: string | null;
  idNumber: string | null;
  phone: string | null;
  address: { line1: string; city: string; province: string; postalCode: string } | null;
}

/**
 * An account opening with KYC/AML checks. Every change of status appends an event (stream
 * `account-opening:<id>`) in the same transaction. `verification` and `screening` are for risk
 * officers only: customers never see them.
 */
export const accountOpenings = pgTable(
  'account_openings',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    kind: text('kind').$type<'SAVINGS' | 'CURRENT'>().notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<OpeningStatus>().notNull(),
    prefill: jsonb('prefill').$type<OpeningPrefill>().notNull(),
    /** The identity check's outcome (scores, result); null until submitted. */
    verification: jsonb('verification').$type<Record<string, unknown>>(),
    /** The AML screening's outcome (lists, score); null until submitted. */
    screening: jsonb('screening').$type<Record<string, unknown>>(),
    accountId: text('account_id'),
    /** The core-banking idempotency key of the one account this opening may create. */
    idempotencyKey: text('idempotency_key').notNull(),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    /** The seq of the stream's latest event. */
    seq: integer('seq').notNull(),
  },
  (t) => [
    uniqueIndex('account_openings_idempotency_idx').on(t.idempotencyKey),
    index('account_openings_customer_idx').on(t.customerId),
    index('account_openings_status_idx').on(t.status, t.createdAt),
    // Process health reads a window of openings by creation time.
    index('account_openings_created_idx').on(t.createdAt),
    check('account_openings_status_check', statusCheck(t.status, OPENING_MACHINE)),
  ],
);

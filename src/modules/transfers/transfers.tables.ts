import { check, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { statusCheck } from '../../platform/write/status-column.js';
import { TRANSFER_MACHINE, type TransferDecision, type TransferStatus } from './transfers.rules.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A transfer from a customer's own account to a payee, risk-scored before it executes. */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    fromAccountId: text('from_account_id').notNull(),
    payeeAccountNumber: text('payee_account_number').notNull(),
    payeeName: text('payee_name').notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    channel: text('channel').notNull(),
    /** See TRANSFER_MACHINE in transfers.rules.ts. */
    status: text('status').$type<TransferStatus>().notNull(),
    decision: text('decision').$type<TransferDecision>().notNull(),
    score: integer('score').notNull(),
    signals: jsonb('signals').$type<string[]>().notNull(),
    otpHash: text('otp_hash'),
    otpAttempts: integer('otp_attempts').notNull().default(0),
    /** Step-up codes sent (or tried) for this transfer: capped, counted under the row lock. */
    otpSends: integer('otp_sends').notNull().default(0),
    otpExpiresAt: at('otp_expires_at'),
    coreTransferId: text('core_transfer_id'),
    reviewedBy: text('reviewed_by'),
    reviewReason: text('review_reason'),
    seq: integer('seq').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('transfers_idempotency_idx').on(t.customerId, t.idempotencyKey),
    index('transfers_customer_idx').on(t.customerId, t.createdAt),
    index('transfers_status_idx').on(t.status),
    // Process health reads a window of transfers by creation time.
    index('transfers_created_idx').on(t.createdAt),
    check('transfers_status_check', statusCheck(t.status, TRANSFER_MACHINE)),
  ],
);

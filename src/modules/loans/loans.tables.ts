import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { statusCheck } from '../../platform/write/status-column.js';
import { LOAN_MACHINE, type LoanStatus } from './loans.rules.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** A loan application. Every change of status appends an event in the same transaction. */
export const loanApplications = pgTable(
  'loan_applications',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    productCode: text('product_code').notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    termMonths: integer('term_months').notNull(),
    purpose: text('purpose').notNull(),
    channel: text('channel').notNull(),
    status: text('status').$type<LoanStatus>().notNull(),
    /** The seq of the stream's latest event. */
    seq: integer('seq').notNull(),
    /** The automatic decision: outcome, reasons, and the approved terms. */
    decision: jsonb('decision').$type<Record<string, unknown>>(),
    approvedAmount: numeric('approved_amount', { precision: 18, scale: 2 }),
    annualRate: text('annual_rate'),
    monthlyPayment: numeric('monthly_payment', { precision: 18, scale: 2 }),
    requestedDocuments: text('requested_documents').array().notNull().default(sql`'{}'::text[]`),
    claimedBy: text('claimed_by'),
    /** Four-eyes: the first of two approvals needed above the threshold. */
    firstApprovalBy: text('first_approval_by'),
    decidedBy: text('decided_by'),
    disbursementAccountId: text('disbursement_account_id'),
    disbursementId: text('disbursement_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('loan_applications_idempotency_idx').on(t.customerId, t.idempotencyKey),
    // A second open application for the same product by the same customer is refused, even in a race.
    uniqueIndex('loan_applications_one_open_per_product_idx')
      .on(t.customerId, t.productCode)
      .where(sql`${t.status} in ('SUBMITTED', 'CHECKING', 'MANUAL_REVIEW', 'DOCUMENTS_REQUESTED', 'APPROVED', 'CONTRACT_SIGNED')`),
    index('loan_applications_customer_idx').on(t.customerId),
    index('loan_applications_status_idx').on(t.status),
    // Process health reads a window of applications by creation time.
    index('loan_applications_created_idx').on(t.createdAt),
    check('loan_applications_status_check', statusCheck(t.status, LOAN_MACHINE)),
  ],
);

/** Documents a customer uploaded for an application (the supplement a reviewer asked for). */
export const loanDocuments = pgTable(
  'loan_documents',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => loanApplications.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    channel: text('channel').notNull(),
    uploadedAt: at('uploaded_at').notNull(),
  },
  (t) => [index('loan_documents_application_idx').on(t.applicationId)],
);

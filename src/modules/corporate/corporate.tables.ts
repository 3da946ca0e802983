import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { statusCheck } from '../../platform/write/status-column.js';
import { CORPORATE_REQUEST_MACHINE, GUIDANCE_MACHINE, type CorporateRequestStatus, type GuidanceStatus } from './corporate.rules.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** The signing at the branch: who signed for the company, verified how, before which teller. */
export interface BranchSignature {
  tellerId: string;
  signatoryCustomerId: string;
  signatoryName: string;
  relation: string;
  verificationId: string;
}

/**
 * A company's bill discounting or letter of guarantee request: reviewed by an expert online,
 * signed at a branch. Every status change appends an event (`corporate:<id>`) in the same transaction.
 */
export const corporateRequests = pgTable(
  'corporate_requests',
  {
    id: uuid('id').primaryKey(),
    companyId: text('company_id').notNull(),
    /** The representative who submitted it. */
    customerId: text('customer_id').notNull(),
    /** Everyone who could act for the company at submission: they follow the request. */
    representativeIds: text('representative_ids').array().notNull(),
    /** Every person linked to the company at submission: experts who are one of them never review it. */
    relatedCustomerIds: text('related_customer_ids').array().notNull(),
    kind: text('kind').notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    settlementAccountId: text('settlement_account_id').notNull(),
    purpose: text('purpose').notNull(),
    /** The bill (discounting) or the guarantee's terms. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    channel: text('channel').notNull(),
    status: text('status').$type<CorporateRequestStatus>().notNull(),
    seq: integer('seq').notNull(),
    requestedDocuments: text('requested_documents').array().notNull().default(sql`'{}'::text[]`),
    claimedBy: text('claimed_by'),
    /** Four eyes: the first of two approvals needed above CORPORATE_FOUR_EYES_THRESHOLD. */
    firstApprovalBy: text('first_approval_by'),
    decidedBy: text('decided_by'),
    conditions: text('conditions').array().notNull().default(sql`'{}'::text[]`),
    returnReasons: text('return_reasons').array().notNull().default(sql`'{}'::text[]`),
    signature: jsonb('signature').$type<BranchSignature>(),
    signedAt: at('signed_at'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('corporate_requests_idempotency_idx').on(t.customerId, t.idempotencyKey),
    index('corporate_requests_company_idx').on(t.companyId),
    index('corporate_requests_status_idx').on(t.status),
    check('corporate_requests_status_check', statusCheck(t.status, CORPORATE_REQUEST_MACHINE)),
    // An expert who claimed it never gave its first approval too (four eyes, also in the database).
    check('corporate_requests_four_eyes_check', sql`${t.claimedBy} is null or ${t.firstApprovalBy} is null or ${t.claimedBy} <> ${t.firstApprovalBy}`),
  ],
);

/** Documents of a corporate request: those submitted with it and those an expert asked for later. */
export const corporateDocuments = pgTable(
  'corporate_documents',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => corporateRequests.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    channel: text('channel').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: at('uploaded_at').notNull(),
  },
  (t) => [index('corporate_documents_request_idx').on(t.requestId)],
);

/**
 * Remote expert guidance: a teller hands branch business (a corporate account opening, a service
 * request) to the expert queue by kind and reference, and follows the decision live (`guidance:<id>`).
 */
export const expertGuidanceCases = pgTable(
  'expert_guidance_cases',
  {
    id: uuid('id').primaryKey(),
    /** e.g. CORPORATE_ACCOUNT_OPENING. */
    kind: text('kind').notNull(),
    /** What it is about, e.g. a service request id or a company id; opaque to this module. */
    reference: text('reference').notNull(),
    summary: text('summary').notNull(),
    /** The company it concerns, if any: linked experts never decide it. */
    companyId: text('company_id'),
    relatedCustomerIds: text('related_customer_ids').array().notNull().default(sql`'{}'::text[]`),
    /** The teller who opened it (and follows it). */
    openedBy: text('opened_by').notNull(),
    status: text('status').$type<GuidanceStatus>().notNull(),
    seq: integer('seq').notNull(),
    claimedBy: text('claimed_by'),
    decidedBy: text('decided_by'),
    conditions: text('conditions').array().notNull().default(sql`'{}'::text[]`),
    returnReasons: text('return_reasons').array().notNull().default(sql`'{}'::text[]`),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('expert_guidance_cases_idempotency_idx').on(t.openedBy, t.idempotencyKey),
    index('expert_guidance_cases_status_idx').on(t.status),
    index('expert_guidance_cases_reference_idx').on(t.kind, t.reference),
    check('expert_guidance_cases_status_check', statusCheck(t.status, GUIDANCE_MACHINE)),
  ],
);

/** SQL of the loan flow. Status changes, their events, documents and audit entries go through the one write path. */
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { createWritePath, type TxRecord } from '../../platform/write/write-path.js';
import { LOAN_MACHINE, OPEN_STATUSES, type LoanStatus } from './loans.rules.js';
import { loanApplications, loanDocuments } from './loans.tables.js';

export type LoanRow = typeof loanApplications.$inferSelect;
export type LoanDocumentRow = typeof loanDocuments.$inferSelect;

export const loanStream = (id: string) => `loan:${id}`;
export const customerTopic = (customerId: string) => `customer:${customerId}:loans`;
export const REVIEW_QUEUE_TOPIC = 'review-queue';

export function createLoansRepository(db: Database) {
  return {
    ...createWritePath(db, {
      table: loanApplications,
      machine: LOAN_MACHINE,
      stream: loanStream,
      topics: (row) => [customerTopic(row.customerId)],
    }),

    /** A document stored with the change that accepts it. */
    documentRecord:
      (document: typeof loanDocuments.$inferInsert): TxRecord =>
      async (tx) => {
        await tx.insert(loanDocuments).values(document);
      },

    findById: async (id: string) => (await db.select().from(loanApplications).where(eq(loanApplications.id, id)).limit(1))[0],

    findByIdempotencyKey: async (customerId: string, key: string) =>
      (
        await db
          .select()
          .from(loanApplications)
          .where(and(eq(loanApplications.customerId, customerId), eq(loanApplications.idempotencyKey, key)))
          .limit(1)
      )[0],

    listForCustomer: (customerId: string, onlyOpen: boolean) =>
      db
        .select()
        .from(loanApplications)
        .where(and(eq(loanApplications.customerId, customerId), onlyOpen ? inArray(loanApplications.status, [...OPEN_STATUSES]) : undefined))
        .orderBy(desc(loanApplications.createdAt)),

    /** Applications in `statuses`, oldest first: the reviewers' queue, or the undecided ones a sweep finishes. */
    findByStatus: (filter: { statuses: LoanStatus[]; productCode?: string; claimedBy?: string | null; createdBefore?: Date; updatedBefore?: Date; limit: number }) =>
      db
        .select()
        .from(loanApplications)
        .where(
          and(
            inArray(loanApplications.status, filter.statuses),
            filter.productCode ? eq(loanApplications.productCode, filter.productCode) : undefined,
            filter.claimedBy === null ? isNull(loanApplications.claimedBy) : filter.claimedBy ? eq(loanApplications.claimedBy, filter.claimedBy) : undefined,
            filter.createdBefore ? lt(loanApplications.createdAt, filter.createdBefore) : undefined,
            filter.updatedBefore ? lt(loanApplications.updatedAt, filter.updatedBefore) : undefined,
          ),
        )
        .orderBy(loanApplications.createdAt)
        .limit(filter.limit),

    documentsOf: (applicationId: string) =>
      db
        .select({
          id: loanDocuments.id,
          kind: loanDocuments.kind,
          fileName: loanDocuments.fileName,
          contentType: loanDocuments.contentType,
          sizeBytes: loanDocuments.sizeBytes,
          sha256: loanDocuments.sha256,
          uploadedAt: loanDocuments.uploadedAt,
        })
        .from(loanDocuments)
        .where(eq(loanDocuments.applicationId, applicationId))
        .orderBy(loanDocuments.uploadedAt),
  };
}

export type LoansRepository = ReturnType<typeof createLoansRepository>;

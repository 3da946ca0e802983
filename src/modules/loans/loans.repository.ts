/** SQL of the loan flow. Status changes, their events, documents and audit entries go through the one write path. */
import { and, asc, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { afterKeyset, type KeysetCursor } from '../../platform/graphql/connection.js';
import type { Database } from '../../platform/db/database.js';
import { createWritePath, type TxRecord } from '../../platform/write/write-path.js';
import { LOAN_MACHINE, OPEN_STATUSES, type LoanStatus } from './loans.rules.js';
import { loanApplications, loanDocuments } from './loans.tables.js';

export type LoanRow = typeof loanApplications.$inferSelect;
export type LoanDocumentRow = typeof loanDocuments.$inferSelect;

export const loanStream = (id: string) => `loan:${id}`;
export const customerTopic = (customerId: string) => `customer:${customerId}:loans`;
export const REVIEW_QUEUE_TOPIC = 'review-queue';

interface StatusFilter {
  statuses: LoanStatus[];
  productCode?: string;
  claimedBy?: string | null;
  createdBefore?: Date;
  updatedBefore?: Date;
}

function statusFilter(filter: StatusFilter) {
  return and(
    inArray(loanApplications.status, filter.statuses),
    filter.productCode ? eq(loanApplications.productCode, filter.productCode) : undefined,
    filter.claimedBy === null ? isNull(loanApplications.claimedBy) : filter.claimedBy ? eq(loanApplications.claimedBy, filter.claimedBy) : undefined,
    filter.createdBefore ? lt(loanApplications.createdAt, filter.createdBefore) : undefined,
    filter.updatedBefore ? lt(loanApplications.updatedAt, filter.updatedBefore) : undefined,
  );
}

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

    /** A page of a customer's applications, newest first, after `after` (keyset on createdAt, id). */
    pageForCustomer: (customerId: string, limit: number, after: KeysetCursor | null) =>
      db
        .select()
        .from(loanApplications)
        .where(and(eq(loanApplications.customerId, customerId), afterKeyset(loanApplications.createdAt, loanApplications.id, after, 'desc')))
        .orderBy(desc(loanApplications.createdAt), desc(loanApplications.id))
        .limit(limit),

    countForCustomer: async (customerId: string): Promise<number> =>
      (await db.select({ n: count() }).from(loanApplications).where(eq(loanApplications.customerId, customerId)))[0]?.n ?? 0,

    /**
     * Applications in `statuses`, oldest first, after `after` (keyset on createdAt, id): the
     * reviewers' queue, or the undecided ones a sweep finishes.
     */
    findByStatus: (filter: StatusFilter & { limit: number; after?: KeysetCursor | null }) =>
      db
        .select()
        .from(loanApplications)
        .where(and(statusFilter(filter), afterKeyset(loanApplications.createdAt, loanApplications.id, filter.after ?? null, 'asc')))
        .orderBy(asc(loanApplications.createdAt), asc(loanApplications.id))
        .limit(filter.limit),

    /** How many applications `findByStatus` would list over all its pages. */
    countByStatus: async (filter: StatusFilter): Promise<number> => (await db.select({ n: count() }).from(loanApplications).where(statusFilter(filter)))[0]?.n ?? 0,

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

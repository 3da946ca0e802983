/** SQL of the loan flow. A status change and its event are written in one transaction. */
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { appendEvent, type NewEvent, type StoredEvent } from '../../platform/events/event-log.js';
import { appendAudit, type NewAuditEntry } from '../audit/audit-log.js';
import { loanApplications, loanDocuments } from './loans.tables.js';

export type LoanRow = typeof loanApplications.$inferSelect;
export type LoanDocumentRow = typeof loanDocuments.$inferSelect;

/** What a change decides, given the row as it is under lock. */
export interface Change {
  set: Partial<Omit<LoanRow, 'id' | 'seq' | 'customerId'>>;
  /** A document stored with the change (an upload), in the same transaction. */
  document?: typeof loanDocuments.$inferInsert;
  /** A sensitive action recorded in the audit trail, in the same transaction. */
  audit?: NewAuditEntry;
  event: Omit<NewEvent, 'stream' | 'topics'> & { topics?: string[] };
}

export const loanStream = (id: string) => `loan:${id}`;
export const customerTopic = (customerId: string) => `customer:${customerId}:loans`;
export const REVIEW_QUEUE_TOPIC = 'review-queue';

export function createLoansRepository(db: Database) {
  return {
    /** Inserts a new application with its first event. */
    insert: (row: typeof loanApplications.$inferInsert, event: NewEvent, now: Date) =>
      db.transaction(async (tx) => {
        await tx.insert(loanApplications).values(row);
        return appendEvent(tx as unknown as Database, event, now);
      }),

    findById: async (id: string) => (await db.select().from(loanApplications).where(eq(loanApplications.id, id)).limit(1))[0],

    findByIdempotencyKey: async (customerId: string, key: string) =>
      (
        await db
          .select()
          .from(loanApplications)
          .where(and(eq(loanApplications.customerId, customerId), eq(loanApplications.idempotencyKey, key)))
          .limit(1)
      )[0],

    /**
     * Locks the row, lets `decide` look at it, then writes its change and event together.
     * `decide` throws to refuse; nothing is written then.
     */
    change: (id: string, now: Date, decide: (row: LoanRow) => Change): Promise<{ row: LoanRow; event: StoredEvent } | undefined> =>
      db.transaction(async (tx) => {
        const [row] = await tx.select().from(loanApplications).where(eq(loanApplications.id, id)).for('update');
        if (!row) return undefined;
        const { set, event, document, audit } = decide(row);
        if (document) await tx.insert(loanDocuments).values(document);
        if (audit) await appendAudit(tx as unknown as Database, audit, now);
        const [updated] = await tx
          .update(loanApplications)
          .set({ ...set, seq: row.seq + 1, updatedAt: now })
          .where(eq(loanApplications.id, id))
          .returning();
        const topics = [loanStream(id), customerTopic(row.customerId), ...(event.topics ?? [])];
        const stored = await appendEvent(tx as unknown as Database, { ...event, stream: loanStream(id), topics }, now);
        return { row: updated!, event: stored };
      }),

    listForCustomer: (customerId: string, onlyOpen: boolean) =>
      db
        .select()
        .from(loanApplications)
        .where(
          and(
            eq(loanApplications.customerId, customerId),
            onlyOpen ? inArray(loanApplications.status, ['SUBMITTED', 'CHECKING', 'MANUAL_REVIEW', 'DOCUMENTS_REQUESTED', 'APPROVED', 'CONTRACT_SIGNED']) : undefined,
          ),
        )
        .orderBy(desc(loanApplications.createdAt)),

    /** The reviewers' queue, oldest first: applications waiting for a person. */
    reviewQueue: (filter: { statuses: string[]; productCode?: string; claimedBy?: string | null; before?: Date; limit: number }) =>
      db
        .select()
        .from(loanApplications)
        .where(
          and(
            inArray(loanApplications.status, filter.statuses),
            filter.productCode ? eq(loanApplications.productCode, filter.productCode) : undefined,
            filter.claimedBy === null ? isNull(loanApplications.claimedBy) : filter.claimedBy ? eq(loanApplications.claimedBy, filter.claimedBy) : undefined,
            filter.before ? lt(loanApplications.createdAt, filter.before) : undefined,
          ),
        )
        .orderBy(loanApplications.createdAt)
        .limit(filter.limit),

    insertDocument: (doc: typeof loanDocuments.$inferInsert) => db.insert(loanDocuments).values(doc),

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

    uploadedKinds: async (applicationId: string, since: Date) =>
      new Set(
        (
          await db
            .select({ kind: loanDocuments.kind })
            .from(loanDocuments)
            .where(and(eq(loanDocuments.applicationId, applicationId), or(sql`${loanDocuments.uploadedAt} >= ${since}`)))
        ).map((r) => r.kind),
      ),
  };
}

export type LoansRepository = ReturnType<typeof createLoansRepository>;

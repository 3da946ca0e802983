/** SQL of corporate requests and expert-guidance cases. Status changes, events, documents and audit entries go through the one write path. */
import { and, arrayContains, desc, eq, inArray, isNull, not, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { createWritePath, type TxRecord } from '../../platform/write/write-path.js';
import { CORPORATE_REQUEST_MACHINE, GUIDANCE_MACHINE, type CorporateRequestStatus } from './corporate.rules.js';
import { corporateDocuments, corporateRequests, expertGuidanceCases } from './corporate.tables.js';

export type CorporateRequestRow = typeof corporateRequests.$inferSelect;
export type GuidanceCaseRow = typeof expertGuidanceCases.$inferSelect;

export const corporateStream = (id: string) => `corporate:${id}`;
export const guidanceStream = (id: string) => `guidance:${id}`;
/** Every corporate request and guidance case entering, moving in or leaving the expert queue. */
export const EXPERT_QUEUE_TOPIC = 'expert-queue';
export const companyTopic = (companyId: string) => `company:${companyId}:requests`;

/** Experts who are one of `related` never see the row in their queue. */
const notLinked = (column: typeof corporateRequests.relatedCustomerIds | typeof expertGuidanceCases.relatedCustomerIds, customerId: string | null) =>
  customerId ? not(arrayContains(column, [customerId])) : undefined;

export function createCorporateRepository(db: Database) {
  const requests = createWritePath(db, {
    table: corporateRequests,
    machine: CORPORATE_REQUEST_MACHINE,
    stream: corporateStream,
    topics: (row) => [companyTopic(row.companyId)],
  });
  const cases = createWritePath(db, {
    table: expertGuidanceCases,
    machine: GUIDANCE_MACHINE,
    stream: guidanceStream,
    topics: () => [],
  });
  return {
    requests,
    cases,

    /** A document stored with the change that accepts it. */
    documentRecord:
      (document: typeof corporateDocuments.$inferInsert): TxRecord =>
      async (tx) => {
        await tx.insert(corporateDocuments).values(document);
      },

    findRequest: async (id: string) => (await db.select().from(corporateRequests).where(eq(corporateRequests.id, id)).limit(1))[0],

    findRequestByKey: async (customerId: string, key: string) =>
      (await db.select().from(corporateRequests).where(and(eq(corporateRequests.customerId, customerId), eq(corporateRequests.idempotencyKey, key))).limit(1))[0],

    /** Requests a representative may follow (they could act for the company at submission), newest first. */
    requestsOfRepresentative: (customerId: string) =>
      db
        .select()
        .from(corporateRequests)
        .where(arrayContains(corporateRequests.representativeIds, [customerId]))
        .orderBy(desc(corporateRequests.createdAt))
        .limit(200),

    /** The expert queue, oldest first, without the requests of companies the expert is linked to. */
    expertQueue: (filter: { statuses: CorporateRequestStatus[]; kind?: string; claimedBy?: string | null; expertCustomerId: string | null; limit: number }) =>
      db
        .select()
        .from(corporateRequests)
        .where(
          and(
            inArray(corporateRequests.status, filter.statuses),
            filter.kind ? eq(corporateRequests.kind, filter.kind) : undefined,
            filter.claimedBy === null ? isNull(corporateRequests.claimedBy) : filter.claimedBy ? eq(corporateRequests.claimedBy, filter.claimedBy) : undefined,
            notLinked(corporateRequests.relatedCustomerIds, filter.expertCustomerId),
          ),
        )
        .orderBy(corporateRequests.createdAt)
        .limit(filter.limit),

    /** Approved requests waiting for their branch signature, oldest first. */
    awaitingSignature: (companyId: string | null, limit: number) =>
      db
        .select()
        .from(corporateRequests)
        .where(and(eq(corporateRequests.status, 'APPROVED'), companyId ? eq(corporateRequests.companyId, companyId) : undefined))
        .orderBy(corporateRequests.updatedAt)
        .limit(limit),

    documentsOf: (requestId: string) =>
      db
        .select({
          id: corporateDocuments.id,
          kind: corporateDocuments.kind,
          fileName: corporateDocuments.fileName,
          contentType: corporateDocuments.contentType,
          sizeBytes: corporateDocuments.sizeBytes,
          sha256: corporateDocuments.sha256,
          uploadedAt: corporateDocuments.uploadedAt,
        })
        .from(corporateDocuments)
        .where(eq(corporateDocuments.requestId, requestId))
        .orderBy(corporateDocuments.uploadedAt, corporateDocuments.kind),

    findCase: async (id: string) => (await db.select().from(expertGuidanceCases).where(eq(expertGuidanceCases.id, id)).limit(1))[0],

    findCaseByKey: async (openedBy: string, key: string) =>
      (await db.select().from(expertGuidanceCases).where(and(eq(expertGuidanceCases.openedBy, openedBy), eq(expertGuidanceCases.idempotencyKey, key))).limit(1))[0],

    /** Cases a kind and reference name (how another module finds the cases about its row). */
    casesFor: (kind: string, reference: string) =>
      db
        .select()
        .from(expertGuidanceCases)
        .where(and(eq(expertGuidanceCases.kind, kind), eq(expertGuidanceCases.reference, reference)))
        .orderBy(desc(expertGuidanceCases.createdAt)),

    /** Open cases, oldest first, without those about a company the expert is linked to. */
    guidanceQueue: (filter: { kind?: string; expertCustomerId: string | null; mineOrUnclaimed: string; limit: number }) =>
      db
        .select()
        .from(expertGuidanceCases)
        .where(
          and(
            eq(expertGuidanceCases.status, 'OPEN'),
            filter.kind ? eq(expertGuidanceCases.kind, filter.kind) : undefined,
            or(isNull(expertGuidanceCases.claimedBy), eq(expertGuidanceCases.claimedBy, filter.mineOrUnclaimed)),
            notLinked(expertGuidanceCases.relatedCustomerIds, filter.expertCustomerId),
          ),
        )
        .orderBy(expertGuidanceCases.createdAt)
        .limit(filter.limit),

    /** Cases a teller opened, newest first. */
    casesOpenedBy: (staffId: string, limit: number) =>
      db.select().from(expertGuidanceCases).where(eq(expertGuidanceCases.openedBy, staffId)).orderBy(desc(expertGuidanceCases.createdAt), sql`id`).limit(limit),
  };
}

export type CorporateRepository = ReturnType<typeof createCorporateRepository>;

/** SQL of corporate requests and expert-guidance cases. Status changes, events, documents and audit entries go through the one write path. */
import { and, arrayContains, asc, count, desc, eq, inArray, isNull, not, or } from 'drizzle-orm';
import { afterKeyset, type KeysetCursor } from '../../platform/graphql/connection.js';
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

/** The expert queue's filter: the same for its pages and its count. */
interface ExpertQueueWhere {
  statuses: CorporateRequestStatus[];
  kind?: string;
  claimedBy?: string | null;
  expertCustomerId: string | null;
}

function expertQueueWhere(filter: ExpertQueueWhere) {
  return and(
    inArray(corporateRequests.status, filter.statuses),
    filter.kind ? eq(corporateRequests.kind, filter.kind) : undefined,
    filter.claimedBy === null ? isNull(corporateRequests.claimedBy) : filter.claimedBy ? eq(corporateRequests.claimedBy, filter.claimedBy) : undefined,
    notLinked(corporateRequests.relatedCustomerIds, filter.expertCustomerId),
  );
}

function awaitingSignatureWhere(companyId: string | null) {
  return and(eq(corporateRequests.status, 'APPROVED'), companyId ? eq(corporateRequests.companyId, companyId) : undefined);
}

/** The guidance queue's filter: open cases, unclaimed or the expert's own, never a linked company's. */
interface GuidanceQueueWhere {
  kind?: string;
  expertCustomerId: string | null;
  mineOrUnclaimed: string;
}

function guidanceQueueWhere(filter: GuidanceQueueWhere) {
  return and(
    eq(expertGuidanceCases.status, 'OPEN'),
    filter.kind ? eq(expertGuidanceCases.kind, filter.kind) : undefined,
    or(isNull(expertGuidanceCases.claimedBy), eq(expertGuidanceCases.claimedBy, filter.mineOrUnclaimed)),
    notLinked(expertGuidanceCases.relatedCustomerIds, filter.expertCustomerId),
  );
}

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
    /** Requests of the companies a representative may act for, newest first, after `after` (keyset on createdAt, id). */
    requestsOfRepresentative: (customerId: string, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(corporateRequests)
        .where(and(arrayContains(corporateRequests.representativeIds, [customerId]), afterKeyset(corporateRequests.createdAt, corporateRequests.id, after, 'desc')))
        .orderBy(desc(corporateRequests.createdAt), desc(corporateRequests.id))
        .limit(limit),

    countRequestsOfRepresentative: async (customerId: string): Promise<number> =>
      (await db.select({ n: count() }).from(corporateRequests).where(arrayContains(corporateRequests.representativeIds, [customerId])))[0]?.n ?? 0,

    /** The expert queue, oldest first, without the requests of companies the expert is linked to. */
    expertQueue: (filter: ExpertQueueWhere, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(corporateRequests)
        .where(and(expertQueueWhere(filter), afterKeyset(corporateRequests.createdAt, corporateRequests.id, after, 'asc')))
        .orderBy(asc(corporateRequests.createdAt), asc(corporateRequests.id))
        .limit(limit),

    countExpertQueue: async (filter: ExpertQueueWhere): Promise<number> => (await db.select({ n: count() }).from(corporateRequests).where(expertQueueWhere(filter)))[0]?.n ?? 0,

    /** Approved requests waiting for their branch signature, oldest approval first, after `after` (keyset on updatedAt, id). */
    awaitingSignature: (companyId: string | null, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(corporateRequests)
        .where(and(awaitingSignatureWhere(companyId), afterKeyset(corporateRequests.updatedAt, corporateRequests.id, after, 'asc')))
        .orderBy(asc(corporateRequests.updatedAt), asc(corporateRequests.id))
        .limit(limit),

    countAwaitingSignature: async (companyId: string | null): Promise<number> =>
      (await db.select({ n: count() }).from(corporateRequests).where(awaitingSignatureWhere(companyId)))[0]?.n ?? 0,

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
    guidanceQueue: (filter: GuidanceQueueWhere, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(expertGuidanceCases)
        .where(and(guidanceQueueWhere(filter), afterKeyset(expertGuidanceCases.createdAt, expertGuidanceCases.id, after, 'asc')))
        .orderBy(asc(expertGuidanceCases.createdAt), asc(expertGuidanceCases.id))
        .limit(limit),

    countGuidanceQueue: async (filter: GuidanceQueueWhere): Promise<number> => (await db.select({ n: count() }).from(expertGuidanceCases).where(guidanceQueueWhere(filter)))[0]?.n ?? 0,

    /** Cases a teller opened, newest first, after `after` (keyset on createdAt, id). */
    casesOpenedBy: (staffId: string, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(expertGuidanceCases)
        .where(and(eq(expertGuidanceCases.openedBy, staffId), afterKeyset(expertGuidanceCases.createdAt, expertGuidanceCases.id, after, 'desc')))
        .orderBy(desc(expertGuidanceCases.createdAt), desc(expertGuidanceCases.id))
        .limit(limit),

    countCasesOpenedBy: async (staffId: string): Promise<number> =>
      (await db.select({ n: count() }).from(expertGuidanceCases).where(eq(expertGuidanceCases.openedBy, staffId)))[0]?.n ?? 0,
  };
}

export type CorporateRepository = ReturnType<typeof createCorporateRepository>;

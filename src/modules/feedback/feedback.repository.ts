/** SQL of experience ratings: the rated flow's owner and status, and the one insert. */
import { and, asc, count, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { afterKeyset, type KeysetCursor } from '../../platform/graphql/connection.js';
import type { Database } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { createWritePath } from '../../platform/write/write-path.js';
import { alertRecord } from '../alerts/alerts.raise.js';
import { loanApplications } from '../loans/loans.tables.js';
import { accountOpenings } from '../onboarding/onboarding.tables.js';
import { transfers } from '../transfers/transfers.tables.js';
import { FEEDBACK_MACHINE, FEEDBACK_QUEUE_TOPIC, UNANSWERED, feedbackStream, type FeedbackStatus, type FeedbackSubjectKind, type RatedFlow } from './feedback.rules.js';
import { experienceRatings, feedbackItems } from './feedback.tables.js';

export type RatingRow = typeof experienceRatings.$inferSelect;
export type FeedbackRow = typeof feedbackItems.$inferSelect;

/** The feedback aggregate as the write path sees it: every event also goes to the officers' queue topic. */
export const feedbackAggregate = {
  table: feedbackItems,
  machine: FEEDBACK_MACHINE,
  stream: feedbackStream,
  topics: () => [FEEDBACK_QUEUE_TOPIC],
};

export function createFeedbackRepository(db: Database) {
  return {
    /** The owner and status of the flow `id`, or undefined. */
    async flow(flow: RatedFlow, id: string): Promise<{ customerId: string; status: string } | undefined> {
      const table = flow === 'LOAN_APPLICATION' ? loanApplications : flow === 'TRANSFER' ? transfers : accountOpenings;
      const [row] = await db.select({ customerId: table.customerId, status: table.status }).from(table).where(eq(table.id, id)).limit(1);
      return row;
    },

    /** Inserts the rating; false when this customer already rated this flow (the unique index decides, races included). */
    async insert(row: RatingRow): Promise<boolean> {
      try {
        await db.insert(experienceRatings).values(row);
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
  };
}

/** Feedback items: reads, the one write path, and the overdue sweep. */
export function createFeedbackItemsRepository(db: Database) {
  const write = createWritePath(db, feedbackAggregate);
  return {
    write,
    findById: async (id: string) => (await db.select().from(feedbackItems).where(eq(feedbackItems.id, id)).limit(1))[0],
    findByKey: async (submittedBy: string, key: string) =>
      (await db.select().from(feedbackItems).where(and(eq(feedbackItems.submittedBy, submittedBy), eq(feedbackItems.idempotencyKey, key))).limit(1))[0],
    /** The customer's own items, newest first. */
    /** A customer's items, newest first, after `after` (keyset on submittedAt, id). */
    mine: (customerId: string, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(feedbackItems)
        .where(and(eq(feedbackItems.customerId, customerId), afterKeyset(feedbackItems.submittedAt, feedbackItems.id, after, 'desc')))
        .orderBy(desc(feedbackItems.submittedAt), desc(feedbackItems.id))
        .limit(limit),
    countMine: async (customerId: string): Promise<number> => (await db.select({ n: count() }).from(feedbackItems).where(eq(feedbackItems.customerId, customerId)))[0]?.n ?? 0,
    /** Items in `statuses`, the soonest due first, after `after` (keyset on dueAt, id; the status+due index serves it). */
    queue: (statuses: readonly FeedbackStatus[], limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(feedbackItems)
        .where(and(inArray(feedbackItems.status, [...statuses]), afterKeyset(feedbackItems.dueAt, feedbackItems.id, after, 'asc')))
        .orderBy(asc(feedbackItems.dueAt), asc(feedbackItems.id))
        .limit(limit),
    countQueue: async (statuses: readonly FeedbackStatus[]): Promise<number> =>
      (await db.select({ n: count() }).from(feedbackItems).where(inArray(feedbackItems.status, [...statuses])))[0]?.n ?? 0,
    /** The owner of the loan application or transfer `id`, or undefined. */
    async subjectOwner(kind: FeedbackSubjectKind, id: string): Promise<string | undefined> {
      const table = kind === 'LOAN_APPLICATION' ? loanApplications : transfers;
      const [row] = await db.select({ customerId: table.customerId }).from(table).where(eq(table.id, id)).limit(1);
      return row?.customerId ?? undefined;
    },
    /**
     * Escalates up to `limit` items unanswered past their due time, each exactly once whatever
     * the number of instances: the candidates are locked `FOR UPDATE SKIP LOCKED` (another
     * instance's batch is skipped, not waited for), re-checked under the lock, moved to ESCALATED
     * with their event and a FEEDBACK_OVERDUE alert, all in one transaction.
     * @returns the ids escalated
     */
    async escalateOverdue(now: Date, limit: number): Promise<string[]> {
      return db.transaction(async (tx) => {
        const due = await tx
          .select({ id: feedbackItems.id })
          .from(feedbackItems)
          .where(and(inArray(feedbackItems.status, [...UNANSWERED]), lte(feedbackItems.dueAt, now), isNull(feedbackItems.escalatedAt)))
          .orderBy(asc(feedbackItems.dueAt))
          .limit(limit)
          .for('update', { skipLocked: true });
        const paths = createWritePath(tx as unknown as Database, feedbackAggregate);
        const escalated: string[] = [];
        for (const { id } of due) {
          const { event } = await paths.change(id, now, (row) => {
            if (!UNANSWERED.includes(row.status as FeedbackStatus) || row.escalatedAt || row.dueAt > now) return null;
            return {
              set: { status: 'ESCALATED', escalatedAt: now, claimedBy: null },
              event: { type: 'ESCALATED', actor: 'system', reason: 'Not answered by its due time.', payload: { dueAt: row.dueAt.toISOString() } },
              records: [
                alertRecord({
                  kind: 'FEEDBACK_OVERDUE',
                  severity: 'MEDIUM',
                  customerId: row.customerId,
                  subject: `feedback:${row.id}`,
                  summary: `Feedback (${row.category.toLowerCase()}) not answered by ${row.dueAt.toISOString()}`,
                  detail: { feedbackId: row.id, category: row.category, dueAt: row.dueAt.toISOString() },
                }),
              ],
            };
          });
          if (event) escalated.push(id);
        }
        return escalated;
      });
    },
  };
}

export type FeedbackItemsRepository = ReturnType<typeof createFeedbackItemsRepository>;

export type FeedbackRepository = ReturnType<typeof createFeedbackRepository>;

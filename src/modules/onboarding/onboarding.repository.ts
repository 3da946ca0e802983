/** SQL of account openings. Status changes, their events, alerts and audit entries go through the one write path. */
import { and, asc, count, eq, inArray, lt } from 'drizzle-orm';
import { afterKeyset, type KeysetCursor } from '../../platform/graphql/connection.js';
import type { Database } from '../../platform/db/database.js';
import { createWritePath } from '../../platform/write/write-path.js';
import { OPENING_MACHINE } from './onboarding.rules.js';
import { accountOpenings } from './onboarding.tables.js';

export type OpeningRow = typeof accountOpenings.$inferSelect;

/** The statuses of the risk officers' queue. */
const PENDING: OpeningRow['status'][] = ['PENDING_REVIEW', 'OPENING'];

export const openingStream = (id: string) => `account-opening:${id}`;
export const customerOpeningsTopic = (customerId: string) => `customer:${customerId}:account-openings`;

export function createOnboardingRepository(db: Database) {
  return {
    ...createWritePath(db, {
      table: accountOpenings,
      machine: OPENING_MACHINE,
      stream: openingStream,
      topics: (row) => [customerOpeningsTopic(row.customerId)],
    }),

    findById: async (id: string) => (await db.select().from(accountOpenings).where(eq(accountOpenings.id, id)).limit(1))[0],

    /** Approved openings still OPENING, last changed before `before`, oldest first. */
    stuckOpening: (before: Date, limit: number) =>
      db
        .select()
        .from(accountOpenings)
        .where(and(eq(accountOpenings.status, 'OPENING'), lt(accountOpenings.updatedAt, before)))
        .orderBy(asc(accountOpenings.updatedAt))
        .limit(limit),

    /** Openings waiting for a risk officer, oldest first: held ones, and approved ones core banking has not opened yet. */
    /** Openings waiting for a risk officer (or opening), oldest first, after `after` (keyset on createdAt, id). */
    pendingReview: (limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(accountOpenings)
        .where(and(inArray(accountOpenings.status, PENDING), afterKeyset(accountOpenings.createdAt, accountOpenings.id, after, 'asc')))
        .orderBy(asc(accountOpenings.createdAt), asc(accountOpenings.id))
        .limit(limit),

    countPendingReview: async (): Promise<number> => (await db.select({ n: count() }).from(accountOpenings).where(inArray(accountOpenings.status, PENDING)))[0]?.n ?? 0,
  };
}

export type OnboardingRepository = ReturnType<typeof createOnboardingRepository>;

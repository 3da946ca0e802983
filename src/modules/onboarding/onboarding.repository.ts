/** SQL of account openings. A status change, its event and any alert are written in one transaction. */
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { appendEvent, type NewEvent } from '../../platform/events/event-log.js';
import { raiseAlert, type RaiseAlertInput } from '../alerts/alerts.raise.js';
import { appendAudit } from '../audit/audit-log.js';
import { accountOpenings } from './onboarding.tables.js';

export type OpeningRow = typeof accountOpenings.$inferSelect;

/** What a change decides, given the row as it is under lock. */
export interface OpeningChange {
  set: Partial<Omit<OpeningRow, 'id' | 'seq' | 'customerId' | 'createdAt'>>;
  event: Omit<NewEvent, 'stream' | 'topics'>;
  /** Raised with the change, in the same transaction. */
  alert?: RaiseAlertInput | null;
}

export const openingStream = (id: string) => `account-opening:${id}`;
export const customerOpeningsTopic = (customerId: string) => `customer:${customerId}:account-openings`;

export function createOnboardingRepository(db: Database) {
  return {
    /** Inserts a draft with its first event. */
    insert: (row: typeof accountOpenings.$inferInsert, event: Omit<NewEvent, 'stream' | 'topics'>, now: Date) =>
      db.transaction(async (tx) => {
        await tx.insert(accountOpenings).values(row);
        await appendEvent(tx as unknown as Database, { ...event, stream: openingStream(row.id), topics: [openingStream(row.id), customerOpeningsTopic(row.customerId)] }, now);
      }),

    findById: async (id: string) => (await db.select().from(accountOpenings).where(eq(accountOpenings.id, id)).limit(1))[0],

    /**
     * Locks the row, lets `decide` look at it, then writes its change, event and alert together.
     * `decide` returns null to leave the row as it is (nothing written); it throws to refuse.
     */
    change: (id: string, now: Date, decide: (row: OpeningRow) => OpeningChange | null): Promise<OpeningRow | undefined> =>
      db.transaction(async (tx) => {
        const [row] = await tx.select().from(accountOpenings).where(eq(accountOpenings.id, id)).for('update');
        if (!row) return undefined;
        const change = decide(row);
        if (!change) return row;
        const [updated] = await tx
          .update(accountOpenings)
          .set({ ...change.set, seq: row.seq + 1, updatedAt: now })
          .where(eq(accountOpenings.id, id))
          .returning();
        await appendEvent(
          tx as unknown as Database,
          { ...change.event, stream: openingStream(id), topics: [openingStream(id), customerOpeningsTopic(row.customerId)] },
          now,
        );
        if (change.alert) await raiseAlert(tx as unknown as Database, change.alert, now);
        // Every outcome of an opening is an audited action, committed with the outcome itself.
        if (change.set.status && change.set.status !== row.status) {
          await appendAudit(
            tx as unknown as Database,
            { actor: change.event.actor, action: `ACCOUNT_OPENING_${change.set.status}`, subject: openingStream(id), detail: { customerId: row.customerId, from: row.status } },
            now,
          );
        }
        return updated!;
      }),

    /** Approved openings still OPENING, last changed before `before`, oldest first. */
    stuckOpening: (before: Date, limit: number) =>
      db
        .select()
        .from(accountOpenings)
        .where(and(eq(accountOpenings.status, 'OPENING'), lt(accountOpenings.updatedAt, before)))
        .orderBy(asc(accountOpenings.updatedAt))
        .limit(limit),

    /** Openings waiting for a risk officer, oldest first: held ones, and approved ones core banking has not opened yet. */
    pendingReview: (limit: number) =>
      db
        .select()
        .from(accountOpenings)
        .where(inArray(accountOpenings.status, ['PENDING_REVIEW', 'OPENING']))
        .orderBy(asc(accountOpenings.createdAt))
        .limit(limit),
  };
}

export type OnboardingRepository = ReturnType<typeof createOnboardingRepository>;

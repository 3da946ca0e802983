/** SQL of behaviour events, needs profiles and offers. A customer's evaluation runs under the lock of their profile row. */
import { and, desc, eq, gte, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { appendEvent, type StoredEvent } from '../../platform/events/event-log.js';
import { LOOKBACK_MS, RULE_INPUT_KINDS, type BehaviourKind, type EventFact } from './offers.rules.js';
import { behaviourEvents, needsProfiles, offers } from './offers.tables.js';

export type BehaviourEventRow = typeof behaviourEvents.$inferInsert;
export type ProfileRow = typeof needsProfiles.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;
export type OfferStatus = 'OPEN' | 'ACCEPTED' | 'DISMISSED' | 'WITHDRAWN';

/** The stream (and topic) of one customer's offers: `offerReceived` replays and follows it. */
export const offersStream = (customerId: string) => `offers:${customerId}`;

const emptyProfile = (customerId: string, now: Date): ProfileRow => ({
  customerId,
  needs: [],
  advisorStatus: 'NOT_NEEDED',
  advisorId: null,
  advisorAssignedAt: null,
  marketingConsent: false,
  consentChangedAt: null,
  consentChannel: null,
  evaluatedAt: null,
  updatedAt: now,
});

/** What a piece of work under a customer's lock may do. */
export interface LockedCustomer {
  profile: ProfileRow;
  insertEvents(rows: BehaviourEventRow[]): Promise<void>;
  /** The customer's events of the kinds the rules read, in the rules' look-back window. */
  recentEvents(now: Date): Promise<EventFact[]>;
  /** When the rule last made this customer an offer, or null. */
  lastOfferAt(rule: string): Promise<Date | null>;
  /** Inserts the offer and appends its OFFER_MADE event to the customer's stream (NOTIFY on commit). */
  makeOffer(row: OfferRow): Promise<StoredEvent>;
  updateProfile(set: Partial<ProfileRow>): Promise<ProfileRow>;
  /** OPEN offers → WITHDRAWN (consent revoked). */
  withdrawOpenOffers(now: Date): Promise<number>;
}

export function createOffersRepository(db: Database) {
  return {
    /**
     * Runs `work` in one transaction holding the customer's profile row `FOR UPDATE` (created if
     * missing): evaluations, consent changes and offers of one customer never interleave, on any
     * number of instances.
     */
    async withCustomer<T>(customerId: string, now: Date, work: (locked: LockedCustomer) => Promise<T>): Promise<T> {
      return db.transaction(async (txn) => {
        const tx = txn as unknown as Database;
        await tx.insert(needsProfiles).values(emptyProfile(customerId, now)).onConflictDoNothing();
        const [profile] = await tx.select().from(needsProfiles).where(eq(needsProfiles.customerId, customerId)).for('update');
        if (!profile) throw new Error(`needs profile of ${customerId} vanished under its lock`);
        const locked: LockedCustomer = {
          profile,
          async insertEvents(rows) {
            if (rows.length > 0) await tx.insert(behaviourEvents).values(rows);
          },
          async recentEvents(at) {
            const rows = await tx
              .select({ kind: behaviourEvents.kind, productCode: behaviourEvents.productCode, occurredAt: behaviourEvents.occurredAt })
              .from(behaviourEvents)
              .where(
                and(
                  eq(behaviourEvents.customerId, customerId),
                  gte(behaviourEvents.occurredAt, new Date(at.getTime() - LOOKBACK_MS)),
                  inArray(behaviourEvents.kind, [...RULE_INPUT_KINDS]),
                ),
              )
              .orderBy(desc(behaviourEvents.occurredAt))
              .limit(5000);
            return rows.map((r) => ({ ...r, kind: r.kind as BehaviourKind }));
          },
          async lastOfferAt(rule) {
            const [row] = await tx.select({ at: max(offers.createdAt) }).from(offers).where(and(eq(offers.customerId, customerId), eq(offers.rule, rule)));
            return row?.at ?? null;
          },
          async makeOffer(row) {
            await tx.insert(offers).values(row);
            return appendEvent(
              tx,
              {
                stream: offersStream(customerId),
                type: 'OFFER_MADE',
                actor: 'system',
                payload: { offerId: row.id, rule: row.rule, need: row.need, productCode: row.productCode },
                topics: [offersStream(customerId)],
              },
              row.createdAt,
            );
          },
          async updateProfile(set) {
            const [row] = await tx.update(needsProfiles).set(set).where(eq(needsProfiles.customerId, customerId)).returning();
            return row!;
          },
          async withdrawOpenOffers(at) {
            const rows = await tx
              .update(offers)
              .set({ status: 'WITHDRAWN', respondedAt: at })
              .where(and(eq(offers.customerId, customerId), eq(offers.status, 'OPEN')))
              .returning({ id: offers.id });
            return rows.length;
          },
        };
        return work(locked);
      });
    },

    profile: async (customerId: string) => (await db.select().from(needsProfiles).where(eq(needsProfiles.customerId, customerId)).limit(1))[0],

    /** Sets the advisor found in CRM, unless the profile moved on meanwhile (consent revoked, already assigned). */
    async settleAdvisor(customerId: string, advisorId: string | null, now: Date): Promise<void> {
      await db
        .update(needsProfiles)
        .set(advisorId ? { advisorStatus: 'ASSIGNED', advisorId, advisorAssignedAt: now, updatedAt: now } : { advisorStatus: 'NO_MANAGER', updatedAt: now })
        .where(and(eq(needsProfiles.customerId, customerId), eq(needsProfiles.advisorStatus, 'PENDING')));
    },

    findOffer: async (id: string) => (await db.select().from(offers).where(eq(offers.id, id)).limit(1))[0],

    /** The customer's offers in `statuses`, newest first; those OPEN and never shown are marked shown now. */
    async listAndMarkShown(customerId: string, statuses: readonly OfferStatus[], limit: number, now: Date): Promise<OfferRow[]> {
      const rows = await db
        .select()
        .from(offers)
        .where(and(eq(offers.customerId, customerId), inArray(offers.status, [...statuses])))
        .orderBy(desc(offers.createdAt), desc(offers.id))
        .limit(limit);
      const unseen = rows.filter((r) => r.status === 'OPEN' && r.shownAt === null).map((r) => r.id);
      if (unseen.length > 0) {
        await db.update(offers).set({ shownAt: now }).where(and(inArray(offers.id, unseen), isNull(offers.shownAt)));
        for (const row of rows) if (unseen.includes(row.id)) row.shownAt = now;
      }
      return rows;
    },

    /** OPEN → `status`, in one conditional statement (two answers at once: one wins); undefined when it was not OPEN. */
    async respond(id: string, customerId: string, status: 'ACCEPTED' | 'DISMISSED', now: Date): Promise<OfferRow | undefined> {
      const [row] = await db
        .update(offers)
        .set({ status, respondedAt: now, shownAt: sql`coalesce(${offers.shownAt}, ${now.toISOString()}::timestamptz)` })
        .where(and(eq(offers.id, id), eq(offers.customerId, customerId), eq(offers.status, 'OPEN')))
        .returning();
      return row;
    },
  };
}

export type OffersRepository = ReturnType<typeof createOffersRepository>;

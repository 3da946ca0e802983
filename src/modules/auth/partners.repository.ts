/** SQL of partners and the consents customers give them. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { isUuid } from '../../platform/ids.js';
import { partnerConsents, partners } from './auth.tables.js';
import { grantSubject } from './grant-cache.js';
import { announceRevocation, recordSecurityEvent } from './security-events.js';

export type ConsentRow = typeof partnerConsents.$inferSelect;

export function createPartnersRepository(db: Database) {
  return {
    findPartner: async (id: string) => (await db.select().from(partners).where(eq(partners.id, id)).limit(1))[0],

    findConsent: async (id: string) =>
      isUuid(id) ? (await db.select().from(partnerConsents).where(eq(partnerConsents.id, id)).limit(1))[0] : undefined,

    liveConsentsOf: (customerId: string) =>
      db
        .select({ consent: partnerConsents, partnerName: partners.name })
        .from(partnerConsents)
        .innerJoin(partners, eq(partners.id, partnerConsents.partnerId))
        .where(and(eq(partnerConsents.customerId, customerId), isNull(partnerConsents.revokedAt)))
        .orderBy(partnerConsents.grantedAt),

    /** Replaces the customer's live consent for a partner with a new one, atomically. */
    grantConsent: (consent: { id: string; customerId: string; partnerId: string; scopes: string[] }, now: Date, audit: (tx: Database) => Promise<unknown>) =>
      db.transaction(async (tx) => {
        await tx
          .update(partnerConsents)
          .set({ revokedAt: now })
          .where(
            and(eq(partnerConsents.customerId, consent.customerId), eq(partnerConsents.partnerId, consent.partnerId), isNull(partnerConsents.revokedAt)),
          );
        await tx.insert(partnerConsents).values({ ...consent, grantedAt: now });
        await announceRevocation(tx, grantSubject('CUSTOMER', consent.customerId));
        await recordSecurityEvent(
          tx,
          { kind: 'CONSENT_GRANTED', subjectId: consent.customerId, detail: { partnerId: consent.partnerId, scopes: consent.scopes, consentId: consent.id } },
          now,
        );
        await audit(tx);
      }),

    revokeConsent: (customerId: string, partnerId: string, now: Date, audit: (tx: Database) => Promise<unknown>) =>
      db.transaction(async (tx) => {
        const revoked = await tx
          .update(partnerConsents)
          .set({ revokedAt: now })
          .where(and(eq(partnerConsents.customerId, customerId), eq(partnerConsents.partnerId, partnerId), isNull(partnerConsents.revokedAt)))
          .returning({ id: partnerConsents.id });
        if (revoked.length > 0) {
          await announceRevocation(tx, grantSubject('CUSTOMER', customerId));
          await recordSecurityEvent(tx, { kind: 'CONSENT_REVOKED', subjectId: customerId, detail: { partnerId, consentIds: revoked.map((r) => r.id) } }, now);
          await audit(tx);
        }
        return revoked.length;
      }),
  };
}

export type PartnersRepository = ReturnType<typeof createPartnersRepository>;

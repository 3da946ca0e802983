/** SQL of the customer view: bureau authorizations and the bureau report cache. */
import { and, eq, isNull } from 'drizzle-orm';
import type { CreditReport } from '../../adapters/credit-bureau/credit-bureau.port.js';
import type { Database } from '../../platform/db/database.js';
import { bureauAuthorizations, creditReportCache } from './customers.tables.js';

export function createCustomersRepository(db: Database) {
  return {
    hasBureauAuthorization: async (customerId: string) =>
      (
        await db
          .select({ id: bureauAuthorizations.customerId })
          .from(bureauAuthorizations)
          .where(and(eq(bureauAuthorizations.customerId, customerId), isNull(bureauAuthorizations.revokedAt)))
          .limit(1)
      ).length > 0,

    authorizeBureau: (customerId: string, channel: string, now: Date) =>
      db
        .insert(bureauAuthorizations)
        .values({ customerId, channel, authorizedAt: now })
        .onConflictDoUpdate({ target: bureauAuthorizations.customerId, set: { channel, authorizedAt: now, revokedAt: null } }),

    revokeBureau: (customerId: string, now: Date) =>
      db.update(bureauAuthorizations).set({ revokedAt: now }).where(eq(bureauAuthorizations.customerId, customerId)),

    cachedReport: async (customerId: string) => {
      const [row] = await db.select().from(creditReportCache).where(eq(creditReportCache.customerId, customerId)).limit(1);
      return row ? { report: row.report as unknown as CreditReport, fetchedAt: row.fetchedAt } : undefined;
    },

    storeReport: (report: CreditReport, now: Date) =>
      db
        .insert(creditReportCache)
        .values({ customerId: report.customerId, report: report as unknown as Record<string, unknown>, fetchedAt: now })
        .onConflictDoUpdate({
          target: creditReportCache.customerId,
          set: { report: report as unknown as Record<string, unknown>, fetchedAt: now },
        }),
  };
}

export type CustomersRepository = ReturnType<typeof createCustomersRepository>;

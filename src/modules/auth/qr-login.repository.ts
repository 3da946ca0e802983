/** SQL of QR hand-off tickets. */
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { isUuid } from '../../platform/ids.js';
import { qrLogins } from './auth.tables.js';

export function createQrLoginRepository(db: Database) {
  return {
    createQrLogin: (row: typeof qrLogins.$inferInsert) => db.insert(qrLogins).values(row),

    findQrLogin: async (id: string) => (isUuid(id) ? (await db.select().from(qrLogins).where(eq(qrLogins.id, id)).limit(1))[0] : undefined),

    /** PENDING → APPROVED for a customer, if still pending and unexpired. */
    approveQrLogin: async (id: string, customerId: string, now: Date) =>
      isUuid(id) &&
      (
        await db
          .update(qrLogins)
          .set({ status: 'APPROVED', customerId, approvedAt: now })
          .where(and(eq(qrLogins.id, id), eq(qrLogins.status, 'PENDING'), gt(qrLogins.expiresAt, now)))
          .returning({ id: qrLogins.id })
      ).length === 1,

    /** APPROVED → COMPLETED exactly once; returns the approving customer. */
    completeQrLogin: async (id: string, now: Date) =>
      (
        await db
          .update(qrLogins)
          .set({ status: 'COMPLETED', completedAt: now })
          .where(and(eq(qrLogins.id, id), eq(qrLogins.status, 'APPROVED')))
          .returning({ customerId: qrLogins.customerId, channel: qrLogins.channel })
      )[0],
  };
}

export type QrLoginRepository = ReturnType<typeof createQrLoginRepository>;

/** SQL of QR hand-off tickets. */
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { isUuid } from '../../platform/ids.js';
import { qrLogins } from './auth.tables.js';
import { appendEvent } from '../../platform/events/event-log.js';

/** The event stream of one QR login. */
export const qrLoginStream = (id: string) => `qr-login:${id}`;

export function createQrLoginRepository(db: Database) {
  return {
    createQrLogin: (row: typeof qrLogins.$inferInsert) => db.insert(qrLogins).values(row),

    findQrLogin: async (id: string) => (isUuid(id) ? (await db.select().from(qrLogins).where(eq(qrLogins.id, id)).limit(1))[0] : undefined),

    /**
     * PENDING → APPROVED for a customer, if still pending and unexpired, with its
     * `QR_LOGIN_APPROVED` event (which wakes the waiting page on whichever instance it waits) and
     * the audit entry, in one transaction. The row's update lock orders the stream's writers.
     */
    approveQrLogin: async (id: string, customerId: string, now: Date, audit: (tx: Database) => Promise<unknown>) =>
      isUuid(id) &&
      db.transaction(async (tx) => {
        const [approved] = await tx
          .update(qrLogins)
          .set({ status: 'APPROVED', customerId, approvedAt: now })
          .where(and(eq(qrLogins.id, id), eq(qrLogins.status, 'PENDING'), gt(qrLogins.expiresAt, now)))
          .returning({ id: qrLogins.id });
        if (!approved) return false;
        await appendEvent(
          tx,
          { stream: qrLoginStream(id), type: 'QR_LOGIN_APPROVED', actor: `customer:${customerId}`, payload: {}, topics: [qrLoginStream(id)] },
          now,
        );
        await audit(tx);
        return true;
      }),

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

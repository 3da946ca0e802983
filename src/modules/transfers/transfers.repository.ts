/** SQL of transfers: a status change, its event (and any alert) in one transaction. */
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { appendEvent, type NewEvent, type StoredEvent } from '../../platform/events/event-log.js';
import { raiseAlert, type RaiseAlertInput } from '../alerts/alerts.raise.js';
import { appendAudit, type NewAuditEntry } from '../audit/audit-log.js';
import { transfers } from './transfers.tables.js';

export type TransferRow = typeof transfers.$inferSelect;

export const transferStream = (id: string) => `transfer:${id}`;
export const customerTransfersTopic = (customerId: string) => `customer:${customerId}:transfers`;

export interface TransferChange {
  set: Partial<Omit<TransferRow, 'id' | 'seq' | 'customerId'>>;
  event: { type: string; actor: string; reason?: string | null; payload?: Record<string, unknown> };
  alert?: RaiseAlertInput;
  /** A sensitive action recorded in the audit trail, in the same transaction. */
  audit?: NewAuditEntry;
}

export function createTransfersRepository(db: Database) {
  const eventOf = (row: TransferRow, change: TransferChange['event'], status: string): NewEvent => ({
    stream: transferStream(row.id),
    type: change.type,
    actor: change.actor,
    reason: change.reason ?? null,
    payload: { status, ...change.payload },
    topics: [transferStream(row.id), customerTransfersTopic(row.customerId)],
  });

  return {
    /** Inserts a scored transfer with its first event (and alert, for HOLD and BLOCK). */
    insert: (row: TransferRow, change: Omit<TransferChange, 'set'>, now: Date) =>
      db.transaction(async (tx) => {
        await tx.insert(transfers).values(row);
        if (change.alert) await raiseAlert(tx as unknown as Database, change.alert, now);
        if (change.audit) await appendAudit(tx as unknown as Database, change.audit, now);
        return appendEvent(tx as unknown as Database, eventOf(row, change.event, row.status), now);
      }),

    findById: async (id: string) => (await db.select().from(transfers).where(eq(transfers.id, id)).limit(1))[0],

    findByIdempotencyKey: async (customerId: string, key: string) =>
      (await db.select().from(transfers).where(and(eq(transfers.customerId, customerId), eq(transfers.idempotencyKey, key))).limit(1))[0],

    change: (id: string, now: Date, decide: (row: TransferRow) => TransferChange): Promise<{ row: TransferRow; event: StoredEvent } | undefined> =>
      db.transaction(async (tx) => {
        const [row] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
        if (!row) return undefined;
        const change = decide(row);
        const [updated] = await tx
          .update(transfers)
          .set({ ...change.set, seq: row.seq + 1, updatedAt: now })
          .where(eq(transfers.id, id))
          .returning();
        if (change.alert) await raiseAlert(tx as unknown as Database, change.alert, now);
        if (change.audit) await appendAudit(tx as unknown as Database, change.audit, now);
        const event = await appendEvent(tx as unknown as Database, eventOf(row, change.event, updated!.status), now);
        return { row: updated!, event };
      }),

    /** Whether the customer has sent money to this account number before (through the gateway). */
    hasPaid: async (customerId: string, accountNumber: string) =>
      (
        await db
          .select({ id: transfers.id })
          .from(transfers)
          .where(and(eq(transfers.customerId, customerId), eq(transfers.payeeAccountNumber, accountNumber), eq(transfers.status, 'POSTED')))
          .limit(1)
      ).length > 0,

    countSince: async (customerId: string, since: Date) =>
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(transfers)
          .where(and(eq(transfers.customerId, customerId), gt(transfers.createdAt, since)))
      )[0]?.n ?? 0,

    listForCustomer: (customerId: string, limit: number) =>
      db.select().from(transfers).where(eq(transfers.customerId, customerId)).orderBy(desc(transfers.createdAt)).limit(limit),

    listByStatus: (status: string, limit: number) =>
      db.select().from(transfers).where(eq(transfers.status, status)).orderBy(transfers.createdAt).limit(limit),
  };
}

export type TransfersRepository = ReturnType<typeof createTransfersRepository>;

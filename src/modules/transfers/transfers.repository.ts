/** SQL of transfers. Status changes, their events, alerts and audit entries go through the one write path. */
import { and, asc, count, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { afterKeyset, type KeysetCursor } from '../../platform/graphql/connection.js';
import type { Database } from '../../platform/db/database.js';
import { createWritePath } from '../../platform/write/write-path.js';
import { TRANSFER_MACHINE, type TransferStatus } from './transfers.rules.js';
import { transfers } from './transfers.tables.js';

export type TransferRow = typeof transfers.$inferSelect;

export const transferStream = (id: string) => `transfer:${id}`;
export const customerTransfersTopic = (customerId: string) => `customer:${customerId}:transfers`;

export function createTransfersRepository(db: Database) {
  return {
    ...createWritePath(db, {
      table: transfers,
      machine: TRANSFER_MACHINE,
      stream: transferStream,
      topics: (row) => [customerTransfersTopic(row.customerId)],
    }),

    findById: async (id: string) => (await db.select().from(transfers).where(eq(transfers.id, id)).limit(1))[0],

    findByIdempotencyKey: async (customerId: string, key: string) =>
      (await db.select().from(transfers).where(and(eq(transfers.customerId, customerId), eq(transfers.idempotencyKey, key))).limit(1))[0],

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

    /** A customer's transfers, newest first, after `after` (keyset on createdAt, id). */
    listForCustomer: (customerId: string, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(transfers)
        .where(
          and(
            eq(transfers.customerId, customerId),
            afterKeyset(transfers.createdAt, transfers.id, after, 'desc'),
          ),
        )
        .orderBy(desc(transfers.createdAt), desc(transfers.id))
        .limit(limit),

    countForCustomer: async (customerId: string): Promise<number> =>
      (await db.select({ n: count() }).from(transfers).where(eq(transfers.customerId, customerId)))[0]?.n ?? 0,

    /** Transfers in `status`, oldest first, after `after` (keyset on createdAt, id). */
    listByStatus: (status: TransferStatus, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(transfers)
        .where(and(eq(transfers.status, status), afterKeyset(transfers.createdAt, transfers.id, after, 'asc')))
        .orderBy(asc(transfers.createdAt), asc(transfers.id))
        .limit(limit),

    countByStatus: async (status: TransferStatus): Promise<number> =>
      (await db.select({ n: count() }).from(transfers).where(eq(transfers.status, status)))[0]?.n ?? 0,

    /** Transfers still POSTING, last changed before `before`, oldest first (for the recovery sweep). */
    stuckPosting: (before: Date, limit: number) =>
      db
        .select()
        .from(transfers)
        .where(and(eq(transfers.status, 'POSTING'), lt(transfers.updatedAt, before)))
        .orderBy(asc(transfers.updatedAt))
        .limit(limit),
  };
}

export type TransfersRepository = ReturnType<typeof createTransfersRepository>;

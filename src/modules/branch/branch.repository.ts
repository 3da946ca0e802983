/** SQL of branch terminals and QR pre-fill tickets. */
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import type { TxRecord } from '../../platform/write/write-path.js';
import { refuse } from './branch.errors.js';
import { branchTerminals, branchTickets } from './branch.tables.js';

export type TerminalRow = typeof branchTerminals.$inferSelect;
export type TicketRow = typeof branchTickets.$inferSelect;

export function createBranchRepository(db: Database) {
  return {
    insertTerminal: async (row: typeof branchTerminals.$inferInsert) => (await db.insert(branchTerminals).values(row).returning())[0]!,

    findTerminal: async (id: string) => (await db.select().from(branchTerminals).where(eq(branchTerminals.id, id)).limit(1))[0],

    revokeTerminal: async (id: string, now: Date) =>
      (await db.update(branchTerminals).set({ revokedAt: now }).where(and(eq(branchTerminals.id, id), isNull(branchTerminals.revokedAt))).returning())[0],

    insertTicket: async (row: typeof branchTickets.$inferInsert) => (await db.insert(branchTickets).values(row).returning())[0]!,

    findTicketByHash: async (tokenHash: string) => (await db.select().from(branchTickets).where(eq(branchTickets.tokenHash, tokenHash)).limit(1))[0],

    /**
     * Redeems the ticket in the transaction of the request's take-over: one conditional UPDATE, so
     * of two terminals racing only one changes the row; the other's whole transaction rolls back.
     */
    redeemRecord:
      (ticketId: string, branchId: string, terminalId: string, tellerId: string): TxRecord =>
      async (tx, now) => {
        // branch-ticket-redeem
        const won = await tx
          .update(branchTickets)
          .set({ redeemedAt: now, redeemedByTerminal: terminalId, redeemedByTeller: tellerId })
          .where(
            and(
              eq(branchTickets.id, ticketId),
              isNull(branchTickets.redeemedAt),
              gt(branchTickets.expiresAt, now),
              or(isNull(branchTickets.branchId), eq(branchTickets.branchId, branchId)),
            ),
          )
          .returning({ id: branchTickets.id });
        if (won.length === 0) refuse('TICKET_REDEEMED', 'This ticket was already redeemed.');
      },

  };
}

export type BranchRepository = ReturnType<typeof createBranchRepository>;

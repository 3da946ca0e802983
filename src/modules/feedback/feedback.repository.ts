/** SQL of experience ratings: the rated flow's owner and status, and the one insert. */
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { loanApplications } from '../loans/loans.tables.js';
import { accountOpenings } from '../onboarding/onboarding.tables.js';
import { transfers } from '../transfers/transfers.tables.js';
import type { RatedFlow } from './feedback.rules.js';
import { experienceRatings } from './feedback.tables.js';

export type RatingRow = typeof experienceRatings.$inferSelect;

export function createFeedbackRepository(db: Database) {
  return {
    /** The owner and status of the flow `id`, or undefined. */
    async flow(flow: RatedFlow, id: string): Promise<{ customerId: string; status: string } | undefined> {
      const table = flow === 'LOAN_APPLICATION' ? loanApplications : flow === 'TRANSFER' ? transfers : accountOpenings;
      const [row] = await db.select({ customerId: table.customerId, status: table.status }).from(table).where(eq(table.id, id)).limit(1);
      return row;
    },

    /** Inserts the rating; false when this customer already rated this flow (the unique index decides, races included). */
    async insert(row: RatingRow): Promise<boolean> {
      try {
        await db.insert(experienceRatings).values(row);
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
  };
}

export type FeedbackRepository = ReturnType<typeof createFeedbackRepository>;

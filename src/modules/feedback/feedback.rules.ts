/**
 * Experience ratings: what a customer may rate and what a rating must hold. Pure: the flow's
 * status comes in as an argument.
 */

/** The flows a customer can rate once they are done. */
export type RatedFlow = 'LOAN_APPLICATION' | 'TRANSFER' | 'ACCOUNT_OPENING';

/** Statuses in which a flow is done from the customer's point of view (decided, posted, opened…). */
export const COMPLETED_STATUSES: Readonly<Record<RatedFlow, readonly string[]>> = Object.freeze({
  LOAN_APPLICATION: ['APPROVED', 'REJECTED', 'CONTRACT_SIGNED', 'DISBURSED', 'WITHDRAWN'],
  TRANSFER: ['POSTED', 'REJECTED', 'BLOCKED', 'FAILED'],
  ACCOUNT_OPENING: ['OPENED', 'TERMINATED'],
});

export const CSAT_RANGE = [1, 5] as const;
export const NPS_RANGE = [0, 10] as const;

export type RatingProblem = { field: 'csat' | 'nps'; message: string } | { field: 'subjectId'; message: string };

/** What is wrong with a rating, or null. At least one score; each an integer in its range; the flow done. */
export function ratingProblem(input: { csat?: number | null; nps?: number | null }, flow: RatedFlow, status: string): RatingProblem | null {
  const { csat, nps } = input;
  if ((csat === null || csat === undefined) && (nps === null || nps === undefined)) return { field: 'csat', message: 'Give a satisfaction score (csat), a recommendation score (nps), or both.' };
  const outside = (v: number, [lo, hi]: readonly [number, number]) => !Number.isInteger(v) || v < lo || v > hi;
  if (csat !== null && csat !== undefined && outside(csat, CSAT_RANGE)) return { field: 'csat', message: 'csat must be a whole number from 1 to 5.' };
  if (nps !== null && nps !== undefined && outside(nps, NPS_RANGE)) return { field: 'nps', message: 'nps must be a whole number from 0 to 10.' };
  if (!COMPLETED_STATUSES[flow].includes(status)) return { field: 'subjectId', message: 'Only a finished flow can be rated.' };
  return null;
}

/**
 * Experience ratings: what a customer may rate and what a rating must hold. Pure: the flow's
 * status comes in as an argument.
 */
import { stateMachine } from '../../platform/write/state-machine.js';

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

// ---------------------------------------------------------------------------------------------
// Feedback items and their 72-hour clock

export type FeedbackStatus = 'OPEN' | 'CLAIMED' | 'ESCALATED' | 'RESPONDED' | 'RESOLVED';

/**
 * OPEN → CLAIMED (an officer takes it) → RESPONDED (first answer; more answers keep it there) →
 * RESOLVED. An item still unanswered at `dueAt` (OPEN or CLAIMED) becomes ESCALATED, once, and
 * waits in the supervisors' queue until someone claims it again.
 */
export const FEEDBACK_MACHINE = stateMachine<FeedbackStatus>('feedback item', {
  OPEN: ['CLAIMED', 'ESCALATED'],
  CLAIMED: ['RESPONDED', 'ESCALATED'],
  ESCALATED: ['CLAIMED'],
  RESPONDED: ['RESOLVED'],
  RESOLVED: [],
});

/** Statuses still waiting for a first answer: the escalation job's candidates. */
export const UNANSWERED: readonly FeedbackStatus[] = Object.freeze(['OPEN', 'CLAIMED']);

export type FeedbackCategory = 'COMPLAINT' | 'SUGGESTION' | 'PRAISE' | 'QUESTION' | 'SERVICE_ISSUE';
export type FeedbackSubjectKind = 'LOAN_APPLICATION' | 'TRANSFER';

export const FEEDBACK_TEXT_MAX = 2000;
export const FEEDBACK_RESPONSE_MAX = 2000;

export const feedbackStream = (id: string) => `feedback:${id}`;
/** Every feedback event, for the officers' queue. */
export const FEEDBACK_QUEUE_TOPIC = 'feedback-queue';

/** What is wrong with a text (feedback or response), or null. Trimmed first; 1..max characters. */
export function textProblem(text: string, max: number, field: string): { field: string; message: string } | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { field, message: `${field} must not be empty.` };
  if ([...trimmed].length > max) return { field, message: `${field} must be at most ${max} characters.` };
  return null;
}

/** The answer clock: due this long after submission. */
export const dueAtOf = (submittedAt: Date, slaMs: number): Date => new Date(submittedAt.getTime() + slaMs);

/** Whether the item missed its clock: answered after dueAt, or still unanswered past it at `asOf`. */
export function breachedSla(item: { dueAt: Date; firstResponseAt: Date | null }, asOf: Date): boolean {
  return (item.firstResponseAt ?? asOf).getTime() > item.dueAt.getTime();
}

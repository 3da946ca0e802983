/** Experience ratings (CSAT / NPS after a finished flow), for the process-health indicators. */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/context.js';
import { requireCustomer } from '../../platform/guards.js';
import { isUuid } from '../../platform/ids.js';
import { FeedbackError } from './feedback.errors.js';
import type { FeedbackRepository, RatingRow } from './feedback.repository.js';
import { ratingProblem, type RatedFlow } from './feedback.rules.js';

export interface RateInput {
  flow: RatedFlow;
  subjectId: string;
  csat?: number | null;
  nps?: number | null;
}

export function createFeedbackService(deps: { repo: FeedbackRepository; now: () => Date }) {
  return {
    /**
     * Records the customer's rating of their own finished flow, once.
     * @throws FeedbackError FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, ALREADY_RATED
     */
    async rate(viewer: Viewer, input: RateInput, channel: string): Promise<RatingRow> {
      const customer = requireCustomer(viewer, 'Only the customer can rate their experience.');
      const flow = isUuid(input.subjectId) ? await deps.repo.flow(input.flow, input.subjectId) : undefined;
      // Someone else's flow is the same NOT_FOUND as a missing one.
      if (!flow || flow.customerId !== customer.customerId) throw new FeedbackError('NOT_FOUND', 'No such finished flow of yours.');
      const problem = ratingProblem(input, input.flow, flow.status);
      if (problem) throw new FeedbackError('BAD_USER_INPUT', problem.message, { field: problem.field });
      const row: RatingRow = {
        id: randomUUID(),
        customerId: customer.customerId,
        flow: input.flow,
        subjectId: input.subjectId,
        channel,
        csat: input.csat ?? null,
        nps: input.nps ?? null,
        ratedAt: deps.now(),
      };
      if (!(await deps.repo.insert(row))) throw new FeedbackError('ALREADY_RATED', 'You have already rated this.');
      return row;
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;

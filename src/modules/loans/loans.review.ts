/**
 * Manual review of the exceptions: the reviewers' queue, claiming, asking for documents, and the
 * reviewer's decision with four eyes above the threshold.
 */
import type { Viewer } from '../../platform/context.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { CallScope } from '../../platform/request-scope.js';
import { annuityPayment, compareDecimal } from '../../platform/money/decimal.js';
import { auditRecord } from '../audit/audit-log.js';
import { REVIEW_QUEUE_TOPIC, loanStream } from './loans.repository.js';
import type { LoanStatus } from './loans.rules.js';
import { refuse, termsOf, type LoanKit } from './loans.kit.js';

export function createLoanReview(kit: LoanKit) {
  const { deps, repo, change, product, visible, requireReviewer } = kit;
  return {
    /** A page of the reviewers' queue, oldest first, and how many it holds under the same filter. */
    async reviewQueue(viewer: Viewer, filter: { productCode?: string | null; status?: string | null; onlyMine?: boolean; unclaimed?: boolean }, page: PageRequest) {
      const reviewer = await requireReviewer(viewer);
      const where = {
        statuses: filter.status ? [filter.status as LoanStatus] : (['MANUAL_REVIEW', 'DOCUMENTS_REQUESTED'] as LoanStatus[]),
        ...(filter.productCode ? { productCode: filter.productCode } : {}),
        ...(filter.onlyMine ? { claimedBy: reviewer.staffId } : filter.unclaimed ? { claimedBy: null } : {}),
      };
      const [rows, totalCount] = await Promise.all([repo.findByStatus({ ...where, limit: page.limit, after: page.after }), repo.countByStatus(where)]);
      return { rows, totalCount };
    },

    async claim(viewer: Viewer, id: string) {
      const reviewer = await requireReviewer(viewer);
      const { row } = await change(id, (r) => {
        if (r.customerId === reviewer.customerId) refuse('OWN_APPLICATION', 'You cannot review your own application.');
        if (r.status !== 'MANUAL_REVIEW' && r.status !== 'DOCUMENTS_REQUESTED') refuse('INVALID_TRANSITION', `A ${r.status} application is not in review.`, { status: r.status });
        if (r.claimedBy && r.claimedBy !== reviewer.staffId) refuse('ALREADY_CLAIMED', 'Another reviewer has this application.');
        // Waiting for its second approval: the first approver cannot take it back from that queue.
        if (r.firstApprovalBy === reviewer.staffId) refuse('FOUR_EYES_REQUIRED', 'You gave the first approval: a second, different reviewer decides now.');
        return {
          set: { claimedBy: reviewer.staffId },
          event: { type: 'CLAIMED', actor: `staff:${reviewer.staffId}`, reason: null, payload: { status: r.status, claimedBy: reviewer.staffId }, topics: [REVIEW_QUEUE_TOPIC] },
        };
      });
      return row;
    },

    /**
     * Gives a claimed application back to the queue, with a reason (audited): the claimant's own,
     * or any reviewer's when the claimant cannot go on.
     */
    async releaseClaim(viewer: Viewer, id: string, reason: string) {
      const reviewer = await requireReviewer(viewer);
      const why = reason.trim();
      if (why.length < 3) refuse('BAD_USER_INPUT', 'Give a reason for releasing the claim.', { field: 'reason' });
      const actor = `staff:${reviewer.staffId}`;
      const { row } = await change(id, (r) => {
        if (!r.claimedBy) refuse('NOT_CLAIMED', 'Nobody has claimed this application.');
        return {
          set: { claimedBy: null },
          event: { type: 'CLAIM_RELEASED', actor, reason: why, payload: { releasedFrom: r.claimedBy }, topics: [REVIEW_QUEUE_TOPIC] },
          records: [auditRecord({ actor, action: 'LOAN_CLAIM_RELEASED', subject: loanStream(r.id), detail: { reason: why, claimedBy: r.claimedBy } })],
        };
      });
      return row;
    },

    async requestDocuments(viewer: Viewer, id: string, kinds: string[], reason: string) {
      const reviewer = await requireReviewer(viewer);
      const wanted = [...new Set(kinds.map((k) => k.trim()).filter(Boolean))];
      if (wanted.length === 0 || wanted.some((k) => !/^[A-Z][A-Z0-9_]{1,40}$/.test(k))) {
        refuse('BAD_USER_INPUT', 'kinds must be document codes like INCOME_PROOF.', { field: 'kinds' });
      }
      const { row } = await change(id, (r) => {
        if (r.claimedBy !== reviewer.staffId) refuse('NOT_CLAIMED', 'Claim the application first.');
        return {
          set: { status: 'DOCUMENTS_REQUESTED', requestedDocuments: wanted },
          event: { type: 'DOCUMENTS_REQUESTED', actor: `staff:${reviewer.staffId}`, reason, payload: { kinds: wanted }, topics: [REVIEW_QUEUE_TOPIC] },
        };
      });
      return row;
    },

    /**
     * A reviewer's decision. Above the four-eyes threshold an approval needs a second, different
     * reviewer; a reviewer who is the applicant can never decide.
     */
    async decideManually(viewer: Viewer, id: string, approve: boolean, reason: string, scope?: CallScope) {
      const reviewer = await requireReviewer(viewer);
      if (reason.trim().length < 3) refuse('BAD_USER_INPUT', 'Give a reason for the decision.', { field: 'reason' });
      const current = await visible(viewer, id);
      const terms = termsOf(await product(current.productCode, scope));
      const actor = `staff:${reviewer.staffId}`;
      const { row } = await change(id, (r) => {
        if (r.customerId === reviewer.customerId) refuse('OWN_APPLICATION', 'You cannot decide on your own application.');
        if (r.status !== 'MANUAL_REVIEW') refuse('INVALID_TRANSITION', `A ${r.status} application cannot be decided now.`, { status: r.status });
        if (r.claimedBy !== reviewer.staffId) refuse('NOT_CLAIMED', 'Claim the application first.');
        if (!approve) {
          return {
            set: { status: 'REJECTED', decidedBy: reviewer.staffId, claimedBy: null },
            event: { type: 'REJECTED_BY_REVIEWER', actor, reason, topics: [REVIEW_QUEUE_TOPIC] },
            records: [auditRecord({ actor, action: 'LOAN_REJECTED_BY_REVIEWER', subject: loanStream(r.id), detail: { reason, amount: r.amount } })],
          };
        }
        const needsTwo = compareDecimal(r.amount, deps.config.fourEyesThreshold) > 0;
        if (needsTwo && r.firstApprovalBy === reviewer.staffId) {
          refuse('FOUR_EYES_REQUIRED', 'A second, different reviewer must approve this amount.');
        }
        if (needsTwo && !r.firstApprovalBy) {
          // The first of two approvals: the application goes back to the queue for a second reviewer.
          return {
            set: { firstApprovalBy: reviewer.staffId, claimedBy: null },
            event: { type: 'FIRST_APPROVAL', actor, reason, payload: { status: r.status }, topics: [REVIEW_QUEUE_TOPIC] },
            records: [auditRecord({ actor, action: 'LOAN_FIRST_APPROVAL', subject: loanStream(r.id), detail: { reason, amount: r.amount } })],
          };
        }
        return {
          set: {
            status: 'APPROVED',
            decidedBy: reviewer.staffId,
            claimedBy: null,
            approvedAmount: r.amount,
            annualRate: terms.annualRate,
            monthlyPayment: annuityPayment(r.amount, terms.annualRate, r.termMonths),
          },
          event: { type: 'APPROVED_BY_REVIEWER', actor, reason, topics: [REVIEW_QUEUE_TOPIC] },
          records: [auditRecord({ actor, action: 'LOAN_APPROVED_BY_REVIEWER', subject: loanStream(r.id), detail: { reason, amount: r.amount, firstApprovalBy: r.firstApprovalBy } })],
        };
      });
      return row;
    },

    async queueEvents(viewer: Viewer, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await requireReviewer(viewer);
      return deps.fanout.live(REVIEW_QUEUE_TOPIC, { signal });
    },
  };
}

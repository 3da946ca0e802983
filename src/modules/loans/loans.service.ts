/**
 * Loans at T+0: apply, decide at once from data the bank already has, send only exceptions to a
 * reviewer, and let the customer follow every change live. Each status change is written with its
 * event in one transaction (loans.repository.ts); the rules are pure (loans.rules.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Product } from '../../adapters/core-banking/core-banking.port.js';
import type { Viewer } from '../../platform/context.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import type { CallScope } from '../../platform/request-scope.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { requireCustomer } from '../../platform/guards.js';
import { toMoneyString } from '../../platform/money/decimal.js';
import { runIdempotent } from '../../platform/write/idempotency.js';
import { createLoanDecisions, isUndecided } from './loans.decision.js';
import { createLoanDocuments } from './loans.documents.js';
import { createLoanKit, refuse, termsOf, type LoansServiceDeps } from './loans.kit.js';
import { createLoanPayout } from './loans.payout.js';
import { REVIEW_QUEUE_TOPIC, customerTopic, loanStream, type LoanRow } from './loans.repository.js';
import { createLoanReview } from './loans.review.js';
import { canWithdraw, validateApplication, type LoanStatus } from './loans.rules.js';

export type { LoansServiceDeps } from './loans.kit.js';
export type { UploadInput } from './loans.documents.js';

export interface ApplyInput {
  productCode: string;
  amount: string;
  currency: string;
  termMonths: number;
  purpose: string;
}

/** What a replay with the same idempotency key must repeat exactly (purpose trimmed, amount normalised). */
export function applicationRequest(input: { productCode: string; amount: string; currency: string; termMonths: number; purpose: string }): unknown[] {
  return [input.productCode, toMoneyString(input.amount), input.currency, input.termMonths, input.purpose.trim()];
}

/**
 * The loan flow's use cases: applying and following an application here; the automatic decision
 * (loans.decision.ts), manual review (loans.review.ts), documents (loans.documents.ts) and the
 * payout (loans.payout.ts) each in their own file, sharing loans.kit.ts.
 */
export function createLoansService(deps: LoansServiceDeps) {
  const kit = createLoanKit(deps);
  const { repo, now, product, change, visible } = kit;
  const decisions = createLoanDecisions(kit);

  return {
    ...createLoanReview(kit),
    ...createLoanDocuments(kit),
    ...createLoanPayout(kit),
    recoverDecisions: decisions.recoverDecisions,

    /**
     * Records an application and decides it at once. The same idempotency key gives the same
     * application (and reply) however often it is sent; with a different payload it is refused.
     */
    async apply(viewer: Viewer, input: ApplyInput, idempotencyKey: string, channel: string, scope?: CallScope): Promise<LoanRow> {
      const customer = requireCustomer(viewer);
      const purpose = input.purpose.trim();
      let chosen: Product | undefined;
      return runIdempotent({
        key: idempotencyKey,
        request: applicationRequest(input),
        find: () => repo.findByIdempotencyKey(customer.customerId, idempotencyKey),
        hashOf: (row) => row.requestHash,
        claim: async (requestHash) => {
          chosen = await product(input.productCode, scope);
          const problems = validateApplication(termsOf(chosen), input);
          if (problems.length > 0) refuse('BAD_USER_INPUT', problems.map((p) => p.message).join('; '), { fields: problems });
          const id = randomUUID();
          const at = now();
          const amount = toMoneyString(input.amount);
          const { row } = await repo.insert(
            {
              id,
              customerId: customer.customerId,
              productCode: chosen.code,
              amount,
              currency: input.currency,
              termMonths: input.termMonths,
              purpose,
              channel,
              status: 'SUBMITTED',
              seq: 1,
              decision: null,
              approvedAmount: null,
              annualRate: null,
              monthlyPayment: null,
              requestedDocuments: [],
              claimedBy: null,
              firstApprovalBy: null,
              decidedBy: null,
              disbursementAccountId: null,
              disbursementId: null,
              idempotencyKey,
              requestHash,
              createdAt: at,
              updatedAt: at,
            },
            {
              type: 'SUBMITTED',
              actor: `customer:${customer.customerId}`,
              payload: { productCode: chosen.code, amount, currency: input.currency, termMonths: input.termMonths },
            },
            at,
          );
          deps.onApplied?.({ id, customerId: customer.customerId, channel, productCode: chosen.code });
          return row;
        },
        first: (row) => decisions.decide(row.id, `customer:${row.customerId}`, termsOf(chosen!), scope),
        // An undecided application nobody holds a lease on was abandoned (its instance stopped):
        // this request decides it; one being decided now is waited for.
        replay: async (existing) => (isUndecided(existing.status) ? decisions.decide(existing.id, `customer:${existing.customerId}`, undefined, scope) : existing),
        onConflict: (error) => {
          if (!isUniqueViolation(error)) throw error;
          return refuse('PENDING_APPLICATION_EXISTS', `You already have an open ${chosen?.code ?? input.productCode} application.`, { field: 'productCode' });
        },
      });
    },

    async get(viewer: Viewer, id: string) {
      return visible(viewer, id);
    },

    /** A page of the viewer's applications, newest first, and how many they have in all. */
    async mine(viewer: Viewer, page: PageRequest) {
      const customer = requireCustomer(viewer);
      const [rows, totalCount] = await Promise.all([repo.pageForCustomer(customer.customerId, page.limit, page.after), repo.countForCustomer(customer.customerId)]);
      return { rows, totalCount };
    },

    /** Open applications of a customer, for the customer view's summary. */
    openFor: (customerId: string) => repo.listForCustomer(customerId, true),

    async withdraw(viewer: Viewer, id: string, reason: string | null) {
      const customer = requireCustomer(viewer);
      await visible(viewer, id);
      const { row } = await change(id, (r) => {
        if (!canWithdraw(r.status as LoanStatus)) refuse('INVALID_TRANSITION', `A ${r.status} application can no longer be withdrawn.`, { status: r.status });
        return {
          set: { status: 'WITHDRAWN', claimedBy: null },
          event: { type: 'WITHDRAWN', actor: `customer:${customer.customerId}`, reason, topics: [REVIEW_QUEUE_TOPIC] },
        };
      });
      return row;
    },

    /** Replay-then-live events of one application the viewer may see. */
    async events(viewer: Viewer, id: string, afterSeq: number, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await visible(viewer, id);
      return deps.fanout.streamOf(loanStream(id), Math.max(0, afterSeq), { signal });
    },

    myEvents(viewer: Viewer, signal: AbortSignal): AsyncIterableIterator<StoredEvent> {
      const customer = requireCustomer(viewer);
      return deps.fanout.live(customerTopic(customer.customerId), { signal });
    },

    findById: (id: string) => repo.findById(id),
  };
}

export type LoansService = ReturnType<typeof createLoansService>;

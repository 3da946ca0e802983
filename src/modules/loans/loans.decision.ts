/**
 * The automatic decision (T+0): gathers what the bank already knows, decides by the pure rules,
 * records the outcome; waits for a decision another request is making; finishes decisions a
 * stopped instance left half-way.
 */
import { createLoaders, type Loaders } from '../../adapters/loaders.js';
import { hasCode, UpstreamError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import { REVIEW_QUEUE_TOPIC, loanStream, type LoanRow } from './loans.repository.js';
import {
  DEFAULT_POLICY,
  UNDECIDED_STATUSES,
  decideLoan,
  type BureauInput,
  type FinancialsInput,
  type LoanProductTerms,
  type RiskInput,
} from './loans.rules.js';
import { refuse, termsOf, type LoanKit } from './loans.kit.js';

/** How long a replay waits for a decision another request is making, before answering as it is. */
const SETTLE_WAIT_MS = 10_000;
export const isUndecided = (status: string) => (UNDECIDED_STATUSES as readonly string[]).includes(status);

export function createLoanDecisions(kit: LoanKit) {
  const { deps, repo, change, product } = kit;
  const policy = { ...DEFAULT_POLICY, autoApprovalLimit: deps.config.autoApprovalLimit };

  /** What the bank already knows, each part UNAVAILABLE when its system fails. */
  async function gather(customerId: string, loaders: Loaders) {
    const [bureau, financials, risk] = await Promise.all([
      deps.customers.bureauReportForDecision(customerId, loaders).then(
        (b): BureauInput =>
          b.status === 'AVAILABLE'
            ? {
                status: 'AVAILABLE',
                score: b.report.score,
                thinFile: b.report.thinFile,
                delinquencies12m: b.report.delinquencies12m,
                worstStatus: b.report.worstStatus,
                monthlyRepayments: b.report.monthlyRepayments.amount,
              }
            : b.status === 'NOT_AUTHORIZED'
              ? { status: 'NOT_AUTHORIZED' }
              : { status: 'UNAVAILABLE' },
        unavailable<BureauInput>(deps.log, 'creditBureau'),
      ),
      loaders.financialsByCustomer.load(customerId).then(
        (f): FinancialsInput =>
          f ? { status: 'AVAILABLE', monthlyIncome: f.monthlyIncome.amount, monthlyDebtPayments: f.monthlyDebtPayments.amount } : { status: 'UNAVAILABLE' },
        unavailable<FinancialsInput>(deps.log, 'coreBanking'),
      ),
      loaders.riskProfileByCustomer.load(customerId).then(
        (r): RiskInput =>
          r
            ? {
                status: 'AVAILABLE',
                rating: r.rating,
                amlStatus: r.amlStatus,
                watchlistHits: r.watchlistHits.length,
                openLitigation: r.litigation.filter((l) => l.status === 'OPEN').length,
              }
            : { status: 'UNAVAILABLE' },
        unavailable<RiskInput>(deps.log, 'risk'),
      ),
    ]);
    return { bureau, financials, risk };
  }

  /** SUBMITTED → CHECKING → the automatic outcome. Safe to call again for a stuck application. */
  async function decideAutomatically(id: string, terms: LoanProductTerms, scope?: CallScope): Promise<LoanRow> {
    let row = await repo.findById(id);
    if (!row) return refuse('NOT_FOUND', 'No such loan application.');
    if (row.status === 'SUBMITTED') {
      // Another instance may have started it meanwhile (a lease taken over under load): then as it is.
      ({ row } = await change(id, (r) => (r.status !== 'SUBMITTED' ? null : { set: { status: 'CHECKING' }, event: { type: 'CHECKING_STARTED', actor: 'system' } })));
    }
    if (row.status !== 'CHECKING') return row;
    const data = await gather(row.customerId, createLoaders(deps.backends, scope));
    const decision = decideLoan({ product: terms, amount: row.amount, termMonths: row.termMonths, policy, ...data });
    const reasons = decision.reasons.map((r) => r.code);
    const result = await change(id, (r) => {
      if (r.status !== 'CHECKING') return refuse('INVALID_TRANSITION', 'The application changed while it was checked.');
      const approved = decision.outcome === 'APPROVED' ? decision : undefined;
      return {
        set: {
          status: decision.outcome,
          decision: { outcome: decision.outcome, reasons: decision.reasons, inputs: summarise(data) },
          ...(approved ? { approvedAmount: approved.amount, annualRate: approved.annualRate, monthlyPayment: approved.monthlyPayment } : {}),
        },
        event: {
          type: `AUTOMATIC_${decision.outcome}`,
          actor: 'system',
          payload: { reasons },
          topics: decision.outcome === 'MANUAL_REVIEW' ? [REVIEW_QUEUE_TOPIC] : [],
        },
      };
    }).catch((error: unknown) => {
      if (hasCode(error, 'INVALID_TRANSITION')) return undefined; // withdrawn meanwhile
      throw error;
    });
    return result?.row ?? (await repo.findById(id))!;
  }

  /**
   * Waits for the decision of an application another request (maybe on another instance) is
   * deciding right now: listens for its events from the seq it has, and answers with the row as
   * it is after SETTLE_WAIT_MS at most.
   */
  async function settled(id: string): Promise<LoanRow> {
    const row = (await repo.findById(id))!;
    if (!isUndecided(row.status)) return row;
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), SETTLE_WAIT_MS);
    try {
      for await (const event of deps.fanout.streamOf(loanStream(id), row.seq, { signal: giveUp.signal })) {
        if (!isUndecided(String(event.payload.status))) break;
      }
    } finally {
      clearTimeout(timer);
      giveUp.abort();
    }
    return (await repo.findById(id))!;
  }

  /** The decision under its lease; `claimed: false` when a live request (any instance) is making it. */
  function decideLeased(id: string, actor: string, terms?: LoanProductTerms, scope?: CallScope) {
    return deps.leases.run('loan.decision', id, actor, async () => {
      const row = await decideAutomatically(id, terms ?? termsOf(await product((await repo.findById(id))!.productCode, scope)), scope);
      return { value: row, outcome: isUndecided(row.status) ? null : row.status };
    });
  }

  return {
    settled,

    /**
     * Decides an application (SUBMITTED or CHECKING) unless another request holds its lease: then
     * waits for that decision. A decision whose instance stopped has no live lease: this one makes it.
     */
    async decide(id: string, actor: string, terms?: LoanProductTerms, scope?: CallScope): Promise<LoanRow> {
      const run = await decideLeased(id, actor, terms, scope);
      return run.claimed ? run.value : settled(id);
    },

    /**
     * The recovery sweep's pass: decides applications left SUBMITTED or CHECKING (last changed
     * before `before`) whose lease lapsed — their instance stopped. @returns how many it decided
     */
    async recoverDecisions(before: Date, limit: number): Promise<number> {
      let decided = 0;
      for (const row of await repo.findByStatus({ statuses: [...UNDECIDED_STATUSES], updatedBefore: before, limit })) {
        try {
          const run = await decideLeased(row.id, 'sweep');
          if (run.claimed && !isUndecided(run.value.status)) decided += 1;
        } catch (error) {
          deps.log.warn({ err: error, applicationId: row.id }, 'could not resume a pending loan decision');
        }
      }
      return decided;
    },
  };
}

function unavailable<T>(log: Logger, backend: string) {
  return (error: unknown): T => {
    if (!(error instanceof UpstreamError)) throw error;
    log.warn({ backend, code: error.code }, 'decision input unavailable: routed to review');
    return { status: 'UNAVAILABLE' } as T;
  };
}

/** What the decision saw, for the reviewer: statuses only, no raw backend data. */
function summarise(data: { bureau: BureauInput; financials: FinancialsInput; risk: RiskInput }) {
  return { bureau: data.bureau.status, financials: data.financials.status, risk: data.risk.status };
}


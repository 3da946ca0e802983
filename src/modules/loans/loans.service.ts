/**
 * Loans at T+0: apply, decide at once from data the bank already has, send only exceptions to a
 * reviewer, and let the customer follow every change live. Each status change is written with its
 * event in one transaction (loans.repository.ts); the rules are pure (loans.rules.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createLoaders, type Loaders } from '../../adapters/loaders.js';
import type { Backends } from '../../adapters/backends.js';
import type { Product } from '../../adapters/core-banking/core-banking.port.js';
import type { Config } from '../../platform/config.js';
import type { Viewer } from '../../platform/context.js';
import { hasCode, UpstreamError } from '../../platform/errors.js';
import { hasStaffRole, requireCustomer, requireStaff } from '../../platform/guards.js';
import { isUuid } from '../../platform/ids.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { Logger } from '../../platform/logger.js';
import { runIdempotent, type CommandKeys } from '../../platform/write/idempotency.js';
import type { Change } from '../../platform/write/write-path.js';
import { auditRecord } from '../audit/audit-log.js';
import type { AuthService } from '../auth/auth.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import { annuityPayment, compareDecimal, toMoneyString } from '../../platform/money/decimal.js';
import { LoanError } from './loans.errors.js';
import { REVIEW_QUEUE_TOPIC, customerTopic, loanStream, type LoanRow, type LoansRepository } from './loans.repository.js';
import {
  DEFAULT_POLICY,
  UNDECIDED_STATUSES,
  canWithdraw,
  decideLoan,
  validateApplication,
  type BureauInput,
  type FinancialsInput,
  type LoanProductTerms,
  type LoanStatus,
  type RiskInput,
} from './loans.rules.js';

export interface ApplyInput {
  productCode: string;
  amount: string;
  currency: string;
  termMonths: number;
  purpose: string;
}

export interface UploadInput {
  applicationId: string;
  kind: string;
  fileName: string;
  contentType: string;
  contentBase64: string;
  /** Optional SHA-256 (hex) the client computed; a mismatch refuses the upload. */
  sha256?: string | null;
}

export interface LoansServiceDeps {
  repo: LoansRepository;
  commandKeys: CommandKeys;
  backends: Backends;
  customers: CustomersService;
  auth: AuthService;
  fanout: EventFanout;
  config: Config['loans'];
  log: Logger;
  now: () => Date;
}

/** Document types a customer may upload, with the bytes each must start with. */
const DOCUMENT_TYPES: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** What a replay with the same idempotency key must repeat exactly (purpose trimmed, amount normalised). */
export function applicationRequest(input: { productCode: string; amount: string; currency: string; termMonths: number; purpose: string }): unknown[] {
  return [input.productCode, toMoneyString(input.amount), input.currency, input.termMonths, input.purpose.trim()];
}
/** How long a replay waits for a decision another request is making, before answering as it is. */
const SETTLE_WAIT_MS = 10_000;
const isUndecided = (status: string) => (UNDECIDED_STATUSES as readonly string[]).includes(status);

/** A decision untouched this long has nobody making it any more (its instance stopped, or it failed). */
const ABANDONED_DECISION_MS = 30_000;
const termsOf = (p: Product): LoanProductTerms => ({
  code: p.code,
  autoDecision: p.autoDecision,
  currency: p.currency,
  minAmount: p.minAmount.amount,
  maxAmount: p.maxAmount.amount,
  minTermMonths: p.minTermMonths,
  maxTermMonths: p.maxTermMonths,
  annualRate: p.annualRate,
});

export function createLoansService(deps: LoansServiceDeps) {
  const { repo, now } = deps;
  const policy = { ...DEFAULT_POLICY, autoApprovalLimit: deps.config.autoApprovalLimit };

  const refuse = (code: ConstructorParameters<typeof LoanError>[0], message: string, details?: Record<string, unknown>): never => {
    throw new LoanError(code, message, details);
  };

  /** The reviewer, with the customer they are (a reviewer never decides their own application). */
  async function requireReviewer(viewer: Viewer) {
    const staff = requireStaff(viewer, ['REVIEWER'], 'Reviewers only.');
    const member = await deps.auth.staffMember(staff.staffId);
    return { staffId: staff.staffId, customerId: member?.customerId ?? null };
  }

  /** The application, if the viewer may see it: its customer, or a reviewer. Else NOT_FOUND. */
  async function visible(viewer: Viewer, id: string): Promise<LoanRow> {
    const row = isUuid(id) ? await repo.findById(id) : undefined;
    const mayRead =
      row &&
      ((viewer.kind === 'customer' && viewer.customerId === row.customerId) ||
        hasStaffRole(viewer, ['REVIEWER']));
    if (!row || !mayRead) return refuse('NOT_FOUND', 'No such loan application.');
    return row;
  }

  // The catalogue is the same for everyone and changes rarely: one fetch serves a burst of applications.
  let catalogue: { products: Promise<Product[]>; until: number } | undefined;
  async function product(code: string): Promise<Product> {
    if (!catalogue || catalogue.until < Date.now()) {
      const products = deps.backends.coreBanking.listProducts();
      catalogue = { products, until: Date.now() + 30_000 };
      products.catch(() => (catalogue = undefined));
    }
    const products = await catalogue.products;
    const found = products.find((p) => p.code === code && p.kind === 'LOAN');
    if (!found) return refuse('BAD_USER_INPUT', `There is no loan product ${code}.`, { field: 'productCode' });
    return found;
  }

  const change = (id: string, decide: (row: LoanRow) => Change<LoanRow, LoanStatus> | null) => repo.change(id, now(), decide);

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
  async function decide(id: string, terms: LoanProductTerms): Promise<LoanRow> {
    let row = await repo.findById(id);
    if (!row) return refuse('NOT_FOUND', 'No such loan application.');
    if (row.status === 'SUBMITTED') {
      ({ row } = await change(id, () => ({ set: { status: 'CHECKING' }, event: { type: 'CHECKING_STARTED', actor: 'system' } })));
    }
    if (row.status !== 'CHECKING') return row;
    const data = await gather(row.customerId, createLoaders(deps.backends));
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

  /**
   * Pays a signed loan out through core banking. Idempotent end to end: the key is the
   * application id, so a retry after a lost answer never pays twice.
   */
  async function disburse(viewer: Viewer, id: string): Promise<LoanRow> {
    requireCustomer(viewer);
    const row = await visible(viewer, id);
    if (row.status === 'DISBURSED') return row;
    if (row.status !== 'CONTRACT_SIGNED' || !row.disbursementAccountId) {
      return refuse('INVALID_TRANSITION', `A ${row.status} application cannot be paid out.`, { status: row.status });
    }
    const paid = await deps.backends.coreBanking
      .disburseLoan({
        idempotencyKey: `loan-disbursement:${row.id}`,
        customerId: row.customerId,
        accountId: row.disbursementAccountId,
        amount: { amount: row.approvedAmount ?? row.amount, currency: row.currency },
        applicationId: row.id,
      })
      .catch((error: unknown) => {
        if (error instanceof UpstreamError) refuse('DISBURSEMENT_FAILED', 'Core banking could not pay out now; try disburseLoan again.', { backend: error.backend });
        throw error;
      });
    if (!paid.ok && paid.code !== 'ALREADY_DISBURSED') {
      return refuse('DISBURSEMENT_FAILED', `Core banking refused the payout (${paid.code}).`);
    }
    const disbursementId = paid.ok ? paid.value.disbursementId : null;
    const result = await change(id, () => ({
        set: { status: 'DISBURSED', disbursementId },
        event: { type: 'DISBURSED', actor: 'system', reason: null, payload: { disbursementId } },
      }))
      .catch((error: unknown) => {
        // Another request recorded the payout first: the same key paid once.
        if (hasCode(error, 'INVALID_TRANSITION')) return undefined;
        throw error;
      });
    return result?.row ?? (await repo.findById(id))!;
  }

  return {
    /**
     * Records an application and decides it at once. The same idempotency key gives the same
     * application (and reply) however often it is sent; with a different payload it is refused.
     */
    async apply(viewer: Viewer, input: ApplyInput, idempotencyKey: string, channel: string): Promise<LoanRow> {
      const customer = requireCustomer(viewer);
      const purpose = input.purpose.trim();
      let chosen: Product | undefined;
      return runIdempotent({
        key: idempotencyKey,
        request: applicationRequest(input),
        find: () => repo.findByIdempotencyKey(customer.customerId, idempotencyKey),
        hashOf: (row) => row.requestHash,
        claim: async (requestHash) => {
          chosen = await product(input.productCode);
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
          return row;
        },
        first: (row) => decide(row.id, termsOf(chosen!)),
        replay: async (existing) => {
          // A decision untouched for long was abandoned (its instance stopped): this request makes it.
          if (isUndecided(existing.status) && existing.updatedAt.getTime() < now().getTime() - ABANDONED_DECISION_MS) {
            return decide(existing.id, termsOf(await product(existing.productCode)));
          }
          return settled(existing.id);
        },
        onConflict: (error) => {
          if (!isUniqueViolation(error)) throw error;
          return refuse('PENDING_APPLICATION_EXISTS', `You already have an open ${chosen?.code ?? input.productCode} application.`, { field: 'productCode' });
        },
      });
    },

    async get(viewer: Viewer, id: string) {
      return visible(viewer, id);
    },

    async mine(viewer: Viewer) {
      const customer = requireCustomer(viewer);
      return repo.listForCustomer(customer.customerId, false);
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

    async reviewQueue(viewer: Viewer, filter: { productCode?: string | null; status?: string | null; onlyMine?: boolean; unclaimed?: boolean; limit: number }) {
      const reviewer = await requireReviewer(viewer);
      return repo.findByStatus({
        statuses: filter.status ? [filter.status as LoanStatus] : ['MANUAL_REVIEW', 'DOCUMENTS_REQUESTED'],
        ...(filter.productCode ? { productCode: filter.productCode } : {}),
        ...(filter.onlyMine ? { claimedBy: reviewer.staffId } : filter.unclaimed ? { claimedBy: null } : {}),
        limit: Math.min(Math.max(filter.limit, 1), 100),
      });
    },

    async claim(viewer: Viewer, id: string) {
      const reviewer = await requireReviewer(viewer);
      const { row } = await change(id, (r) => {
        if (r.customerId === reviewer.customerId) refuse('OWN_APPLICATION', 'You cannot review your own application.');
        if (r.status !== 'MANUAL_REVIEW' && r.status !== 'DOCUMENTS_REQUESTED') refuse('INVALID_TRANSITION', `A ${r.status} application is not in review.`, { status: r.status });
        if (r.claimedBy && r.claimedBy !== reviewer.staffId) refuse('ALREADY_CLAIMED', 'Another reviewer has this application.');
        return {
          set: { claimedBy: reviewer.staffId },
          event: { type: 'CLAIMED', actor: `staff:${reviewer.staffId}`, reason: null, payload: { status: r.status, claimedBy: reviewer.staffId }, topics: [REVIEW_QUEUE_TOPIC] },
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
    async decideManually(viewer: Viewer, id: string, approve: boolean, reason: string) {
      const reviewer = await requireReviewer(viewer);
      if (reason.trim().length < 3) refuse('BAD_USER_INPUT', 'Give a reason for the decision.', { field: 'reason' });
      const current = await visible(viewer, id);
      const terms = termsOf(await product(current.productCode));
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

    /** The customer supplies a requested document; the last one sends the application back to review. */
    async uploadDocument(viewer: Viewer, input: UploadInput, channel: string) {
      const customer = requireCustomer(viewer);
      await visible(viewer, input.applicationId);
      const check = DOCUMENT_TYPES[input.contentType];
      if (!check) refuse('DOCUMENT_TYPE_NOT_ALLOWED', `Upload ${Object.keys(DOCUMENT_TYPES).join(', ')}.`, { field: 'contentType' });
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64) || input.contentBase64.length % 4 !== 0) {
        refuse('BAD_USER_INPUT', 'contentBase64 is not base64.', { field: 'contentBase64' });
      }
      const content = Buffer.from(input.contentBase64, 'base64');
      if (content.length === 0) refuse('BAD_USER_INPUT', 'The document is empty.', { field: 'contentBase64' });
      if (content.length > deps.config.documentMaxBytes) {
        refuse('DOCUMENT_TOO_LARGE', `Documents may be at most ${deps.config.documentMaxBytes} bytes.`, { maxBytes: deps.config.documentMaxBytes });
      }
      if (!check!(content)) refuse('DOCUMENT_TYPE_NOT_ALLOWED', `The file is not a ${input.contentType}.`, { field: 'contentType' });
      const digest = sha256Hex(content);
      if (input.sha256 && input.sha256.toLowerCase() !== digest) refuse('BAD_USER_INPUT', 'The checksum does not match the content.', { field: 'sha256' });
      const fileName = input.fileName.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'document';
      const { row } = await change(input.applicationId, (r) => {
        if (r.status !== 'DOCUMENTS_REQUESTED' || !r.requestedDocuments.includes(input.kind)) {
          refuse('DOCUMENT_NOT_REQUESTED', `No ${input.kind} document is requested for this application.`, { field: 'kind' });
        }
        const remaining = r.requestedDocuments.filter((k) => k !== input.kind);
        const document = {
          id: randomUUID(),
          applicationId: r.id,
          kind: input.kind,
          fileName,
          contentType: input.contentType,
          sizeBytes: content.length,
          sha256: digest,
          content,
          channel,
          uploadedAt: now(),
        };
        if (remaining.length > 0) {
          return {
            set: { requestedDocuments: remaining },
            event: { type: 'DOCUMENT_UPLOADED', actor: `customer:${customer.customerId}`, payload: { kind: input.kind, remaining } },
            records: [repo.documentRecord(document)],
          };
        }
        return {
          set: { status: 'MANUAL_REVIEW', requestedDocuments: [] },
          event: { type: 'DOCUMENTS_RECEIVED', actor: `customer:${customer.customerId}`, payload: { kind: input.kind }, topics: [REVIEW_QUEUE_TOPIC] },
          records: [repo.documentRecord(document)],
        };
      });
      return row;
    },

    documents: (id: string) => repo.documentsOf(id),

    /**
     * The customer accepts the approved terms and names the account to pay into; then it pays out.
     * The same idempotency key replays the first answer (and finishes a payout that failed); it
     * never pays twice.
     */
    async signContract(viewer: Viewer, id: string, disbursementAccountId: string, idempotencyKey: string) {
      const customer = requireCustomer(viewer);
      const owner = `customer:${customer.customerId}`;
      const command = 'loan.signContract';
      return runIdempotent({
        key: idempotencyKey,
        request: [command, id, disbursementAccountId],
        find: () => deps.commandKeys.find(owner, idempotencyKey),
        hashOf: (key) => key.requestHash,
        claim: async (requestHash) => {
          const current = await visible(viewer, id);
          const [account] = await deps.backends.coreBanking.getAccountsByIds([disbursementAccountId]);
          if (!account || account.customerId !== customer.customerId || account.status !== 'ACTIVE' || account.kind === 'LOAN' || account.currency !== current.currency) {
            refuse('ACCOUNT_NOT_ELIGIBLE', 'Choose one of your active accounts in the loan currency.', { field: 'disbursementAccountId' });
          }
          await change(id, () => ({
            set: { status: 'CONTRACT_SIGNED', disbursementAccountId },
            event: { type: 'CONTRACT_SIGNED', actor: owner },
            records: [deps.commandKeys.record({ owner, key: idempotencyKey, command, requestHash, subjectId: id })],
          }));
          return id;
        },
        first: (signed) => disburse(viewer, signed),
        replay: (key) => disburse(viewer, key.subjectId),
      });
    },

    disburse,

    /** Re-decides applications left SUBMITTED or CHECKING by a stopped instance. */
    async resumeStuck(olderThanMs: number): Promise<number> {
      let resumed = 0;
      const undecided = await repo.findByStatus({ statuses: [...UNDECIDED_STATUSES], createdBefore: new Date(now().getTime() - olderThanMs), limit: 100 });
      for (const row of undecided) {
        try {
          await decide(row.id, termsOf(await product(row.productCode)));
          resumed += 1;
        } catch (error) {
          deps.log.warn({ err: error, applicationId: row.id }, 'could not resume a pending loan decision');
        }
      }
      return resumed;
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

    async queueEvents(viewer: Viewer, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await requireReviewer(viewer);
      return deps.fanout.live(REVIEW_QUEUE_TOPIC, { signal });
    },

    findById: (id: string) => repo.findById(id),
  };
}

export type LoansService = ReturnType<typeof createLoansService>;

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


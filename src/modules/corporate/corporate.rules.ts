/**
 * Corporate business reviewed online by an expert and signed at the branch: the state machines of
 * a corporate request and of an expert-guidance case, the validation of a submission, the four-eyes
 * step and the conflict-of-interest rule. Pure: everything comes in as arguments.
 */
import { compareDecimal, toMoneyString } from '../../platform/money/decimal.js';
import { stateMachine } from '../../platform/write/state-machine.js';

// ---------------------------------------------------------------------------------------------
// Corporate requests

export type CorporateRequestKind = 'BILL_DISCOUNTING' | 'LETTER_OF_GUARANTEE';
export const CORPORATE_REQUEST_KINDS: readonly CorporateRequestKind[] = Object.freeze(['BILL_DISCOUNTING', 'LETTER_OF_GUARANTEE'] as const);

export type CorporateRequestStatus = 'IN_REVIEW' | 'DOCUMENTS_REQUESTED' | 'APPROVED' | 'RETURNED' | 'WITHDRAWN' | 'DONE';

/**
 * A corporate request's state machine. IN_REVIEW (in the expert queue) → DOCUMENTS_REQUESTED |
 * APPROVED | RETURNED | WITHDRAWN; DOCUMENTS_REQUESTED → IN_REVIEW (the last document arrived) |
 * RETURNED | WITHDRAWN; APPROVED (waits for the branch) → DONE (signed at the branch);
 * RETURNED, WITHDRAWN, DONE final. Claims and the first of two approvals are columns, not statuses.
 */
export const CORPORATE_REQUEST_MACHINE = stateMachine<CorporateRequestStatus>('corporate request', {
  IN_REVIEW: ['DOCUMENTS_REQUESTED', 'APPROVED', 'RETURNED', 'WITHDRAWN'],
  DOCUMENTS_REQUESTED: ['IN_REVIEW', 'RETURNED', 'WITHDRAWN'],
  // Once approved, the offer stands until the company signs at a branch.
  APPROVED: ['DONE'],
  RETURNED: [],
  WITHDRAWN: [],
  DONE: [],
});

/** Statuses in the expert queue. */
export const QUEUE_STATUSES: readonly CorporateRequestStatus[] = Object.freeze(['IN_REVIEW', 'DOCUMENTS_REQUESTED'] as const);

/** Documents each kind of request must come with. */
export const REQUIRED_DOCUMENTS: Readonly<Record<CorporateRequestKind, readonly string[]>> = Object.freeze({
  // The bill itself and the trade contract behind it (discounting finances a real trade only).
  BILL_DISCOUNTING: ['BILL', 'TRADE_CONTRACT'],
  // The contract whose performance the bank guarantees.
  LETTER_OF_GUARANTEE: ['UNDERLYING_CONTRACT'],
});

export const GUARANTEE_TYPES = ['BID', 'PERFORMANCE', 'ADVANCE_PAYMENT', 'PAYMENT'] as const;
export type GuaranteeType = (typeof GUARANTEE_TYPES)[number];

/** What a representative submits (documents are checked separately, by the shared upload rules). */
export interface SubmissionInput {
  companyId: string;
  kind: CorporateRequestKind;
  amount: string;
  currency: string;
  /** The company account the proceeds go to (discounting) or the fee is charged to (guarantee). */
  settlementAccountId: string;
  purpose: string;
  bill?: { billNumber: string; acceptor: string; maturityDate: string } | null;
  guarantee?: { beneficiary: string; guaranteeType: string; expiryDate: string } | null;
  documentKinds: string[];
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** Policy limits of a submission. */
export interface SubmissionPolicy {
  /** Largest amount a request may ask for. */
  maxAmount: string;
  /** Today, `YYYY-MM-DD` (UTC): maturity and expiry dates must be after it. */
  today: string;
  /** Latest maturity / expiry, in days after today. */
  maxDays: number;
}

export const DEFAULT_SUBMISSION_POLICY = Object.freeze({ maxAmount: '100000000.00', maxDays: 3 * 366 });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function checkDate(value: string, field: string, policy: SubmissionPolicy, problems: FieldProblem[]): void {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    problems.push({ field, code: 'INVALID_DATE', message: `${field} must be a date YYYY-MM-DD.` });
    return;
  }
  const days = daysBetween(policy.today, value);
  if (days <= 0) problems.push({ field, code: 'DATE_NOT_IN_FUTURE', message: `${field} must be after today.` });
  else if (days > policy.maxDays) problems.push({ field, code: 'DATE_TOO_FAR', message: `${field} may be at most ${policy.maxDays} days ahead.` });
}

const text = (value: string | undefined, field: string, max: number, problems: FieldProblem[]) => {
  const v = (value ?? '').trim();
  if (v.length < 2) problems.push({ field, code: 'REQUIRED', message: `${field} is required.` });
  else if (v.length > max) problems.push({ field, code: 'TOO_LONG', message: `${field} may be at most ${max} characters.` });
};

/** Every problem of a submission, one per field, in a fixed order; empty when it may be stored. */
export function validateSubmission(input: SubmissionInput, policy: SubmissionPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!AMOUNT.test(input.amount) || compareDecimal(input.amount, '0') <= 0) {
    problems.push({ field: 'amount', code: 'INVALID_AMOUNT', message: 'amount must be a positive decimal with at most 2 decimals.' });
  } else if (compareDecimal(input.amount, policy.maxAmount) > 0) {
    problems.push({ field: 'amount', code: 'AMOUNT_TOO_HIGH', message: `amount may be at most ${policy.maxAmount}.` });
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) problems.push({ field: 'currency', code: 'INVALID_CURRENCY', message: 'currency must be an ISO 4217 code.' });
  text(input.purpose, 'purpose', 500, problems);
  if (input.kind === 'BILL_DISCOUNTING') {
    if (!input.bill) problems.push({ field: 'bill', code: 'REQUIRED', message: 'A bill discounting request needs the bill.' });
    else {
      if (!/^[A-Z0-9-]{6,40}$/.test(input.bill.billNumber)) problems.push({ field: 'bill.billNumber', code: 'INVALID_FORMAT', message: 'billNumber is 6-40 capital letters, digits or dashes.' });
      text(input.bill.acceptor, 'bill.acceptor', 120, problems);
      checkDate(input.bill.maturityDate, 'bill.maturityDate', policy, problems);
    }
    if (input.guarantee) problems.push({ field: 'guarantee', code: 'NOT_ALLOWED', message: 'A bill discounting request has no guarantee details.' });
  } else {
    if (!input.guarantee) problems.push({ field: 'guarantee', code: 'REQUIRED', message: 'A letter of guarantee request needs the guarantee details.' });
    else {
      text(input.guarantee.beneficiary, 'guarantee.beneficiary', 120, problems);
      if (!(GUARANTEE_TYPES as readonly string[]).includes(input.guarantee.guaranteeType)) {
        problems.push({ field: 'guarantee.guaranteeType', code: 'INVALID_CHOICE', message: `guaranteeType is one of ${GUARANTEE_TYPES.join(', ')}.` });
      }
      checkDate(input.guarantee.expiryDate, 'guarantee.expiryDate', policy, problems);
    }
    if (input.bill) problems.push({ field: 'bill', code: 'NOT_ALLOWED', message: 'A letter of guarantee request has no bill.' });
  }
  const required = REQUIRED_DOCUMENTS[input.kind];
  const missing = required.filter((kind) => !input.documentKinds.includes(kind));
  if (missing.length > 0) problems.push({ field: 'documents', code: 'MISSING_DOCUMENTS', message: `Attach ${missing.join(', ')}.` });
  const unknown = input.documentKinds.filter((kind) => !/^[A-Z][A-Z0-9_]{1,40}$/.test(kind));
  if (unknown.length > 0) problems.push({ field: 'documents', code: 'INVALID_FORMAT', message: 'Document kinds are codes like TRADE_CONTRACT.' });
  return problems;
}

/** What a replay with the same idempotency key must repeat exactly. */
export function submissionRequest(input: SubmissionInput, documentDigests: string[]): unknown[] {
  return [
    input.companyId,
    input.kind,
    AMOUNT.test(input.amount) ? toMoneyString(input.amount) : input.amount,
    input.currency,
    input.settlementAccountId,
    input.purpose.trim(),
    input.bill ?? null,
    input.guarantee ?? null,
    documentDigests,
  ];
}

// ---------------------------------------------------------------------------------------------
// Who may act

/** Relations that let a person act (submit, sign) for a company. */
export const ACTING_RELATIONS: readonly string[] = Object.freeze(['LEGAL_REPRESENTATIVE', 'AUTHORISED_SIGNATORY']);

/** Whether `relation` lets a person act for the company. */
export function mayActForCompany(relation: string): boolean {
  return ACTING_RELATIONS.includes(relation);
}

/**
 * Whether an expert is linked to a company: the customer they also are is one of its related
 * parties (representative, signatory, director, shareholder). A linked expert never reviews it.
 */
export function isLinkedExpert(expertCustomerId: string | null, relatedCustomerIds: readonly string[]): boolean {
  return expertCustomerId !== null && relatedCustomerIds.includes(expertCustomerId);
}

/**
 * What an expert's approval does: `FINAL` approves; `FIRST` records the first of two approvals
 * (amount above the threshold) and hands the request to a second expert; `SAME_EXPERT` refuses an
 * expert who already gave the first approval.
 */
export function approvalStep(amount: string, threshold: string, firstApprovalBy: string | null, expertId: string): 'FINAL' | 'FIRST' | 'SAME_EXPERT' {
  if (compareDecimal(amount, threshold) <= 0) return 'FINAL';
  if (firstApprovalBy === expertId) return 'SAME_EXPERT';
  return firstApprovalBy ? 'FINAL' : 'FIRST';
}

/**
 * Cleans a list of conditions or reasons: trimmed, empty ones dropped, duplicates removed.
 * Returns null when the list is unusable (none left, more than `max`, one longer than 500).
 */
export function cleanStatements(items: readonly string[], max = 20): string[] | null {
  const cleaned = [...new Set(items.map((i) => i.trim()).filter((i) => i.length > 0))];
  if (cleaned.length === 0 || cleaned.length > max || cleaned.some((i) => i.length > 500 || i.length < 3)) return null;
  return cleaned;
}

// ---------------------------------------------------------------------------------------------
// Expert guidance cases (a teller hands branch business to the expert queue)

export type GuidanceStatus = 'OPEN' | 'APPROVED' | 'RETURNED' | 'CANCELLED';

/** An expert-guidance case's state machine: OPEN → APPROVED | RETURNED | CANCELLED; the rest final. */
export const GUIDANCE_MACHINE = stateMachine<GuidanceStatus>('expert guidance case', {
  OPEN: ['APPROVED', 'RETURNED', 'CANCELLED'],
  APPROVED: [],
  RETURNED: [],
  CANCELLED: [],
});

/** A guidance case's kind: a code such as CORPORATE_ACCOUNT_OPENING. */
export const isGuidanceKind = (kind: string): boolean => /^[A-Z][A-Z0-9_]{2,40}$/.test(kind);

/**
 * Loan applications: the status machine, field validation and the credit decision. Pure: the
 * product, the backends' answers and the policy come in as arguments; money is decimal text and
 * is computed exactly (./decimal.ts), never with floating point.
 */
import {
  addDecimal,
  annuityPayment,
  compareDecimal,
  isRatioAbove,
  parseDecimal,
  toMoneyString,
  type Decimal,
} from '../../platform/money/decimal.js';
import { canTransition as machineAllows, isFinal as machineFinal, stateMachine } from '../../platform/write/state-machine.js';

// ---------------------------------------------------------------------------------------------
// Status machine

export type LoanStatus =
  | 'SUBMITTED'
  | 'CHECKING'
  | 'APPROVED'
  | 'REJECTED'
  | 'MANUAL_REVIEW'
  | 'DOCUMENTS_REQUESTED'
  | 'CONTRACT_SIGNED'
  | 'DISBURSED'
  | 'WITHDRAWN';

/** Every status, in the order an application usually moves through them. */
export const LOAN_STATUSES: readonly LoanStatus[] = Object.freeze([
  'SUBMITTED',
  'CHECKING',
  'APPROVED',
  'REJECTED',
  'MANUAL_REVIEW',
  'DOCUMENTS_REQUESTED',
  'CONTRACT_SIGNED',
  'DISBURSED',
  'WITHDRAWN',
] as const);

/**
 * The loan application's state machine. SUBMITTED→CHECKING|WITHDRAWN; CHECKING→APPROVED|REJECTED|MANUAL_REVIEW|WITHDRAWN;
 * MANUAL_REVIEW→DOCUMENTS_REQUESTED|APPROVED|REJECTED|WITHDRAWN; DOCUMENTS_REQUESTED→MANUAL_REVIEW|WITHDRAWN;
 * APPROVED→CONTRACT_SIGNED; CONTRACT_SIGNED→DISBURSED; REJECTED, DISBURSED, WITHDRAWN final.
 */
export const LOAN_MACHINE = stateMachine<LoanStatus>('loan application', {
  SUBMITTED: ['CHECKING', 'WITHDRAWN'],
  CHECKING: ['APPROVED', 'REJECTED', 'MANUAL_REVIEW', 'WITHDRAWN'],
  MANUAL_REVIEW: ['DOCUMENTS_REQUESTED', 'APPROVED', 'REJECTED', 'WITHDRAWN'],
  DOCUMENTS_REQUESTED: ['MANUAL_REVIEW', 'WITHDRAWN'],
  // Once approved the offer stands; the customer simply does not sign it.
  APPROVED: ['CONTRACT_SIGNED'],
  CONTRACT_SIGNED: ['DISBURSED'],
  REJECTED: [],
  DISBURSED: [],
  WITHDRAWN: [],
});

/** Allowed next states of each status (the machine's table). */
export const TRANSITIONS = LOAN_MACHINE.transitions;

/** Whether an application in `from` may move to `to`. False for unknown statuses. */
export const canTransition = (from: LoanStatus, to: LoanStatus): boolean => machineAllows(LOAN_MACHINE, from, to);

/** Whether `status` has no way out (REJECTED, DISBURSED, WITHDRAWN). */
export const isFinal = (status: LoanStatus): boolean => machineFinal(LOAN_MACHINE, status);

/** Statuses in which an application is still open: one per customer and product at a time. */
export const OPEN_STATUSES: readonly LoanStatus[] = Object.freeze(LOAN_STATUSES.filter((status) => !isFinal(status)));

/** Statuses that wait for the automatic decision. */
export const UNDECIDED_STATUSES: readonly LoanStatus[] = Object.freeze(['SUBMITTED', 'CHECKING'] as const);

/** The customer may withdraw before a decision is final: SUBMITTED, CHECKING, MANUAL_REVIEW, DOCUMENTS_REQUESTED. */
export function canWithdraw(status: LoanStatus): boolean {
  return canTransition(status, 'WITHDRAWN');
}

// ---------------------------------------------------------------------------------------------
// Decision

export type ReasonCode =
  | 'PRODUCT_REQUIRES_REVIEW'
  | 'AMOUNT_ABOVE_AUTOMATIC_LIMIT'
  | 'DEBT_TO_INCOME_ABOVE_THRESHOLD'
  | 'LITIGATION_RECORD'
  | 'THIN_CREDIT_FILE'
  | 'BUREAU_UNAVAILABLE'
  | 'BUREAU_NOT_AUTHORIZED'
  | 'FINANCIALS_UNAVAILABLE'
  | 'RISK_UNAVAILABLE'
  | 'AML_REVIEW'
  | 'RECENT_DELINQUENCY'
  | 'WATCHLIST_HIT'
  | 'AML_HIT'
  | 'SCORE_BELOW_MINIMUM'
  | 'SERIOUS_DELINQUENCY'
  | 'GOOD_STANDING';

export interface Reason {
  code: ReasonCode;
  /** English, for the reviewer and the customer: no thresholds, scores or list names. */
  message: string;
}

export interface LoanProductTerms {
  code: string;
  autoDecision: boolean;
  currency: string;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  annualRate: string;
}

export interface DecisionPolicy {
  /** Above this amount an auto-decided product still goes to manual review. */
  autoApprovalLimit: string;
  /** Max (existing monthly debt payments + new loan's monthly payment) / monthly income, e.g. "0.50". */
  maxDebtToIncome: string;
  /** Bureau score below this → REJECTED (SCORE_BELOW_MINIMUM). */
  minScore: number;
  /** Bureau score below this (but ≥ minScore) → MANUAL_REVIEW. */
  reviewScore: number;
}

/**
 * The bank's default policy, calibrated on the demo customers (scores 300–850):
 * - `autoApprovalLimit` 200000.00: a consumer or micro-business loan up to this is decided
 *   automatically (Zhou Min's 150000.00 is; 250000.00 for Wang Fang is not).
 * - `maxDebtToIncome` 0.50: Liu Yang (9000.00 of 12000.00 already, 0.75) is over it; Wang Fang
 *   (≈0.13 with a 50000.00 loan), Zhou Min (≈0.23) and Sun Mei are well under.
 * - `minScore` 580: nobody in the demo set is rejected on score alone; Liu Yang's 590 is the lowest.
 * - `reviewScore` 670: Chen Jie (655) and Liu Yang (590) go to review; Li Na (705), Zhou Min (745)
 *   and Wang Fang (780) do not on score.
 */
export const DEFAULT_POLICY: DecisionPolicy = Object.freeze({
  autoApprovalLimit: '200000.00',
  maxDebtToIncome: '0.50',
  minScore: 580,
  reviewScore: 670,
});

export type BureauInput =
  | {
      status: 'AVAILABLE';
      score: number | null;
      thinFile: boolean;
      delinquencies12m: number;
      worstStatus: 'CURRENT' | 'DPD30' | 'DPD60' | 'DPD90' | 'DEFAULT';
      monthlyRepayments: string;
    }
  | { status: 'UNAVAILABLE' }
  | { status: 'NOT_AUTHORIZED' };

export type FinancialsInput = { status: 'AVAILABLE'; monthlyIncome: string; monthlyDebtPayments: string } | { status: 'UNAVAILABLE' };

export type RiskInput =
  | { status: 'AVAILABLE'; rating: 'LOW' | 'MEDIUM' | 'HIGH'; amlStatus: 'CLEAR' | 'REVIEW' | 'HIT'; watchlistHits: number; openLitigation: number }
  | { status: 'UNAVAILABLE' };

export interface DecisionInput {
  product: LoanProductTerms;
  amount: string;
  termMonths: number;
  bureau: BureauInput;
  financials: FinancialsInput;
  risk: RiskInput;
  policy: DecisionPolicy;
}

export type Decision =
  | { outcome: 'APPROVED'; amount: string; termMonths: number; annualRate: string; monthlyPayment: string; reasons: Reason[] }
  | { outcome: 'REJECTED'; reasons: Reason[] }
  | { outcome: 'MANUAL_REVIEW'; reasons: Reason[] /* the risk flags for the reviewer, every one that applies */ };

/*
 * Customer-safe wording. Screening outcomes are deliberately vague ("compliance checks"): telling
 * an applicant they matched a sanctions or PEP list would tip them off.
 */
const MESSAGES: Readonly<Record<ReasonCode, string>> = Object.freeze({
  PRODUCT_REQUIRES_REVIEW: 'This product is always decided by a credit officer.',
  AMOUNT_ABOVE_AUTOMATIC_LIMIT: 'The requested amount is above what can be approved automatically.',
  DEBT_TO_INCOME_ABOVE_THRESHOLD: 'Monthly debt payments including this loan would take too large a share of monthly income.',
  LITIGATION_RECORD: 'There is an open court case on record.',
  THIN_CREDIT_FILE: 'The credit history is too short to assess automatically.',
  BUREAU_UNAVAILABLE: 'The credit report could not be obtained at this time.',
  BUREAU_NOT_AUTHORIZED: 'No authorization to obtain the credit report is on file.',
  FINANCIALS_UNAVAILABLE: 'Income and existing debt could not be confirmed at this time.',
  RISK_UNAVAILABLE: 'The risk assessment could not be completed at this time.',
  AML_REVIEW: 'The application needs additional compliance checks.',
  RECENT_DELINQUENCY: 'The credit report shows recent late payments or a below-standard credit record.',
  WATCHLIST_HIT: 'The application cannot be approved following compliance checks.',
  AML_HIT: 'The application does not meet the compliance requirements of the bank.',
  SCORE_BELOW_MINIMUM: 'The credit record does not meet the minimum requirement for this loan.',
  SERIOUS_DELINQUENCY: 'The credit report shows a serious delinquency or default.',
  GOOD_STANDING: 'The application meets all requirements for automatic approval.',
});

function reason(code: ReasonCode): Reason {
  return { code, message: MESSAGES[code] };
}

/**
 * What data each reason reveals. A reason is as sensitive as the data it was drawn from, so it is
 * shown only to a viewer who may read that data directly (customers.rules.ts `customerAccess`):
 * - CREDIT: the bureau report and income/debt figures (`creditProfile`);
 * - RISK: the risk platform's findings (`riskProfile`: litigation, rating);
 * - SCREENING: AML and watch-list screening — never to the customer or a partner (tipping-off);
 * - GENERAL: the product, the amount, a backend that could not answer.
 */
export type ReasonCategory = 'GENERAL' | 'CREDIT' | 'RISK' | 'SCREENING';

const CATEGORIES: Readonly<Record<ReasonCode, ReasonCategory>> = Object.freeze({
  PRODUCT_REQUIRES_REVIEW: 'GENERAL',
  AMOUNT_ABOVE_AUTOMATIC_LIMIT: 'GENERAL',
  BUREAU_UNAVAILABLE: 'GENERAL',
  BUREAU_NOT_AUTHORIZED: 'GENERAL',
  FINANCIALS_UNAVAILABLE: 'GENERAL',
  RISK_UNAVAILABLE: 'GENERAL',
  GOOD_STANDING: 'GENERAL',
  DEBT_TO_INCOME_ABOVE_THRESHOLD: 'CREDIT',
  THIN_CREDIT_FILE: 'CREDIT',
  RECENT_DELINQUENCY: 'CREDIT',
  SCORE_BELOW_MINIMUM: 'CREDIT',
  SERIOUS_DELINQUENCY: 'CREDIT',
  LITIGATION_RECORD: 'RISK',
  AML_REVIEW: 'SCREENING',
  WATCHLIST_HIT: 'SCREENING',
  AML_HIT: 'SCREENING',
});

/** What a viewer may read of the applicant, as customers.rules.ts decides it, and who the viewer is. */
export interface ReasonAccess {
  credit: boolean;
  risk: boolean;
  /** Staff get RESTRICTED for what they may not see; customers and partners the neutral UNABLE_TO_PROCEED. */
  staff: boolean;
}

/** What a customer (or partner) sees instead of any reason they may not read: no hint of screening. */
export const NEUTRAL_REASON: Readonly<{ code: string; message: string }> = Object.freeze({
  code: 'UNABLE_TO_PROCEED',
  message: 'We are unable to proceed with this application on the information available.',
});

/** What staff without credit or risk access see instead of those reasons. */
export const RESTRICTED_REASON: Readonly<{ code: string; message: string }> = Object.freeze({
  code: 'RESTRICTED',
  message: 'Further reasons are visible to credit reviewers and risk officers only.',
});

/**
 * The reasons `access` may see, in order; those it may not collapse into one neutral reason.
 * Unknown codes (stored by an older version) count as SCREENING: hidden unless risk access.
 */
export function visibleReasons(reasons: readonly { code: string; message: string }[], access: ReasonAccess): { code: string; message: string }[] {
  const shown: { code: string; message: string }[] = [];
  let hidden = false;
  for (const r of reasons) {
    const category = CATEGORIES[r.code as ReasonCode] ?? 'SCREENING';
    const visible =
      category === 'GENERAL' ||
      (category === 'CREDIT' && access.credit) ||
      (category === 'RISK' && access.risk) ||
      (category === 'SCREENING' && access.risk && access.staff);
    if (visible) shown.push({ code: r.code, message: r.message });
    else hidden = true;
  }
  if (hidden) shown.push({ ...(access.staff ? RESTRICTED_REASON : NEUTRAL_REASON) });
  return shown;
}

/** Hard rejections, each made only on data that is actually available. */
function rejections({ bureau, risk, policy }: DecisionInput): ReasonCode[] {
  const codes: ReasonCode[] = [];
  if (risk.status === 'AVAILABLE' && risk.amlStatus === 'HIT') {
    // An AML HIT is the risk platform's confirmed finding; a listed match is reported alongside.
    if (risk.watchlistHits > 0) codes.push('WATCHLIST_HIT');
    codes.push('AML_HIT');
  }
  if (bureau.status === 'AVAILABLE') {
    if (bureau.worstStatus === 'DPD90' || bureau.worstStatus === 'DEFAULT') codes.push('SERIOUS_DELINQUENCY');
    if (bureau.score !== null && bureau.score < policy.minScore) codes.push('SCORE_BELOW_MINIMUM');
  }
  return codes;
}

/** (existing + new monthly payments) / income above the policy's maximum; no income counts as above. */
function debtToIncomeTooHigh(existingPayments: Decimal, newPayment: string, monthlyIncome: string, maxRatio: string): boolean {
  if (compareDecimal(monthlyIncome, '0') <= 0) return true;
  return isRatioAbove(addDecimal(existingPayments, newPayment), monthlyIncome, maxRatio);
}

/** Every reason the application needs a human, in a fixed order. */
function reviewFlags(input: DecisionInput, monthlyPayment: string): ReasonCode[] {
  const { product, amount, bureau, financials, risk, policy } = input;
  const codes: ReasonCode[] = [];

  if (!product.autoDecision) codes.push('PRODUCT_REQUIRES_REVIEW');
  if (compareDecimal(amount, policy.autoApprovalLimit) > 0) codes.push('AMOUNT_ABOVE_AUTOMATIC_LIMIT');

  if (bureau.status === 'UNAVAILABLE') codes.push('BUREAU_UNAVAILABLE');
  if (bureau.status === 'NOT_AUTHORIZED') codes.push('BUREAU_NOT_AUTHORIZED');
  if (bureau.status === 'AVAILABLE') {
    if (bureau.thinFile || bureau.score === null) codes.push('THIN_CREDIT_FILE');
    // There is no separate "low score" code: a score between minScore and reviewScore is
    // flagged together with late payments as a below-standard credit record.
    const lowScore = bureau.score !== null && bureau.score < policy.reviewScore;
    const latePayments = bureau.delinquencies12m > 0 || bureau.worstStatus === 'DPD30' || bureau.worstStatus === 'DPD60';
    if (lowScore || latePayments) codes.push('RECENT_DELINQUENCY');
  }

  if (financials.status === 'UNAVAILABLE') {
    codes.push('FINANCIALS_UNAVAILABLE');
  } else {
    // Take the larger of the bank's and the bureau's view of existing repayments: the bureau
    // also sees debt held at other lenders.
    let existing = parseDecimal(financials.monthlyDebtPayments);
    if (bureau.status === 'AVAILABLE' && compareDecimal(bureau.monthlyRepayments, existing) > 0) {
      existing = parseDecimal(bureau.monthlyRepayments);
    }
    if (debtToIncomeTooHigh(existing, monthlyPayment, financials.monthlyIncome, policy.maxDebtToIncome)) {
      codes.push('DEBT_TO_INCOME_ABOVE_THRESHOLD');
    }
  }

  if (risk.status === 'UNAVAILABLE') {
    codes.push('RISK_UNAVAILABLE');
  } else {
    if (risk.openLitigation > 0) codes.push('LITIGATION_RECORD');
    if (risk.amlStatus === 'REVIEW' || risk.rating === 'HIGH') codes.push('AML_REVIEW');
  }
  return codes;
}

/**
 * Decides a loan application:
 * 1. hard rejections on available data (AML hit with watch-list match, DPD90/default, score
 *    below `policy.minScore`) → REJECTED with every one that applies;
 * 2. otherwise every review flag (product, amount, missing or thin data, late payments or a
 *    score below `policy.reviewScore`, debt-to-income, litigation, AML review / HIGH rating);
 *    any flag → MANUAL_REVIEW with all of them, so a backend outage never leads to approval;
 * 3. no flag → APPROVED for the requested amount and term at the product's rate.
 *
 * Expects an application that passed {@link validateApplication}.
 *
 * @throws RangeError when the amount or term is outside the product's limits or any decimal
 *   (amount, rates, money from the backends, policy) is malformed — a programming error, not
 *   an outcome.
 */
export function decideLoan(input: DecisionInput): Decision {
  const { product, amount, termMonths } = input;
  const problems = validateApplication(product, { amount, termMonths, currency: product.currency });
  if (problems.length > 0) {
    throw new RangeError(`decideLoan needs a valid application: ${problems.map((p) => p.field).join(', ')}.`);
  }

  const rejected = rejections(input);
  if (rejected.length > 0) return { outcome: 'REJECTED', reasons: rejected.map(reason) };

  const monthlyPayment = annuityPayment(amount, product.annualRate, termMonths);
  const flags = reviewFlags(input, monthlyPayment);
  if (flags.length > 0) return { outcome: 'MANUAL_REVIEW', reasons: flags.map(reason) };

  return {
    outcome: 'APPROVED',
    amount: toMoneyString(amount, 2),
    termMonths,
    annualRate: product.annualRate,
    monthlyPayment,
    reasons: [reason('GOOD_STANDING')],
  };
}

// ---------------------------------------------------------------------------------------------
// Validation

export type InputProblem = { field: 'amount' | 'termMonths' | 'currency' | 'purpose'; message: string };

function amountProblem(product: LoanProductTerms, text: string): string | null {
  let amount: Decimal;
  try {
    amount = parseDecimal(text);
  } catch {
    return 'Enter the amount as a number such as 12000.00.';
  }
  if (amount.scale > 2) return 'The amount may have at most two decimal places.';
  if (amount.units <= 0n) return 'The amount must be greater than zero.';
  if (compareDecimal(amount, product.minAmount) < 0 || compareDecimal(amount, product.maxAmount) > 0) {
    return `The amount must be between ${product.minAmount} and ${product.maxAmount} ${product.currency}.`;
  }
  return null;
}

/** Field-level validation against the product's limits (amount within min/max, a positive decimal with ≤2 decimals, term within range, currency equals the product's). Empty array when valid. */
export function validateApplication(
  product: LoanProductTerms,
  input: { amount: string; termMonths: number; currency: string; purpose?: string },
): InputProblem[] {
  const problems: InputProblem[] = [];
  const purpose = input.purpose?.trim();
  if (purpose !== undefined && (purpose.length < 2 || purpose.length > 200)) problems.push({ field: 'purpose', message: 'purpose must be 2-200 characters' });
  const amount = amountProblem(product, input.amount);
  if (amount !== null) problems.push({ field: 'amount', message: amount });
  if (!Number.isInteger(input.termMonths)) {
    problems.push({ field: 'termMonths', message: 'The term must be a whole number of months.' });
  } else if (input.termMonths < product.minTermMonths || input.termMonths > product.maxTermMonths) {
    problems.push({
      field: 'termMonths',
      message: `The term must be between ${product.minTermMonths} and ${product.maxTermMonths} months.`,
    });
  }
  if (input.currency !== product.currency) {
    problems.push({ field: 'currency', message: `This product is offered in ${product.currency} only.` });
  }
  return problems;
}

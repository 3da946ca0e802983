/**
 * The internal model every backend view is derived from: one persona per customer, money in
 * integer cents. Nothing here is on the wire; see `types.ts` for the wire shapes.
 */
import type { Currency } from '../lib/money.js';
import type {
  AccountKind,
  AccountStatus,
  Address,
  AmlStatus,
  LitigationKind,
  PreferredChannel,
  RepaymentStatus,
  RiskRating,
  Segment,
  WatchlistHit,
} from './types.js';

/** Generated history ends here (exclusive), so data does not depend on the wall clock. */
export const HISTORY_END = '2026-11-01T00:00:00.000Z';

/** Months of generated transaction history before {@link HISTORY_END}. */
export const HISTORY_MONTHS = 12;

/**
 * The pattern of movements generated for an account: a salary account, a savings pot, a
 * foreign-currency pot, a business current account, a term deposit, a loan, a barely used
 * account, or an account that no longer moves.
 */
export type Flow = 'SALARY' | 'SAVINGS' | 'FOREIGN' | 'BUSINESS' | 'TERM' | 'LOAN' | 'SPARSE' | 'IDLE';

/** An account as planned for a persona; `balance` is the balance at {@link HISTORY_END}. */
export interface AccountPlan {
  kind: AccountKind;
  currency: Currency;
  balance: bigint;
  status: AccountStatus;
  openedAt: string;
  flow: Flow;
}

/** A planned account with its identifiers. */
export interface AccountSeed extends AccountPlan {
  accountId: string;
  customerId: string;
  accountNumber: string;
  ordinal: number;
}

/** Monthly money facts, in CNY cents. */
export interface FinancePlan {
  monthlyIncome: bigint;
  monthlyDebtPayments: bigint;
  totalDebt: bigint;
  /** Trailing-twelve-month turnover, or `null` without a business. */
  businessTurnover: bigint | null;
}

/** Bureau facts, amounts in CNY cents. */
export interface BureauPlan {
  score: number | null;
  thinFile: boolean;
  openCreditLines: number;
  totalCreditLimit: bigint;
  totalOutstanding: bigint;
  monthlyRepayments: bigint;
  delinquencies12m: number;
  inquiries6m: number;
  worstStatus: RepaymentStatus;
}

/** A court case, amount in CNY cents. */
export interface LitigationPlan {
  caseId: string;
  court: string;
  kind: LitigationKind;
  status: 'OPEN' | 'CLOSED';
  filedAt: string;
  amount: bigint;
}

/** Risk platform facts. */
export interface RiskPlan {
  rating: RiskRating;
  score: number;
  amlStatus: AmlStatus;
  watchlistHits: WatchlistHit[];
  litigation: LitigationPlan[];
}

/** Everything the five backends know about one customer. */
export interface Persona {
  customerId: string;
  fullName: string;
  gender: 'F' | 'M';
  dateOfBirth: string;
  idNumber: string;
  phone: string;
  email: string;
  address: Address;
  segment: Segment;
  relationshipManagerId: string | null;
  preferredChannel: PreferredChannel;
  customerSince: string;
  /** Payer of the monthly salary, when salaried. */
  employer: string | null;
  accounts: AccountPlan[];
  finance: FinancePlan;
  bureau: BureauPlan;
  risk: RiskPlan;
}

/** Luhn check digit for a string of digits. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * Account number: `6217`, the six customer digits, a two-digit ordinal, six digits from the
 * seed and a Luhn digit — 19 digits, unique by construction.
 */
export function accountNumberFor(customerId: string, ordinal: number, randomDigits: string): string {
  const body = `6217${customerId.slice(1)}${String(ordinal).padStart(2, '0')}${randomDigits}`;
  return body + luhnCheckDigit(body);
}

/** Account id: the customer id, `-A` and a two-digit ordinal (`C000001-A01`). */
export function accountIdFor(customerId: string, ordinal: number): string {
  return `${customerId}-A${String(ordinal).padStart(2, '0')}`;
}

/** Splits an account id into its customer id and ordinal, or `null` when it is not one. */
export function parseAccountId(accountId: string): { customerId: string; ordinal: number } | null {
  const match = /^(C\d{6})-A(\d{2,3})$/.exec(accountId);
  if (!match?.[1] || !match[2]) return null;
  return { customerId: match[1], ordinal: Number(match[2]) };
}

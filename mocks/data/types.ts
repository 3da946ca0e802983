/**
 * Wire shapes the mock backends answer with. These are the contract the gateway's adapters
 * are written against; mocks/README.md documents them field by field.
 */
import type { Currency, Money } from '../lib/money.js';

export type { Currency, Money };

/** Product family. */
export type ProductKind = 'LOAN' | 'DEPOSIT';

/** A product of the core banking catalogue. */
export interface Product {
  code: string;
  name: string;
  kind: ProductKind;
  currency: Currency;
  minAmount: Money;
  maxAmount: Money;
  minTermMonths: number;
  maxTermMonths: number;
  /** Decimal string, e.g. `"0.0435"`. */
  annualRate: string;
  /** True when applications may be decided without a human. */
  autoDecision: boolean;
  description: string;
}

export type AccountKind = 'CURRENT' | 'SAVINGS' | 'TIME_DEPOSIT' | 'LOAN';
export type AccountStatus = 'ACTIVE' | 'FROZEN' | 'CLOSED';

/** An account held at the bank. For `LOAN` accounts `balance` is the outstanding principal. */
export interface Account {
  accountId: string;
  customerId: string;
  /** 19 digits with a Luhn check digit. */
  accountNumber: string;
  kind: AccountKind;
  currency: Currency;
  balance: Money;
  available: Money;
  status: AccountStatus;
  openedAt: string;
}

export type Direction = 'IN' | 'OUT';
export type TransactionChannel = 'MOBILE' | 'ONLINE' | 'POS' | 'ATM' | 'BRANCH' | 'BATCH';

/** One booked movement on an account. */
export interface Transaction {
  transactionId: string;
  accountId: string;
  bookedAt: string;
  direction: Direction;
  amount: Money;
  balanceAfter: Money;
  counterparty: string;
  description: string;
  channel: TransactionChannel;
}

/** A page of transactions, newest first. */
export interface TransactionPage {
  items: Transaction[];
  nextCursor: string | null;
}

/** Monthly figures the core system knows about a customer. */
export interface Financials {
  customerId: string;
  monthlyIncome: Money;
  monthlyDebtPayments: Money;
  totalDebt: Money;
  /** Trailing-twelve-month business turnover; `null` for customers without a business. */
  businessTurnover: Money | null;
}

/** Result of `POST /accounts`. */
export type CreatedAccount = Account;

/** Result of `POST /transfers`. */
export interface PostedTransfer {
  transferId: string;
  status: 'POSTED';
  postedAt: string;
}

/** Result of `POST /loans/disbursements`. */
export interface Disbursement {
  disbursementId: string;
  status: 'DISBURSED';
  disbursedAt: string;
}

export type Segment = 'MASS' | 'AFFLUENT' | 'PRIVATE' | 'SMALL_BUSINESS';
export type PreferredChannel = 'MOBILE_APP' | 'MINI_PROGRAM' | 'WEB' | 'BRANCH' | 'PHONE';

/** Postal address. */
export interface Address {
  line1: string;
  city: string;
  province: string;
  postalCode: string;
}

/** The CRM's customer record. */
export interface CustomerRecord {
  customerId: string;
  fullName: string;
  phone: string;
  email: string;
  idNumber: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string;
  address: Address;
  segment: Segment;
  relationshipManagerId: string | null;
  preferredChannel: PreferredChannel;
  customerSince: string;
}

/** A relationship manager. */
export interface RelationshipManager {
  id: string;
  name: string;
  phone: string;
  email: string;
  branch: string;
}

export type RepaymentStatus = 'CURRENT' | 'DPD30' | 'DPD60' | 'DPD90' | 'DEFAULT';

/** The credit bureau's report on a customer. */
export interface BureauReport {
  customerId: string;
  reportId: string;
  generatedAt: string;
  /** 300–850, `null` for a thin file. */
  score: number | null;
  thinFile: boolean;
  openCreditLines: number;
  totalCreditLimit: Money;
  totalOutstanding: Money;
  monthlyRepayments: Money;
  delinquencies12m: number;
  inquiries6m: number;
  worstStatus: RepaymentStatus;
}

export type RiskRating = 'LOW' | 'MEDIUM' | 'HIGH';
export type AmlStatus = 'CLEAR' | 'REVIEW' | 'HIT';

/** A hit on a watch list. */
export interface WatchlistHit {
  list: string;
  /** 0..1. */
  matchScore: number;
  reason: string;
}

export type LitigationKind = 'CIVIL' | 'COMMERCIAL' | 'LABOR' | 'ADMINISTRATIVE';

/** A court case the customer is a defendant in. */
export interface LitigationRecord {
  caseId: string;
  court: string;
  kind: LitigationKind;
  status: 'OPEN' | 'CLOSED';
  filedAt: string;
  amount: Money;
}

/** The risk platform's profile of a customer. */
export interface RiskProfile {
  customerId: string;
  rating: RiskRating;
  /** 0–100, higher is riskier. */
  score: number;
  amlStatus: AmlStatus;
  watchlistHits: WatchlistHit[];
  litigation: LitigationRecord[];
}

export type ScreeningOutcome = 'CLEAR' | 'PARTIAL_MATCH' | 'HIT';

/** Result of `POST /screenings`. */
export interface Screening {
  screeningId: string;
  result: ScreeningOutcome;
  matchScore: number;
  pep: boolean;
  lists: string[];
}

/** Result of `POST /transfers/score`. */
export interface TransferScore {
  /** 0–100, higher is riskier. */
  score: number;
  signals: string[];
  payeeWatchlisted: boolean;
}

export type VerificationOutcome = 'PASS' | 'FAIL' | 'REVIEW';

/** Result of `POST /verifications`. */
export interface Verification {
  verificationId: string;
  idValid: boolean;
  nameMatches: boolean;
  /** 0..1, `null` when no selfie was sent. */
  livenessScore: number | null;
  /** 0..1, `null` when no selfie was sent. */
  faceMatchScore: number | null;
  result: VerificationOutcome;
}

/** A one-time password message "sent" by the identity service. */
export interface OtpMessage {
  messageId: string;
  phone: string;
  code: string;
  purpose: string;
  sentAt: string;
}

/** Result of `POST /mini-program/sessions`. */
export interface MiniProgramSession {
  platformUserId: string;
  sessionKey: string;
}

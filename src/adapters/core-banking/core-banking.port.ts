/**
 * What the gateway needs from core banking. Modules depend on this port, never on the HTTP client,
 * so a test or another transport can stand in for it.
 *
 * Money is `{ amount, currency }` with a decimal-string amount; times are ISO-8601 UTC strings.
 */
import type { Money } from '../money.schema.js';
import type { Result } from '../result.js';
import type { CallScope } from '../../platform/request-scope.js';

export type ProductKind = 'LOAN' | 'DEPOSIT';

/** A loan or deposit product from the bank's catalogue. */
export interface Product {
  code: string;
  name: string;
  kind: ProductKind;
  description: string;
  currency: string;
  minAmount: Money;
  maxAmount: Money;
  minTermMonths: number;
  maxTermMonths: number;
  /** Yearly rate as a decimal string, e.g. "0.0435". */
  annualRate: string;
  /** Decided automatically by the gateway's rules, or always sent to manual review. */
  autoDecision: boolean;
}

export type AccountKind = 'CURRENT' | 'SAVINGS' | 'TIME_DEPOSIT' | 'LOAN';
export type AccountStatus = 'ACTIVE' | 'FROZEN' | 'CLOSED';

/** An account held at the bank. */
export interface Account {
  /** `<customerId>-A<nn>`, e.g. `C000001-A01`. */
  accountId: string;
  customerId: string;
  /** The full account number; mask it before showing it on partner channels. */
  accountNumber: string;
  kind: AccountKind;
  currency: string;
  /** For a LOAN account: the outstanding principal (positive). */
  balance: Money;
  /** What can be spent now: 0 for term deposits, loans, frozen and closed accounts. */
  available: Money;
  status: AccountStatus;
  openedAt: string;
}

export type TransactionDirection = 'IN' | 'OUT';
export type TransactionChannel = 'MOBILE' | 'ONLINE' | 'POS' | 'ATM' | 'BRANCH' | 'BATCH';

/** One booked movement on an account. On a LOAN account `IN` is a repayment, `OUT` a drawdown. */
export interface Transaction {
  transactionId: string;
  accountId: string;
  bookedAt: string;
  direction: TransactionDirection;
  /** Always positive; `direction` gives the sign. */
  amount: Money;
  balanceAfter: Money;
  counterparty: string;
  description: string;
  channel: TransactionChannel;
}

/** Filters and paging of {@link CoreBankingPort.listTransactions}; every field is optional. */
export interface TransactionQuery {
  /** Booked at or after this time (ISO-8601). */
  from?: string;
  /** Booked strictly before this time (ISO-8601). */
  to?: string;
  direction?: TransactionDirection;
  /** Only amounts at or above this decimal string, in the account's currency. */
  minAmount?: string;
  /** The `nextCursor` of the previous page, passed back unchanged with the same filters. */
  after?: string;
  /** Page size, 1–100. @default 20 */
  limit?: number;
}

/** A page of transactions, newest first. */
export interface TransactionPage {
  items: Transaction[];
  /** `null` on the last page. */
  nextCursor: string | null;
}

export type TransactionQueryFailure = 'ACCOUNT_NOT_FOUND' | 'INVALID_CURSOR' | 'INVALID_QUERY';

/** Monthly figures core banking knows about a customer, all in CNY. */
export interface CustomerFinancials {
  customerId: string;
  monthlyIncome: Money;
  monthlyDebtPayments: Money;
  totalDebt: Money;
  /** Trailing-twelve-month turnover; `null` for customers without a business. */
  businessTurnover: Money | null;
}

/**
 * Every write carries an idempotency key (1–128 characters, scoped per operation): the same key
 * with the same payload returns the first result again without repeating the effect; the same
 * key with another payload is refused as `IDEMPOTENCY_CONFLICT`. Only successes are remembered,
 * so a refused write may be retried under the same key.
 */
export interface IdempotentWrite {
  idempotencyKey: string;
}

export interface OpenAccountInput extends IdempotentWrite {
  customerId: string;
  /** Loans are opened by disbursement, not here. */
  kind: Exclude<AccountKind, 'LOAN'>;
  currency: string;
}

export type OpenAccountFailure = 'CUSTOMER_NOT_FOUND' | 'IDEMPOTENCY_CONFLICT' | 'INVALID_INPUT';

export interface TransferInput extends IdempotentWrite {
  fromAccountId: string;
  /** 10–30 digits. */
  toAccountNumber: string;
  toName: string;
  /** Greater than zero, at most two decimals, in the source account's currency. */
  amount: Money;
}

/** A transfer booked on the source account. */
export interface PostedTransfer {
  transferId: string;
  status: 'POSTED';
  postedAt: string;
}

export type TransferFailure =
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_NOT_ACTIVE'
  | 'ACCOUNT_NOT_TRANSACTIONAL'
  | 'CURRENCY_MISMATCH'
  | 'SAME_ACCOUNT'
  | 'INSUFFICIENT_FUNDS'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INVALID_INPUT';

export interface LoanDisbursementInput extends IdempotentWrite {
  customerId: string;
  /** The customer's own ACTIVE current or savings account that receives the money. */
  accountId: string;
  amount: Money;
  /** The gateway's loan application: one application is disbursed at most once. */
  applicationId: string;
}

/** A loan paid out to the customer's account. */
export interface LoanDisbursement {
  disbursementId: string;
  status: 'DISBURSED';
  disbursedAt: string;
}

export type LoanDisbursementFailure =
  | 'CUSTOMER_NOT_FOUND'
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_CUSTOMER_MISMATCH'
  | 'ACCOUNT_NOT_ACTIVE'
  | 'ACCOUNT_NOT_TRANSACTIONAL'
  | 'CURRENCY_MISMATCH'
  | 'ALREADY_DISBURSED'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INVALID_INPUT';

/**
 * Core banking. Every method may throw `UpstreamError` (backend unavailable, too slow, or an
 * answer of the wrong shape); expected refusals are returned as `Result` failures.
 *
 * Batch reads answer one entry per id, aligned with the input (duplicates answered at every
 * position), `null` for an unknown id. Resolvers should reach them through the per-request
 * loaders (`createLoaders`), not directly.
 */
/** A pattern of cash withdrawals core banking flagged (structuring, rapid succession, …). */
export interface WithdrawalPattern {
  patternId: string;
  customerId: string;
  accountId: string;
  kind: string;
  withdrawals: number;
  total: Money;
  detectedAt: string;
}

export interface ServiceOrderInput extends IdempotentWrite {
  customerId: string;
  /** e.g. `CARD_BLOCK`, `ACCOUNT_FREEZE` (a service template's action). */
  operation: string;
  /** The customer's own account the order is about, when it is about one. */
  accountId: string | null;
  details: Record<string, string>;
}

/** A counter-service order core banking carried out. */
export interface ServiceOrder {
  orderId: string;
  status: 'COMPLETED';
  completedAt: string;
}

export type ServiceOrderFailure = 'CUSTOMER_NOT_FOUND' | 'ACCOUNT_NOT_FOUND' | 'ACCOUNT_CUSTOMER_MISMATCH' | 'IDEMPOTENCY_CONFLICT' | 'INVALID_INPUT';

/** A transfer core banking booked, as its reconciliation file lists it. */
export interface TransferPosting {
  transferId: string;
  /** The idempotency key it was sent under: the gateway's `transfer:<id>`. */
  reference: string;
  fromAccountId: string;
  amount: Money;
  postedAt: string;
}

export interface CoreBankingPort {
  /** The product catalogue. */
  listProducts(scope?: CallScope): Promise<Product[]>;
  /** Every account of each customer, closed ones included; `null` for an unknown customer. */
  getAccountsByCustomerIds(customerIds: readonly string[], scope?: CallScope): Promise<Array<Account[] | null>>;
  getAccountsByIds(accountIds: readonly string[], scope?: CallScope): Promise<Array<Account | null>>;
  getFinancialsByCustomerIds(customerIds: readonly string[], scope?: CallScope): Promise<Array<CustomerFinancials | null>>;
  /** One page of an account's transactions, newest first; filters apply before paging. */
  listTransactions(
    accountId: string,
    query?: TransactionQuery,
    scope?: CallScope,
  ): Promise<Result<TransactionPage, TransactionQueryFailure>>;
  /** Opens a current, savings or term-deposit account with a zero balance. */
  openAccount(input: OpenAccountInput, scope?: CallScope): Promise<Result<Account, OpenAccountFailure>>;
  /** Debits the source account; the payee side is another bank's business. */
  postTransfer(input: TransferInput, scope?: CallScope): Promise<Result<PostedTransfer, TransferFailure>>;
  /**
   * Suspicious cash-withdrawal patterns core banking's monitoring detected, oldest first, after
   * the pattern id `after` (from the start when null). `last` is where to continue next time.
   */
  listWithdrawalPatterns(after: string | null, scope?: CallScope): Promise<{ items: WithdrawalPattern[]; last: string | null }>;
  /** Credits the customer's account with an approved loan. */
  disburseLoan(
    input: LoanDisbursementInput,
    scope?: CallScope,
  ): Promise<Result<LoanDisbursement, LoanDisbursementFailure>>;
  /** Carries out a counter-service order (card, account, statement); one order per idempotency key. */
  placeServiceOrder(input: ServiceOrderInput, scope?: CallScope): Promise<Result<ServiceOrder, ServiceOrderFailure>>;
  /**
   * Reconciliation: what became of a transfer sent under `idempotencyKey` (its sender may have
   * given up before the answer). `applied: false` means nothing moved: sending the same transfer
   * again under the same key posts it once. A read: it never moves money.
   */
  transferOutcome(idempotencyKey: string, scope?: CallScope): Promise<WriteOutcome<PostedTransfer>>;
  /**
   * The reconciliation file: every transfer core banking booked in [from, to) (ISO-8601), oldest
   * first. A read: retried, never an effect.
   */
  listPostings(from: string, to: string, scope?: CallScope): Promise<TransferPosting[]>;
  /** Reconciliation of a loan payout sent under `idempotencyKey`, as {@link transferOutcome}. */
  disbursementOutcome(idempotencyKey: string, scope?: CallScope): Promise<WriteOutcome<LoanDisbursement>>;
}

/** What core banking knows of an idempotent write: applied (with its first reply) or not. */
export type WriteOutcome<T> = { applied: true; result: T } | { applied: false };


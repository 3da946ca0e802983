/**
 * What the gateway needs from the credit bureau: one report per customer, used by the loan
 * decision rules. Money is `{ amount, currency }` with a decimal-string amount.
 */
import type { Money } from '../money.schema.js';
import type { CallScope } from '../../platform/request-scope.js';

export type RepaymentStatus = 'CURRENT' | 'DPD30' | 'DPD60' | 'DPD90' | 'DEFAULT';

/** The bureau's latest report on a customer. */
export interface CreditReport {
  customerId: string;
  reportId: string;
  generatedAt: string;
  /** 300–850, higher is better; `null` exactly when `thinFile` is true. */
  score: number | null;
  /** Too little history to score: the decision rules must not read `null` as a bad score. */
  thinFile: boolean;
  openCreditLines: number;
  totalCreditLimit: Money;
  totalOutstanding: Money;
  monthlyRepayments: Money;
  delinquencies12m: number;
  inquiries6m: number;
  /** Worst repayment status over the report's history. */
  worstStatus: RepaymentStatus;
}

/**
 * The credit bureau. May throw `UpstreamError`. The batch read answers one entry per id, aligned
 * with the input, `null` for a customer the bureau does not know; resolvers use the loaders.
 */
export interface CreditBureauPort {
  getCreditReports(customerIds: readonly string[], scope?: CallScope): Promise<Array<CreditReport | null>>;
}

/**
 * What the gateway needs from core banking. Modules depend on this port, never on the HTTP client,
 * so a test or another transport can stand in for it.
 */
import type { Money } from '../money.schema.js';

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

export interface CoreBankingPort {
  /** The product catalogue. @throws UpstreamError */
  listProducts(signal?: AbortSignal): Promise<Product[]>;
}

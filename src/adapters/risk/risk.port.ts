/**
 * What the gateway needs from the risk platform: each customer's risk profile, AML screening of
 * a person (at onboarding) and a risk score for a transfer (before it executes).
 * Money is `{ amount, currency }` with a decimal-string amount; times are ISO-8601 UTC strings.
 */
import type { Money } from '../money.schema.js';
import type { CallScope } from '../../platform/request-scope.js';

export type RiskRating = 'LOW' | 'MEDIUM' | 'HIGH';
export type AmlStatus = 'CLEAR' | 'REVIEW' | 'HIT';

/** A match on a watch list, e.g. `CN-HIGH-RISK-LIST`, `GLOBAL-SANCTIONS`, `PEP-REGISTER`. */
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

/** The risk platform's view of a customer. */
export interface RiskProfile {
  customerId: string;
  /** LOW (score 0–29), MEDIUM (30–69), HIGH (70–100). */
  rating: RiskRating;
  /** 0–100, higher is riskier. */
  score: number;
  amlStatus: AmlStatus;
  watchlistHits: WatchlistHit[];
  litigation: LitigationRecord[];
}

/** A person to screen against the sanctions, high-risk and PEP lists. */
export interface ScreeningInput {
  fullName: string;
  idNumber: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth?: string;
}

export type ScreeningOutcome = 'CLEAR' | 'PARTIAL_MATCH' | 'HIT';

/** The outcome of screening a person. A HIT ends an onboarding flow with a risk alert. */
export interface ScreeningResult {
  screeningId: string;
  result: ScreeningOutcome;
  /** 0..1. */
  matchScore: number;
  /** A politically exposed person: manual review. */
  pep: boolean;
  /** The lists that matched. */
  lists: string[];
}

/** A transfer about to execute. */
export interface TransferScoringInput {
  customerId: string;
  amount: Money;
  /** 10–30 digits. */
  payeeAccountNumber: string;
  payeeName: string;
  /** The channel the customer is using, e.g. `APP`. */
  channel: string;
}

/** How risky a transfer looks; the gateway's rules decide allow, step-up, hold or block. */
export interface TransferRiskScore {
  /** 0–100, higher is riskier. */
  score: number;
  /** Why, e.g. `LARGE_AMOUNT`, `CUSTOMER_HIGH_RISK`, `PAYEE_WATCHLISTED`. */
  signals: string[];
  /** The payee account is on the mule list. */
  payeeWatchlisted: boolean;
}

/**
 * The risk platform. Every method may throw `UpstreamError`; a screening or score that cannot be
 * obtained must stop the flow it guards, never let it through.
 */
export interface RiskPort {
  /** One entry per id, aligned with the input, `null` for an unknown customer; use the loaders. */
  getRiskProfiles(customerIds: readonly string[], scope?: CallScope): Promise<Array<RiskProfile | null>>;
  /** Screens a person (who need not be a customer yet). */
  screenPerson(input: ScreeningInput, scope?: CallScope): Promise<ScreeningResult>;
  /** Scores a transfer; `null` when the risk platform does not know the customer. */
  scoreTransfer(input: TransferScoringInput, scope?: CallScope): Promise<TransferRiskScore | null>;
}

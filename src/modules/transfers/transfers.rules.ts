/**
 * Real-time transfer risk: pure scoring over the customer's own history and the risk platform's
 * signals, and the decision it leads to. Everything, including the hour, comes in as arguments.
 */
import { compareDecimal, isRatioAbove } from '../../platform/money/decimal.js';

export type TransferDecision = 'ALLOW' | 'STEP_UP' | 'HOLD' | 'BLOCK';

export type TransferSignal =
  | 'PAYEE_WATCHLISTED'
  | 'AMOUNT_UNUSUAL'
  | 'AMOUNT_FAR_ABOVE_USUAL'
  | 'NEW_PAYEE'
  | 'HIGH_VELOCITY'
  | 'UNUSUAL_HOUR'
  | 'HIGH_RISK_CHANNEL'
  | 'CUSTOMER_HIGH_RISK'
  | 'PLATFORM_SCORE_HIGH'
  | 'RISK_PLATFORM_UNAVAILABLE';

export interface TransferRiskInput {
  amount: string;
  /** The customer's usual outgoing amount (median of recent debits); null without history. */
  usualAmount: string | null;
  /** Outgoing transfers in the last 24 hours (before this one). */
  recentCount: number;
  newPayee: boolean;
  /** Local hour of the customer (0-23). */
  hour: number;
  channel: string;
  /** The risk platform's view; `null` when it could not be asked. */
  platform: { score: number; payeeWatchlisted: boolean } | null;
  customerRating: 'LOW' | 'MEDIUM' | 'HIGH' | null;
}

export interface TransferRiskResult {
  score: number;
  signals: TransferSignal[];
  decision: TransferDecision;
}

/** Scores a transfer 0-100 and decides: BLOCK on a watch-listed payee, HOLD ≥ 70, STEP_UP ≥ 35. */
export function scoreTransfer(input: TransferRiskInput): TransferRiskResult {
  const signals: TransferSignal[] = [];
  let score = 0;
  const add = (signal: TransferSignal, points: number) => {
    signals.push(signal);
    score += points;
  };
  if (input.platform?.payeeWatchlisted) add('PAYEE_WATCHLISTED', 100);
  if (input.usualAmount !== null && compareDecimal(input.usualAmount, '0') > 0) {
    if (isRatioAbove(input.amount, input.usualAmount, '10')) add('AMOUNT_FAR_ABOVE_USUAL', 45);
    else if (isRatioAbove(input.amount, input.usualAmount, '3')) add('AMOUNT_UNUSUAL', 20);
  } else if (compareDecimal(input.amount, '20000.00') > 0) {
    add('AMOUNT_UNUSUAL', 20);
  }
  if (input.newPayee) add('NEW_PAYEE', 15);
  if (input.recentCount >= 5) add('HIGH_VELOCITY', 20);
  if (input.hour >= 0 && input.hour < 5) add('UNUSUAL_HOUR', 5);
  if (input.channel === 'PARTNER' || input.channel === 'MINI_PROGRAM') add('HIGH_RISK_CHANNEL', 5);
  if (input.customerRating === 'HIGH') add('CUSTOMER_HIGH_RISK', 25);
  if (input.platform === null) add('RISK_PLATFORM_UNAVAILABLE', 35);
  else if (input.platform.score >= 70) add('PLATFORM_SCORE_HIGH', 30);
  score = Math.min(100, score);
  const decision: TransferDecision = input.platform?.payeeWatchlisted
    ? 'BLOCK'
    : score >= 70
      ? 'HOLD'
      : score >= 35
        ? 'STEP_UP'
        : 'ALLOW';
  return { score, signals, decision };
}

/** Per-transfer limit by channel: partner and mini-program channels move less. */
export function transferLimit(channel: string): string {
  return channel === 'PARTNER' || channel === 'MINI_PROGRAM' ? '5000.00' : '50000.00';
}

/** Median of amounts (decimal strings), or null for none. */
export function medianAmount(amounts: string[]): string | null {
  if (amounts.length === 0) return null;
  const sorted = [...amounts].sort((a, b) => compareDecimal(a, b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

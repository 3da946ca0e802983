/**
 * Real-time transfer risk: pure scoring over the customer's own history and the risk platform's
 * signals, and the decision it leads to. Everything, including the hour, comes in as arguments.
 */
import { compareDecimal, isRatioAbove } from '../../platform/money/decimal.js';
import { stateMachine } from '../../platform/write/state-machine.js';

export type TransferDecision = 'ALLOW' | 'STEP_UP' | 'HOLD' | 'BLOCK';

export type TransferStatus = 'PENDING_STEP_UP' | 'HELD' | 'POSTING' | 'POSTED' | 'BLOCKED' | 'REJECTED' | 'FAILED';

/**
 * A transfer starts in the status its risk decision gives ({@link STATUS_OF_DECISION}).
 * PENDING_STEP_UP → POSTING once the customer's code is right; HELD → POSTING (released by a risk
 * officer) or REJECTED; POSTING → POSTED, or FAILED when core banking refuses it.
 */
export const TRANSFER_MACHINE = stateMachine<TransferStatus>('transfer', {
  PENDING_STEP_UP: ['POSTING'],
  HELD: ['POSTING', 'REJECTED'],
  POSTING: ['POSTED', 'FAILED'],
  POSTED: [],
  BLOCKED: [],
  REJECTED: [],
  FAILED: [],
});

export const STATUS_OF_DECISION: Readonly<Record<TransferDecision, TransferStatus>> = Object.freeze({
  ALLOW: 'POSTING',
  STEP_UP: 'PENDING_STEP_UP',
  HOLD: 'HELD',
  BLOCK: 'BLOCKED',
});

/** The bank's transfer policy: limits and the thresholds of the risk score. */
export interface TransferPolicy {
  /** Per-transfer limit by channel; channels not listed get `defaultLimit`. */
  channelLimits: Readonly<Record<string, string>>;
  defaultLimit: string;
  /** Channels that add HIGH_RISK_CHANNEL to the score. */
  highRiskChannels: readonly string[];
  /** Without history, an amount above this is unusual. */
  unusualAmountWithoutHistory: string;
  /** Transfers in the last 24 hours from which velocity is high. */
  highVelocityCount: number;
  /** Local hours [from, to) that count as unusual. */
  unusualHours: readonly [number, number];
  /** The bank's home time zone as an offset from UTC, for the customer's local hour. */
  utcOffsetHours: number;
  holdScore: number;
  stepUpScore: number;
  /**
   * Without a score from the risk platform a transfer is HELD for a risk officer, never released
   * by the customer's own code — except a transfer to the customer's own account, or one of at most
   * this amount, which is decided by the rest of the score and records why it passed unscored.
   */
  unscoredAllowance: string;
}

export const DEFAULT_TRANSFER_POLICY: TransferPolicy = Object.freeze({
  channelLimits: Object.freeze({ PARTNER: '5000.00', MINI_PROGRAM: '5000.00' }),
  defaultLimit: '50000.00',
  highRiskChannels: Object.freeze(['PARTNER', 'MINI_PROGRAM']),
  unusualAmountWithoutHistory: '20000.00',
  highVelocityCount: 5,
  unusualHours: Object.freeze([0, 5] as const),
  utcOffsetHours: 8,
  holdScore: 70,
  stepUpScore: 35,
  unscoredAllowance: '100.00',
});

/** A positive amount with at most two decimals, as customers type it. */
export function isTransferAmount(amount: string): boolean {
  return /^\d{1,15}(\.\d{1,2})?$/.test(amount) && compareDecimal(amount, '0') > 0;
}

/** The customer's local hour (0-23) at `at`, in the bank's home time zone. */
export function localHour(at: Date, policy: TransferPolicy = DEFAULT_TRANSFER_POLICY): number {
  return (((at.getUTCHours() + policy.utcOffsetHours) % 24) + 24) % 24;
}

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
  | 'RISK_PLATFORM_UNAVAILABLE'
  /** Passed unscored: the payee is the customer's own account at this bank. */
  | 'UNSCORED_OWN_ACCOUNT'
  /** Passed unscored: the amount is within the policy's unscored allowance. */
  | 'UNSCORED_SMALL_AMOUNT';

export interface TransferRiskInput {
  amount: string;
  /** The customer's usual outgoing amount (median of recent debits); null without history. */
  usualAmount: string | null;
  /** Outgoing transfers in the last 24 hours (before this one). */
  recentCount: number;
  newPayee: boolean;
  /** The payee is one of the customer's own accounts at this bank. */
  ownAccount: boolean;
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

/** Scores a transfer 0-100 and decides: BLOCK on a watch-listed payee, HOLD ≥ holdScore (70), STEP_UP ≥ stepUpScore (35). */
export function scoreTransfer(input: TransferRiskInput, policy: TransferPolicy = DEFAULT_TRANSFER_POLICY): TransferRiskResult {
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
  } else if (compareDecimal(input.amount, policy.unusualAmountWithoutHistory) > 0) {
    add('AMOUNT_UNUSUAL', 20);
  }
  if (input.newPayee) add('NEW_PAYEE', 15);
  if (input.recentCount >= policy.highVelocityCount) add('HIGH_VELOCITY', 20);
  if (input.hour >= policy.unusualHours[0] && input.hour < policy.unusualHours[1]) add('UNUSUAL_HOUR', 5);
  if (policy.highRiskChannels.includes(input.channel)) add('HIGH_RISK_CHANNEL', 5);
  if (input.customerRating === 'HIGH') add('CUSTOMER_HIGH_RISK', 25);
  if (input.platform === null) add('RISK_PLATFORM_UNAVAILABLE', 35);
  else if (input.platform.score >= 70) add('PLATFORM_SCORE_HIGH', 30);
  score = Math.min(100, score);
  let decision: TransferDecision = input.platform?.payeeWatchlisted
    ? 'BLOCK'
    : score >= policy.holdScore
      ? 'HOLD'
      : score >= policy.stepUpScore
        ? 'STEP_UP'
        : 'ALLOW';
  if (input.platform === null) {
    // Fail closed: no score, no money out on the customer's word alone.
    const allowance: TransferSignal | null = input.ownAccount
      ? 'UNSCORED_OWN_ACCOUNT'
      : compareDecimal(input.amount, policy.unscoredAllowance) <= 0
        ? 'UNSCORED_SMALL_AMOUNT'
        : null;
    if (allowance) signals.push(allowance);
    else decision = 'HOLD';
  }
  return { score, signals, decision };
}

/** Per-transfer limit by channel: partner and mini-program channels move less. */
export function transferLimit(channel: string, policy: TransferPolicy = DEFAULT_TRANSFER_POLICY): string {
  return policy.channelLimits[channel] ?? policy.defaultLimit;
}

/** Median of amounts (decimal strings), or null for none. */
export function medianAmount(amounts: string[]): string | null {
  if (amounts.length === 0) return null;
  const sorted = [...amounts].sort((a, b) => compareDecimal(a, b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Pure rules of the login layer: throttling and one-time-code checks. Everything they need,
 * including the time, comes in as arguments.
 */
import type { Viewer } from '../../platform/context.js';
import { AuthError } from './auth.errors.js';

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  /** The first lockout; each failure past the limit doubles it. */
  lockoutMs: number;
  /** @default 15 minutes */
  maxLockoutMs?: number;
}

/** Whether an attempt may go ahead now; if not, after how many whole seconds it may. */
export function checkThrottle(
  state: ThrottleState | undefined,
  now: Date,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  if (!state?.lockedUntil || state.lockedUntil.getTime() <= now.getTime()) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) };
}

/**
 * The state after one more failure: below the limit only the count grows; from the limit on,
 * each failure locks for `lockoutMs`, doubled per failure past the limit, capped.
 */
export function recordFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
  const failures = (state?.failures ?? 0) + 1;
  if (failures < policy.maxFailures) return { failures, lockedUntil: state?.lockedUntil ?? null };
  const cap = policy.maxLockoutMs ?? 15 * 60 * 1000;
  const lockMs = Math.min(cap, policy.lockoutMs * 2 ** Math.min(20, failures - policy.maxFailures));
  return { failures, lockedUntil: new Date(now.getTime() + lockMs) };
}

export type OtpCheck = 'OK' | 'EXPIRED' | 'USED' | 'TOO_MANY_ATTEMPTS' | 'NOT_SENT' | 'WRONG_CODE';

/** Judges a one-time code against its challenge; `codeMatches` is computed by the caller. */
export function checkOtp(
  challenge: { expiresAt: Date; consumedAt: Date | null; attempts: number; codeHash: string | null },
  codeMatches: boolean,
  now: Date,
  maxAttempts: number,
): OtpCheck {
  if (challenge.consumedAt) return 'USED';
  if (challenge.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  if (!challenge.codeHash) return 'NOT_SENT';
  if (challenge.attempts >= maxAttempts) return 'TOO_MANY_ATTEMPTS';
  return codeMatches ? 'OK' : 'WRONG_CODE';
}

/** `138****5678`: enough for a customer to recognise their phone, not enough to use it. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** The customer behind `viewer`, or the error an anonymous caller or anyone else gets. */
export function requireCustomer(viewer: Viewer): Extract<Viewer, { kind: 'customer' }> {
  if (viewer.kind === 'customer') return viewer;
  if (viewer.kind === 'anonymous') throw new AuthError('UNAUTHENTICATED', 'Log in first.');
  throw new AuthError('FORBIDDEN', 'Only the customer can do this.');
}

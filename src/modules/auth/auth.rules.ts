/**
 * Pure rules of the login layer: one-time-code checks, masking, who may act. Everything they need,
 * including the time, comes in as arguments.
 */
import type { Viewer } from '../../platform/context.js';
import { AuthError } from './auth.errors.js';

/** Codes one challenge may send (the first and two resends). */
export const MAX_OTP_SENDS_PER_CHALLENGE = 3;
/** The sliding window of the OTP caps across challenges (per customer, mini-program user, address). */
export const OTP_CAP_WINDOW_MS = 60 * 60 * 1000;

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

/** Pure rules of recovery: who owns which work, and what state a recovery record is in. */
import type { StaffRole } from '../../platform/context.js';

/** The in-flight work an outage or a stopped instance can leave behind. */
export const RECOVERY_KINDS = ['transfer.posting', 'loan.decision', 'loan.disbursement', 'account-opening.open'] as const;
export type RecoveryKind = (typeof RECOVERY_KINDS)[number];

/** The staff role that owns (and may retry) each kind of work; administrators read all. */
const OWNER: Readonly<Record<RecoveryKind, StaffRole>> = {
  'transfer.posting': 'RISK_OFFICER',
  'account-opening.open': 'RISK_OFFICER',
  'loan.decision': 'REVIEWER',
  'loan.disbursement': 'REVIEWER',
};

export function kindsFor(roles: readonly StaffRole[]): RecoveryKind[] {
  if (roles.includes('ADMIN')) return [...RECOVERY_KINDS];
  return RECOVERY_KINDS.filter((kind) => roles.includes(OWNER[kind]));
}

export type RecoveryState = 'SETTLED' | 'WAITING' | 'NEEDS_PERSON';

/**
 * SETTLED once an outcome is recorded; NEEDS_PERSON when a backend refused it (the retry would
 * fail again) or after `needsPersonAfter` failed tries; else WAITING (the sweep keeps trying).
 */
export function recoveryState(record: { outcome: string | null; attempts: number; lastError: string | null }, needsPersonAfter: number): RecoveryState {
  if (record.outcome !== null) return 'SETTLED';
  if (record.lastError?.includes('refused') || record.attempts >= needsPersonAfter) return 'NEEDS_PERSON';
  return 'WAITING';
}

/**
 * Pure rules of account opening: what the identity check and the AML screening together decide,
 * and what the customer is told. No I/O: the outcomes are passed in.
 */
import { stateMachine } from '../../platform/write/state-machine.js';
import type { AlertKind, AlertSeverity } from '../alerts/alerts.raise.js';

/**
 * `OPENING`: a risk officer approved and core banking is opening the account. It leads only to
 * OPENED (approving again finishes it; the opening is idempotent), so a rejection racing the
 * approval can never leave an account open behind a terminated opening.
 */
export type OpeningStatus = 'DRAFT' | 'OPENED' | 'TERMINATED' | 'PENDING_REVIEW' | 'OPENING';
export type OpeningKind = 'SAVINGS' | 'CURRENT';

/** DRAFT → OPENING (checks passed) | PENDING_REVIEW | TERMINATED; PENDING_REVIEW → OPENING | TERMINATED; OPENING → OPENED. */
export const OPENING_MACHINE = stateMachine<OpeningStatus>('account opening', {
  DRAFT: ['OPENING', 'PENDING_REVIEW', 'TERMINATED'],
  PENDING_REVIEW: ['OPENING', 'TERMINATED'],
  OPENING: ['OPENED'],
  OPENED: [],
  TERMINATED: [],
});

/** Currencies core banking opens accounts in. */
export const OPENING_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD'] as const;

/** The identity check as the decision sees it: its result, or UNAVAILABLE when it could not be made. */
export type IdentityCheck = { status: 'DONE'; result: 'PASS' | 'FAIL' | 'REVIEW' } | { status: 'UNAVAILABLE' };
/** The screening as the decision sees it. */
export type ScreeningCheck =
  | { status: 'DONE'; result: 'CLEAR' | 'PARTIAL_MATCH' | 'HIT'; pep: boolean; lists: string[]; matchScore: number }
  | { status: 'UNAVAILABLE' };

export interface AlertToRaise {
  kind: AlertKind;
  severity: AlertSeverity;
  summary: string;
}

export type OpeningDecision =
  /** Both checks passed: open the account. */
  | { outcome: 'OPEN' }
  /** The identity is not verified: refuse the submission, the draft stays a draft. */
  | { outcome: 'REFUSE_IDENTITY' }
  | { outcome: 'TERMINATE'; alert: AlertToRaise }
  | { outcome: 'REVIEW'; reason: 'SCREENING_PARTIAL_MATCH' | 'CHECKS_UNAVAILABLE' | 'IDENTITY_REVIEW'; alert: AlertToRaise | null };

/**
 * Decides an opening from both checks, failing closed: an account is opened only when the
 * identity PASSed and the screening is CLEAR.
 *
 * A screening HIT wins over everything (even a failed identity check: the claimed identity is
 * enough to stop and tell risk officers). A failed identity check is the customer's to fix.
 */
export function decideOpening(identity: IdentityCheck, screening: ScreeningCheck): OpeningDecision {
  if (screening.status === 'DONE' && screening.result === 'HIT') {
    return {
      outcome: 'TERMINATE',
      alert: {
        kind: 'HIGH_RISK_APPLICANT',
        severity: 'CRITICAL',
        summary: `Account opening terminated: screening HIT on ${screening.lists.join(', ') || 'a list'} (match ${screening.matchScore}).`,
      },
    };
  }
  if (identity.status === 'DONE' && identity.result === 'FAIL') return { outcome: 'REFUSE_IDENTITY' };
  if (identity.status === 'UNAVAILABLE' || screening.status === 'UNAVAILABLE') {
    const down = [identity.status === 'UNAVAILABLE' ? 'identity verification' : null, screening.status === 'UNAVAILABLE' ? 'screening' : null]
      .filter(Boolean)
      .join(' and ');
    return {
      outcome: 'REVIEW',
      reason: 'CHECKS_UNAVAILABLE',
      alert: { kind: 'SCREENING_UNAVAILABLE', severity: 'MEDIUM', summary: `Account opening held for review: ${down} unavailable.` },
    };
  }
  if (screening.result === 'PARTIAL_MATCH' || screening.pep) {
    return {
      outcome: 'REVIEW',
      reason: 'SCREENING_PARTIAL_MATCH',
      alert: {
        kind: 'SCREENING_PARTIAL_MATCH',
        severity: 'HIGH',
        summary: `Account opening held for review: screening ${screening.result}${screening.pep ? ' (PEP)' : ''} on ${screening.lists.join(', ') || 'a list'} (match ${screening.matchScore}).`,
      },
    };
  }
  if (identity.result === 'REVIEW') return { outcome: 'REVIEW', reason: 'IDENTITY_REVIEW', alert: null };
  return { outcome: 'OPEN' };
}

/**
 * What the customer is told about an opening. Neutral on purpose: it never says why an opening
 * was stopped or held (no lists, scores or screening words).
 */
export function customerMessage(status: OpeningStatus): string {
  switch (status) {
    case 'DRAFT':
      return 'Check your details and submit them to open the account.';
    case 'OPENED':
      return 'Your account is open.';
    case 'PENDING_REVIEW':
      return 'We are checking your application and will get back to you.';
    case 'OPENING':
      return 'Your application is approved; we are opening your account.';
    case 'TERMINATED':
      return 'We cannot open this account online. Please visit a branch if you have questions.';
  }
}

/** An 18-character resident identity number: 17 digits and a digit or X. */
export function isIdNumber(value: string): boolean {
  return /^\d{17}[\dX]$/.test(value);
}

/** A name as compared for identity binding: spaces collapsed, case ignored. */
const comparableName = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleUpperCase('en');

export type IdentityBinding = { outcome: 'MATCH' } | { outcome: 'MISMATCH'; fields: ('fullName' | 'idNumber')[] };

/**
 * Is the identity a customer submitted the one the bank verified for them (its CRM record)? Both
 * the identity number and the name must match: an account is opened only in the customer's own name.
 */
export function bindIdentity(submitted: { fullName: string; idNumber: string }, onRecord: { fullName: string; idNumber: string }): IdentityBinding {
  const fields: ('fullName' | 'idNumber')[] = [];
  if (submitted.idNumber.trim().toUpperCase() !== onRecord.idNumber.trim().toUpperCase()) fields.push('idNumber');
  if (comparableName(submitted.fullName) !== comparableName(onRecord.fullName)) fields.push('fullName');
  return fields.length === 0 ? { outcome: 'MATCH' } : { outcome: 'MISMATCH', fields };
}

/** Expected failures of the loans module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The loans module's codes. */
export const LOAN_ERRORS = defineErrorCodes({
  ...pickErrorCodes(
    COMMON_ERRORS,
    'NOT_FOUND',
    'FORBIDDEN',
    'BAD_USER_INPUT',
    'IDEMPOTENCY_KEY_REUSED',
    'INVALID_TRANSITION',
    'OWN_APPLICATION',
    'ACCOUNT_NOT_ELIGIBLE',
    'NOT_CLAIMED',
    'ALREADY_CLAIMED',
    'FOUR_EYES_REQUIRED',
    'DOCUMENT_NOT_REQUESTED',
    'DOCUMENT_TOO_LARGE',
    'DOCUMENT_TYPE_NOT_ALLOWED',
  ),
  PENDING_APPLICATION_EXISTS: {
    meaning: 'The customer already has an open application for this product.',
    audience: ['customer', 'partner'],
    retryable: false,
    action: 'Show the open application instead.',
  },
  DISBURSEMENT_FAILED: {
    meaning: 'Core banking could not pay the loan out; nothing was paid twice and the application stays signed.',
    audience: ['customer', 'partner', 'staff'],
    retryable: true,
    action: 'Call disburseLoan again later.',
  },
});

export type LoanErrorCode = CodeOf<typeof LOAN_ERRORS>;

export class LoanError extends DomainError<LoanErrorCode> {}

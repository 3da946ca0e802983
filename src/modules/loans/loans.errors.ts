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
  ),
  PENDING_APPLICATION_EXISTS: {
    meaning: 'The customer already has an open application for this product.',
    audience: ['customer', 'partner'],
    retryable: false,
    action: 'Show the open application instead.',
  },
  NOT_CLAIMED: {
    meaning: 'The reviewer must claim the application first, or nobody holds it to release.',
    audience: ['staff'],
    retryable: false,
  },
  ALREADY_CLAIMED: {
    meaning: 'Another reviewer has claimed this application.',
    audience: ['staff'],
    retryable: false,
    action: 'Pick another application from the queue.',
  },
  FOUR_EYES_REQUIRED: {
    meaning: 'This decision needs a second reviewer (four-eyes rule); the same person cannot complete it.',
    audience: ['staff'],
    retryable: false,
  },
  DOCUMENT_NOT_REQUESTED: {
    meaning: 'No document of this kind is requested for the application.',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  DOCUMENT_TOO_LARGE: {
    meaning: 'The uploaded document is over the size limit (`extensions.maxBytes`).',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  DOCUMENT_TYPE_NOT_ALLOWED: {
    meaning: 'The document\'s content type is not accepted, or the content is not of the declared type.',
    audience: ['customer', 'partner'],
    retryable: false,
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

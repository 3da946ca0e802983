/** Expected failures of the loans module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type LoanErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PENDING_APPLICATION_EXISTS'
  | 'INVALID_TRANSITION'
  | 'NOT_CLAIMED'
  | 'ALREADY_CLAIMED'
  | 'FOUR_EYES_REQUIRED'
  | 'OWN_APPLICATION'
  | 'DOCUMENT_NOT_REQUESTED'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_TYPE_NOT_ALLOWED'
  | 'ACCOUNT_NOT_ELIGIBLE'
  | 'DISBURSEMENT_FAILED';

export class LoanError extends DomainError<LoanErrorCode> {}

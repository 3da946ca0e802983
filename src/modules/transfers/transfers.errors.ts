/** Expected failures of the transfers module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type TransferErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ACCOUNT_NOT_ELIGIBLE'
  | 'LIMIT_EXCEEDED'
  | 'INSUFFICIENT_FUNDS'
  | 'INVALID_TRANSITION'
  | 'CODE_INVALID'
  | 'CODE_EXPIRED'
  | 'TOO_MANY_ATTEMPTS'
  /** Core banking could not be reached to post it: nothing moved yet. Retrying (same key) helps. */
  | 'POSTING_FAILED'
  /**
   * Core banking has not confirmed the posting (it may still apply it): the transfer stays POSTING
   * and the recovery sweep settles it by asking core banking, never debiting twice. Sending the
   * same key again is safe; follow the transfer for the outcome.
   */
  | 'POSTING_PENDING';

export class TransferError extends DomainError<TransferErrorCode> {}

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
  | 'POSTING_FAILED';

export class TransferError extends DomainError<TransferErrorCode> {}

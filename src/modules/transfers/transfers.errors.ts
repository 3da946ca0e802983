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
  | 'POSTING_FAILED'
  // The step-up code could not be sent (SMS or CRM down); the transfer waits, PENDING_STEP_UP with
  // no code: retrying (resendTransferCode, or the same idempotency key) helps once it is back.
  | 'CODE_NOT_SENT'
  // This transfer's step-up codes are used up (see MAX_CODE_SENDS); retrying does not help: submit a new transfer.
  | 'TOO_MANY_CODES';

export class TransferError extends DomainError<TransferErrorCode> {}

/** Expected failures of the transfers module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The transfers module's codes. */
export const TRANSFER_ERRORS = defineErrorCodes({
  ...pickErrorCodes(
    COMMON_ERRORS,
    'NOT_FOUND',
    'FORBIDDEN',
    'BAD_USER_INPUT',
    'IDEMPOTENCY_KEY_REUSED',
    'ACCOUNT_NOT_ELIGIBLE',
    'INVALID_TRANSITION',
    'TOO_MANY_ATTEMPTS',
    'CODE_INVALID',
    'CODE_EXPIRED',
  ),
  LIMIT_EXCEEDED: {
    meaning: 'The transfer is over the customer\'s per-transfer or daily limit.',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  INSUFFICIENT_FUNDS: {
    meaning: 'The source account has not enough available balance.',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  POSTING_FAILED: {
    meaning: 'Core banking could not post the transfer now; its outcome is recorded truthfully and no money moved twice.',
    audience: ['customer', 'partner'],
    retryable: true,
    action: 'Send it again with the same idempotency key.',
  },
  POSTING_PENDING: {
    meaning: 'Core banking has not confirmed the posting (it may still apply it): the transfer stays POSTING and the recovery sweep settles it by asking core banking, never debiting twice.',
    audience: ['customer', 'partner'],
    retryable: true,
    action: 'Sending the same key again is safe; follow the transfer for the outcome.',
  },
  CODE_NOT_SENT: {
    meaning: 'The step-up code could not be sent (SMS or CRM down); the transfer waits PENDING_STEP_UP with no live code (`extensions.transferId`, `extensions.backend`).',
    audience: ['customer'],
    retryable: true,
    action: 'Ask again with resendTransferCode (or the same idempotency key) once the backend is back.',
  },
  TOO_MANY_CODES: {
    meaning: 'This transfer\'s step-up codes are used up.',
    audience: ['customer'],
    retryable: false,
    action: 'Submit a new transfer.',
  },
});

export type TransferErrorCode = CodeOf<typeof TRANSFER_ERRORS>;

export class TransferError extends DomainError<TransferErrorCode> {}

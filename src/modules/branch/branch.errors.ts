/** Expected failures at branch terminals: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The branch module's codes. */
export const BRANCH_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT', 'IDEMPOTENCY_KEY_REUSED', 'INVALID_TRANSITION'),
  TERMINAL_UNAUTHORIZED: {
    meaning: 'The terminal id and secret do not name a live registered terminal (unknown, wrong secret or revoked).',
    audience: ['staff'],
    retryable: false,
    action: 'Re-register the device (an administrator registers it for the branch).',
  },
  TICKET_NOT_FOUND: {
    meaning: 'The QR content is not a ticket this bank issued.',
    audience: ['staff'],
    retryable: false,
  },
  TICKET_REDEEMED: {
    meaning: 'The ticket was already redeemed (a ticket is redeemed once only, at any terminal).',
    audience: ['staff'],
    retryable: false,
  },
  TICKET_EXPIRED: {
    meaning: 'The branch ticket has expired.',
    audience: ['staff'],
    retryable: false,
    action: 'The customer issues a new ticket from their app.',
  },
  TICKET_WRONG_BRANCH: {
    meaning: 'The ticket may be redeemed only at the branch it was issued for.',
    audience: ['staff'],
    retryable: false,
    action: 'Send the customer to the branch named on the ticket, or have them issue a new one for this branch.',
  },
});

export type BranchErrorCode = CodeOf<typeof BRANCH_ERRORS>;

export class BranchError extends DomainError<BranchErrorCode> {}

export function refuse(code: BranchErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new BranchError(code, message, details);
}

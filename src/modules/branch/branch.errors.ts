/** Expected failures at branch terminals: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type BranchErrorCode =
  /** No such request or terminal (or not the viewer's): retrying does not help. */
  | 'NOT_FOUND'
  /** The viewer's role may not do this. */
  | 'FORBIDDEN'
  /** Malformed input (`extensions.field`). */
  | 'BAD_USER_INPUT'
  /** The idempotency key was used for another request: use a new key. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The request is not in a status this allows (`extensions.status`). */
  | 'INVALID_TRANSITION'
  /** The terminal id and secret do not name a live registered terminal: re-register the device. */
  | 'TERMINAL_UNAUTHORIZED'
  /** The QR content is not a ticket this bank issued. */
  | 'TICKET_NOT_FOUND'
  /** The ticket was already redeemed (once only, at any terminal). */
  | 'TICKET_REDEEMED'
  /** The ticket expired: the customer issues a new one from their app. */
  | 'TICKET_EXPIRED'
  /** The ticket may be redeemed only at the branch it was issued for. */
  | 'TICKET_WRONG_BRANCH';

export class BranchError extends DomainError<BranchErrorCode> {}

export function refuse(code: BranchErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new BranchError(code, message, details);
}

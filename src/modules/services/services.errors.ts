/** Expected failures of counter services: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type ServiceErrorCode =
  /** No such request (or not the viewer's, or not at this branch): retrying does not help. */
  | 'NOT_FOUND'
  /** The viewer's role may not do this: retrying does not help. */
  | 'FORBIDDEN'
  /** Malformed input; `extensions.fieldErrors: [{ field, code, message }]` names each bad field. Fix and resend. */
  | 'BAD_USER_INPUT'
  /** The idempotency key was used for another request: use a new key. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The request's status does not allow this step (`extensions.status`): reload it. */
  | 'INVALID_TRANSITION'
  /** No template with this code. */
  | 'TEMPLATE_NOT_FOUND'
  /** The template cannot be started on this channel (see `serviceTemplates(channel)`). */
  | 'CHANNEL_NOT_ALLOWED'
  /** A teller acts only on a registered terminal of their branch: send `terminal`. */
  | 'TERMINAL_REQUIRED'
  /** The one-time code is wrong (`extensions.attemptsLeft`): try again. */
  | 'CODE_INVALID'
  /** The one-time code expired or was never sent: start a new request. */
  | 'CODE_EXPIRED'
  /** Too many wrong codes: start a new request. */
  | 'TOO_MANY_ATTEMPTS'
  /** The ID document the teller checked does not match the customer: the request is CANCELLED. */
  | 'ID_MISMATCH'
  /** This template finishes only after a teller checked the ID at a branch (issue a ticket). */
  | 'BRANCH_VERIFICATION_REQUIRED'
  /** The backend could not be reached; the request stays PROCESSING: retry (same key, or retryServiceRequest). */
  | 'PROCESSING_DELAYED';

export class ServiceError extends DomainError<ServiceErrorCode> {}

/** Throws ServiceError `code`. */
export function refuse(code: ServiceErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new ServiceError(code, message, details);
}

/** Expected failures of counter services: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The services module's codes. */
export const SERVICE_ERRORS = defineErrorCodes({
  ...pickErrorCodes(
    COMMON_ERRORS,
    'NOT_FOUND',
    'FORBIDDEN',
    'BAD_USER_INPUT',
    'IDEMPOTENCY_KEY_REUSED',
    'INVALID_TRANSITION',
    'CODE_INVALID',
    'CODE_EXPIRED',
    'TOO_MANY_ATTEMPTS',
  ),
  TEMPLATE_NOT_FOUND: {
    meaning: 'No service template with this code.',
    audience: ['customer', 'staff'],
    retryable: false,
  },
  CHANNEL_NOT_ALLOWED: {
    meaning: 'The service template cannot be started on this channel.',
    audience: ['customer', 'staff'],
    retryable: false,
    action: 'Offer only the templates serviceTemplates(channel) lists.',
  },
  TERMINAL_REQUIRED: {
    meaning: 'A teller acts on service requests only from a registered terminal of their branch.',
    audience: ['staff'],
    retryable: false,
    action: 'Send the `terminal` credentials with the request.',
  },
  ID_MISMATCH: {
    meaning: 'The ID document the teller checked does not match the customer: the request is now CANCELLED.',
    audience: ['staff'],
    retryable: false,
  },
  BRANCH_VERIFICATION_REQUIRED: {
    meaning: 'This step needs a teller to check the customer\'s ID document at a branch (the template requires it, or the request is at a branch).',
    audience: ['customer'],
    retryable: false,
    action: 'Issue a branch ticket and finish the request at the counter.',
  },
  PROCESSING_DELAYED: {
    meaning: 'The backend (`extensions.backend`) could not be reached to carry the request out; it stays PROCESSING and the action runs once.',
    audience: ['customer', 'staff'],
    retryable: true,
    action: 'Retry later with the same idempotency key, or call retryServiceRequest.',
  },
});

export type ServiceErrorCode = CodeOf<typeof SERVICE_ERRORS>;

export class ServiceError extends DomainError<ServiceErrorCode> {}

/** Throws ServiceError `code`. */
export function refuse(code: ServiceErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new ServiceError(code, message, details);
}

/** Expected failures of behaviour events and offers: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The offers module's codes. */
export const OFFERS_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'INVALID_TRANSITION', 'UPSTREAM_UNAVAILABLE'),
  EVENTS_RATE_LIMITED: {
    meaning: 'This session sent more behaviour events than it may for now (a per-session bucket, one token per event); nothing of the batch was stored. HTTP 429.',
    audience: ['customer'],
    retryable: true,
    action: 'Keep the batch and send it again after `extensions.retryAfterSeconds`; do not split it to get around the limit.',
  },
});

export type OffersErrorCode = CodeOf<typeof OFFERS_ERRORS>;

export class OffersError extends DomainError<OffersErrorCode> {}

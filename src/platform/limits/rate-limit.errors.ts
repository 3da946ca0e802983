/** The rate limiter's code: declared once (the error catalogue); clients see the code and the details. */
import { defineErrorCodes, type CodeOf } from '../error-catalogue.js';
import { DomainError } from '../errors.js';

/** The rate limiter's codes. */
export const RATE_LIMIT_ERRORS = defineErrorCodes({
  RATE_LIMITED: {
    meaning: 'The caller (or the partner client) used up its operations for now; HTTP 429 when no data comes back.',
    audience: ['anyone'],
    retryable: true,
    action: 'Wait `extensions.retryAfterSeconds`, then try again.',
  },
});

export type RateLimitErrorCode = CodeOf<typeof RATE_LIMIT_ERRORS>;

export class RateLimitError extends DomainError<RateLimitErrorCode> {}

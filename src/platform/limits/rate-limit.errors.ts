import { DomainError } from '../errors.js';

/**
 * RATE_LIMITED — the viewer (or the partner client) used up its operations for now; retrying
 * helps after `extensions.retryAfterSeconds`. Answered with HTTP 429 when no data comes back.
 */
export type RateLimitErrorCode = 'RATE_LIMITED';

export class RateLimitError extends DomainError<RateLimitErrorCode> {}

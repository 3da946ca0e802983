/** Expected failures of ratings and feedback: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The feedback module's codes. */
export const FEEDBACK_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'INVALID_TRANSITION'),
  ALREADY_RATED: {
    meaning: 'This customer already rated this flow (a rating is given once).',
    audience: ['customer'],
    retryable: false,
  },
  CLAIMED_BY_ANOTHER: {
    meaning: 'Another feedback officer is handling this feedback item.',
    audience: ['staff'],
    retryable: false,
    action: 'Leave it, or wait until it is released.',
  },
});

export type FeedbackErrorCode = CodeOf<typeof FEEDBACK_ERRORS>;

export class FeedbackError extends DomainError<FeedbackErrorCode> {}

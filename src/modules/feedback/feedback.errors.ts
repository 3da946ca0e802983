/** Expected failures of ratings and feedback: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

/**
 * FORBIDDEN: not a signed-in customer (partners and staff cannot rate; retrying does not help).
 * NOT_FOUND: no such flow of this customer's — another customer's is the same answer (do not retry).
 * BAD_USER_INPUT: a score out of range, none given, or the flow not finished; `details.field` names it (fix, then retry).
 * ALREADY_RATED: this customer already rated this flow (a rating is given once; do not retry).
 * INVALID_TRANSITION: the feedback item's status does not allow this (e.g. resolving before a response; reload it, do not retry).
 * CLAIMED_BY_ANOTHER: another officer is handling this feedback item (claim it first, or leave it; retrying as is does not help).
 */
export type FeedbackErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'ALREADY_RATED' | 'INVALID_TRANSITION' | 'CLAIMED_BY_ANOTHER';

export class FeedbackError extends DomainError<FeedbackErrorCode> {}

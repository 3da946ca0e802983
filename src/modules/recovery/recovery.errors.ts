/** Expected failures of the recovery module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type RecoveryErrorCode =
  /** Not staff who own any recoverable work (risk officers, reviewers, administrators). Retrying does not help. */
  | 'FORBIDDEN'
  /** `first` out of 1-100. Retrying with a valid value helps. */
  | 'BAD_USER_INPUT';

export class RecoveryError extends DomainError<RecoveryErrorCode> {}

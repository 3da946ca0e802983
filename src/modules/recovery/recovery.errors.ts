/** Expected failures of the recovery module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The recovery module's codes (FORBIDDEN: not staff who own recoverable work; BAD_USER_INPUT: `first` out of 1-100). */
export const RECOVERY_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'FORBIDDEN', 'BAD_USER_INPUT'),
});

export type RecoveryErrorCode = CodeOf<typeof RECOVERY_ERRORS>;

export class RecoveryError extends DomainError<RecoveryErrorCode> {}

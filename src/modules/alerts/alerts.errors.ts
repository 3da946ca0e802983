/** Expected failures of the alerts module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The alerts module's codes (all shared ones). */
export const ALERT_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT', 'INVALID_TRANSITION'),
});

export type AlertErrorCode = CodeOf<typeof ALERT_ERRORS>;

export class AlertError extends DomainError<AlertErrorCode> {}

/** Expected failures of process health: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The health module's codes (FORBIDDEN: not an operations analyst or administrator; BAD_USER_INPUT: the window is empty, reversed or too long). */
export const HEALTH_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'FORBIDDEN', 'BAD_USER_INPUT'),
});

export type HealthErrorCode = CodeOf<typeof HEALTH_ERRORS>;

export class HealthError extends DomainError<HealthErrorCode> {}

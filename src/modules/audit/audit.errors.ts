/** Expected failures of the audit module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The audit module's codes (all shared ones). */
export const AUDIT_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'FORBIDDEN', 'BAD_USER_INPUT'),
});

export type AuditErrorCode = CodeOf<typeof AUDIT_ERRORS>;

export class AuditError extends DomainError<AuditErrorCode> {}

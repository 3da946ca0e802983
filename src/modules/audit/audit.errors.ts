/** Expected failures of the audit module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type AuditErrorCode = 'FORBIDDEN' | 'BAD_USER_INPUT';

export class AuditError extends DomainError<AuditErrorCode> {}

/** Expected failures of the alerts module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type AlertErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'INVALID_TRANSITION';

export class AlertError extends DomainError<AlertErrorCode> {}

/** Expected failures of the customers module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type CustomerErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'BUREAU_AUTHORIZATION_REQUIRED' | 'BAD_USER_INPUT';

export class CustomerError extends DomainError<CustomerErrorCode> {}

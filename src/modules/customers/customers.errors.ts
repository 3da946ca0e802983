/** Expected failures of the customers module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The customers module's codes. */
export const CUSTOMER_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT'),
  BUREAU_AUTHORIZATION_REQUIRED: {
    meaning: 'The customer has not authorized a credit bureau check, so the bureau report is not fetched.',
    audience: ['customer', 'staff'],
    retryable: false,
    action: 'Ask the customer for the authorization first.',
  },
});

export type CustomerErrorCode = CodeOf<typeof CUSTOMER_ERRORS>;

export class CustomerError extends DomainError<CustomerErrorCode> {}

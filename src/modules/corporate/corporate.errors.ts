/** Expected failures of the corporate module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The corporate module's codes. */
export const CORPORATE_ERRORS = defineErrorCodes({
  ...pickErrorCodes(
    COMMON_ERRORS,
    'NOT_FOUND',
    'FORBIDDEN',
    'BAD_USER_INPUT',
    'IDEMPOTENCY_KEY_REUSED',
    'INVALID_TRANSITION',
    'NOT_CLAIMED',
    'ALREADY_CLAIMED',
    'FOUR_EYES_REQUIRED',
    'ACCOUNT_NOT_ELIGIBLE',
    'DOCUMENT_NOT_REQUESTED',
    'DOCUMENT_TOO_LARGE',
    'DOCUMENT_TYPE_NOT_ALLOWED',
    'IDENTITY_NOT_VERIFIED',
  ),
  CONFLICT_OF_INTEREST: {
    meaning: 'The expert is linked to the company (legal representative, director or shareholder): its requests are never theirs to review.',
    audience: ['staff'],
    retryable: false,
    action: 'Another expert reviews the request.',
  },
  SIGNATORY_NOT_AUTHORISED: {
    meaning: 'The person signing is not a legal representative or authorised signatory of the company; nothing was signed.',
    audience: ['staff'],
    retryable: false,
    action: 'Have a legal representative or authorised signatory sign.',
  },
});

export type CorporateErrorCode = CodeOf<typeof CORPORATE_ERRORS>;

export class CorporateError extends DomainError<CorporateErrorCode> {}

export const refuse = (code: CorporateErrorCode, message: string, details?: Record<string, unknown>): never => {
  throw new CorporateError(code, message, details);
};

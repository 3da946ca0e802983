/** Expected failures of the login layer: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The login layer's codes. */
export const AUTH_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'TOO_MANY_ATTEMPTS', 'BAD_USER_INPUT'),
  INVALID_CREDENTIALS: {
    meaning: 'Username or password is wrong (never told apart).',
    audience: ['anyone'],
    retryable: false,
    action: 'Let the user correct them; repeated failures lead to TOO_MANY_ATTEMPTS.',
  },
  OTP_INVALID: {
    meaning: 'The one-time code is wrong; the challenge stays open until its attempts run out.',
    audience: ['anyone'],
    retryable: false,
    action: 'Ask for the code again (same challenge).',
  },
  OTP_EXPIRED: {
    meaning: 'The one-time code has expired.',
    audience: ['anyone'],
    retryable: false,
    action: 'Request a new code (requestLoginOtp).',
  },
  OTP_ALREADY_USED: {
    meaning: 'The one-time code or its challenge was already used.',
    audience: ['anyone'],
    retryable: false,
    action: 'Start the login again.',
  },
  OTP_NOT_SENT: {
    meaning: 'No one-time code was sent for this challenge (not requested yet, or the identity service could not send it).',
    audience: ['anyone'],
    retryable: true,
    action: 'Call requestLoginOtp (again).',
  },
  INVALID_REFRESH_TOKEN: {
    meaning: 'The refresh token is unknown, expired or belongs to an ended session.',
    audience: ['anyone'],
    retryable: false,
    action: 'Log in again.',
  },
  REFRESH_TOKEN_REUSED: {
    meaning: 'A refresh token was used a second time: the whole session is revoked (theft protection).',
    audience: ['anyone'],
    retryable: false,
    action: 'Log in again; never retry a refresh with an old token.',
  },
  INVALID_MINI_PROGRAM_CODE: {
    meaning: 'The mini-program login code is unknown, expired or used.',
    audience: ['anyone'],
    retryable: false,
  },
  QR_EXPIRED: {
    meaning: 'The QR hand-off ticket has expired.',
    audience: ['anyone'],
    retryable: false,
    action: 'Show a new QR code.',
  },
  QR_ALREADY_USED: {
    meaning: 'The QR hand-off ticket was already redeemed.',
    audience: ['anyone'],
    retryable: false,
  },
  CONSENT_REQUIRED: {
    meaning: 'The customer has not given (or has withdrawn) consent to this partner.',
    audience: ['partner'],
    retryable: false,
    action: 'Ask the customer to consent in the bank\'s app.',
  },
  SCOPE_NOT_ALLOWED: {
    meaning: 'The partner asked for a scope it is not registered for or the customer did not consent to.',
    audience: ['partner', 'customer'],
    retryable: false,
  },
  INVALID_CLIENT: {
    meaning: 'Unknown partner client or wrong client secret.',
    audience: ['anyone'],
    retryable: false,
  },
  KEYS_MANAGED_EXTERNALLY: {
    meaning: 'Signing keys come from the key vault (JWT_SIGNING_KEYS) and cannot be rotated through the API.',
    audience: ['staff'],
    retryable: false,
  },
});

export type AuthErrorCode = CodeOf<typeof AUTH_ERRORS>;

export class AuthError extends DomainError<AuthErrorCode> {
  constructor(code: AuthErrorCode, message: string, details: Record<string, unknown> = {}) {
    // An answer with no data for a missing or dead token is a 401.
    super(code, message, details, code === 'UNAUTHENTICATED' ? 401 : undefined);
  }
}

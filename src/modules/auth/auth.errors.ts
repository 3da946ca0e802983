/** Expected failures of the login layer: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type AuthErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS'
  | 'OTP_INVALID'
  | 'OTP_EXPIRED'
  | 'OTP_ALREADY_USED'
  | 'OTP_NOT_SENT'
  | 'INVALID_REFRESH_TOKEN'
  | 'REFRESH_TOKEN_REUSED'
  | 'INVALID_MINI_PROGRAM_CODE'
  | 'QR_EXPIRED'
  | 'QR_ALREADY_USED'
  | 'CONSENT_REQUIRED'
  | 'SCOPE_NOT_ALLOWED'
  | 'INVALID_CLIENT'
  | 'KEYS_MANAGED_EXTERNALLY'
  | 'BAD_USER_INPUT';

export class AuthError extends DomainError<AuthErrorCode> {
  constructor(code: AuthErrorCode, message: string, details: Record<string, unknown> = {}) {
    // An answer with no data for a missing or dead token is a 401.
    super(code, message, details, code === 'UNAUTHENTICATED' ? 401 : undefined);
  }
}

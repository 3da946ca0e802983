/** Expected failures of the onboarding module: each code declared once; clients see the code and the details. */
import { DomainError } from '../../platform/errors.js';

export type OnboardingErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'IDENTITY_NOT_VERIFIED'
  | 'IDENTITY_MISMATCH'
  | 'IDENTITY_CHECK_UNAVAILABLE'
  | 'INVALID_TRANSITION'
  | 'OWN_APPLICATION'
  | 'ACCOUNT_OPENING_FAILED';

export class OnboardingError extends DomainError<OnboardingErrorCode> {}

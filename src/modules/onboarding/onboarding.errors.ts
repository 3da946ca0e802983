/** Expected failures of the onboarding module: each code declared once (the error catalogue); clients see the code and the details. */
import { COMMON_ERRORS, defineErrorCodes, pickErrorCodes, type CodeOf } from '../../platform/error-catalogue.js';
import { DomainError } from '../../platform/errors.js';

/** The onboarding module's codes. */
export const ONBOARDING_ERRORS = defineErrorCodes({
  ...pickErrorCodes(COMMON_ERRORS, 'NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT', 'INVALID_TRANSITION', 'OWN_APPLICATION', 'IDENTITY_NOT_VERIFIED'),
  IDENTITY_MISMATCH: {
    meaning: 'The details given do not match the verified identity on record.',
    audience: ['customer', 'partner'],
    retryable: false,
  },
  IDENTITY_CHECK_UNAVAILABLE: {
    meaning: 'Identity verification cannot be done right now, or the bank holds no verified identity; nothing was submitted.',
    audience: ['customer', 'partner'],
    retryable: true,
  },
  ACCOUNT_OPENING_FAILED: {
    meaning: 'Core banking could not open the approved account; the opening stays approved and is finished by a retry or a sweep.',
    audience: ['customer', 'partner', 'staff'],
    retryable: true,
  },
});

export type OnboardingErrorCode = CodeOf<typeof ONBOARDING_ERRORS>;

export class OnboardingError extends DomainError<OnboardingErrorCode> {}

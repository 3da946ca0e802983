/** Expected failures of account opening and their one mapper. */
import { GraphQLError } from 'graphql';
import { assertUnreachable } from '../../platform/errors.js';

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

export class OnboardingError extends Error {
  constructor(
    readonly code: OnboardingErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OnboardingError';
  }
}

export function toGraphQLError(error: OnboardingError): GraphQLError {
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
    case 'IDENTITY_NOT_VERIFIED':
    case 'IDENTITY_MISMATCH':
    case 'IDENTITY_CHECK_UNAVAILABLE':
    case 'INVALID_TRANSITION':
    case 'OWN_APPLICATION':
    case 'ACCOUNT_OPENING_FAILED':
      return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
    default:
      return assertUnreachable(error.code);
  }
}

export async function mapOnboardingErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OnboardingError) throw toGraphQLError(error);
    throw error;
  }
}

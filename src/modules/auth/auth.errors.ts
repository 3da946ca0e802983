/**
 * Expected failures of the login layer, and the one mapper that turns each into what a client sees.
 * A new code without a case in `toGraphQLError` does not compile.
 */
import { GraphQLError } from 'graphql';
import { assertUnreachable } from '../../platform/errors.js';

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

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** What the client sees for each code (HTTP status for failures outside execution). */
export function toGraphQLError(error: AuthError): GraphQLError {
  const make = (status?: number) =>
    new GraphQLError(error.message, {
      extensions: { code: error.code, ...error.details, ...(status ? { http: { status } } : {}) },
    });
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return make(401);
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'INVALID_CREDENTIALS':
    case 'TOO_MANY_ATTEMPTS':
    case 'OTP_INVALID':
    case 'OTP_EXPIRED':
    case 'OTP_ALREADY_USED':
    case 'OTP_NOT_SENT':
    case 'INVALID_REFRESH_TOKEN':
    case 'REFRESH_TOKEN_REUSED':
    case 'INVALID_MINI_PROGRAM_CODE':
    case 'QR_EXPIRED':
    case 'QR_ALREADY_USED':
    case 'CONSENT_REQUIRED':
    case 'SCOPE_NOT_ALLOWED':
    case 'INVALID_CLIENT':
    case 'KEYS_MANAGED_EXTERNALLY':
    case 'BAD_USER_INPUT':
      return make();
    default:
      return assertUnreachable(error.code);
  }
}

/** Runs a use case and maps its expected failures; anything else propagates (and is masked). */
export async function mapAuthErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuthError) throw toGraphQLError(error);
    throw error;
  }
}

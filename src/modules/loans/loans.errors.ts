/** Expected failures of the loan flow and their one mapper. */
import { GraphQLError } from 'graphql';
import { assertUnreachable } from '../../platform/errors.js';

export type LoanErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PENDING_APPLICATION_EXISTS'
  | 'INVALID_TRANSITION'
  | 'NOT_CLAIMED'
  | 'ALREADY_CLAIMED'
  | 'FOUR_EYES_REQUIRED'
  | 'OWN_APPLICATION'
  | 'DOCUMENT_NOT_REQUESTED'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_TYPE_NOT_ALLOWED'
  | 'ACCOUNT_NOT_ELIGIBLE'
  | 'DISBURSEMENT_FAILED';

export class LoanError extends Error {
  constructor(
    readonly code: LoanErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'LoanError';
  }
}

export function toGraphQLError(error: LoanError): GraphQLError {
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'PENDING_APPLICATION_EXISTS':
    case 'INVALID_TRANSITION':
    case 'NOT_CLAIMED':
    case 'ALREADY_CLAIMED':
    case 'FOUR_EYES_REQUIRED':
    case 'OWN_APPLICATION':
    case 'DOCUMENT_NOT_REQUESTED':
    case 'DOCUMENT_TOO_LARGE':
    case 'DOCUMENT_TYPE_NOT_ALLOWED':
    case 'ACCOUNT_NOT_ELIGIBLE':
    case 'DISBURSEMENT_FAILED':
      return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
    default:
      return assertUnreachable(error.code);
  }
}

export async function mapLoanErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LoanError) throw toGraphQLError(error);
    throw error;
  }
}

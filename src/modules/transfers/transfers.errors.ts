/** Expected failures of transfers and their one mapper. */
import { GraphQLError } from 'graphql';
import { assertUnreachable } from '../../platform/errors.js';

export type TransferErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ACCOUNT_NOT_ELIGIBLE'
  | 'LIMIT_EXCEEDED'
  | 'INSUFFICIENT_FUNDS'
  | 'INVALID_TRANSITION'
  | 'CODE_INVALID'
  | 'CODE_EXPIRED'
  | 'TOO_MANY_ATTEMPTS'
  | 'POSTING_FAILED';

export class TransferError extends Error {
  constructor(
    readonly code: TransferErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

export function toGraphQLError(error: TransferError): GraphQLError {
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'ACCOUNT_NOT_ELIGIBLE':
    case 'LIMIT_EXCEEDED':
    case 'INSUFFICIENT_FUNDS':
    case 'INVALID_TRANSITION':
    case 'CODE_INVALID':
    case 'CODE_EXPIRED':
    case 'TOO_MANY_ATTEMPTS':
    case 'POSTING_FAILED':
      return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
    default:
      return assertUnreachable(error.code);
  }
}

export async function mapTransferErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TransferError) throw toGraphQLError(error);
    throw error;
  }
}

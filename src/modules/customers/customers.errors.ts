/** Expected failures of the customer view and their one mapper. */
import { GraphQLError } from 'graphql';
import { assertUnreachable } from '../../platform/errors.js';

export type CustomerErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'BUREAU_AUTHORIZATION_REQUIRED' | 'BAD_USER_INPUT';

export class CustomerError extends Error {
  constructor(
    readonly code: CustomerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CustomerError';
  }
}

export function toGraphQLError(error: CustomerError): GraphQLError {
  switch (error.code) {
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'BUREAU_AUTHORIZATION_REQUIRED':
    case 'BAD_USER_INPUT':
      return new GraphQLError(error.message, { extensions: { code: error.code } });
    default:
      return assertUnreachable(error.code);
  }
}

export async function mapCustomerErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CustomerError) throw toGraphQLError(error);
    throw error;
  }
}

/** Expected failures of risk alerts and their one mapper. */
import { GraphQLError } from 'graphql';
import { assertUnreachable } from '../../platform/errors.js';

export type AlertErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'INVALID_TRANSITION';

export class AlertError extends Error {
  constructor(
    readonly code: AlertErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AlertError';
  }
}

export function toGraphQLError(error: AlertError): GraphQLError {
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
    case 'INVALID_TRANSITION':
      return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
    default:
      return assertUnreachable(error.code);
  }
}

export async function mapAlertErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AlertError) throw toGraphQLError(error);
    throw error;
  }
}

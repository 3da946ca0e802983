/** Expected failures of the audit trail queries and their one mapper. */
import { GraphQLError } from 'graphql';
import { assertUnreachable } from '../../platform/errors.js';

export type AuditErrorCode = 'FORBIDDEN' | 'BAD_USER_INPUT';

export class AuditError extends Error {
  constructor(
    readonly code: AuditErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuditError';
  }
}

export function toGraphQLError(error: AuditError): GraphQLError {
  switch (error.code) {
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
      return new GraphQLError(error.message, { extensions: { code: error.code } });
    default:
      return assertUnreachable(error.code);
  }
}

export async function mapAuditErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuditError) throw toGraphQLError(error);
    throw error;
  }
}

import { GraphQLError, locatedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatError, UpstreamError } from '../../src/platform/errors.js';

const quiet = { hideSuggestions: true };

/** What graphql-js hands to formatError when a resolver throws `error`. */
function fromResolver(error: unknown) {
  const located = locatedError(error, undefined, ['customer', 'accounts']);
  return { formatted: located.toJSON(), located };
}

describe('formatError', () => {
  it('masks an unexpected error: no message, no SQL, just INTERNAL_SERVER_ERROR', () => {
    const { formatted, located } = fromResolver(new Error('relation "customer_logins" does not exist at SELECT …'));
    expect(formatError(formatted, located, quiet)).toEqual({
      message: 'Internal server error',
      path: ['customer', 'accounts'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps a deliberate GraphQL error with its code', () => {
    const { formatted, located } = fromResolver(new GraphQLError('Not yours', { extensions: { code: 'NOT_FOUND' } }));
    expect(formatError(formatted, located, quiet)).toMatchObject({ message: 'Not yours', extensions: { code: 'NOT_FOUND' } });
  });

  it('turns an upstream failure into its code and backend, without its internal detail', () => {
    const { formatted, located } = fromResolver(
      new UpstreamError('UPSTREAM_TIMEOUT', 'creditBureau', 'POST http://10.1.2.3/reports:batch took 2000 ms'),
    );
    const result = formatError(formatted, located, quiet);
    expect(result.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', backend: 'creditBureau' });
    expect(result.message).toBe('The credit bureau did not answer in time.');
    expect(JSON.stringify(result)).not.toContain('10.1.2.3');
  });

  it('drops "Did you mean" suggestions when asked to', () => {
    const error = new GraphQLError('Cannot query field "acount" on type "Customer". Did you mean "account"?');
    expect(formatError(error.toJSON(), error, quiet).message).toBe('Cannot query field "acount" on type "Customer".');
    expect(formatError(error.toJSON(), error, { ...quiet, hideSuggestions: false }).message).toContain('Did you mean');
  });
});

/** Scalars shared by every module. */
import { GraphQLScalarType, Kind } from 'graphql';
import { GraphQLError } from 'graphql';

const DECIMAL = /^-?\d{1,30}(\.\d{1,18})?$/;

/**
 * An exact decimal number, sent and received as a string ("1234.50") so that no client ever
 * parses money into a float.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "1234.50". Never a float.',
  serialize(value) {
    if (typeof value !== 'string' || !DECIMAL.test(value)) {
      throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value)}`);
    }
    return value;
  },
  parseValue(value) {
    if (typeof value !== 'string' || !DECIMAL.test(value)) {
      throw new GraphQLError('Decimal must be a string like "1234.50"', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !DECIMAL.test(ast.value)) {
      throw new GraphQLError('Decimal must be a string like "1234.50"', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return ast.value;
  },
});

import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { missingDescriptions } from '../../src/platform/graphql/descriptions.js';

describe('missingDescriptions', () => {
  it('names every undocumented type, field, argument, input field and enum value by coordinate', () => {
    const schema = buildSchema(`
      """Documented."""
      type Query {
        """Documented."""
        transfer(id: ID!, """Documented.""" first: Int): Transfer
        plain: String
      }
      type Transfer { id: ID! }
      """Documented."""
      input TransferInput { amount: String! """Documented.""" payee: String }
      """Documented."""
      enum Status { """Documented.""" POSTED HELD }
      scalar Decimal
    `);
    expect(missingDescriptions(schema)).toEqual([
      'Decimal',
      'Query.plain',
      'Query.transfer(id)',
      'Status.HELD',
      'Transfer',
      'Transfer.id',
      'TransferInput.amount',
    ]);
  });

  it("counts a blank description as missing, and leaves graphql's and Apollo Federation's own types alone", () => {
    const schema = buildSchema(`
      """ """
      type Query { """Documented.""" _service: _Service, """Documented.""" ok: Boolean }
      type _Service { sdl: String }
      scalar _Any
    `);
    expect(missingDescriptions(schema)).toEqual(['Query']);
  });
});

import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectedFieldNames } from '../../src/platform/graphql/lookahead.js';

function infoFor(source: string) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  // The same field selected twice (as graphql-js merges it) arrives as two field nodes.
  const fieldNodes = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  return { fieldNodes, fragments };
}

describe('selectedFieldNames', () => {
  it('lists the fields right under the current one, through fragments, and not deeper ones', () => {
    const info = infoFor(`
      query {
        customer(id: "C1") { id ...Risky ... on Customer { accounts { id balance { amount } } } }
        customer(id: "C1") { profile @skip(if: true) { fullName } }
      }
      fragment Risky on Customer { riskProfile { rating } ...Risky }
    `);
    expect([...selectedFieldNames(info)].sort()).toEqual(['accounts', 'id', 'profile', 'riskProfile']);
  });

  it('is empty for a field without a selection set', () => {
    expect(selectedFieldNames(infoFor('{ serverTime }')).size).toBe(0);
  });
});

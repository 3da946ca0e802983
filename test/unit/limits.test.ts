import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { QueryLimitError } from '../../src/platform/errors.js';
import { createLimitsRule } from '../../src/platform/graphql/limits.js';

const schema = buildSchema(`
  type Query { node: Node }
  type Node { id: ID, child: Node, children: [Node] }
`);

function check(query: string, limits = { maxDepth: 4, maxFields: 10, maxAliases: 2 }) {
  return validate(schema, parse(query), [...specifiedRules, createLimitsRule(limits)])
    .map((e) => (e instanceof QueryLimitError ? e.limit : e.message));
}

describe('createLimitsRule', () => {
  it('lets an operation within every limit through', () => {
    expect(check('{ node { child { child { id } } } }')).toEqual([]);
  });

  it('counts depth including leaves, through inline and named fragments', () => {
    expect(check('{ node { child { child { child { id } } } } }')).toEqual(['depth']);
    expect(check('{ node { ... on Node { child { ...F } } } } fragment F on Node { child { child { id } } }')).toEqual(['depth']);
  });

  it('counts fields after expanding fragments, and aliases', () => {
    expect(check('{ node { ...F } } fragment F on Node { id child { id } children { id } }')).toEqual([]);
    expect(check('{ node { ...F ...F } } fragment F on Node { id child { id } children { id } }')).toEqual(['fields']);
    expect(check('{ a: node { id } b: node { id } c: node { id } }')).toEqual(['aliases']);
    expect(check('{ node { ...A } } fragment A on Node { ...B ...B } fragment B on Node { ...C ...C } fragment C on Node { id child { id } children { id } }')).toEqual(['fields']);
  });

  it('measures a fragment bomb without expanding it', () => {
    const levels = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ node { ...F0 } } ${levels.join(' ')} fragment F40 on Node { id }`;
    const started = performance.now();
    expect(check(query, { maxDepth: 10, maxFields: 1000, maxAliases: 10 })).toEqual(['fields']);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('does not count introspection', () => {
    expect(check('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toEqual([]);
  });

  it('leaves fragment cycles to graphql-js and does not loop', () => {
    const errors = check('{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }');
    expect(errors.some((e) => /Cannot spread fragment/.test(e))).toBe(true);
  });
});

/**
 * The README cannot rot: every GraphQL example in it parses and validates against the schema the
 * gateway serves (schema/schema.graphql). The curl example is run against a gateway in
 * test/integration/newcomer.test.ts.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));

/** Each ```graphql block, split into its operations (one per top-level keyword). */
function examples(): string[] {
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) => block.split(/\n(?=(?:query|mutation|subscription)\b)/).map((op) => op.trim()).filter((op) => /^(query|mutation|subscription)\b/.test(op)));
}

describe('README.md', () => {
  it('has GraphQL examples', () => {
    expect(examples().length).toBeGreaterThan(10);
  });

  it.each(examples().map((op) => [op.split('\n')[0]!.slice(0, 70), op]))('%s… is valid against the schema', (_name, op) => {
    // Placeholders such as "…" are strings already; `<wx.login code>` sits inside a string too.
    const errors = validate(schema, parse(op));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

import { buildSchema, execute, GraphQLError, parse, type DocumentNode, type GraphQLObjectType } from 'graphql';
import { ApolloServer, HeaderMap, type GraphQLRequestListener } from '@apollo/server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { compiledExecution } from '../../src/platform/graphql/compiled-execution.js';

/** A schema with what compiled execution must get right: lists, abstract types, errors, defaults. */
function fixture() {
  const schema = buildSchema(`
    interface Node { id: ID! }
    type Item implements Node { id: ID! amount: String! note: String }
    type Refusal { reason: String! }
    union Result = Item | Refusal
    type Query {
      items(first: Int! = 3): [Item!]!
      nodes(ids: [ID!]!): [Node]!
      node(id: ID!): Node
      result(ok: Boolean!): Result
      forbidden: String
      broken: String
      strictly: Item!
      loose: [Item]
      echo(text: String!): String
    }
  `);
  const calls = { items: 0 };
  const item = (n: number) => ({ kind: 'Item', id: `i${n}`, amount: `${n}.00`, note: n % 2 ? null : `note ${n}` });
  const fields = schema.getQueryType()!.getFields();
  fields.items!.resolve = (_source, args: { first: number }) => {
    calls.items++;
    return Array.from({ length: args.first }, (_, n) => item(n));
  };
  // Each item is its own promise, settling in its own time; "x…" fails ("x1" after 1 ms).
  fields.nodes!.resolve = (_source, args: { ids: string[] }) =>
    args.ids.map((id) => new Promise((resolve, reject) => setTimeout(() => (id.startsWith('x') ? reject(new Error(`no ${id}`)) : resolve(item(Number(id)))), Number(id.replace('x', '')))));
  fields.node!.resolve = async (_source, args: { id: string }) => (args.id === 'missing' ? null : item(Number(args.id)));
  fields.result!.resolve = (_source, args: { ok: boolean }) => (args.ok ? item(1) : { kind: 'Refusal', reason: 'no' });
  fields.forbidden!.resolve = () => {
    throw new GraphQLError('You may not do this.', { extensions: { code: 'FORBIDDEN' } });
  };
  // A backend error is not a GraphQLError and has no extensions.
  fields.broken!.resolve = () => Promise.reject(new Error('connection reset'));
  fields.strictly!.resolve = () => ({ id: 'x', amount: null });
  fields.loose!.resolve = async () => [item(1), { id: 'x', amount: null }, item(3), { id: 'y', amount: 'late' }];
  // A field with a resolver may answer a promise; one without must hold its value (README, compiled execution).
  (schema.getType('Item') as GraphQLObjectType).getFields().amount!.resolve = (source: { amount: string | null }) =>
    source.amount === 'late' ? Promise.reject(new Error('late')) : source.amount;
  fields.echo!.resolve = (_source, args: { text: string }) => args.text;
  const resolveType = (value: { kind: string }) => value.kind;
  (schema.getType('Node') as { resolveType?: unknown }).resolveType = resolveType;
  (schema.getType('Result') as { resolveType?: unknown }).resolveType = resolveType;
  return { schema, calls };
}

const DOCUMENTS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'a list, its default variable omitted', query: 'query Items($first: Int! = 4) { items(first: $first) { id amount note } }' },
  { name: 'a list, the variable given', query: 'query Items($first: Int! = 4) { items(first: $first) { id amount } }', variables: { first: 2 } },
  { name: 'an interface, with __typename and a fragment', query: '{ node(id: "2") { __typename id ... on Item { amount } } missing: node(id: "missing") { id } }' },
  { name: 'a list of promises, the last ones failing first', query: '{ nodes(ids: ["9", "x5", "x1"]) { id } }' },
  { name: 'a list of promises, failing in the middle', query: '{ nodes(ids: ["1", "x3", "2", "x0"]) { __typename id } }' },
  { name: 'a union, both members', query: '{ yes: result(ok: true) { ... on Item { id } ... on Refusal { reason } } no: result(ok: false) { __typename ... on Refusal { reason } } }' },
  { name: '@include and @skip by variable', query: 'query S($with: Boolean!) { items(first: 2) { id amount @include(if: $with) note @skip(if: $with) } }', variables: { with: true } },
  { name: 'errors with and without a code, beside data', query: '{ forbidden broken items(first: 1) { id } }' },
  { name: 'a null in a non-null field, bubbling to its parent', query: '{ strictly { id amount } echo(text: "kept") }' },
  { name: 'nulls in non-null fields of list items, each item null on its own', query: '{ loose { id amount } }' },
];

async function twice(after: number, query: string, variables?: Record<string, unknown>) {
  const { schema } = fixture();
  const compiled = compiledExecution(schema, { after });
  await compiled.ready();
  const document = parse(query);
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await compiled.execute({ document, variableValues: variables }));
  return { results, reference: await execute({ schema, document, variableValues: variables }), compiled, document };
}

describe('compiled execution', () => {
  it.each(DOCUMENTS)('answers $name exactly as graphql-js does, before and after compiling', async ({ query, variables }) => {
    const { results, reference, compiled } = await twice(1, query, variables);
    expect(compiled.stats().documents).toBe(1);
    // The first run on graphql-js, the next two compiled (none handed back to graphql-js).
    expect(compiled.stats()).toMatchObject({ interpreted: 1, compiled: 2 });
    for (const result of results) expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(reference)));
  });

  it('keeps each error a graphql-js GraphQLError with an extensions object, its cause and its code', async () => {
    const { results } = await twice(0, '{ forbidden broken }');
    const errors = results[2]!.errors!;
    expect(errors.map((error) => error instanceof GraphQLError && typeof error.extensions === 'object')).toEqual([true, true]);
    const byPath = Object.fromEntries(errors.map((error) => [String(error.path), error]));
    expect(byPath.forbidden!.extensions.code).toBe('FORBIDDEN');
    expect(byPath.broken!.originalError?.message).toBe('connection reset');
    expect(byPath.broken!.locations).toEqual([{ line: 1, column: 13 }]);
  });

  it('runs a document on graphql-js `after` times, then compiled; 0 compiles on first use', async () => {
    const { schema } = fixture();
    const document = parse('{ items { id } }');
    const later = compiledExecution(schema, { after: 2 });
    await later.ready();
    for (const expected of [0, 0, 1, 1]) {
      await later.execute({ document });
      expect(later.stats().documents).toBe(expected);
    }
    const first = compiledExecution(schema, { after: 0 });
    await first.ready();
    await first.execute({ document });
    expect(first.stats().documents).toBe(1);
  });

  it('fails variables that do not coerce as graphql-js does (Apollo answers BAD_USER_INPUT), running nothing', async () => {
    const { schema, calls } = fixture();
    const compiled = compiledExecution(schema, { after: 0 });
    await compiled.ready();
    const document = parse('query Items($first: Int!) { items(first: $first) { id } }');
    for (const variables of [{ first: 'ten' }, {}, { first: null }]) {
      const result = await compiled.execute({ document, variableValues: variables });
      const reference = await execute({ schema, document, variableValues: variables });
      expect(result.data).toBeUndefined();
      expect(result.errors?.map((error) => [error.message, error.nodes?.length])).toEqual(reference.errors?.map((error) => [error.message, 1]));
    }
    expect(compiled.stats().documents).toBe(1);
    expect(compiled.stats()).toMatchObject({ interpreted: 3, compiled: 0 });
    expect(calls.items).toBe(0);
  });

  it('keeps at most maxCompiled documents, one not used since it was last passed over dropped first', async () => {
    const { schema } = fixture();
    const compiled = compiledExecution(schema, { after: 0, maxCompiled: 3 });
    await compiled.ready();
    const documents: DocumentNode[] = Array.from({ length: 5 }, (_, n) => parse(`{ items(first: ${n + 1}) { id } }`));
    for (const document of documents.slice(0, 3)) await compiled.execute({ document });
    await compiled.execute({ document: documents[0]! });
    await compiled.execute({ document: documents[3]! });
    await compiled.execute({ document: documents[4]! });
    expect(compiled.stats().documents).toBe(3);
    expect(compiled.isCompiled(documents[0]!)).toBe(true);
    expect(compiled.isCompiled(documents[1]!)).toBe(false);
    expect(compiled.isCompiled(documents[2]!)).toBe(false);
  });

  it('treats string arguments as data, never as code', async () => {
    const hostile = '"); globalThis.__compiledPwned = true; ("';
    const { results } = await twice(0, `{ echo(text: ${JSON.stringify(hostile)}) }`);
    expect(results.map((result) => result.data?.echo)).toEqual([hostile, hostile, hostile]);
    expect((globalThis as { __compiledPwned?: boolean }).__compiledPwned).toBeUndefined();
  });

  it('runs on graphql-js until the compiler is loaded, loading it at the first operation', async () => {
    const { schema } = fixture();
    const compiled = compiledExecution(schema, { after: 0 });
    const document = parse('{ items { id } }');
    const first = await compiled.execute({ document });
    expect(compiled.stats()).toMatchObject({ interpreted: 1, compiled: 0 });
    await compiled.ready();
    expect(await compiled.execute({ document })).toEqual(first);
    expect(compiled.stats()).toMatchObject({ interpreted: 1, compiled: 1 });
  });

  it('answers a document it cannot compile (an unknown operation name) with graphql-js', async () => {
    const { schema } = fixture();
    const compiled = compiledExecution(schema, { after: 0 });
    await compiled.ready();
    const document = parse('query A { items { id } }');
    const result = await compiled.execute({ document, operationName: 'B' });
    expect(result.errors?.[0]?.message).toBe('Unknown operation named "B".');
  });
});

/**
 * Apollo with compiled execution as the gateway serves it: the executor behind Apollo's gateway
 * interface, and the short route in the plugin's `responseForOperation`. `executions` counts the
 * operations that reached Apollo's own execution step. Stopped when the test ends.
 */
async function apolloWith(shortRoute: boolean) {
  const { schema, calls } = fixture();
  const compiled = compiledExecution(schema, { after: 0 });
  const executions = { count: 0 };
  const listener: GraphQLRequestListener<object> = {
    ...(shortRoute ? { responseForOperation: compiled.respond } : {}),
    async executionDidStart() {
      executions.count++;
    },
  };
  const server = new ApolloServer<object>({ gateway: compiled.gateway, plugins: [{ requestDidStart: async () => listener }] });
  await server.start();
  onTestFinished(() => server.stop());
  await compiled.ready();
  const run = async (query: string, variables?: Record<string, unknown>, headers: [string, string][] = []) => {
    const http = { method: 'POST', headers: new HeaderMap(headers), search: '', body: { query, variables } };
    const response = await server.executeOperation({ query, variables, http }, { contextValue: {} });
    return { status: response.http.status, body: response.body.kind === 'single' ? response.body.singleResult : undefined };
  };
  return { run, calls, executions };
}

describe('compiled execution: the short route (responseForOperation)', () => {
  it.each(DOCUMENTS)('answers $name as Apollo’s own execution step does', async ({ query, variables }) => {
    const [short, long] = [await apolloWith(true), await apolloWith(false)];
    expect(await short.run(query, variables)).toEqual(await long.run(query, variables));
  });

  it('answers an operation without errors itself: Apollo’s execution step does not run', async () => {
    const apollo = await apolloWith(true);
    const answer = await apollo.run('{ items(first: 2) { id } }');
    expect(answer.body).toEqual({ data: { items: [{ id: 'i0' }, { id: 'i1' }] } });
    expect(apollo.executions.count).toBe(0);
  });

  it('leaves an operation a federation router wants traced (ftv1) to Apollo’s own execution step', async () => {
    const apollo = await apolloWith(true);
    const traced = await apollo.run('{ items(first: 1) { id } }', undefined, [['apollo-federation-include-trace', 'ftv1']]);
    expect(traced.body).toEqual({ data: { items: [{ id: 'i0' }] } });
    expect(apollo.executions.count).toBe(1);
    expect(apollo.calls.items).toBe(1);
  });

  it('hands an answer with errors to Apollo to format, without running the operation again', async () => {
    const apollo = await apolloWith(true);
    const answer = await apollo.run('{ forbidden items(first: 2) { id } }');
    expect(answer.body?.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['forbidden'], 'FORBIDDEN']]);
    expect(answer.body?.data).toEqual({ forbidden: null, items: [{ id: 'i0' }, { id: 'i1' }] });
    expect(apollo.executions.count).toBe(1);
    expect(apollo.calls.items).toBe(1);
  });

  it('answers variables that do not coerce as Apollo does (400, BAD_USER_INPUT), running nothing', async () => {
    const [short, long] = [await apolloWith(true), await apolloWith(false)];
    const query = 'query Items($first: Int!) { items(first: $first) { id } }';
    const answer = await short.run(query, { first: 'ten' });
    expect(answer).toEqual(await long.run(query, { first: 'ten' }));
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(short.calls.items).toBe(0);
  });

  it('answers an operation whose run threw as Apollo answers an executor that throws', async () => {
    const [short, long] = [await apolloWith(true), await apolloWith(false)];
    // Variables that throw when read: the run fails before any resolver (a defect's stand-in).
    const hostile = () =>
      new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error('unreadable variables'); }, has: () => { throw new Error('unreadable variables'); } });
    const query = 'query Items($first: Int! = 2) { items(first: $first) { id } }';
    const answer = await short.run(query, hostile());
    expect(answer.body?.errors?.[0]?.message).toMatch(/unreadable variables/);
    expect(answer).toEqual(await long.run(query, hostile()));
    expect(short.executions.count).toBe(1);
  });
});

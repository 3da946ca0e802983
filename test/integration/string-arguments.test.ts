/**
 * Walks the served schema: for every string a client can send — each String or ID argument, in a
 * list or inside an input object, on every field reachable from a root — it sends an oversize
 * value and a NUL byte over the wire and expects BAD_USER_INPUT naming the argument, never an
 * INTERNAL_SERVER_ERROR and never the field's own answer.
 */
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRING_KINDS, STRING_LIMITS } from '../../src/platform/graphql/string-arguments.js';
import { loginCustomer } from '../support/auth.js';
import { execute, take, wsClient } from '../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
let headers: Record<string, string>;

beforeAll(async () => {
  t = await startTestGateway();
  headers = (await loginCustomer(t, 'wang.fang')).headers;
});
afterAll(() => t?.close());

/** One string a client can send: where it is, and the operation that carries it. */
interface StringInput {
  /** e.g. `Mutation.staffLogin(username)` or `LoginInput.username` */
  coordinate: string;
  /** The argument path the error must name, e.g. `input.username`. */
  path: string;
  operation: 'query' | 'mutation' | 'subscription';
  build: (value: string) => { query: string; variables: Record<string, unknown> };
}

/** A valid value of `type` (enough to get past coercion), with `target` replaced by `value`. */
function sample(type: GraphQLInputType, path: string, target: string, value: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, path, target, value);
  if (isListType(type)) return [sample(type.ofType, `${path}[0]`, target, value)];
  if (isInputObjectType(type)) {
    const object: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const fieldPath = `${path}.${field.name}`;
      if (isNonNullType(field.type) || target.startsWith(fieldPath)) object[field.name] = sample(field.type, fieldPath, target, value);
    }
    return object;
  }
  if (path === target) return value;
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'Decimal':
        return '1.00';
      case 'DateTimeISO':
        return new Date().toISOString();
      default:
        return 'x';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

/** Every path to a String or ID inside an argument of `type`. */
function stringPaths(type: GraphQLInputType, path: string, coordinate: string, seen: Set<string> = new Set()): { path: string; coordinate: string }[] {
  if (isNonNullType(type)) return stringPaths(type.ofType, path, coordinate, seen);
  if (isListType(type)) return stringPaths(type.ofType, `${path}[0]`, coordinate, seen);
  if (isScalarType(type)) return type.name === 'String' || type.name === 'ID' ? [{ path, coordinate }] : [];
  if (isInputObjectType(type) && !seen.has(type.name)) {
    const inner = new Set([...seen, type.name]);
    return Object.values(type.getFields()).flatMap((f) => stringPaths(f.type, `${path}.${f.name}`, `${type.name}.${f.name}`, inner));
  }
  return [];
}

/** How to reach each object type from the root with fields that need no arguments: `me { accounts { … } }`. */
function routes(schema: GraphQLSchema): Map<string, (inner: string) => string> {
  const found = new Map<string, (inner: string) => string>();
  const queue: [GraphQLObjectType, (inner: string) => string][] = [[schema.getQueryType()!, (inner) => inner]];
  while (queue.length > 0) {
    const [type, wrap] = queue.shift()!;
    if (found.has(type.name)) continue;
    found.set(type.name, wrap);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isObjectType(named) && field.args.every((a) => !isNonNullType(a.type))) {
        queue.push([named, (inner) => wrap(`${field.name} { ${inner} }`)]);
      }
    }
  }
  return found;
}

function stringInputs(schema: GraphQLSchema): StringInput[] {
  const ways = routes(schema);
  const inputs: StringInput[] = [];
  const roots = new Map([
    [schema.getMutationType()?.name, 'mutation'],
    [schema.getSubscriptionType()?.name, 'subscription'],
  ] as const);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const operation = roots.get(type.name) ?? 'query';
    const wrap = operation === 'query' ? ways.get(type.name) : (inner: string) => inner;
    if (!wrap) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      for (const arg of field.args as readonly GraphQLArgument[]) {
        for (const { path, coordinate } of stringPaths(arg.type, arg.name, `${type.name}.${field.name}(${arg.name})`)) {
          inputs.push({
            coordinate,
            path,
            operation,
            build: (value) => {
              const variables = Object.fromEntries(field.args.map((a) => [a.name, sample(a.type, a.name, path, value)]));
              const declared = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
              const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
              const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
              return { query: `${operation} (${declared}) { ${wrap(`${field.name}(${passed})${selection}`)} }`, variables };
            },
          });
        }
      }
    }
  }
  return inputs;
}

/** The first error of sending `value` in `input`, over HTTP or (subscriptions) graphql-ws. */
async function firstError(input: StringInput, value: string): Promise<{ message: string; extensions?: Record<string, unknown> } | undefined> {
  const { query, variables } = input.build(value);
  if (input.operation !== 'subscription') return (await execute(t.url, query, variables, headers)).errors?.[0];
  const client = wsClient(t.wsUrl, { authorization: headers.authorization });
  try {
    // A subscription refused before it starts answers with one result carrying the error, then completes.
    const [result] = await take(client, query, 1, variables);
    return result?.errors?.[0] as { message: string; extensions?: Record<string, unknown> } | undefined;
  } catch (errors) {
    return (errors as { message: string; extensions?: Record<string, unknown> }[])[0];
  } finally {
    await client.dispose();
  }
}

describe('every string argument of the schema', () => {
  it('is found by the walk, roots and nested fields alike', () => {
    const coordinates = stringInputs(t.gateway.schema).map((i) => i.coordinate);
    expect(coordinates).toEqual(
      expect.arrayContaining(['Mutation.staffLogin(username)', 'LoginInput.username', 'Customer.account(id)', 'Account.transactions(after)', 'Subscription.qrLoginStatus(secret)']),
    );
    expect(coordinates.length).toBeGreaterThan(60);
  });

  it('refuses an oversize value with BAD_USER_INPUT naming the argument', async () => {
    const failures: string[] = [];
    for (const input of stringInputs(t.gateway.schema)) {
      const limit = STRING_LIMITS[STRING_KINDS[input.coordinate] ?? 'LINE'];
      if (!Number.isFinite(limit)) continue; // encoded content: bounded by the body limit and its own size check
      const error = await firstError(input, 'a'.repeat(limit + 1));
      const got = { code: error?.extensions?.code, field: error?.extensions?.field, reason: error?.extensions?.reason };
      if (got.code !== 'BAD_USER_INPUT' || got.field !== input.path || got.reason !== 'TOO_LONG') failures.push(`${input.coordinate} ${input.path}: ${JSON.stringify(got)} ${error?.message ?? ''}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a NUL byte with BAD_USER_INPUT naming the argument', async () => {
    const failures: string[] = [];
    for (const input of stringInputs(t.gateway.schema)) {
      const error = await firstError(input, 'ab\u0000cd');
      const got = { code: error?.extensions?.code, field: error?.extensions?.field, reason: error?.extensions?.reason };
      if (got.code !== 'BAD_USER_INPUT' || got.field !== input.path || got.reason !== 'CONTROL_CHARACTER') failures.push(`${input.coordinate} ${input.path}: ${JSON.stringify(got)} ${error?.message ?? ''}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('Mutation.staffLogin', () => {
  it('refuses a 100 KB username as BAD_USER_INPUT, not as a throttle key or an internal error', async () => {
    const response = await execute(t.url, 'mutation ($u: String!) { staffLogin(username: $u, password: "x") { accessToken } }', { u: 'u'.repeat(100_000) });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username', reason: 'TOO_LONG', maxLength: 200 });
  });

  it('accepts line breaks in free text but not in a one-line value', async () => {
    const text = await execute(t.url, 'mutation ($r: String!) { rejectHeldTransfer(id: "x", reason: $r) { id } }', { r: 'line one\nline two' }, headers);
    expect(text.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const line = await execute(t.url, 'mutation ($u: String!) { staffLogin(username: $u, password: "x") { accessToken } }', { u: 'admin\nma' });
    expect(line.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONTROL_CHARACTER' });
  });
});

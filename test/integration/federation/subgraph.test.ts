import { composeServices } from '@apollo/composition';
import { Trace } from '@apollo/usage-reporting-protobuf';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyAccountsDocument } from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { globalId } from '../../support/ids.js';

// Its own gateway: federation is a start-up setting (GRAPHQL_FEDERATION=subgraph).
let t: TestGateway;
let customer: Record<string, string>;
let teller: Record<string, string>;
let mine: { customer: string; account: string };

beforeAll(async () => {
  t = await startTestGateway({ GRAPHQL_FEDERATION: 'subgraph' });
  customer = (await loginCustomer(t, 'wang.fang')).headers;
  teller = (await loginStaff(t, 'teller.li')).headers;
  const me = (await execute(t.url, MyAccountsDocument, undefined, customer)).data!.me;
  mine = { customer: me.id, account: me.accounts![0]!.id };
});
afterAll(() => t?.close());

/** A second team's subgraph: it adds a loyalty tier to our Customer entity. */
const LOYALTY = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Customer @key(fields: "id") {
    id: ID!
    loyaltyTier: String
  }
  type Query {
    loyaltyTiers: [String!]!
  }
`);

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Customer { id customerNumber }
    ... on Account { id accountNumber }
    ... on LoanApplication { id }
  }
}`;

describe('Query._service', () => {
  it('serves SDL that composes with a second subgraph extending Customer', async () => {
    const { data, errors } = await execute<{ _service: { sdl: string } }, undefined>(t.url, '{ _service { sdl } }');
    expect(errors).toBeUndefined();
    const sdl = data!._service.sdl;
    for (const entity of ['Customer', 'Account', 'LoanApplication']) expect(sdl).toMatch(new RegExp(`type ${entity} implements Node\\s+@key\\(fields: "id"\\)`));
    const result = composeServices([
      { name: 'gateway', typeDefs: parse(sdl), url: t.url },
      { name: 'loyalty', typeDefs: LOYALTY, url: 'http://loyalty.invalid/graphql' },
    ]);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    expect(result.supergraphSdl).toMatch(/loyaltyTier: String/);
    expect(result.supergraphSdl).toMatch(/join__type\(graph: LOYALTY, key: "id"\)/);
  });
});

describe('Query._entities', () => {
  it("resolves the viewer's own entities by global id, as the router would ask", async () => {
    const { data, errors } = await execute<{ _entities: unknown[] }, unknown>(
      t.url,
      ENTITIES,
      { representations: [{ __typename: 'Customer', id: mine.customer }, { __typename: 'Account', id: mine.account }] },
      customer,
    );
    expect(errors).toBeUndefined();
    expect(data!._entities).toEqual([
      { __typename: 'Customer', id: mine.customer, customerNumber: 'C000001' },
      expect.objectContaining({ __typename: 'Account', id: mine.account }),
    ]);
  });

  it("applies each type's own rules: another customer's entity is null with NOT_FOUND, anonymous callers must log in", async () => {
    const foreign = await execute<{ _entities: unknown[] }, unknown>(
      t.url,
      ENTITIES,
      { representations: [{ __typename: 'Customer', id: globalId('Customer', 'C000002') }, { __typename: 'Customer', id: mine.customer }] },
      customer,
    );
    expect(foreign.data!._entities[0]).toBeNull();
    expect(foreign.data!._entities[1]).toMatchObject({ customerNumber: 'C000001' });
    expect(foreign.errors).toHaveLength(1);
    expect(foreign.errors![0]).toMatchObject({ path: ['_entities', 0], extensions: { code: 'NOT_FOUND' } });

    const anonymous = await execute<{ _entities: unknown[] }, unknown>(t.url, ENTITIES, { representations: [{ __typename: 'Customer', id: mine.customer }] });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    // A key of another type, or a local id, names nothing.
    const mismatched = await execute<{ _entities: unknown[] }, unknown>(
      t.url,
      ENTITIES,
      { representations: [{ __typename: 'Customer', id: mine.account }, { __typename: 'Customer', id: 'C000001' }] },
      customer,
    );
    expect(mismatched.data!._entities).toEqual([null, null]);
    expect(mismatched.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  });

  it('lets staff resolve a customer the way customer(id) does', async () => {
    const { data, errors } = await execute<{ _entities: unknown[] }, unknown>(t.url, ENTITIES, { representations: [{ __typename: 'Customer', id: mine.customer }] }, teller);
    expect(errors).toBeUndefined();
    expect(data!._entities).toEqual([{ __typename: 'Customer', id: mine.customer, customerNumber: 'C000001' }]);
  });
});

describe('standalone mode (the default)', () => {
  it('has no federation fields', async () => {
    const standalone = await sharedGateway();
    const response = await execute(standalone.url, '{ _service { sdl } }');
    expect(response.errors?.[0]?.message).toMatch(/Cannot query field "_service"/);
  });
});

describe('field traces for a federation router (ftv1)', () => {
  it('answers apollo-federation-include-trace: ftv1 with a trace of every field resolved, each time', async () => {
    // Compiled execution answers most operations early (compiled-execution.ts, the short route);
    // a traced one must still run through the execution step the trace plugin times.
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { ...customer, 'content-type': 'application/json', 'apollo-federation-include-trace': 'ftv1' },
        body: JSON.stringify({ query: '{ me { customerNumber profile { fullName } } }' }),
      });
      const body = (await response.json()) as { data?: unknown; extensions?: { ftv1?: string } };
      expect(body.data).toEqual({ me: { customerNumber: 'C000001', profile: { fullName: 'Wang Fang' } } });
      const trace = Trace.decode(Buffer.from(body.extensions?.ftv1 ?? '', 'base64'));
      const fields = (trace.root?.child ?? []).map((node) => [node.responseName, (node.child ?? []).map((child) => child.responseName)]);
      expect(fields).toEqual([['me', ['customerNumber', 'profile']]]);
    }
  });
});

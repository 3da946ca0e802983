import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCustomer, loginStaff } from '../support/auth.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { globalId } from '../support/ids.js';

// Its own gateway, compiling a document at its second use (production's default): each document
// below is new to it, so its first answer comes from graphql-js and the next ones from the compiled
// code. They must be the same, byte for byte, apart from each error's request id.
let t: TestGateway;
let customer: Record<string, string>;
let reviewer: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  t = await startTestGateway({ GRAPHQL_COMPILE_AFTER: '1' });
  customer = (await loginCustomer(t, 'zhou.min')).headers;
  reviewer = (await loginStaff(t, 'reviewer.wu')).headers;
  const accounts = await post('{ me { accounts { id } } }', undefined, customer);
  accountId = (accounts.body as { data: { me: { accounts: { id: string }[] } } }).data.me.accounts[0]!.id;
});

afterAll(() => t?.close());

async function post(query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>, accept = 'application/graphql-response+json') {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  // Each request has its own id; everything else must match.
  const text = (await response.text()).replace(/"requestId":"[^"]*"/g, '"requestId":"…"');
  return { status: response.status, text, body: JSON.parse(text) as unknown };
}

/** Sends the same operation three times; returns the answers (1: graphql-js, 2 and 3: compiled). */
async function thrice(query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) {
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await post(query, variables, headers));
  return answers;
}

const CUSTOMER_VIEW = `query CompiledView { me { id profile { fullName phone email segment } relationshipManager { name branch }
  accounts { id accountNumber kind currency balance { amount currency } available { amount currency } status } } }`;

const TRANSACTIONS = `query CompiledTransactions($accountId: ID!, $first: Int = 100) { me { account(id: $accountId) { id
  transactions(first: $first) { edges { cursor node { id bookedAt direction amount { amount currency } balanceAfter { amount currency } counterparty description channel } }
  pageInfo { hasNextPage endCursor } } } } }`;

describe('compiled execution over HTTP (graphql-js first, compiled after)', () => {
  it('answers the customer view and a page of 100 transactions the same, byte for byte', async () => {
    for (const [query, variables] of [
      [CUSTOMER_VIEW, undefined],
      [TRANSACTIONS, { accountId }],
    ] as const) {
      const [first, ...compiled] = await thrice(query, variables, customer);
      expect(first!.status).toBe(200);
      expect(first!.text).not.toContain('"errors"');
      for (const answer of compiled) expect(answer).toEqual(first);
    }
  });

  it('answers Node ids as the right types, and with errors, the same', async () => {
    const ids = [accountId, globalId('Account', 'no-such-account'), globalId('Transfer', '00000000-0000-4000-8000-000000000000')];
    const [first, ...compiled] = await thrice('query CompiledNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Account { currency } } }', { ids }, customer);
    expect(first!.body).toMatchObject({ data: { nodes: [{ __typename: 'Account' }, null, null] }, errors: [{ extensions: { code: 'NOT_FOUND' } }, { extensions: { code: 'NOT_FOUND' } }] });
    // Errors are listed in the order the lookups fail, which either engine leaves to the database.
    const byPath = (body: unknown) => {
      const { data, errors } = body as { data: unknown; errors: { path: unknown[] }[] };
      return { data, errors: [...errors].sort((a, b) => String(a.path).localeCompare(String(b.path))) };
    };
    for (const answer of compiled) {
      expect(answer.status).toBe(first!.status);
      expect(byPath(answer.body)).toEqual(byPath(first!.body));
    }
  });

  it('uses a variable’s default when the request omits it, the same', async () => {
    const query = 'query CompiledQueue($first: Int! = 2) { loanReviewQueue(first: $first) { totalCount nodes { id status } } }';
    const [first, ...compiled] = await thrice(query, {}, reviewer);
    expect(first!.status).toBe(200);
    expect(first!.text).not.toContain('"errors"');
    for (const answer of compiled) expect(answer).toEqual(first);
  });

  it('refuses variables that do not coerce with BAD_USER_INPUT (400 / 200 by media type), the same', async () => {
    const query = 'query CompiledBad($first: Int) { me { account(id: "x") { transactions(first: $first) { edges { cursor } } } } }';
    const [first, ...compiled] = await thrice(query, { first: 'ten' }, customer);
    expect(first!.status).toBe(400);
    expect(first!.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    for (const answer of compiled) expect(answer).toEqual(first);
    const legacy = await post(query, { first: 'ten' }, customer, 'application/json');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('keeps authorization and masking: a customer asking for a staff field gets FORBIDDEN, the same', async () => {
    const [first, ...compiled] = await thrice('query CompiledForbidden { loanReviewQueue(first: 1) { totalCount } }', undefined, customer);
    expect(first!.body).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    for (const answer of compiled) expect(answer).toEqual(first);
  });

  it('answers a backend that fails with its code (UPSTREAM_UNAVAILABLE, not a masked internal error), the same', async () => {
    await t.fault('crm', { mode: 'error', errorStatus: 503 });
    try {
      const [first, ...compiled] = await thrice('query CompiledDown { me { id profile { fullName } } }', undefined, customer);
      expect(first!.body).toMatchObject({ data: { me: { profile: null } }, errors: [{ extensions: { code: 'UPSTREAM_UNAVAILABLE', backend: 'crm' } }] });
      for (const answer of compiled) expect(answer).toEqual(first);
    } finally {
      await t.heal();
    }
  });
});

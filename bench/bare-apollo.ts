/**
 * The stack's floor for the gateway's per-request cost: a bare Apollo Server 5 on the same node:http
 * integration the gateway uses (`executeHTTPGraphQLRequest`, the body read from 'data' events and
 * parsed with JSON.parse), with a plain graphql-js schema (no type-graphql) that answers
 * `{ __typename }`, `products` (core banking `GET /products` on every request, as the gateway
 * does), the customer view (`me`) and an account's transactions (`node(id)` → `transactions(first)`)
 * with the backend calls the gateway makes for them, and none of the gateway's own plugins,
 * context, request ids, limits, logging, DataLoaders, validation of backend answers or auth: whose
 * `me` it is comes from `?customerId=` on the URL, as for the baseline.
 *
 * Apollo's own defaults stay as they are, with one exception: the cache-control plugin is switched
 * off, as the gateway switches it off (leaving it on would charge the reference for per-field work
 * the gateway does not do, and flatter the ratio).
 *
 * Started by `bench/run.ts` (compiled with esbuild, like the baseline) with PORT and
 * CORE_BANKING_URL; prints `Bare Apollo listening on http://127.0.0.1:<port>/graphql` when ready.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSchema } from 'graphql';
import { Pool } from 'undici';

function requiredUrl(name: string): string {
  const value = process.env[name];
  if (!value || new URL(value).hostname !== '127.0.0.1') throw new Error(`${name} must be an http://127.0.0.1 URL`);
  return value;
}
// Set up like the gateway's backend client (src/adapters/backend-client.ts).
const poolOptions = { connections: 32, keepAliveTimeout: 10_000 };
const coreBanking = new Pool(requiredUrl('CORE_BANKING_URL'), poolOptions);
const crm = new Pool(requiredUrl('CRM_URL'), poolOptions);

const schema = buildSchema(`
  scalar Decimal
  enum ProductKind { LOAN DEPOSIT }
  type Money { amount: Decimal! currency: String! }
  type Product {
    code: ID! name: String! kind: ProductKind! description: String! currency: String!
    minAmount: Money! maxAmount: Money! minTermMonths: Int! maxTermMonths: Int!
    annualRate: Decimal! autoDecision: Boolean!
  }
  interface Node { id: ID! }
  type Profile { fullName: String! phone: String! email: String! segment: String! }
  type RelationshipManager { name: String! branch: String! }
  type Transaction { id: ID! bookedAt: String! direction: String! amount: Money! balanceAfter: Money! counterparty: String! description: String! channel: String! }
  type TransactionEdge { cursor: String! node: Transaction! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type TransactionConnection { edges: [TransactionEdge!]! pageInfo: PageInfo! }
  type Account implements Node {
    id: ID! accountNumber: String! kind: String! currency: String! balance: Money! available: Money! status: String!
    transactions(first: Int!, after: String): TransactionConnection!
  }
  type Customer implements Node { id: ID! profile: Profile relationshipManager: RelationshipManager accounts: [Account!]! }
  type Query { products(kind: ProductKind): [Product!] me: Customer node(id: ID!): Node }
`);

/** One batch read of a single id (the gateway's DataLoaders send one per resource). */
async function readOne<T>(pool: Pool, path: string, idsField: string, id: string): Promise<T | null> {
  const response = await pool.request({
    method: 'POST',
    path,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ [idsField]: [id] }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`POST ${path} answered ${response.statusCode}`);
  return ((JSON.parse(text) as { results: (T | null)[] }).results[0] ?? null) as T | null;
}

/** The Relay global id the gateway answers for an object (src/platform/graphql/relay.ts). */
const globalId = (typeName: string, localId: string) => Buffer.from(`${typeName}:${localId}`, 'utf8').toString('base64url');
/** The gateway's transaction cursor: the backend's cursor and how many of its page to skip. */
const cursorOf = (after: string | null, skip: number) => Buffer.from(JSON.stringify([after, skip])).toString('base64url');

interface CoreAccount {
  accountId: string;
  [field: string]: unknown;
}
interface TransactionPage {
  items: { transactionId: string; bookedAt: string }[];
  nextCursor: string | null;
}

/** An account as graphql-js's default resolvers read it: fields, and `transactions` as a method. */
function account(row: CoreAccount) {
  return {
    ...row,
    __typename: 'Account',
    id: globalId('Account', row.accountId),
    async transactions({ first }: { first: number }) {
      const response = await coreBanking.request({
        method: 'GET',
        path: `/accounts/${encodeURIComponent(row.accountId)}/transactions?limit=${first}`,
        headers: { accept: 'application/json' },
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`GET transactions answered ${response.statusCode}`);
      const page = JSON.parse(text) as TransactionPage;
      const edges = page.items.map((item, i) => ({
        cursor: i === page.items.length - 1 && page.nextCursor ? cursorOf(page.nextCursor, 0) : cursorOf(null, i + 1),
        node: { ...item, id: item.transactionId, bookedAt: new Date(item.bookedAt).toISOString() },
      }));
      return { edges, pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  };
}

interface Profile {
  relationshipManagerId: string | null;
}

/** The customer view: profile and accounts read in parallel, the manager once the profile is in. */
function customer(customerId: string) {
  let profile: Promise<Profile | null> | undefined;
  const profileOnce = () => (profile ??= readOne<Profile>(crm, '/customers:batch', 'customerIds', customerId));
  const accounts = () => readOne<CoreAccount[]>(coreBanking, '/customers/accounts:batch', 'customerIds', customerId).then((rows) => (rows ?? []).map(account));
  return {
    id: globalId('Customer', customerId),
    profile: profileOnce,
    async relationshipManager() {
      const managerId = (await profileOnce())?.relationshipManagerId;
      return managerId ? readOne(crm, '/relationship-managers:batch', 'ids', managerId) : null;
    },
    accounts,
    /** For `node(id)`: the account, if it is one of this customer's. */
    async account(accountId: string) {
      return (await accounts()).find((a) => a.accountId === accountId) ?? null;
    },
  };
}

interface ProductRow {
  kind: string;
}

// graphql-js's default resolvers read the fields; only the root field is resolved here.
const rootValue = {
  async products({ kind }: { kind?: string }) {
    const response = await coreBanking.request({ method: 'GET', path: '/products', headers: { accept: 'application/json' } });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET /products answered ${response.statusCode}`);
    const products = (JSON.parse(text) as { products: ProductRow[] }).products;
    return kind ? products.filter((product) => product.kind === kind) : products;
  },
  me(_: unknown, context: { customerId: string | null }) {
    return context.customerId ? customer(context.customerId) : null;
  },
  node({ id }: { id: string }, context: { customerId: string | null }) {
    const [typeName, localId] = Buffer.from(id, 'base64url').toString('utf8').split(':');
    if (typeName !== 'Account' || !localId || !context.customerId) return null;
    return customer(context.customerId).account(localId);
  },
};

const apollo = new ApolloServer({ schema, rootValue, plugins: [ApolloServerPluginCacheControlDisabled()] });
await apollo.start();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = req.method ?? 'GET';
  const text = method === 'POST' ? await readBody(req) : '';
  const url = new URL(req.url ?? '/', 'http://bare');
  const customerId = url.searchParams.get('customerId');
  url.searchParams.delete('customerId');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body: text === '' ? undefined : JSON.parse(text) },
    context: async () => ({ customerId }),
  });
  res.statusCode = response.status ?? 200;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

const server = createServer((req, res) => {
  onRequest(req, res).catch((error: unknown) => {
    res.statusCode = 500;
    res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`Bare Apollo listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void Promise.all([apollo.stop(), coreBanking.destroy(), crm.destroy()]).finally(() => process.exit(0));
});

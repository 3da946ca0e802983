/**
 * The stack's floor for the gateway's per-request cost: a bare Apollo Server 5 on the same node:http
 * integration the gateway uses (`executeHTTPGraphQLRequest`, the body read from 'data' events and
 * parsed with JSON.parse), with a plain graphql-js schema (no type-graphql) that answers
 * `{ __typename }` and `products` (core banking `GET /products` on every request, as the gateway
 * does), and none of the gateway's own plugins, context, request ids, limits, logging or auth.
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

const coreBankingUrl = process.env.CORE_BANKING_URL;
if (!coreBankingUrl || new URL(coreBankingUrl).hostname !== '127.0.0.1') throw new Error('CORE_BANKING_URL must be an http://127.0.0.1 URL');
// Set up like the gateway's backend client (src/adapters/backend-client.ts).
const coreBanking = new Pool(coreBankingUrl, { connections: 32, keepAliveTimeout: 10_000 });

const schema = buildSchema(`
  scalar Decimal
  enum ProductKind { LOAN DEPOSIT }
  type Money { amount: Decimal! currency: String! }
  type Product {
    code: ID! name: String! kind: ProductKind! description: String! currency: String!
    minAmount: Money! maxAmount: Money! minTermMonths: Int! maxTermMonths: Int!
    annualRate: Decimal! autoDecision: Boolean!
  }
  type Query { products(kind: ProductKind): [Product!] }
`);

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
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body: text === '' ? undefined : JSON.parse(text) },
    context: async () => ({}),
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
  void Promise.all([apollo.stop(), coreBanking.destroy()]).finally(() => process.exit(0));
});

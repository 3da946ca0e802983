/**
 * The floor the gateway is measured against: a hand-written node:http handler that answers the
 * customer-view query for one customer with the same backend calls the gateway makes for it, in
 * the same order and parallelism, and the same JSON — without GraphQL, authentication, body
 * validation or DataLoaders.
 *
 * The gateway, for
 *   me { id profile { fullName phone email segment } relationshipManager { name branch }
 *        accounts { id accountNumber kind currency balance { … } available { … } status } }
 * sends, in parallel: CRM `POST /customers:batch` and core banking `POST /customers/accounts:batch`;
 * and once the CRM profile is in: CRM `POST /relationship-managers:batch`. So does this server.
 *
 * For the list figure it also answers a page of an account's transactions (`&accountId=…&first=N`)
 * with the gateway's JSON and backend calls (see `transactionsPage`).
 *
 * Started by `bench/run.ts` with PORT, CRM_URL and CORE_BANKING_URL; prints
 * `Baseline listening on http://127.0.0.1:<port>` when ready. Any POST answers the customer given
 * by `?customerId=` (the request body is read and ignored). SIGTERM stops it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

interface Money {
  amount: string;
  currency: string;
}
interface CrmProfile {
  customerId: string;
  fullName: string;
  phone: string;
  email: string;
  segment: string;
  relationshipManagerId: string | null;
}
interface CrmManager {
  id: string;
  name: string;
  branch: string;
}
interface CoreAccount {
  accountId: string;
  accountNumber: string;
  kind: string;
  currency: string;
  balance: Money;
  available: Money;
  status: string;
}

function requiredUrl(name: string): string {
  const value = process.env[name];
  if (!value || new URL(value).hostname !== '127.0.0.1') throw new Error(`${name} must be an http://127.0.0.1 URL`);
  return value;
}

// Pools set up like the gateway's backend client (src/adapters/backend-client.ts).
const poolOptions = { connections: 32, keepAliveTimeout: 10_000 };
const crm = new Pool(requiredUrl('CRM_URL'), poolOptions);
const coreBanking = new Pool(requiredUrl('CORE_BANKING_URL'), poolOptions);

/** One batch read of a single id; `null` when the backend does not know it. */
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

async function profileAndManager(customerId: string) {
  const profile = await readOne<CrmProfile>(crm, '/customers:batch', 'customerIds', customerId);
  const manager = profile?.relationshipManagerId
    ? await readOne<CrmManager>(crm, '/relationship-managers:batch', 'ids', profile.relationshipManagerId)
    : null;
  return { profile, manager };
}

/** The Relay global id the gateway answers for an object (src/platform/graphql/relay.ts). */
function globalId(typeName: string, localId: string): string {
  return Buffer.from(`${typeName}:${localId}`, 'utf8').toString('base64url');
}

/** The `data` of the customer-view query, field for field in the query's order. */
async function customerView(customerId: string) {
  const [{ profile, manager }, accounts] = await Promise.all([
    profileAndManager(customerId),
    readOne<CoreAccount[]>(coreBanking, '/customers/accounts:batch', 'customerIds', customerId),
  ]);
  if (!profile) return null;
  return {
    me: {
      id: globalId('Customer', customerId),
      profile: { fullName: profile.fullName, phone: profile.phone, email: profile.email, segment: profile.segment },
      relationshipManager: manager && { name: manager.name, branch: manager.branch },
      accounts: (accounts ?? []).map((account) => ({
        id: globalId('Account', account.accountId),
        accountNumber: account.accountNumber,
        kind: account.kind,
        currency: account.currency,
        balance: { amount: account.balance.amount, currency: account.balance.currency },
        available: { amount: account.available.amount, currency: account.available.currency },
        status: account.status,
      })),
    },
  };
}

interface CoreTransaction {
  transactionId: string;
  bookedAt: string;
  direction: string;
  amount: Money;
  balanceAfter: Money;
  counterparty: string;
  description: string;
  channel: string;
}

/** The gateway's transaction cursor: the backend's cursor and how many of its page to skip. */
function cursorOf(after: string | null, skip: number): string {
  return Buffer.from(JSON.stringify([after, skip])).toString('base64url');
}

/**
 * The `data` of `node(id: <account>) { ... on Account { transactions(first) { edges { cursor node {
 * id bookedAt direction amount { … } balanceAfter { … } counterparty description channel } }
 * pageInfo { hasNextPage endCursor } } } }`: the customer's accounts (is it theirs?), then the page,
 * as the gateway reads them. What a list item costs with no GraphQL at all: parse, map, stringify.
 */
async function transactionsPage(customerId: string, accountId: string, first: number) {
  const accounts = await readOne<CoreAccount[]>(coreBanking, '/customers/accounts:batch', 'customerIds', customerId);
  if (!accounts?.some((account) => account.accountId === accountId)) return null;
  const response = await coreBanking.request({
    method: 'GET',
    path: `/accounts/${encodeURIComponent(accountId)}/transactions?limit=${first}`,
    headers: { accept: 'application/json' },
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET transactions answered ${response.statusCode}`);
  const page = JSON.parse(text) as { items: CoreTransaction[]; nextCursor: string | null };
  const edges = page.items.map((item, i) => ({
    cursor: i === page.items.length - 1 && page.nextCursor ? cursorOf(page.nextCursor, 0) : cursorOf(null, i + 1),
    node: {
      id: item.transactionId,
      bookedAt: new Date(item.bookedAt).toISOString(),
      direction: item.direction,
      amount: { amount: item.amount.amount, currency: item.amount.currency },
      balanceAfter: { amount: item.balanceAfter.amount, currency: item.balanceAfter.currency },
      counterparty: item.counterparty,
      description: item.description,
      channel: item.channel,
    },
  }));
  return { node: { transactions: { edges, pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: edges.at(-1)?.cursor ?? null } } } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/graphql-response+json; charset=utf-8');
  res.end(JSON.stringify(body));
}

async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The body is read to the end, as the gateway reads it, so the connection stays reusable.
  for await (const _chunk of req) {
    // discarded
  }
  const query = new URL(req.url ?? '/', 'http://baseline').searchParams;
  const customerId = query.get('customerId');
  if (req.method !== 'POST' || !customerId) return send(res, 400, { errors: [{ message: 'POST /?customerId=… only' }] });
  try {
    const accountId = query.get('accountId');
    const data = accountId ? await transactionsPage(customerId, accountId, Number(query.get('first'))) : await customerView(customerId);
    if (!data) return send(res, 404, { errors: [{ message: 'No such customer.' }] });
    send(res, 200, { data });
  } catch (error) {
    send(res, 502, { errors: [{ message: (error as Error).message }] });
  }
}

const server = createServer((req, res) => {
  void onRequest(req, res);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`Baseline listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void Promise.all([crm.destroy(), coreBanking.destroy()]).finally(() => process.exit(0));
});

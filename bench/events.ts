/**
 * Behaviour-events benchmark (`npm run bench:events`): `trackEvents` throughput against a plain
 * INSERT of the same rows, in the same process and run.
 *  1. trackEvents over HTTP: BATCHES batches of BATCH_SIZE events, CONCURRENCY in flight, spread
 *     over CUSTOMERS customers (validation, product check, session budget, the transaction with the
 *     customer's profile lock, the rules' read of 30 days of events, the rules);
 *  2. the same number of rows in the same batch sizes and concurrency, inserted straight into
 *     behaviour_events with drizzle (no HTTP, no GraphQL, no rules).
 * Reported: events/s of wall time and events per CPU-second of this process (gateway, PGlite and
 * load generator share one thread: "per core"), and the ratios of the two.
 *
 * The gateway runs in this process (PGlite in memory unless BENCH_DATABASE_URL, mocks in-process).
 * It sends traffic only to 127.0.0.1 and stops by itself.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { customerLogins, knownDevices } from '../src/modules/auth/auth.tables.js';
import { behaviourEvents } from '../src/modules/offers/offers.tables.js';
import { loadConfig } from '../src/platform/config.js';
import { startGateway } from '../src/app.js';
import { DEFAULT_SCRYPT, hashPassword } from '../src/modules/auth/password.js';

const QUICK = process.env.BENCH_QUICK === '1';
const BATCHES = Number(process.env.BENCH_EVENT_BATCHES ?? (QUICK ? 40 : 400));
const BATCH_SIZE = Number(process.env.BENCH_EVENT_BATCH_SIZE ?? 50);
const CONCURRENCY = Number(process.env.BENCH_EVENT_CONCURRENCY ?? 8);
const CUSTOMERS = Number(process.env.BENCH_EVENT_CUSTOMERS ?? 40);
const PASSWORD = 'bench-Passw0rd';
const DEVICE = 'bench-device-0001';
// The stored hash names its own cost: a cheap one for bench accounts, so logins measure the gateway.
const CHEAP_HASH = await hashPassword(PASSWORD, { ...DEFAULT_SCRYPT, N: 1024 });

const deadline = setTimeout(() => {
  console.error('events bench: watchdog fired after 240 s');
  process.exit(1);
}, 240_000);

const gateway = await startGateway(
  loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    SEED_DEMO: 'true',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'memory://',
    PORT: '0',
    LOG_LEVEL: 'warn',
    BACKEND_TIMEOUT_MS: '5000',
    // Throughput, not the budgets: both limits off.
    RATE_LIMIT_PER_MINUTE: '0',
    OFFERS_EVENTS_PER_MINUTE: '0',
    CORE_BANKING_URL: '',
    CRM_URL: '',
    CREDIT_BUREAU_URL: '',
    RISK_URL: '',
    IDENTITY_URL: '',
  }),
);

type Body = { data?: Record<string, Record<string, unknown>>; errors?: unknown[] };
const post = async (query: string, variables: Record<string, unknown>, token?: string): Promise<Body> => {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-channel': 'APP', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Body;
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body;
};

const KINDS = ['PAGE_VIEW', 'PRODUCT_VIEW', 'SEARCH', 'CALCULATOR_USE'] as const;
const PRODUCTS = ['PERSONAL_CONSUMER', 'DEMAND_DEPOSIT', 'TIME_DEPOSIT_1Y', 'HOME_MORTGAGE'];
/** The i-th batch: a mix of kinds, as a channel would send them. */
const batchOf = (i: number) =>
  Array.from({ length: BATCH_SIZE }, (_, j) => {
    const kind = KINDS[(i + j) % KINDS.length]!;
    const productCode = kind === 'PRODUCT_VIEW' || kind === 'CALCULATOR_USE' ? PRODUCTS[(i * 7 + j) % PRODUCTS.length]! : null;
    return { kind, productCode, detail: kind === 'SEARCH' ? 'savings rates' : kind === 'PAGE_VIEW' ? '/home' : null };
  });

/** Runs `work(i)` for i in [0, n) with `CONCURRENCY` in flight; wall ms and this process's CPU ms. */
async function measure(n: number, work: (i: number) => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await work(next++);
    }),
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

try {
  const db = gateway.database.db;
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => `C${104000 + i}`);
  await db.insert(customerLogins).values(customers.map((id) => ({ customerId: id, username: `bench.${id.toLowerCase()}`, passwordHash: CHEAP_HASH }))).onConflictDoNothing();
  await db.insert(knownDevices).values(customers.map((id) => ({ customerId: id, deviceId: DEVICE }))).onConflictDoNothing();
  const tokens: string[] = [];
  for (const id of customers) {
    const { data } = await post('mutation($i: LoginInput!) { login(input: $i) { ... on SignedIn { tokens { accessToken sessionId } } } }', {
      i: { username: `bench.${id.toLowerCase()}`, password: PASSWORD, channel: 'APP', deviceId: DEVICE },
    });
    tokens.push((data!.login as { tokens: { accessToken: string } }).tokens.accessToken);
  }
  const TRACK = 'mutation($e: [BehaviourEventInput!]!) { trackEvents(events: $e) { accepted } }';
  // Warm-up (JIT, catalogue cache, first rows per customer), not measured.
  for (let i = 0; i < Math.min(CUSTOMERS, 20); i++) await post(TRACK, { e: batchOf(i) }, tokens[i]);

  const gatewaySide = await measure(BATCHES, async (i) => {
    const body = await post(TRACK, { e: batchOf(i) }, tokens[i % CUSTOMERS]);
    if ((body.data!.trackEvents as { accepted: number }).accepted !== BATCH_SIZE) throw new Error('a batch was not stored whole');
  });

  const plain = await measure(BATCHES, async (i) => {
    const now = new Date();
    await db.insert(behaviourEvents).values(
      batchOf(i).map((e) => ({
        id: randomUUID(),
        customerId: customers[i % CUSTOMERS]!,
        sessionId: randomUUID(),
        channel: 'APP',
        source: 'CLIENT',
        kind: e.kind,
        productCode: e.productCode,
        detail: e.detail,
        occurredAt: now,
        receivedAt: now,
      })),
    );
  });

  const events = BATCHES * BATCH_SIZE;
  const perSecond = (ms: number) => (events * 1000) / ms;
  const rows = [
    ['trackEvents (HTTP, GraphQL, rules)', perSecond(gatewaySide.wallMs), perSecond(gatewaySide.cpuMs)],
    ['plain INSERT of the same rows', perSecond(plain.wallMs), perSecond(plain.cpuMs)],
  ] as const;
  console.log(`\n${events} events in ${BATCHES} batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight, ${CUSTOMERS} customers, database ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (in process)'}\n`);
  console.log('| path | events/s (wall) | events per CPU-second of this process |');
  console.log('| --- | ---: | ---: |');
  for (const [name, wall, cpu] of rows) console.log(`| ${name} | ${wall.toFixed(0)} | ${cpu.toFixed(0)} |`);
  console.log(`\nratio trackEvents ÷ plain INSERT: ${(perSecond(gatewaySide.wallMs) / perSecond(plain.wallMs)).toFixed(2)} (wall), ${(perSecond(gatewaySide.cpuMs) / perSecond(plain.cpuMs)).toFixed(2)} (CPU)`);
} finally {
  clearTimeout(deadline);
  await gateway.close();
}

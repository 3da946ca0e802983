/**
 * Loans benchmark (`npm run bench:loans`, also the last part of `npm run bench`):
 *  1. apply → automatic decision seen by a WebSocket subscriber, p50/p95, every backend at 50 ms;
 *  2. 500 concurrent applications: all decided, the event count exact, none lost or duplicated.
 *
 * The gateway runs in this process (PGlite in memory, mocks in-process): these figures are about
 * the end-to-end path and its correctness under concurrency, not raw throughput (see run.ts).
 * It sends traffic only to 127.0.0.1 and stops by itself.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { customerLogins, knownDevices } from '../src/modules/auth/auth.tables.js';
import { bureauAuthorizations } from '../src/modules/customers/customers.tables.js';
import { events } from '../src/platform/events/events.tables.js';
import { loanApplications } from '../src/modules/loans/loans.tables.js';
import { loadConfig } from '../src/platform/config.js';
import os from 'node:os';
import { machineInfo, writeResult } from './support/results.js';
import { startGateway } from '../src/app.js';

/** The machine's 1-min load average when the bench started, for results.json. */
const loadBefore = os.loadavg()[0] ?? NaN;

const CONCURRENT = Number(process.env.BENCH_LOAN_APPLICATIONS ?? 500);
const LATENCY_SAMPLES = Number(process.env.BENCH_LOAN_SAMPLES ?? 40);
const BACKEND_DELAY_MS = 50;
const PASSWORD = 'bench-Passw0rd';
const DEVICE = 'bench-device-0001';
// The stored hash names its own parameters: a cheap one for bench accounts (N=1024), so 500+
// logins measure the gateway, not scrypt.
const { scrypt, randomBytes } = await import('node:crypto');
const salt = randomBytes(16);
const key = await new Promise<Buffer>((resolve, reject) =>
  scrypt(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }, (e, k) => (e ? reject(e) : resolve(k))),
);
const CHEAP_HASH = ['scrypt', 1024, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');

const deadline = setTimeout(() => {
  console.error('loans bench: watchdog fired after 180 s');
  process.exit(1);
}, 180_000);

const gateway = await startGateway(
  loadConfig({
    ...process.env,
    // Production refuses the in-process mocks, PGlite and the demo logins the bench uses.
    NODE_ENV: 'development',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'memory://',
    PORT: '0',
    LOG_LEVEL: 'warn',
    BACKEND_TIMEOUT_MS: '5000',
    CORE_BANKING_URL: '',
    CRM_URL: '',
    CREDIT_BUREAU_URL: '',
    RISK_URL: '',
    IDENTITY_URL: '',
    BUSINESS_REGISTRY_URL: '',
  }),
);

try {
  const db = gateway.database.db;
  const total = CONCURRENT + LATENCY_SAMPLES;
  const customers = Array.from({ length: total }, (_, i) => `C${String(100000 + i).padStart(6, '0')}`);
  await db
    .insert(customerLogins)
    .values(customers.map((id) => ({ customerId: id, username: `bench.${id.toLowerCase()}`, passwordHash: CHEAP_HASH })))
    .onConflictDoNothing();
  await db.insert(knownDevices).values(customers.map((id) => ({ customerId: id, deviceId: DEVICE }))).onConflictDoNothing();
  await db
    .insert(bureauAuthorizations)
    .values(customers.map((id) => ({ customerId: id, channel: 'BRANCH', authorizedAt: new Date() })))
    .onConflictDoNothing();

  const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'APP', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data!;
  };
  const login = async (customerId: string) => {
    const data = await post(
      'mutation($i: LoginInput!) { login(input: $i) { ... on SignedIn { tokens { accessToken } } } }',
      { i: { username: `bench.${customerId.toLowerCase()}`, password: PASSWORD, channel: 'APP', deviceId: DEVICE } },
    );
    return (data.login as { tokens: { accessToken: string } }).tokens.accessToken;
  };
  const APPLY = `mutation($i: LoanApplicationInput!, $k: String!) { applyForLoan(input: $i, idempotencyKey: $k) { id status seq } }`;
  const apply = (token: string) =>
    post(APPLY, { i: { productCode: 'PERSONAL_CONSUMER', amount: '30000.00', currency: 'CNY', termMonths: 24, purpose: 'Bench' }, k: randomUUID() }, token).then(
      (d) => d.applyForLoan as { id: string; status: string; seq: number },
    );

  console.log(`logging in ${total} bench customers…`);
  const tokens = new Map<string, string>();
  for (let i = 0; i < customers.length; i += 50) {
    const batch = customers.slice(i, i + 50);
    const got = await Promise.all(batch.map(login));
    batch.forEach((id, j) => tokens.set(id, got[j]!));
  }

  for (const server of Object.values(gateway.mocks!.servers)) server.setFaults({ delayMs: BACKEND_DELAY_MS });

  // 1. apply → decision seen by a subscriber on another connection (as the customer's other channel would).
  const latencies: number[] = [];
  for (const customerId of customers.slice(CONCURRENT)) {
    const token = tokens.get(customerId)!;
    const client = createClient({ url: gateway.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    let started = 0;
    const seen = new Promise<number>((resolve, reject) => {
      client.subscribe<{ myLoanApplicationsUpdated: { status: string } }>(
        { query: 'subscription { myLoanApplicationsUpdated { status } }' },
        {
          next: ({ data }) => {
            const status = data?.myLoanApplicationsUpdated.status;
            if (status && !['SUBMITTED', 'CHECKING'].includes(status)) resolve(performance.now() - started);
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    // Let the subscription reach the server before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 30));
    started = performance.now();
    await apply(token);
    latencies.push(await seen);
    await client.dispose();
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

  // 2. every remaining customer applies at the same moment.
  const concurrentIds = customers.slice(0, CONCURRENT);
  const before = (await db.select({ n: count() }).from(events))[0]!.n;
  const t0 = performance.now();
  const results = await Promise.allSettled(concurrentIds.map((id) => apply(tokens.get(id)!)));
  const elapsed = performance.now() - t0;
  const failed = results.filter((r) => r.status === 'rejected');
  const decided = results.filter((r) => r.status === 'fulfilled' && !['SUBMITTED', 'CHECKING'].includes(r.value.status));
  const after = (await db.select({ n: count() }).from(events))[0]!.n;
  const rows = (result: unknown) => (result as { rows: { n: number }[] }).rows;
  const duplicates = rows(
    await db.execute(sql`select count(*)::int as n from (select stream, seq from events group by stream, seq having count(*) > 1) d`),
  )[0]!.n;
  // A stream whose highest seq differs from its number of events has a hole.
  const gapCount = rows(
    await db.execute(sql`select count(*)::int as n from (select stream from events where stream like 'loan:%' group by stream having max(seq) <> count(*)) g`),
  )[0]!.n;
  const byStatus = await db
    .select({ status: loanApplications.status, n: count() })
    .from(loanApplications)
    .where(sql`${loanApplications.customerId} like 'C1%'`)
    .groupBy(loanApplications.status);

  console.log('\nLoans at T+0 — every backend at 50 ms');
  console.log(`  apply → decision seen by a subscriber (${latencies.length} samples): p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms (target p95 ≤ 300 ms)`);
  console.log(`  ${CONCURRENT} concurrent applications: ${elapsed.toFixed(0)} ms in all; decided ${decided.length}, failed ${failed.length}`);
  console.log(`  events written: ${after - before} (expected ${CONCURRENT * 3}); duplicate (stream, seq): ${duplicates}; streams with a gap: ${gapCount}`);
  console.log(`  outcomes: ${byStatus.map((s) => `${s.status} ${s.n}`).join(', ')}`);
  const ok = failed.length === 0 && decided.length === CONCURRENT && after - before === CONCURRENT * 3 && duplicates === 0 && gapCount === 0;
  writeResult('loans', {
    command: 'npm run bench:loans',
    machine: machineInfo(loadBefore),
    harness: 'in-process gateway through tsx (not yet the production build in its own process)',
    applyToDecisionMs: { samples: latencies.length, p50: Number(pct(50).toFixed(1)), p95: Number(pct(95).toFixed(1)), targetP95: 300 },
    concurrent: { applications: CONCURRENT, elapsedMs: Math.round(elapsed), decided: decided.length, failed: failed.length, events: after - before, expectedEvents: CONCURRENT * 3, duplicates, streamsWithGap: gapCount },
    outcomes: Object.fromEntries(byStatus.map((row) => [row.status, row.n])),
    ok,
  });
  if (!ok) {
    console.error('loans bench: correctness check FAILED', failed.slice(0, 3).map((f) => (f as PromiseRejectedResult).reason?.message));
    process.exitCode = 1;
  }
} finally {
  clearTimeout(deadline);
  await gateway.close();
}

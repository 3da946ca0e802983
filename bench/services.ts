/**
 * Counter-services benchmark (`npm run bench:services`, also the last part of `npm run bench`):
 *  1. the four-step flow end to end over HTTP (start → verify → update → confirm, DONE through
 *     core banking), p50/p95, against a single loan application (apply → decided) in the same
 *     run, every backend at 50 ms;
 *  2. 200 tickets redeemed concurrently, each sent by two terminals at once: every ticket exactly
 *     once (200 successes, 200 TICKET_REDEEMED, 200 rows redeemed).
 *
 * The gateway runs in this process (PGlite in memory unless BENCH_DATABASE_URL, mocks in-process).
 * It sends traffic only to 127.0.0.1 and stops by itself.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { inArray, isNotNull, and } from 'drizzle-orm';
import { customerLogins, knownDevices } from '../src/modules/auth/auth.tables.js';
import { DEMO_STAFF_PASSWORD } from '../src/modules/auth/auth.seed.js';
import { branchTickets } from '../src/modules/branch/branch.tables.js';
import { bureauAuthorizations } from '../src/modules/customers/customers.tables.js';
import { loadConfig } from '../src/platform/config.js';
import { startGateway } from '../src/app.js';
import { DEFAULT_SCRYPT, hashPassword } from '../src/modules/auth/password.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 200);
const SAMPLES = Number(process.env.BENCH_SERVICE_SAMPLES ?? 30);
const BACKEND_DELAY_MS = 50;
const PASSWORD = 'bench-Passw0rd';
const DEVICE = 'bench-device-0001';
// The stored hash names its own cost: a cheap one for bench accounts, so logins measure the gateway.
const CHEAP_HASH = await hashPassword(PASSWORD, { ...DEFAULT_SCRYPT, N: 1024 });

const deadline = setTimeout(() => {
  console.error('services bench: watchdog fired after 240 s');
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
    // Two terminals send 400 redemptions at once: the per-viewer rate limit would refuse most of them
    // (RATE_LIMITED), and the exactly-once check is about the claim, not the limiter.
    RATE_LIMIT_PER_MINUTE: '0',
    CORE_BANKING_URL: '',
    CRM_URL: '',
    CREDIT_BUREAU_URL: '',
    RISK_URL: '',
    IDENTITY_URL: '',
    BUSINESS_REGISTRY_URL: '',
  }),
);

type Data = Record<string, Record<string, unknown>>;
const post = async (query: string, variables: Record<string, unknown>, token?: string, channel = 'APP') => {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-channel': channel, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Data; errors?: { extensions?: { code?: string } }[] };
};
const ok = async (query: string, variables: Record<string, unknown>, token?: string, channel?: string): Promise<Data> => {
  const body = await post(query, variables, token, channel);
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
};
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const START = 'mutation($c: String!, $k: String!) { startServiceRequest(templateCode: $c, idempotencyKey: $k) { id } }';
const VERIFY = 'mutation($id: ID!) { verifyServiceIdentity(id: $id) { status } }';
const UPDATE = 'mutation($id: ID!, $f: [ServiceFieldInput!]!) { updateServiceRequest(id: $id, fields: $f) { status } }';
const CONFIRM = 'mutation($id: ID!, $k: String!) { confirmServiceRequest(id: $id, idempotencyKey: $k) { status } }';
const REQUEST_STATEMENT_FIELDS = [
  { name: 'fromDate', value: '2026-01-01' },
  { name: 'toDate', value: '2026-06-30' },
  { name: 'format', value: 'PDF' },
];

/** Start → verify → update: a request prepared (FILLING). */
async function prepare(token: string): Promise<string> {
  const id = (await ok(START, { c: 'REQUEST_STATEMENT', k: randomUUID() }, token)).startServiceRequest!.id as string;
  await ok(VERIFY, { id }, token);
  await ok(UPDATE, { id, f: REQUEST_STATEMENT_FIELDS }, token);
  return id;
}

try {
  const db = gateway.database.db;
  const customers = Array.from({ length: Math.max(TICKETS, SAMPLES) }, (_, i) => `C${103000 + i}`);
  await db.insert(customerLogins).values(customers.map((id) => ({ customerId: id, username: `bench.${id.toLowerCase()}`, passwordHash: CHEAP_HASH }))).onConflictDoNothing();
  await db.insert(knownDevices).values(customers.map((id) => ({ customerId: id, deviceId: DEVICE }))).onConflictDoNothing();
  await db.insert(bureauAuthorizations).values(customers.map((id) => ({ customerId: id, channel: 'BRANCH', authorizedAt: new Date() }))).onConflictDoNothing();
  const tokens: string[] = [];
  for (let i = 0; i < customers.length; i += 50) {
    const batch = customers.slice(i, i + 50);
    const got = await Promise.all(
      batch.map(async (id) => {
        const data = await ok('mutation($i: LoginInput!) { login(input: $i) { ... on SignedIn { tokens { accessToken } } } }', {
          i: { username: `bench.${id.toLowerCase()}`, password: PASSWORD, channel: 'APP', deviceId: DEVICE },
        });
        return (data.login as { tokens: { accessToken: string } }).tokens.accessToken;
      }),
    );
    tokens.push(...got);
  }

  // 1. four-step flow vs a single loan application, interleaved, every backend at 50 ms.
  for (const server of Object.values(gateway.mocks!.servers)) server.setFaults({ delayMs: BACKEND_DELAY_MS });
  const flow: number[] = [];
  const loan: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const token = tokens[i]!;
    let t0 = performance.now();
    const id = await prepare(token);
    const confirmed = await ok(CONFIRM, { id, k: randomUUID() }, token);
    if (confirmed.confirmServiceRequest!.status !== 'DONE') throw new Error(`flow ended ${String(confirmed.confirmServiceRequest!.status)}`);
    flow.push(performance.now() - t0);
    t0 = performance.now();
    const applied = await ok(
      'mutation($i: LoanApplicationInput!, $k: String!) { applyForLoan(input: $i, idempotencyKey: $k) { status } }',
      { i: { productCode: 'PERSONAL_CONSUMER', amount: '30000.00', currency: 'CNY', termMonths: 24, purpose: 'Bench' }, k: randomUUID() },
      token,
    );
    loan.push(performance.now() - t0);
    if (['SUBMITTED', 'CHECKING'].includes(applied.applyForLoan!.status as string)) throw new Error('loan not decided');
    // One open application per product: withdraw it so the next sample of this customer may apply.
  }
  flow.sort((a, b) => a - b);
  loan.sort((a, b) => a - b);
  for (const server of Object.values(gateway.mocks!.servers)) server.setFaults({ delayMs: 0 });

  // 2. 200 tickets, each redeemed by two terminals at the same moment.
  const admin = (await ok('mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }', { u: 'admin.ma', p: DEMO_STAFF_PASSWORD }, undefined, 'STAFF')).staffLogin!
    .accessToken as string;
  const teller = (await ok('mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }', { u: 'teller.li', p: DEMO_STAFF_PASSWORD }, undefined, 'STAFF')).staffLogin!
    .accessToken as string;
  const terminals: { terminalId: unknown; secret: unknown }[] = [];
  for (let i = 0; i < 2; i++) {
    const t = (await ok('mutation { registerBranchTerminal(branchId: "BENCH-01", label: "bench") { terminalId secret } }', {}, admin, 'STAFF')).registerBranchTerminal!;
    terminals.push({ terminalId: t.terminalId, secret: t.secret });
  }
  const tickets: { id: string; qrContent: string }[] = [];
  for (let i = 0; i < TICKETS; i += 25) {
    const batch = tokens.slice(i, Math.min(i + 25, TICKETS));
    tickets.push(
      ...(await Promise.all(
        batch.map(async (token) => {
          const id = await prepare(token);
          return (await ok('mutation($id: ID!) { issueBranchTicket(serviceRequestId: $id) { id qrContent } }', { id }, token)).issueBranchTicket as { id: string; qrContent: string };
        }),
      )),
    );
  }
  const REDEEM = 'mutation($q: String!, $k: String!, $t: TerminalCredentialsInput!) { redeemBranchTicket(qrContent: $q, idempotencyKey: $k, terminal: $t) { id status } }';
  const t0 = performance.now();
  const sends = await Promise.all(tickets.flatMap((ticket) => terminals.map((terminal) => post(REDEEM, { q: ticket.qrContent, k: randomUUID(), t: terminal }, teller, 'STAFF'))));
  const elapsed = performance.now() - t0;
  const won = sends.filter((s) => !s.errors).length;
  const refused = sends.filter((s) => s.errors?.[0]?.extensions?.code === 'TICKET_REDEEMED').length;
  const other = sends.length - won - refused;
  const redeemedRows = (await db.select().from(branchTickets).where(and(inArray(branchTickets.id, tickets.map((t) => t.id)), isNotNull(branchTickets.redeemedAt)))).length;

  console.log('\nCounter services — every backend at 50 ms for the flow');
  console.log(
    `  four-step flow end to end (${SAMPLES} samples): p50 ${pct(flow, 50).toFixed(0)} ms, p95 ${pct(flow, 95).toFixed(0)} ms; one loan application: p50 ${pct(loan, 50).toFixed(0)} ms, p95 ${pct(loan, 95).toFixed(0)} ms; ratio p50 ${(pct(flow, 50) / pct(loan, 50)).toFixed(2)}×, p95 ${(pct(flow, 95) / pct(loan, 95)).toFixed(2)}×`,
  );
  console.log(`  ${TICKETS} tickets × 2 terminals redeemed concurrently: ${elapsed.toFixed(0)} ms; won ${won}, TICKET_REDEEMED ${refused}, other ${other}; rows redeemed ${redeemedRows}`);
  if (won !== TICKETS || refused !== TICKETS || redeemedRows !== TICKETS) {
    console.error('services bench: exactly-once check FAILED', sends.filter((s) => s.errors && s.errors[0]?.extensions?.code !== 'TICKET_REDEEMED').slice(0, 3).map((s) => JSON.stringify(s.errors)));
    process.exitCode = 1;
  }
} finally {
  clearTimeout(deadline);
  await gateway.close();
}

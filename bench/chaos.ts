/**
 * Chaos run (`npm run bench:chaos`): two gateway instances (child processes, `src/main.ts`) on one
 * fresh PostgreSQL database, the five mock backends in this process. N clients send transfers,
 * loan applications (signed when approved) and account openings for CHAOS_SECONDS while each
 * backend flaps in turn (down/up every 2 s, core banking also slower than the gateway's deadline,
 * so postings end up unsure) and instance A is killed with SIGKILL and restarted. A client whose
 * instance died sends the same request (same idempotency key) to the other one.
 *
 * At the end (backends healed) it waits for the sweep to settle everything, then checks:
 *  - every transfer, loan and opening is final or in a documented waiting state;
 *  - core banking's balances moved by exactly what the gateway recorded, to the cent, and every
 *    transfer's key is applied at core banking exactly when the gateway says POSTED;
 *  - no transfer posted without a risk score unless the policy's allowance says why;
 *  - every event stream is gap-free (seq 1..n) and each row's seq is its stream's last.
 * Exit 0 when every check passes, 1 otherwise.
 *
 * CHAOS_CLIENTS (default 100), CHAOS_SECONDS (default 60); CHAOS_LOG_DIR=<dir> keeps each
 * instance's warnings and errors in <dir>/instance-<name>-<pid>.log.
 *
 * Needs PostgreSQL: CHAOS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a
 * database `chaos_<random>` is created there and dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DEMO_CUSTOMERS, startMocks } from '../mocks/index.js';
import { closeClient, loginCustomer, loginStaff, postGraphQL } from './support/client.js';

const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 100);
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 60);
const SERVER = process.env.CHAOS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'demo-Passw0rd';
const STAFF_PASSWORD = 'staff-Passw0rd';
const USERS = ['wang.fang', 'zhao.lei', 'chen.jie', 'liu.yang', 'sun.mei', 'zhou.min', 'li.na'] as const;
const BACKENDS = ['risk', 'coreBanking', 'creditBureau', 'identity', 'crm'] as const;

const watchdog = setTimeout(() => {
  console.error('chaos: watchdog fired');
  process.exit(1);
}, (SECONDS + 420) * 1000);
watchdog.unref();

// ---------------------------------------------------------------------------------------------
// Database and backends

const dbName = `chaos_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(SERVER);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
db.on('error', () => {}); // idle connections end when the database is dropped at the end

const mocks = await startMocks({ host: '127.0.0.1', basePort: 0 });
const children = new Map<string, ChildProcess>();

async function cleanup() {
  for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db.end().catch(() => {});
  await mocks.close().catch(() => {});
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await admin.end().catch(() => {});
  await closeClient().catch(() => {});
}
process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));

/** A gateway instance: `node --import tsx src/main.ts`, ready when it prints its URL. */
function startInstance(name: string): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'development',
    SEED_DEMO: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.CHAOS_LOG_DIR ? 'warn' : 'error',
    DATABASE_URL: databaseUrl,
    CORE_BANKING_URL: mocks.urls.coreBanking,
    CRM_URL: mocks.urls.crm,
    CREDIT_BUREAU_URL: mocks.urls.creditBureau,
    RISK_URL: mocks.urls.risk,
    IDENTITY_URL: mocks.urls.identity,
    BUSINESS_REGISTRY_URL: mocks.urls.businessRegistry,
    BACKEND_TIMEOUT_MS: '1000',
    BACKEND_RETRIES: '1',
    SWEEP_INTERVAL_MS: '1000',
    WORK_LEASE_MS: '3000',
    OTP_SENDS_PER_HOUR: '100000',
    OTP_GUESSES_PER_HOUR: '100000',
    OTP_PER_ADDRESS_PER_HOUR: '1000000',
    WITHDRAWAL_FEED_POLL_MS: '0',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(name, child);
  if (process.env.CHAOS_LOG_DIR) {
    const log = createWriteStream(`${process.env.CHAOS_LOG_DIR}/instance-${name}-${child.pid}.log`);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      const match = /GraphQL \(HTTP\): +(http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000)));
    child.on('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
}

const urls: Record<'A' | 'B', string | null> = { A: null, B: null };

/** The run: start, load, settle, check. @returns whether every check passed */
async function run(): Promise<boolean> {
console.log(`chaos: ${CLIENTS} clients × ${SECONDS} s, 2 instances on PostgreSQL (${dbName})`);
urls.A = await startInstance('A');
urls.B = await startInstance('B');
const urlB = urls.B;
console.log(`chaos: instances up (A ${urls.A}, B ${urls.B})`);

// ---------------------------------------------------------------------------------------------
// Sessions and accounts

const customers: { username: string; customerId: string; headers: Record<string, string>; account: string; fullName: string; idNumber: string }[] = [];
for (const username of USERS) {
  const headers = await loginCustomer(urlB, mocks.urls.identity, username, PASSWORD);
  const me = await postGraphQL(urlB, '{ me { accounts { id kind currency status } } }', { headers });
  const accounts = (me.body.data as { me: { accounts: { id: string; kind: string; currency: string; status: string }[] } }).me.accounts;
  const account = accounts.find((a) => a.currency === 'CNY' && a.status === 'ACTIVE' && (a.kind === 'CURRENT' || a.kind === 'SAVINGS'));
  const demo = Object.values(DEMO_CUSTOMERS).find((d) => d.username === username)!;
  if (account) customers.push({ username, customerId: demo.id, headers, account: account.id, fullName: demo.fullName, idNumber: demo.idNumber });
}
const officer = await loginStaff(urlB, 'risk.zhang', STAFF_PASSWORD);

async function balances(): Promise<Map<string, bigint>> {
  const result = new Map<string, bigint>();
  for (const c of customers) {
    const me = await postGraphQL(urlB, '{ me { accounts { id balance { amount } } } }', { headers: c.headers });
    for (const a of (me.body.data as { me: { accounts: { id: string; balance: { amount: string } }[] } }).me.accounts) result.set(a.id, cents(a.balance.amount));
  }
  return result;
}
const cents = (amount: string): bigint => {
  const [whole, fraction = ''] = amount.split('.');
  const sign = whole!.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole!.replace('-', '')) * 100n + BigInt((fraction + '00').slice(0, 2)));
};
const money = (c: bigint) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;
const startBalances = await balances();

// ---------------------------------------------------------------------------------------------
// Load

const counts = new Map<string, number>();
const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
let stop = false;
const random = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

/** Sends to a live instance; when it dies under the request, the same request goes to the other. */
async function send(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<{ data?: Record<string, unknown>; code?: string }> {
  const order = Math.random() < 0.5 ? (['A', 'B'] as const) : (['B', 'A'] as const);
  for (const name of order) {
    const target = urls[name];
    if (!target) continue;
    try {
      const reply = await postGraphQL(target, query, { variables, headers });
      const error = reply.body.errors?.[0] as { extensions?: { code?: string } } | undefined;
      return error ? { code: error.extensions?.code ?? 'NO_CODE' } : { data: reply.body.data as Record<string, unknown> };
    } catch {
      count(`network error on ${name} (resent to the other instance)`);
    }
  }
  return { code: 'NO_INSTANCE' };
}

const TRANSFER = 'mutation($input: TransferInput!, $key: String!) { submitTransfer(input: $input, idempotencyKey: $key) { id status } }';
const APPLY = 'mutation($input: LoanApplicationInput!, $key: String!) { applyForLoan(input: $input, idempotencyKey: $key) { id status } }';
const SIGN = 'mutation($id: ID!, $account: ID!, $key: String!) { signLoanContract(id: $id, disbursementAccountId: $account, idempotencyKey: $key) { id status } }';
const WITHDRAW = 'mutation($id: ID!) { withdrawLoanApplication(id: $id, reason: "chaos") { id status } }';
const START = 'mutation($key: String!) { startAccountOpening(kind: SAVINGS, currency: "CNY", idempotencyKey: $key) { id status } }';
const SUBMIT = 'mutation($id: ID!, $input: SubmitAccountOpeningInput!) { submitAccountOpening(id: $id, input: $input) { id status } }';

async function client(): Promise<void> {
  while (!stop) {
    const c = random(customers);
    const roll = Math.random();
    if (roll < 0.6) {
      // Mostly small amounts (some pass unscored when risk is down), some larger (held then).
      const amount = Math.random() < 0.8 ? `${1 + Math.floor(Math.random() * 80)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}` : `${150 + Math.floor(Math.random() * 300)}.00`;
      const payee = `6229${String(Math.floor(Math.random() * 1e15)).padStart(15, '0')}`;
      const r = await send(TRANSFER, { input: { fromAccountId: c.account, payeeAccountNumber: payee, payeeName: 'Chaos Payee', amount, currency: 'CNY' }, key: randomUUID() }, c.headers);
      count(`transfer → ${r.code ?? (r.data!.submitTransfer as { status: string }).status}`);
    } else if (roll < 0.75) {
      const applied = await send(APPLY, { input: { productCode: 'PERSONAL_CONSUMER', amount: `${10 + Math.floor(Math.random() * 30)}000.00`, currency: 'CNY', termMonths: 24, purpose: 'Chaos' }, key: randomUUID() }, c.headers);
      const loan = applied.data?.applyForLoan as { id: string; status: string } | undefined;
      count(`loan → ${applied.code ?? loan!.status}`);
      if (loan?.status === 'APPROVED') {
        const signed = await send(SIGN, { id: loan.id, account: c.account, key: randomUUID() }, c.headers);
        count(`sign → ${signed.code ?? (signed.data!.signLoanContract as { status: string }).status}`);
      } else if (loan && (loan.status === 'MANUAL_REVIEW' || loan.status === 'DOCUMENTS_REQUESTED')) {
        const withdrawn = await send(WITHDRAW, { id: loan.id }, c.headers);
        count(`withdraw → ${withdrawn.code ?? 'WITHDRAWN'}`);
      }
    } else if (roll < 0.9) {
      const started = await send(START, { key: randomUUID() }, c.headers);
      const draft = started.data?.startAccountOpening as { id: string } | undefined;
      if (!draft) {
        count(`opening start → ${started.code}`);
        continue;
      }
      const submitted = await send(SUBMIT, { id: draft.id, input: { fullName: c.fullName, idNumber: c.idNumber, selfieToken: Math.random() < 0.2 ? 'review' : 'selfie-ok' } }, c.headers);
      count(`opening → ${submitted.code ?? (submitted.data!.submitAccountOpening as { status: string }).status}`);
    } else {
      const r = await send('{ me { accounts { id balance { amount } } } }', {}, c.headers);
      count(`read → ${r.code ?? 'OK'}`);
    }
  }
}

/** A risk officer releasing held transfers (which then post, or wait for core banking). */
async function officerLoop(): Promise<void> {
  while (!stop) {
    const held = await send('{ heldTransfers(first: 20) { nodes { id } } }', {}, officer);
    for (const t of (held.data?.heldTransfers as { nodes: { id: string }[] } | undefined)?.nodes ?? []) {
      const r = await send('mutation($id: ID!) { releaseHeldTransfer(id: $id, reason: "chaos: confirmed") { status } }', { id: t.id }, officer);
      count(`release → ${r.code ?? (r.data!.releaseHeldTransfer as { status: string }).status}`);
    }
    await sleep(2000);
  }
}

/** Each backend flaps in turn (2 s down, 2 s up); core banking alternates down and too slow. */
async function chaos(): Promise<void> {
  const slot = (SECONDS * 1000) / BACKENDS.length;
  const started = Date.now();
  for (const backend of BACKENDS) {
    const server = mocks.servers[backend];
    const until = started + slot * (BACKENDS.indexOf(backend) + 1);
    let down = false;
    while (Date.now() < until && !stop) {
      down = !down;
      if (!down) server.setFaults({});
      else if (backend === 'coreBanking' && Math.random() < 0.5) server.setFaults({ delayMs: 2500 });
      else server.setFaults({ mode: 'error', errorStatus: 503 });
      await sleep(2000);
    }
    server.setFaults({});
  }
}

/** Instance A is killed (SIGKILL) at 40 % of the run and restarted 10 s later. */
async function killer(): Promise<void> {
  await sleep(SECONDS * 400);
  children.get('A')!.kill('SIGKILL');
  urls.A = null;
  console.log(`chaos: killed instance A at ${Math.round(SECONDS * 0.4)} s`);
  await sleep(10_000);
  urls.A = await startInstance('A');
  console.log('chaos: instance A restarted');
}

const loadStarted = Date.now();
const running = [...Array.from({ length: CLIENTS }, client), officerLoop()];
const killing = killer();
await chaos();
stop = true;
await Promise.all(running);
await killing;
const loadSeconds = (Date.now() - loadStarted) / 1000;
for (const server of Object.values(mocks.servers)) server.setFaults({});

// ---------------------------------------------------------------------------------------------
// Settle and check

const inFlight = async () => {
  const { rows } = await db.query<{ n: string }>(`
    select (select count(*) from transfers where status = 'POSTING')
         + (select count(*) from loan_applications where status in ('SUBMITTED', 'CHECKING', 'CONTRACT_SIGNED'))
         + (select count(*) from account_openings where status = 'OPENING') as n`);
  return Number(rows[0]!.n);
};
const settleStarted = Date.now();
const leftAtEnd = await inFlight();
while ((await inFlight()) > 0 && Date.now() - settleStarted < 90_000) await sleep(500);
const settleSeconds = (Date.now() - settleStarted) / 1000;

const statuses = async (table: string) =>
  Object.fromEntries((await db.query<{ status: string; n: string }>(`select status, count(*) n from ${table} group by status order by status`)).rows.map((r) => [r.status, Number(r.n)]));
const transferStatuses = await statuses('transfers');
const loanStatuses = await statuses('loan_applications');
const openingStatuses = await statuses('account_openings');

const FINAL_OR_WAITING = {
  transfers: ['POSTED', 'FAILED', 'BLOCKED', 'REJECTED', 'HELD', 'PENDING_STEP_UP'],
  loans: ['APPROVED', 'REJECTED', 'DISBURSED', 'WITHDRAWN', 'MANUAL_REVIEW', 'DOCUMENTS_REQUESTED'],
  openings: ['DRAFT', 'PENDING_REVIEW', 'OPENED', 'TERMINATED'],
};
const outOfPlace = [
  ...Object.entries(transferStatuses).filter(([s]) => !FINAL_OR_WAITING.transfers.includes(s)).map(([s, n]) => `${n} transfers ${s}`),
  ...Object.entries(loanStatuses).filter(([s]) => !FINAL_OR_WAITING.loans.includes(s)).map(([s, n]) => `${n} loans ${s}`),
  ...Object.entries(openingStatuses).filter(([s]) => !FINAL_OR_WAITING.openings.includes(s)).map(([s, n]) => `${n} openings ${s}`),
];

// Balances: core banking moved each account by exactly what the gateway recorded.
const endBalances = await balances();
const expected = new Map<string, bigint>();
for (const row of (await db.query<{ account: string; amount: string }>(`select from_account_id account, amount from transfers where status = 'POSTED'`)).rows) {
  expected.set(row.account, (expected.get(row.account) ?? 0n) - cents(row.amount));
}
for (const row of (await db.query<{ account: string; amount: string }>(`select disbursement_account_id account, coalesce(approved_amount, amount) amount from loan_applications where status = 'DISBURSED'`)).rows) {
  expected.set(row.account, (expected.get(row.account) ?? 0n) + cents(row.amount));
}
const balanceMismatches: string[] = [];
for (const [account, start] of startBalances) {
  const moved = (endBalances.get(account) ?? start) - start;
  const want = expected.get(account) ?? 0n;
  if (moved !== want) balanceMismatches.push(`${account}: core banking moved ${money(moved)}, the gateway recorded ${money(want)}`);
}
// Every transfer's key: applied at core banking exactly when POSTED.
const keyMismatches: string[] = [];
const allTransfers = (await db.query<{ id: string; status: string }>('select id, status from transfers')).rows;
for (const t of allTransfers) {
  const outcome = (await (await fetch(`${mocks.urls.coreBanking}/idempotency-keys/${encodeURIComponent(`transfer:${t.id}`)}?operation=${encodeURIComponent('POST /transfers')}`)).json()) as { outcome: string };
  if ((outcome.outcome === 'APPLIED') !== (t.status === 'POSTED')) keyMismatches.push(`${t.id}: ${t.status} but core banking ${outcome.outcome}`);
}
const unscoredPosted = Number(
  (
    await db.query<{ n: string }>(
      `select count(*) n from transfers where status = 'POSTED' and signals ? 'RISK_PLATFORM_UNAVAILABLE' and reviewed_by is null and not (signals ? 'UNSCORED_OWN_ACCOUNT' or signals ? 'UNSCORED_SMALL_AMOUNT')`,
    )
  ).rows[0]!.n,
);
const unscored = (await db.query<{ n: string; released: string }>(`select count(*) filter (where reviewed_by is null) n, count(*) filter (where reviewed_by is not null) released from transfers where status = 'POSTED' and signals ? 'RISK_PLATFORM_UNAVAILABLE'`)).rows[0]!;
const eventGaps = Number(
  (await db.query<{ n: string }>('select count(*) n from (select stream, count(*) c, min(seq) lo, max(seq) hi from events group by stream) s where c <> hi or lo <> 1')).rows[0]!.n,
);
const staleRows = Number(
  (
    await db.query<{ n: string }>(`
      select (select count(*) from transfers t where t.seq <> (select max(seq) from events where stream = 'transfer:' || t.id))
           + (select count(*) from loan_applications l where l.seq <> (select max(seq) from events where stream = 'loan:' || l.id))
           + (select count(*) from account_openings o where o.seq <> (select max(seq) from events where stream = 'account-opening:' || o.id)) n`)
  ).rows[0]!.n,
);
const events = Number((await db.query<{ n: string }>('select count(*) n from events')).rows[0]!.n);
const report = await db.query<{ kind: string; settled_by: string | null; outcome: string | null; n: string }>(
  `select kind, settled_by, outcome, count(*) n from work_leases group by 1, 2, 3 order by 1, 2, 3`,
);

console.log(`\nChaos run — ${CLIENTS} clients for ${loadSeconds.toFixed(0)} s, 2 instances on PostgreSQL, A killed (SIGKILL) and restarted`);
console.log('Requests by outcome:');
for (const [key, n] of [...counts].sort()) console.log(`  ${key}: ${n}`);
console.log(`In flight when the load stopped: ${leftAtEnd}; settled by the sweep in ${settleSeconds.toFixed(1)} s`);
console.log(`Transfers: ${JSON.stringify(transferStatuses)}`);
console.log(`Loans: ${JSON.stringify(loanStatuses)}`);
console.log(`Openings: ${JSON.stringify(openingStatuses)}`);
console.log('Recovery records (kind, settled by, outcome: count):');
for (const r of report.rows) console.log(`  ${r.kind}, ${r.settled_by ?? '-'}, ${r.outcome ?? 'open'}: ${r.n}`);
const checks: [string, boolean, string][] = [
  ['every transfer, loan and opening final or waiting', outOfPlace.length === 0, outOfPlace.join('; ') || 'yes'],
  ['balances reconcile with core banking to the cent', balanceMismatches.length === 0, balanceMismatches.slice(0, 5).join('; ') || `${startBalances.size} accounts`],
  ['transfer keys applied at core banking exactly when POSTED', keyMismatches.length === 0, keyMismatches.slice(0, 5).join('; ') || `${allTransfers.length} transfers`],
  ['0 unscored transfers posted on the customer\'s word outside the allowance', unscoredPosted === 0, `${unscoredPosted} (${unscored.n} passed unscored under the allowance, ${unscored.released} held unscored then released by a risk officer)`],
  ['event streams gap-free, rows at their last event', eventGaps === 0 && staleRows === 0, `${events} events, ${eventGaps} gaps, ${staleRows} stale rows`],
];
console.log('Checks:');
for (const [name, ok, detail] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);

return checks.every(([, ok]) => ok);
}

let passed = false;
try {
  passed = await run();
} catch (error) {
  console.error(error);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(passed ? 0 : 1);

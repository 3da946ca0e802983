/**
 * Transfers benchmark (`npm run bench:transfers`, also part of `npm run bench`; both build first):
 * the `submitTransfer` mutation over HTTP to the production build — the real path: token check,
 * the per-viewer rate limit, the account read, the real-time risk check (core banking history, the
 * customer's risk profile, the risk platform's score), the write and the posting through core
 * banking.
 *
 *  1. latency, p50/p95: allowed transfers (1.00 CNY to a payee Wang Fang has paid before) one
 *     after another, every backend at 20 ms, alternating with the least any gateway must do for one
 *     — the account read and the posting, sent by this process straight to the core banking mock;
 *  2. CPU µs per transfer of the gateway process (/proc utime + stime over the window ÷ transfers),
 *     with `BENCH_TRANSFER_WORKERS` customers' requests in flight at once and healthy backends;
 *  3. correctness, over the API: every transfer POSTED; the same idempotency key sent
 *     concurrently gives one transfer and one debit; `myTransfers` holds exactly the transfers
 *     made, and the account's ledger (`transactions`) exactly one debit per posting, its balance
 *     down by exactly their sum (no double spend, nothing lost).
 *
 * The gateway is the production build in its own process (`npm run start:prod`'s node flags, PGlite
 * in memory unless `BENCH_DATABASE_URL` names an empty, throwaway PostgreSQL), the mocks another
 * (bench/support/stack.ts). Traffic stays on 127.0.0.1. Writes the `transfers` key of
 * bench/results.json; exit code 1 when a check fails. `BENCH_TRANSFER_SAMPLES` (100 each way),
 * `BENCH_TRANSFER_CPU_COUNT` (300), `BENCH_TRANSFER_WORKERS` (8); `BENCH_CPU_PROF_DIR=<dir>`: the
 * gateway writes a V8 CPU profile there when it stops.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { ChildSupervisor } from './support/children.js';
import { callJson, loginCustomer, mockAdmin, postGraphQL, postGraphQLOk, type GraphQLReply } from './support/client.js';
import { summarize, type LatencySummary } from './support/load.js';
import { machineInfo, writeResult } from './support/results.js';
import { runWithChildren, startGatewayChild, startMockChild } from './support/stack.js';
import { fixed } from './support/table.js';

const SAMPLES = Number(process.env.BENCH_TRANSFER_SAMPLES ?? 100);
const CPU_TRANSFERS = Number(process.env.BENCH_TRANSFER_CPU_COUNT ?? 300);
const WORKERS = Number(process.env.BENCH_TRANSFER_WORKERS ?? 8);
const DUPLICATE_SENDS = 10;
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'memory://';
/** When set, the gateway writes a V8 CPU profile there when it stops (`--cpu-prof`), as in run.ts. */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;
const DELAY_MS = 20;
const AMOUNT = '1.00';
const PAYEE = { payeeAccountNumber: '6222021234567890123', payeeName: 'Known Payee' };
const CUSTOMER = { username: 'wang.fang', password: 'demo-Passw0rd', id: 'C000001' };

const SUBMIT = 'mutation Send($i: TransferInput!, $k: String!) { submitTransfer(input: $i, idempotencyKey: $k) { id status amount { amount currency } } }';
const ACCOUNTS = 'query Accounts { me { accounts { id accountNumber kind currency status } } }';
const BALANCE = 'query Balance($id: ID!) { node(id: $id) { ... on Account { balance { amount currency } available { amount currency } } } }';
const LEDGER =
  'query Ledger($id: ID!, $after: String, $from: DateTimeISO!) { node(id: $id) { ... on Account { transactions(first: 100, after: $after, filter: { from: $from }) { edges { node { id direction amount { amount } balanceAfter { amount } bookedAt } } pageInfo { hasNextPage endCursor } } } } }';
const MINE = 'query Mine($after: String) { myTransfers(first: 100, after: $after) { totalCount nodes { id status amount { amount } } pageInfo { hasNextPage endCursor } } }';
const ONE = 'query One($id: ID!) { transfer(id: $id) { id status } }';

interface TransferReply {
  id: string;
  status: string;
}

/** Exact cents of a decimal string with at most two decimals ("12.5" → 1250n). */
function cents(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`not a money amount: ${amount}`);
  const value = BigInt(match[2] as string) * 100n + BigInt((match[3] ?? '0').padEnd(2, '0'));
  return match[1] === '-' ? -value : value;
}

const formatCents = (value: bigint) => `${value < 0n ? '-' : ''}${(value < 0n ? -value : value) / 100n}.${String((value < 0n ? -value : value) % 100n).padStart(2, '0')}`;

function round(summary: LatencySummary) {
  return { p50: Number(summary.p50.toFixed(1)), p95: Number(summary.p95.toFixed(1)), p99: Number(summary.p99.toFixed(1)) };
}

async function main(supervisor: ChildSupervisor): Promise<void> {
  const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, supervisor.failure]);
  const loadBefore = os.loadavg()[0] ?? NaN;
  if (![SAMPLES, CPU_TRANSFERS, WORKERS].every((n) => Number.isInteger(n) && n >= 1)) throw new Error('BENCH_TRANSFER_SAMPLES, _CPU_COUNT and _WORKERS must be positive integers');

  const { urls: mocks } = await guard(startMockChild(supervisor));
  const gateway = await guard(
    startGatewayChild(supervisor, {
      mocks,
      databaseUrl: DATABASE_URL,
      extraNodeArgs: CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROFILE_DIR)}`] : [],
      // One customer at WORKERS requests at a time: far over a real viewer's rate; the limit is
      // still checked and its write made on every request.
      env: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' },
    }),
  );
  const admin = mockAdmin(mocks);
  console.log(`Gateway (production build) at ${gateway.url}, pid ${gateway.child.pid}; ${DATABASE_URL.startsWith('memory') ? 'PGlite in memory' : 'PostgreSQL'}`);

  const headers = await guard(loginCustomer(gateway.url, mocks.identity, CUSTOMER.username, CUSTOMER.password));
  const accounts = (await guard(postGraphQLOk(gateway.url, ACCOUNTS, { headers }))).body.data as {
    me: { accounts: { id: string; accountNumber: string; kind: string; currency: string; status: string }[] };
  };
  const account = accounts.me.accounts.find((a) => a.kind === 'CURRENT' && a.currency === 'CNY' && a.status === 'ACTIVE');
  if (!account) throw new Error(`${CUSTOMER.username} has no active CNY current account`);
  // The global id is base64url("Account:<core banking id>"); the baseline talks to core banking by the latter.
  const coreAccountId = Buffer.from(account.id, 'base64url').toString('utf8').replace(/^Account:/, '');
  if (!coreAccountId.startsWith(`${CUSTOMER.id}-A`)) throw new Error(`unexpected account id ${account.id} (${coreAccountId})`);
  const input = { fromAccountId: account.id, ...PAYEE, amount: AMOUNT, currency: 'CNY' };

  const balance = async () => {
    const reply = await postGraphQLOk(gateway.url, BALANCE, { headers, variables: { id: account.id } });
    const node = (reply.body.data as { node: { balance: { amount: string }; available: { amount: string } } }).node;
    return { balance: cents(node.balance.amount), available: cents(node.available.amount) };
  };
  const submit = async (key: string = randomUUID()): Promise<TransferReply> => {
    const reply = await postGraphQLOk(gateway.url, SUBMIT, { headers, variables: { i: input, k: key } });
    return (reply.body.data as { submitTransfer: TransferReply }).submitTransfer;
  };
  const madeByGateway = new Map<string, string>();
  const submitPosted = async () => {
    const transfer = await submit();
    if (transfer.status !== 'POSTED') throw new Error(`expected an allowed, posted transfer, got ${transfer.status} (${transfer.id})`);
    madeByGateway.set(transfer.id, transfer.status);
  };
  let baselinePostings = 0;
  /** The least a gateway must do for a transfer: read the account, post it (this process → core banking). */
  const postOnly = async () => {
    const read = await callJson<{ results: ({ accountId: string } | null)[] }>('POST', `${mocks.coreBanking}/accounts:batch`, { accountIds: [coreAccountId] });
    if (!read.results[0]) throw new Error(`core banking does not know ${coreAccountId}`);
    const posted = await callJson<{ status: string }>('POST', `${mocks.coreBanking}/transfers`, {
      idempotencyKey: `bench-${randomUUID()}`,
      fromAccountId: coreAccountId,
      toAccountNumber: PAYEE.payeeAccountNumber,
      toName: PAYEE.payeeName,
      amount: { amount: AMOUNT, currency: 'CNY' },
    });
    if (posted.status !== 'POSTED') throw new Error(`core banking did not post the baseline transfer: ${JSON.stringify(posted)}`);
    baselinePostings += 1;
  };

  const benchStart = new Date(Date.now() - 1_000).toISOString();
  const before = await guard(balance());
  const needed = cents(AMOUNT) * BigInt(1 + SAMPLES * 2 + CPU_TRANSFERS + 1);
  if (before.available < needed) throw new Error(`the account holds ${formatCents(before.available)}, the run needs ${formatCents(needed)}`);
  // The payee becomes known with a first (scored, allowed) transfer.
  await guard(submitPosted());

  // ---- 1. latency, alternating with the baseline, every backend at DELAY_MS ------------------------
  console.log(`1. latency: ${SAMPLES} gateway transfers alternating with ${SAMPLES} account read + posting, every backend at ${DELAY_MS} ms …`);
  const timed = { gateway: [] as number[], postOnly: [] as number[] };
  await guard(admin.setFaults({ delayMs: DELAY_MS }));
  try {
    for (let i = 0; i < SAMPLES * 2; i += 1) {
      const baseline = i % 2 === 1;
      const started = performance.now();
      await guard(baseline ? postOnly() : submitPosted());
      (baseline ? timed.postOnly : timed.gateway).push(performance.now() - started);
    }
  } finally {
    await admin.healAll();
  }
  const latency = { gateway: summarize(timed.gateway), postOnly: summarize(timed.postOnly) };

  // ---- 2. CPU per transfer, WORKERS in flight, healthy backends --------------------------------------
  console.log(`2. CPU: ${CPU_TRANSFERS} transfers, ${WORKERS} in flight at a time, healthy backends …`);
  const concurrentLatencies: number[] = [];
  let sent = 0;
  const cpuBefore = { all: gateway.child.cpuMs(), user: gateway.child.userCpuMs() };
  const t0 = performance.now();
  await guard(
    Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (sent < CPU_TRANSFERS) {
          sent += 1;
          const started = performance.now();
          await submitPosted();
          concurrentLatencies.push(performance.now() - started);
        }
      }),
    ),
  );
  const elapsed = performance.now() - t0;
  const cpuAfter = { all: gateway.child.cpuMs(), user: gateway.child.userCpuMs() };
  const perTransfer = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : ((b - a) * 1000) / CPU_TRANSFERS);
  const cpuMicros = perTransfer(cpuBefore.all, cpuAfter.all);
  const userCpuMicros = perTransfer(cpuBefore.user, cpuAfter.user);
  const concurrent = summarize(concurrentLatencies);

  // ---- 3. correctness over the API ------------------------------------------------------------------
  console.log(`3. the same idempotency key sent ${DUPLICATE_SENDS} times at once, then the ledger …`);
  const duplicateKey = `bench-dup-${randomUUID()}`;
  const duplicateReplies = await guard(Promise.all(Array.from({ length: DUPLICATE_SENDS }, () => postGraphQL(gateway.url, SUBMIT, { headers, variables: { i: input, k: duplicateKey } }))));
  const duplicateIds = new Set<string>();
  const duplicateErrors: string[] = [];
  for (const reply of duplicateReplies) {
    const transfer = (reply.body.data as { submitTransfer: TransferReply } | null | undefined)?.submitTransfer;
    if (transfer) duplicateIds.add(transfer.id);
    for (const error of reply.body.errors ?? []) duplicateErrors.push(String(error.extensions?.code ?? error.message));
  }
  // A concurrent send may be told POSTING_PENDING (with the id) while the first one posts: the transfer's own status is the truth.
  const duplicateId = [...duplicateIds][0];
  let duplicateStatus = 'none';
  if (duplicateId) {
    duplicateStatus = ((await guard(postGraphQLOk(gateway.url, ONE, { headers, variables: { id: duplicateId } }))).body.data as { transfer: TransferReply }).transfer.status;
    madeByGateway.set(duplicateId, duplicateStatus);
  }
  const duplicateOk = duplicateIds.size === 1 && duplicateStatus === 'POSTED' && duplicateErrors.every((code) => code === 'POSTING_PENDING');

  // Every transfer the customer has, through myTransfers.
  const listed = new Map<string, { status: string; amount: string }>();
  let listedTotal = 0;
  for (let after: string | null = null, more = true; more; ) {
    const reply: GraphQLReply = await guard(postGraphQLOk(gateway.url, MINE, { headers, variables: { after } }));
    const page: { totalCount: number; nodes: { id: string; status: string; amount: { amount: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (reply.body.data as { myTransfers: { totalCount: number; nodes: { id: string; status: string; amount: { amount: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).myTransfers;
    listedTotal = page.totalCount;
    for (const node of page.nodes) listed.set(node.id, { status: node.status, amount: node.amount.amount });
    more = page.pageInfo.hasNextPage;
    after = page.pageInfo.endCursor;
  }
  const listedPosted = [...listed.values()].filter((t) => t.status === 'POSTED');
  const listMatches = listed.size === madeByGateway.size && listedTotal === madeByGateway.size && [...madeByGateway.keys()].every((id) => listed.get(id)?.status === 'POSTED');

  // The account's ledger since the bench started, and its balance.
  const entries: { direction: string; amount: string; balanceAfter: string }[] = [];
  for (let after: string | null = null, more = true; more; ) {
    const reply: GraphQLReply = await guard(postGraphQLOk(gateway.url, LEDGER, { headers, variables: { id: account.id, after, from: benchStart } }));
    const page: { edges: { node: { direction: string; amount: { amount: string }; balanceAfter: { amount: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (
      reply.body.data as {
        node: { transactions: { edges: { node: { direction: string; amount: { amount: string }; balanceAfter: { amount: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      }
    ).node.transactions;
    for (const edge of page.edges) entries.push({ direction: edge.node.direction, amount: edge.node.amount.amount, balanceAfter: edge.node.balanceAfter.amount });
    more = page.pageInfo.hasNextPage;
    after = page.pageInfo.endCursor;
  }
  const after = await guard(balance());
  const debits = entries.filter((entry) => entry.direction === 'OUT');
  const credits = entries.length - debits.length;
  const expectedDebits = listedPosted.length + baselinePostings;
  const debitedCents = debits.reduce((sum, entry) => sum + cents(entry.amount), 0n);
  const expectedCents = cents(AMOUNT) * BigInt(expectedDebits);
  const newestBalanceAfter = entries[0] ? cents(entries[0].balanceAfter) : before.balance;
  const ledgerOk =
    debits.length === expectedDebits &&
    credits === 0 &&
    debitedCents === expectedCents &&
    before.balance - after.balance === expectedCents &&
    newestBalanceAfter === after.balance;
  const expectedTransfers = 1 + SAMPLES + CPU_TRANSFERS + 1;
  const ok = duplicateOk && listMatches && madeByGateway.size === expectedTransfers && listedPosted.length === expectedTransfers && ledgerOk;

  const machine = machineInfo(loadBefore);
  const pad = (label: string) => label.padEnd(44);
  console.log(`\nTransfers — production build over HTTP (submitTransfer), ${CUSTOMER.username}, ${AMOUNT} CNY to a known payee`);
  console.log(`Machine: ${String(machine.cores)} cores (${String(machine.cpu)}), Node ${process.version}, 1-min load average ${fixed(loadBefore, 2)} before, ${fixed(os.loadavg()[0], 2)} after`);
  console.log(`  1. every backend at ${DELAY_MS} ms, one at a time, ${SAMPLES} each way:`);
  for (const p of ['p50', 'p95'] as const) {
    const g = latency.gateway[p];
    const b = latency.postOnly[p];
    console.log(`     ${p}: gateway transfer ${fixed(g)} ms, account read + posting only ${fixed(b)} ms → ${fixed(g / b, 2)}×, added ${fixed(g - b)} ms`);
  }
  console.log(
    `  2. ${pad(`${CPU_TRANSFERS} transfers, ${WORKERS} in flight, healthy:`)}${fixed(cpuMicros, 0)} µs gateway CPU per transfer (user ${fixed(userCpuMicros, 0)} µs), ` +
      `${fixed((CPU_TRANSFERS * 1000) / elapsed, 0)} transfers/s, p50 ${fixed(concurrent.p50)} ms, p95 ${fixed(concurrent.p95)} ms`,
  );
  console.log(`  3. ${pad(`same key ×${DUPLICATE_SENDS} at once:`)}${duplicateIds.size} transfer(s), ${duplicateStatus}, other answers: ${duplicateErrors.join(', ') || 'none'} — ${duplicateOk ? 'ok' : 'FAILED'}`);
  console.log(`     ${pad('myTransfers:')}${listed.size} listed (totalCount ${listedTotal}), ${listedPosted.length} POSTED; made ${madeByGateway.size}, expected ${expectedTransfers} — ${listMatches ? 'ok' : 'FAILED'}`);
  console.log(
    `     ${pad('ledger since the start:')}${debits.length} debits (expected ${expectedDebits}: ${listedPosted.length} gateway + ${baselinePostings} baseline), ${credits} credits, ` +
      `${formatCents(debitedCents)} debited; balance ${formatCents(before.balance)} → ${formatCents(after.balance)} (down ${formatCents(before.balance - after.balance)}, expected ${formatCents(expectedCents)}) — ${ledgerOk ? 'ok' : 'FAILED'}`,
  );

  writeResult('transfers', {
    command: 'npm run bench:transfers',
    machine: { ...machine, gatewayDatabase: DATABASE_URL.startsWith('memory') ? DATABASE_URL : 'postgres' },
    harness: 'production build (start:prod flags) and mocks (dist/mocks/main.js) in child processes; submitTransfer over HTTP after the real login flow',
    latency: {
      backendDelayMs: DELAY_MS,
      samplesEachWay: SAMPLES,
      gatewayMs: round(latency.gateway),
      postOnlyMs: round(latency.postOnly),
      p50Ratio: Number((latency.gateway.p50 / latency.postOnly.p50).toFixed(3)),
      p95Ratio: Number((latency.gateway.p95 / latency.postOnly.p95).toFixed(3)),
    },
    cpu: {
      transfers: CPU_TRANSFERS,
      workers: WORKERS,
      backendDelayMs: 0,
      gatewayCpuMicrosPerTransfer: cpuMicros === undefined ? null : Math.round(cpuMicros),
      gatewayUserCpuMicrosPerTransfer: userCpuMicros === undefined ? null : Math.round(userCpuMicros),
      transfersPerSecond: Math.round((CPU_TRANSFERS * 1000) / elapsed),
      latencyMs: round(concurrent),
    },
    checks: {
      transfersMade: madeByGateway.size,
      expectedTransfers,
      listed: listed.size,
      listedPosted: listedPosted.length,
      duplicateKey: { sends: DUPLICATE_SENDS, transfers: duplicateIds.size, status: duplicateStatus, otherAnswers: duplicateErrors },
      ledger: {
        debits: debits.length,
        expectedDebits,
        baselinePostings,
        credits,
        debited: formatCents(debitedCents),
        balanceBefore: formatCents(before.balance),
        balanceAfter: formatCents(after.balance),
      },
    },
    ok,
  });
  if (!ok) throw new Error('transfers: a correctness check FAILED (see above)');
}

runWithChildren('transfers', 600_000, main);

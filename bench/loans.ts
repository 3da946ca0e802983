/**
 * Loans benchmark (`npm run bench:loans`, also part of `npm run bench`; both build first):
 *  1. apply → automatic decision seen by a graphql-ws subscriber, p50/p95, every backend at 50 ms;
 *  2. N concurrent applications (`BENCH_LOAN_APPLICATIONS`, default 500): all decided, the event
 *     count exact, none lost or duplicated.
 *
 * The gateway is the production build in its own process (`npm run start:prod`'s node flags, PGlite
 * in memory unless `BENCH_DATABASE_URL` names an empty, throwaway PostgreSQL), against the mock
 * backends in another (`dist/mocks/main.js`); this process only talks HTTP and WebSocket to them
 * (bench/support/stack.ts). The bench customers are the mock world's generated customers C100000…
 * (`sim.c100000`…), whose logins the gateway's own demo seed creates (`DEMO_GENERATED_CUSTOMERS`,
 * with `SEED_DEMO`, both refused in production); they sign in through the real login flow
 * (password, then the one-time code the identity mock "sent" to their phone).
 *
 * Everything is checked through the API: the applyForLoan answers, each customer's live
 * `myLoanApplicationsUpdated` events, each application's stored history replayed by
 * `loanApplicationUpdated(afterSeq: 0)` to a reviewer, and each customer's `myLoanApplications`.
 * Exit code 1 when a check fails (after writing the `loans` key of bench/results.json).
 * `BENCH_LOAN_SAMPLES` (40) sets the latency samples; `BENCH_CPU_PROF_DIR=<dir>`: the gateway
 * writes a V8 CPU profile there when it stops.
 * Traffic stays on 127.0.0.1; every child is stopped on the way out.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ChildSupervisor } from './support/children.js';
import { callJson, loginCustomer, loginStaff, mockAdmin, postGraphQLOk } from './support/client.js';
import { summarize } from './support/load.js';
import { machineInfo, writeResult } from './support/results.js';
import { runWithChildren, startGatewayChild, startMockChild } from './support/stack.js';
import { fixed } from './support/table.js';

const CONCURRENT = Number(process.env.BENCH_LOAN_APPLICATIONS ?? 500);
const LATENCY_SAMPLES = Number(process.env.BENCH_LOAN_SAMPLES ?? 40);
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'memory://';
/** When set, the gateway writes a V8 CPU profile there when it stops (`--cpu-prof`), as in run.ts. */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;
const BACKEND_DELAY_MS = 50;
const TARGET_P95_MS = 300;
/** Events of an automatically decided application: SUBMITTED, CHECKING_STARTED, AUTOMATIC_…. */
const EVENTS_PER_APPLICATION = 3;
const PASSWORD = 'demo-Passw0rd';
const STAFF = { username: 'reviewer.wu', password: 'staff-Passw0rd' };
/** Logins, subscriptions and checks run this many at a time (the burst itself is all at once). */
const PARALLEL = 25;
const UNDECIDED = new Set(['SUBMITTED', 'CHECKING']);

const APPLY = 'mutation Apply($i: LoanApplicationInput!, $k: String!) { applyForLoan(input: $i, idempotencyKey: $k) { id status seq } }';
const MINE = 'query Mine { myLoanApplications(first: 10) { totalCount nodes { id status seq } } }';
const LIVE = 'subscription Live { myLoanApplicationsUpdated { applicationId seq type status } }';
const HISTORY = 'subscription History($id: ID!) { loanApplicationUpdated(id: $id, afterSeq: 0) { applicationId seq type status } }';

interface Application {
  id: string;
  status: string;
  seq: number;
}
interface LoanEvent {
  applicationId: string;
  seq: number;
  type: string;
  status: string;
}
interface BenchCustomer {
  id: string;
  username: string;
  phone: string;
  headers: Record<string, string>;
}

/** Runs `work` over `items`, `limit` at a time; results in input order. */
async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}

/** Seqs 1…n each exactly once: how a stream must look, live or replayed. */
function seqProblems(seqs: readonly number[], expected: number): { missing: number; duplicated: number } {
  const counts = new Map<number, number>();
  for (const seq of seqs) counts.set(seq, (counts.get(seq) ?? 0) + 1);
  let missing = 0;
  for (let seq = 1; seq <= expected; seq += 1) if (!counts.has(seq)) missing += 1;
  let duplicated = 0;
  for (const [seq, n] of counts) duplicated += seq >= 1 && seq <= expected ? n - 1 : n;
  return { missing, duplicated };
}

/** A graphql-ws client (the real client library) that resolves once the server acknowledged it. */
async function connect(wsUrl: string, connectionParams: Record<string, unknown>): Promise<Client> {
  let acknowledged!: () => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    acknowledged = resolve;
    failed = reject;
  });
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: { connected: () => acknowledged(), closed: (event) => failed(new Error(`WebSocket closed before it was acknowledged: ${JSON.stringify(event)}`)) },
  });
  await ready;
  return client;
}

async function main(supervisor: ChildSupervisor): Promise<void> {
  const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, supervisor.failure]);
  const loadBefore = os.loadavg()[0] ?? NaN;
  const total = CONCURRENT + LATENCY_SAMPLES;
  if (!Number.isInteger(total) || CONCURRENT < 1 || LATENCY_SAMPLES < 1 || total > 5000) {
    throw new Error('BENCH_LOAN_APPLICATIONS + BENCH_LOAN_SAMPLES must be 2-5000 (the mock world has 5000 generated customers)');
  }

  const { urls: mocks } = await guard(startMockChild(supervisor));
  const gateway = await guard(
    startGatewayChild(supervisor, {
      mocks,
      databaseUrl: DATABASE_URL,
      extraNodeArgs: CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROFILE_DIR)}`] : [],
      env: {
        // Logins for C100000… (demo password, cheaper scrypt cost): the gateway's own demo seed.
        DEMO_GENERATED_CUSTOMERS: String(total),
        BACKEND_TIMEOUT_MS: '5000',
        // One client address for hundreds of customers: the per-address caps are raised; every
        // limit is still checked and its write made.
        OTP_PER_ADDRESS_PER_HOUR: '1000000',
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_BURST: '1000000',
        WS_MAX_CONNECTIONS_PER_ADDRESS: '100000',
        WS_MAX_UNAUTHENTICATED: '1000000',
      },
    }),
  );
  const admin = mockAdmin(mocks);
  console.log(`Gateway (production build) at ${gateway.url}, pid ${gateway.child.pid}; ${DATABASE_URL.startsWith('memory') ? 'PGlite in memory' : 'PostgreSQL'}`);

  // ---- customers: the mock world's generated ones, signed in through the login flow ----------
  const ids = Array.from({ length: total }, (_, i) => `C${100_000 + i}`);
  const phones = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const { results } = await guard(
      callJson<{ results: ({ customerId: string; phone: string } | null)[] }>('POST', `${mocks.crm}/customers:batch`, { customerIds: ids.slice(i, i + 500) }),
    );
    for (const row of results) if (row) phones.set(row.customerId, row.phone);
  }
  console.log(`Signing in ${total} generated customers (password + one-time code, ${PARALLEL} at a time) …`);
  const signInStarted = performance.now();
  const customers: BenchCustomer[] = await guard(
    inBatches(ids, PARALLEL, async (id) => {
      const phone = phones.get(id);
      if (!phone) throw new Error(`the CRM mock has no phone for ${id}`);
      const username = `sim.c${id.slice(1)}`;
      return { id, username, phone, headers: await loginCustomer(gateway.url, mocks.identity, username, PASSWORD, { phone }) };
    }),
  );
  console.log(`  signed in ${customers.length} in ${((performance.now() - signInStarted) / 1000).toFixed(1)} s`);
  const staffHeaders = await guard(loginStaff(gateway.url, STAFF.username, STAFF.password));

  const apply = async (customer: BenchCustomer): Promise<Application> => {
    const reply = await postGraphQLOk(gateway.url, APPLY, {
      headers: customer.headers,
      variables: { i: { productCode: 'PERSONAL_CONSUMER', amount: '30000.00', currency: 'CNY', termMonths: 24, purpose: 'Bench' }, k: randomUUID() },
    });
    return (reply.body.data as { applyForLoan: Application }).applyForLoan;
  };
  const wsParams = (customer: BenchCustomer) => ({ authorization: customer.headers.authorization, channel: 'APP' });

  await guard(admin.setFaults({ delayMs: BACKEND_DELAY_MS }));
  try {
    // ---- 1. apply → decision seen by a subscriber on another connection ------------------------
    console.log(`\n1. apply → decision seen live: ${LATENCY_SAMPLES} customers one after another, every backend at ${BACKEND_DELAY_MS} ms …`);
    const latencies: number[] = [];
    for (const customer of customers.slice(CONCURRENT)) {
      const client = await guard(connect(gateway.wsUrl, wsParams(customer)));
      try {
        let started = 0;
        const seen = new Promise<number>((resolve, reject) => {
          client.subscribe<{ myLoanApplicationsUpdated: LoanEvent }>(
            { query: LIVE },
            {
              next: ({ data, errors }) => {
                if (errors) reject(new Error(`subscription errors: ${JSON.stringify(errors)}`));
                const status = data?.myLoanApplicationsUpdated.status;
                if (status && !UNDECIDED.has(status)) resolve(performance.now() - started);
              },
              error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
              complete: () => reject(new Error('subscription completed before the decision')),
            },
          );
        });
        // The subscribe message follows the acknowledgement; let it reach the server before the clock starts.
        await sleep(30);
        started = performance.now();
        await guard(apply(customer));
        latencies.push(await guard(Promise.race([seen, sleep(30_000).then(() => Promise.reject(new Error(`no decision seen for ${customer.id} within 30 s`)))])));
      } finally {
        await client.dispose();
      }
    }
    const latency = summarize(latencies);

    // ---- 2. every other customer applies at the same moment -----------------------------------
    const burst = customers.slice(0, CONCURRENT);
    console.log(`2. ${CONCURRENT} concurrent applications: subscribing each customer to myLoanApplicationsUpdated first …`);
    const live = new Map<string, LoanEvent[]>(burst.map((customer) => [customer.id, []]));
    const subscriptionErrors: string[] = [];
    /** Set when the bench closes the subscriptions itself: completions from then on are expected. */
    let disposing = false;
    const clients = await guard(
      inBatches(burst, PARALLEL, async (customer) => {
        const client = await connect(gateway.wsUrl, wsParams(customer));
        client.subscribe<{ myLoanApplicationsUpdated: LoanEvent }>(
          { query: LIVE },
          {
            next: ({ data, errors }) => {
              if (errors) subscriptionErrors.push(JSON.stringify(errors));
              if (data) live.get(customer.id)?.push(data.myLoanApplicationsUpdated);
            },
            error: (error) => subscriptionErrors.push(`${customer.id}: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
            complete: () => {
              if (!disposing) subscriptionErrors.push(`${customer.id}: subscription completed by the server`);
            },
          },
        );
        return client;
      }),
    );
    // Every subscribe message went out right after its acknowledgement; a second for the server to take them.
    await sleep(1_000);
    const cpuBefore = gateway.child.cpuMs();
    const t0 = performance.now();
    const results = await guard(Promise.allSettled(burst.map((customer) => apply(customer))));
    const elapsed = performance.now() - t0;
    const cpuAfter = gateway.child.cpuMs();
    const answered = new Map<string, Application>();
    const failures: string[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') answered.set((burst[i] as BenchCustomer).id, result.value);
      else failures.push(`${(burst[i] as BenchCustomer).id}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
    });
    const decidedInAnswer = [...answered.values()].filter((application) => !UNDECIDED.has(application.status)).length;

    // Live events: wait until each customer has seen up to its application's seq, then a grace
    // period so that a late duplicate would still be counted.
    const liveDeadline = performance.now() + 30_000;
    const allSeen = () => burst.every((customer) => {
      const application = answered.get(customer.id);
      return !application || (live.get(customer.id) ?? []).filter((event) => event.applicationId === application.id && event.seq >= application.seq).length > 0;
    });
    while (!allSeen() && performance.now() < liveDeadline) await guard(sleep(100));
    await guard(sleep(1_000));
    disposing = true;
    await Promise.all(clients.map((client) => client.dispose()));

    // Stored history, replayed to a reviewer on one connection (one subscription per application).
    console.log('   replaying every application\'s stored history (loanApplicationUpdated, afterSeq 0) to a reviewer …');
    const reviewer = await guard(connect(gateway.wsUrl, { authorization: staffHeaders.authorization, channel: 'STAFF' }));
    const history = new Map<string, LoanEvent[]>();
    const disposers: (() => void)[] = [];
    for (const application of answered.values()) {
      const events: LoanEvent[] = [];
      history.set(application.id, events);
      disposers.push(
        reviewer.subscribe<{ loanApplicationUpdated: LoanEvent }>(
          { query: HISTORY, variables: { id: application.id } },
          {
            next: ({ data, errors }) => {
              if (errors) subscriptionErrors.push(`history ${application.id}: ${JSON.stringify(errors)}`);
              if (data) events.push(data.loanApplicationUpdated);
            },
            error: (error) => subscriptionErrors.push(`history ${application.id}: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
            complete: () => {},
          },
        ),
      );
    }
    const historyDeadline = performance.now() + 30_000;
    const historyComplete = () => [...answered.values()].every((application) => (history.get(application.id) ?? []).some((event) => event.seq >= application.seq));
    while (!historyComplete() && performance.now() < historyDeadline) await guard(sleep(100));
    await guard(sleep(1_000));
    for (const dispose of disposers) dispose();
    await reviewer.dispose();

    // Each customer's own list: exactly the one application, decided, at the answered seq.
    const lists = await guard(
      inBatches(burst, PARALLEL, async (customer) => {
        const reply = await postGraphQLOk(gateway.url, MINE, { headers: customer.headers });
        return (reply.body.data as { myLoanApplications: { totalCount: number; nodes: Application[] } }).myLoanApplications;
      }),
    );

    // ---- checks ---------------------------------------------------------------------------------
    let liveEvents = 0;
    let liveMissing = 0;
    let liveDuplicated = 0;
    let storedEvents = 0;
    let storedMissing = 0;
    let storedDuplicated = 0;
    let unexpectedSeq = 0;
    let listMismatches = 0;
    let decidedInList = 0;
    const outcomes: Record<string, number> = {};
    const eventTypes: Record<string, number> = {};
    burst.forEach((customer, i) => {
      const application = answered.get(customer.id);
      const list = lists[i];
      const listed = list?.nodes.find((node) => node.id === application?.id);
      if (!application || !list || list.totalCount !== 1 || !listed || listed.seq !== application.seq) listMismatches += 1;
      if (listed && !UNDECIDED.has(listed.status)) {
        decidedInList += 1;
        outcomes[listed.status] = (outcomes[listed.status] ?? 0) + 1;
      }
      if (!application) return;
      if (application.seq !== EVENTS_PER_APPLICATION) unexpectedSeq += 1;
      const mine = (live.get(customer.id) ?? []).filter((event) => event.applicationId === application.id);
      const foreign = (live.get(customer.id) ?? []).length - mine.length;
      liveEvents += mine.length;
      const liveCheck = seqProblems(mine.map((event) => event.seq), application.seq);
      liveMissing += liveCheck.missing;
      liveDuplicated += liveCheck.duplicated + foreign;
      const stored = history.get(application.id) ?? [];
      storedEvents += stored.length;
      const storedCheck = seqProblems(stored.map((event) => event.seq), application.seq);
      storedMissing += storedCheck.missing;
      storedDuplicated += storedCheck.duplicated;
      for (const event of stored) eventTypes[event.type] = (eventTypes[event.type] ?? 0) + 1;
    });
    const expectedEvents = CONCURRENT * EVENTS_PER_APPLICATION;
    const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;

    const ok =
      failures.length === 0 &&
      decidedInAnswer === CONCURRENT &&
      decidedInList === CONCURRENT &&
      listMismatches === 0 &&
      unexpectedSeq === 0 &&
      liveEvents === expectedEvents &&
      liveMissing === 0 &&
      liveDuplicated === 0 &&
      storedEvents === expectedEvents &&
      storedMissing === 0 &&
      storedDuplicated === 0 &&
      subscriptionErrors.length === 0;

    const machine = machineInfo(loadBefore);
    console.log(`\nLoans at T+0 — production build over HTTP + graphql-ws, every backend at ${BACKEND_DELAY_MS} ms`);
    console.log(`Machine: ${String(machine.cores)} cores (${String(machine.cpu)}), Node ${process.version}, 1-min load average ${fixed(loadBefore, 2)} before, ${fixed(os.loadavg()[0], 2)} after`);
    console.log(
      `  apply → decision seen by a subscriber (${latencies.length} samples): p50 ${fixed(latency.p50, 0)} ms, p95 ${fixed(latency.p95, 0)} ms ` +
        `(target p95 ≤ ${TARGET_P95_MS} ms: ${latency.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'})`,
    );
    console.log(
      `  ${CONCURRENT} concurrent applications: ${elapsed.toFixed(0)} ms in all; decided ${decidedInAnswer} (answers) / ${decidedInList} (myLoanApplications), failed ${failures.length}; ` +
        `gateway CPU ${fixed(cpuMs === undefined ? undefined : (cpuMs * 1000) / CONCURRENT, 0)} µs per application`,
    );
    console.log(`  live events (myLoanApplicationsUpdated): ${liveEvents} (expected ${expectedEvents}), missing ${liveMissing}, duplicated or foreign ${liveDuplicated}`);
    console.log(`  stored history (loanApplicationUpdated afterSeq 0): ${storedEvents} (expected ${expectedEvents}), missing ${storedMissing}, duplicated ${storedDuplicated}`);
    console.log(`  applications whose seq ≠ ${EVENTS_PER_APPLICATION}: ${unexpectedSeq}; customers whose list is not exactly their one application: ${listMismatches}; subscription errors: ${subscriptionErrors.length}`);
    console.log(`  outcomes: ${Object.entries(outcomes).map(([status, n]) => `${status} ${n}`).join(', ')}; event types: ${Object.entries(eventTypes).map(([type, n]) => `${type} ${n}`).join(', ')}`);

    writeResult('loans', {
      command: 'npm run bench:loans',
      machine: { ...machine, gatewayDatabase: DATABASE_URL.startsWith('memory') ? DATABASE_URL : 'postgres' },
      harness:
        'production build (start:prod flags) and mocks (dist/mocks/main.js) in child processes; HTTP + graphql-ws client only; generated customers from the gateway demo seed (DEMO_GENERATED_CUSTOMERS), real login flow',
      backendDelayMs: BACKEND_DELAY_MS,
      applyToDecisionMs: { samples: latencies.length, p50: Number(latency.p50.toFixed(1)), p95: Number(latency.p95.toFixed(1)), targetP95: TARGET_P95_MS },
      concurrent: {
        applications: CONCURRENT,
        elapsedMs: Math.round(elapsed),
        gatewayCpuMicrosPerApplication: cpuMs === undefined ? null : Math.round((cpuMs * 1000) / CONCURRENT),
        decided: decidedInList,
        decidedInAnswers: decidedInAnswer,
        failed: failures.length,
        expectedEvents,
        liveEvents,
        liveMissing,
        liveDuplicated,
        storedEvents,
        storedMissing,
        storedDuplicated,
        unexpectedSeq,
        listMismatches,
        subscriptionErrors: subscriptionErrors.length,
      },
      outcomes,
      eventTypes,
      ok,
    });
    if (!ok) {
      const samples = [...failures.slice(0, 3), ...subscriptionErrors.slice(0, 3)];
      throw new Error(`loans: a correctness check FAILED${samples.length > 0 ? `:\n  ${samples.join('\n  ')}` : ''}`);
    }
  } finally {
    await admin.healAll().catch(() => {});
  }
}

runWithChildren('loans', 600_000, main);

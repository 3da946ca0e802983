/**
 * `npm run bench`: measures the gateway against a hand-written baseline on this machine.
 *
 * Starts three children — the mock backends, the real gateway (the production build, run as
 * `npm run start:prod` runs it, PGlite in memory, production mode) and `bench/baseline-server.ts`
 * (compiled the same way) — and drives them from this process, so the load generator never shares
 * an event loop with what it measures. `npm run bench` builds first. Reports:
 *
 * 1. throughput of the customer-view query, gateway ÷ baseline (target ≥ 0.5);
 * 2. latency of queries that fan out to several backends at 50 ms each, ÷ one backend call
 *    (target ≤ 1.2);
 * 3. backend calls per customer-view query, for 20 accounts and for 3 (target: one per backend
 *    resource, whatever the account count).
 *
 * Exit code 0 when the benchmark ran (a missed target is reported, not a failure); 1 when
 * something broke: a wrong answer, a child that died, a timeout. Every child is stopped on the
 * way out. `BENCH_QUICK=1` shortens every phase (for trying the script, not for figures);
 * `BENCH_CPU_PROF_DIR=<dir>` makes the gateway write a V8 CPU profile into <dir> when it stops;
 * `BENCH_DATABASE_URL=postgres://…` runs the gateway on that (empty, throwaway) database instead.
 */
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'undici';
import { findFreePorts, type ChildSupervisor, type RunningChild } from './support/children.js';
import {
  BACKEND_NAMES,
  loginCustomer,
  loginStaff,
  mockAdmin,
  postGraphQLOk,
  type BackendName,
  type GraphQLReply,
  type MockStats,
} from './support/client.js';
import { runLoad, sequentialLatencies, summarize, type LatencySummary, type LoadResult, type LoadTarget } from './support/load.js';
import { formatSpread, pairsSummary, runPairs, spread, type PairsResult, type Spread } from './support/pairs.js';
import { machineInfo, writeResult } from './support/results.js';
import { benchEnv, buildReference, runWithChildren, startGatewayChild, startMockChild } from './support/stack.js';
import { fixed, ratio, table } from './support/table.js';

const QUICK = process.env.BENCH_QUICK === '1';
/** The gateway's database: PGlite in memory unless an (empty, throwaway) PostgreSQL is given. */
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'memory://';
/** When set, the gateway writes a V8 CPU profile there when it stops (`--cpu-prof`). */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;

/** Every loop of the benchmark is bounded by these counts and times. */
const SETTINGS = {
  workers: 16,
  /** Once per target before the first measured run. */
  primeMs: QUICK ? 500 : 6_000,
  warmupMs: QUICK ? 500 : 2_000,
  durationMs: QUICK ? 2_000 : 8_000,
  /** Diagnostic runs (where the gateway's time goes) are shorter. */
  diagnosticWarmupMs: QUICK ? 300 : 1_000,
  diagnosticDurationMs: QUICK ? 1_000 : 4_000,
  maxRequestsPerRun: 1_000_000,
  /** Alternating pairs per comparison: A then B, B then A, … (the order alternates too). */
  pairs: QUICK ? 2 : 6,
  pairWarmupMs: QUICK ? 300 : 1_000,
  pairDurationMs: QUICK ? 1_000 : 4_000,
  /** Once per side of the per-request comparisons before their pairs. */
  pairPrimeMs: QUICK ? 300 : 2_000,
  fanOutDelayMs: 50,
  fanOutWarmup: 5,
  fanOutSamples: QUICK ? 30 : 100,
  fanOutMaxMsPerSeries: 30_000,
  /** The whole run is abandoned (exit 1) after this long. */
  watchdogMs: 720_000,
  throughputTarget: 0.5,
  /** Gateway ÷ bare Apollo, CPU-normalised, for `{ __typename }`. */
  floorTarget: 0.95,
  /** CPU per request of `transactions(first: 100)` ÷ `first: 10`. */
  listTarget: 1.8,
  fanOutTarget: 1.2,
};

const QUERIES = {
  customerView:
    'query { me { id profile { fullName phone email segment } relationshipManager { name branch } accounts { id accountNumber kind currency balance { amount currency } available { amount currency } status } } }',
  customerFanOut: 'query { me { profile { fullName } accounts { id } creditProfile { score } } }',
  staffFanOut: 'query { customer(id:"C000006") { profile { fullName } accounts { id } riskProfile { rating } } }',
  /** Diagnostics: no backend, no viewer — Apollo and the HTTP handler alone. */
  typename: 'query { __typename }',
  /** Diagnostics: no backend — adds token verification and the session look-up. */
  meId: 'query { me { id } }',
  /** Public, one core banking call; the same query against the bare Apollo reference. */
  products:
    'query { products { code name kind description currency minAmount { amount currency } maxAmount { amount currency } minTermMonths maxTermMonths annualRate autoDecision } }',
  /** One account's transactions: the list cost per item (`first: 100` against `first: 10`). */
  transactions: (first: number) =>
    `query($id: ID!) { node(id: $id) { ... on Account { transactions(first: ${first}) { edges { cursor node { id bookedAt direction amount { amount currency } balanceAfter { amount currency } counterparty description channel } } pageInfo { hasNextPage endCursor } } } } }`,
};

const CUSTOMER_PASSWORD = 'demo-Passw0rd';
const STAFF = { username: 'reviewer.wu', password: 'staff-Passw0rd' };
const CUSTOMERS = [
  { username: 'zhou.min', id: 'C000006', accounts: 20 },
  { username: 'wang.fang', id: 'C000001', accounts: 3 },
] as const;

interface Stack {
  gatewayUrl: string;
  baselineUrl: string;
  bareApolloUrl: string;
  mocks: Record<BackendName, string>;
  sampleCpu: () => Record<string, number | undefined>;
}

/** Starts mocks, then gateway and baseline against them; resolves when all three are ready. */
async function startStack(supervisor: ChildSupervisor): Promise<Stack> {
  const env = benchEnv();
  const [gatewayPort, baselinePort, barePort] = [await findFreePorts(1), await findFreePorts(1), await findFreePorts(1)];
  const baselineScript = buildReference('baseline-server');
  const bareScript = buildReference('bare-apollo');
  const { child: mockChild, urls: mocks } = await startMockChild(supervisor, env);
  console.log(`Started mocks on ${mocks.coreBanking} (+5); starting gateway on :${gatewayPort}, baseline on :${baselinePort}, bare Apollo on :${barePort} …`);
  const [{ child: gateway }, baseline, bareApollo] = await Promise.all([
    startGatewayChild(supervisor, {
      mocks,
      databaseUrl: DATABASE_URL,
      port: gatewayPort,
      baseEnv: env,
      extraNodeArgs: CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROFILE_DIR)}`] : [],
      // 16 workers as two customers: far over a real viewer's rate; the limit's write is still made.
      env: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' },
    }),
    supervisor.start({
      name: 'baseline',
      script: baselineScript,
      env: { ...env, PORT: String(baselinePort), CRM_URL: mocks.crm, CORE_BANKING_URL: mocks.coreBanking },
      ready: /Baseline listening on (http:\/\/127\.0\.0\.1:\d+)/,
    }),
    supervisor.start({
      name: 'bare',
      script: bareScript,
      env: { ...env, NODE_ENV: 'development', PORT: String(barePort), CORE_BANKING_URL: mocks.coreBanking, CRM_URL: mocks.crm },
      ready: /Bare Apollo listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/,
    }),
  ]);
  const children: RunningChild[] = [gateway, baseline, bareApollo, mockChild];
  return {
    gatewayUrl: gateway.readyMatch[1] as string,
    baselineUrl: baseline.readyMatch[1] as string,
    bareApolloUrl: bareApollo.readyMatch[1] as string,
    mocks,
    sampleCpu: () => {
      const usage = process.cpuUsage();
      return {
        ...Object.fromEntries(children.map((child) => [child.name, child.cpuMs()])),
        ...Object.fromEntries(children.map((child) => [`${child.name}:user`, child.userCpuMs()])),
        bench: (usage.user + usage.system) / 1000,
      };
    },
  };
}

/** Backend calls of one request, per backend, from the mocks' counters. */
async function callsOf(admin: ReturnType<typeof mockAdmin>, send: () => Promise<unknown>): Promise<Record<BackendName, MockStats>> {
  await admin.resetStats();
  await send();
  return admin.stats();
}

function totalCalls(stats: Record<BackendName, MockStats>): number {
  return BACKEND_NAMES.reduce((sum, name) => sum + stats[name].total, 0);
}

function byRoute(stats: Record<BackendName, MockStats>): Record<string, number> {
  return Object.assign({}, ...BACKEND_NAMES.map((name) => stats[name].byRoute)) as Record<string, number>;
}

async function main(supervisor: ChildSupervisor): Promise<void> {
  const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, supervisor.failure]);
  const loadBefore = os.loadavg()[0] ?? NaN;
  const stack = await guard(startStack(supervisor));
  const admin = mockAdmin(stack.mocks);
  const { gatewayUrl, baselineUrl } = stack;

  // ---- logins ------------------------------------------------------------------------------
  const headers = new Map<string, Record<string, string>>();
  for (const customer of CUSTOMERS) {
    headers.set(customer.username, await guard(loginCustomer(gatewayUrl, stack.mocks.identity, customer.username, CUSTOMER_PASSWORD)));
  }
  const staffHeaders = await guard(loginStaff(gatewayUrl, STAFF.username, STAFF.password));

  // ---- fairness: same JSON, same backend calls; figure 3 comes from the same requests ------
  const references = new Map<string, { gateway: GraphQLReply; baseline: GraphQLReply }>();
  const calls: { customer: (typeof CUSTOMERS)[number]; stats: Record<BackendName, MockStats> }[] = [];
  for (const customer of CUSTOMERS) {
    const customerHeaders = headers.get(customer.username) ?? {};
    const viewOf = (url: string) => postGraphQLOk(url, QUERIES.customerView, { headers: customerHeaders });
    let gateway: GraphQLReply | undefined;
    let baseline: GraphQLReply | undefined;
    const gatewayStats = await guard(callsOf(admin, async () => (gateway = await viewOf(gatewayUrl))));
    const baselineStats = await guard(callsOf(admin, async () => (baseline = await viewOf(`${baselineUrl}/?customerId=${customer.id}`))));
    if (!gateway || !baseline) throw new Error('reference requests did not run');
    if (!isDeepStrictEqual(gateway.body, baseline.body)) {
      throw new Error(`baseline and gateway disagree for ${customer.username}:\ngateway:  ${gateway.text}\nbaseline: ${baseline.text}`);
    }
    const accounts = (gateway.body.data as { me: { accounts: unknown[] } }).me.accounts.length;
    if (accounts !== customer.accounts) throw new Error(`${customer.username} has ${accounts} accounts, expected ${customer.accounts}`);
    if (!isDeepStrictEqual(byRoute(gatewayStats), byRoute(baselineStats))) {
      throw new Error(
        `baseline makes other backend calls than the gateway for ${customer.username}:\n` +
          `gateway:  ${JSON.stringify(byRoute(gatewayStats))}\nbaseline: ${JSON.stringify(byRoute(baselineStats))}`,
      );
    }
    references.set(customer.username, { gateway, baseline });
    calls.push({ customer, stats: gatewayStats });
  }
  console.log('Checked: the baseline answers the same JSON with the same backend calls as the gateway.\n');

  // ---- figure 1: throughput ------------------------------------------------------------------
  const wang = references.get('wang.fang');
  const wangHeaders = headers.get('wang.fang') ?? {};
  if (!wang) throw new Error('no reference answer for wang.fang');
  const body = JSON.stringify({ query: QUERIES.customerView });
  const gatewayTarget: LoadTarget = { label: 'gateway: customer view', url: gatewayUrl, headers: wangHeaders, body, expected: wang.gateway.text };
  const baselineTarget: LoadTarget = {
    label: 'baseline: customer view',
    url: `${baselineUrl}/?customerId=C000001`,
    headers: wangHeaders,
    body,
    expected: wang.baseline.text,
  };
  const loadOptions = {
    workers: SETTINGS.workers,
    warmupMs: SETTINGS.pairWarmupMs,
    durationMs: SETTINGS.pairDurationMs,
    maxRequests: SETTINGS.maxRequestsPerRun,
    sampleCpu: stack.sampleCpu,
  };
  const pairOptions = { ...loadOptions, pairs: SETTINGS.pairs, log: (line: string) => process.stdout.write(`${line}\n`) };
  const prime = async (targets: LoadTarget[], ms: number) => {
    for (const target of targets) {
      process.stdout.write(`  priming ${target.label} (${ms / 1000} s, not measured) …\n`);
      await guard(runLoad(target, { ...loadOptions, warmupMs: ms, durationMs: 0 }));
    }
  };
  // A freshly started gateway is still tiering up its JavaScript and PGlite's WebAssembly: its CPU
  // per request kept falling over the first ~30 s of load (≈7 → 5 → 4.6 ms in one trial), so
  // without this one-off priming the first gateway run came out at about half the second.
  await prime([gatewayTarget, baselineTarget], SETTINGS.primeMs);
  const customerView = await guard(
    runPairs('customer view: gateway ÷ baseline', { target: gatewayTarget, process: 'gateway' }, { target: baselineTarget, process: 'baseline' }, pairOptions),
  );

  // The same query on a bare Apollo Server 5 (plain graphql-js resolvers, the same backend calls, no
  // auth, DataLoaders or validation of backend answers): what this stack costs for it at least.
  const bareViewUrl = `${stack.bareApolloUrl}?customerId=C000001`;
  let bareView: GraphQLReply | undefined;
  const bareViewStats = await guard(callsOf(admin, async () => (bareView = await postGraphQLOk(bareViewUrl, QUERIES.customerView, { headers: wangHeaders }))));
  if (!bareView || !isDeepStrictEqual(bareView.body, wang.gateway.body)) throw new Error(`bare Apollo and the gateway disagree on the customer view:\ngateway: ${wang.gateway.text}\nbare:    ${bareView?.text}`);
  const wangCalls = calls.find((c) => c.customer.username === 'wang.fang')!.stats;
  if (!isDeepStrictEqual(byRoute(bareViewStats), byRoute(wangCalls))) {
    throw new Error(`bare Apollo makes other backend calls than the gateway for the customer view:\ngateway: ${JSON.stringify(byRoute(wangCalls))}\nbare:    ${JSON.stringify(byRoute(bareViewStats))}`);
  }
  const bareViewTarget: LoadTarget = { label: 'bare Apollo: customer view', url: bareViewUrl, headers: wangHeaders, body, expected: bareView.text };
  await prime([bareViewTarget], SETTINGS.pairPrimeMs);
  const customerViewFloor = await guard(
    runPairs('customer view: bare Apollo ÷ baseline', { target: bareViewTarget, process: 'bare' }, { target: baselineTarget, process: 'baseline' }, pairOptions),
  );

  // ---- the stack's floor: the gateway against a bare Apollo Server 5 ---------------------------
  const anonymous = { 'x-channel': 'APP' };
  const floorTargets = async (label: string, query: string) => {
    const gateway = await guard(postGraphQLOk(gatewayUrl, query, { headers: anonymous }));
    const bare = await guard(postGraphQLOk(stack.bareApolloUrl, query, { headers: anonymous }));
    if (!isDeepStrictEqual(gateway.body, bare.body)) throw new Error(`bare Apollo and the gateway disagree on ${label}:\ngateway: ${gateway.text.slice(0, 500)}\nbare:    ${bare.text.slice(0, 500)}`);
    const body = JSON.stringify({ query });
    return {
      gateway: { target: { label: `gateway: ${label}`, url: gatewayUrl, headers: anonymous, body, expected: gateway.text }, process: 'gateway' },
      bare: { target: { label: `bare Apollo: ${label}`, url: stack.bareApolloUrl, headers: anonymous, body, expected: bare.text }, process: 'bare' },
    };
  };
  const floors: PairsResult[] = [];
  for (const [label, query] of [
    ['{ __typename }', QUERIES.typename],
    ['products', QUERIES.products],
  ] as const) {
    const sides = await floorTargets(label, query);
    await prime([sides.gateway.target, sides.bare.target], SETTINGS.pairPrimeMs);
    floors.push(await guard(runPairs(`${label}: gateway ÷ bare Apollo`, sides.gateway, sides.bare, pairOptions)));
  }

  // ---- lists: CPU per request of transactions(first: 100) against first: 10 ----------------------
  const accountId = (wang.gateway.body.data as { me: { accounts: { id: string; kind: string }[] } }).me.accounts.find((account) => account.kind === 'CURRENT')?.id;
  if (!accountId) throw new Error('wang.fang has no current account');
  const listSide = async (first: number) => {
    const body = JSON.stringify({ query: QUERIES.transactions(first), variables: { id: accountId } });
    const reference = await guard(postGraphQLOk(gatewayUrl, QUERIES.transactions(first), { headers: wangHeaders, variables: { id: accountId } }));
    const edges = (reference.body.data as { node: { transactions: { edges: unknown[] } } }).node.transactions.edges.length;
    if (edges !== first) throw new Error(`transactions(first: ${first}) answered ${edges} edges`);
    return { target: { label: `gateway: transactions(first: ${first})`, url: gatewayUrl, headers: wangHeaders, body, expected: reference.text }, process: 'gateway' };
  };
  const [list100, list10] = [await listSide(100), await listSide(10)];
  await prime([list100.target, list10.target], SETTINGS.pairPrimeMs);
  const lists = await guard(runPairs('transactions: first 10 ÷ first 100', list100, list10, pairOptions));
  // The same two pages from bare Apollo (plain resolvers, default field resolution, same JSON):
  // what a list item costs on this stack at least.
  const bareListSide = async (side: typeof list100, first: number) => {
    const url = `${stack.bareApolloUrl}?customerId=C000001`;
    const reply = await guard(postGraphQLOk(url, QUERIES.transactions(first), { headers: wangHeaders, variables: { id: accountId } }));
    if (!isDeepStrictEqual(reply.body, JSON.parse(side.target.expected))) {
      throw new Error(`bare Apollo and the gateway disagree on transactions(first: ${first}):\ngateway: ${side.target.expected.slice(0, 400)}\nbare:    ${reply.text.slice(0, 400)}`);
    }
    return { target: { ...side.target, label: `bare Apollo: transactions(first: ${first})`, url, expected: reply.text }, process: 'bare' };
  };
  const [bare100, bare10] = [await bareListSide(list100, 100), await bareListSide(list10, 10)];
  await prime([bare100.target, bare10.target], SETTINGS.pairPrimeMs);
  const bareLists = await guard(runPairs('bare Apollo transactions: first 10 ÷ first 100', bare100, bare10, pairOptions));
  // And from the hand-written baseline (no GraphQL: parse the page, map it, stringify it): what a
  // list item costs any server that reads it from core banking and writes it as JSON.
  const baselineListSide = async (side: typeof list100, first: number) => {
    const url = `${baselineUrl}/?customerId=C000001&accountId=${encodeURIComponent(baselineAccountId)}&first=${first}`;
    const reply = await guard(postGraphQLOk(url, QUERIES.transactions(first), { headers: wangHeaders, variables: { id: accountId } }));
    if (!isDeepStrictEqual(reply.body, JSON.parse(side.target.expected))) {
      throw new Error(`the baseline and the gateway disagree on transactions(first: ${first}):\ngateway:  ${side.target.expected.slice(0, 400)}\nbaseline: ${reply.text.slice(0, 400)}`);
    }
    return { target: { ...side.target, label: `baseline: transactions(first: ${first})`, url, expected: reply.text }, process: 'baseline' };
  };
  const baselineAccountId = Buffer.from(accountId, 'base64url').toString('utf8').replace(/^Account:/, '');
  const [baseline100, baseline10] = [await baselineListSide(list100, 100), await baselineListSide(list10, 10)];
  await prime([baseline100.target, baseline10.target], SETTINGS.pairPrimeMs);
  const baselineLists = await guard(runPairs('baseline transactions: first 10 ÷ first 100', baseline100, baseline10, pairOptions));

  const diagnostics: LoadResult[] = [];
  for (const [label, query, diagnosticHeaders] of [['gateway: { me { id } } (auth, no backend)', QUERIES.meId, wangHeaders]] as const) {
    const reference = await guard(postGraphQLOk(gatewayUrl, query, { headers: diagnosticHeaders }));
    process.stdout.write(`  running ${label} …\n`);
    diagnostics.push(
      await guard(
        runLoad(
          { label, url: gatewayUrl, headers: diagnosticHeaders, body: JSON.stringify({ query }), expected: reference.text },
          { ...loadOptions, warmupMs: SETTINGS.diagnosticWarmupMs, durationMs: SETTINGS.diagnosticDurationMs },
        ),
      ),
    );
  }

  // ---- figure 2: fan-out latency at 50 ms per backend call -----------------------------------
  const sequential = { warmup: SETTINGS.fanOutWarmup, count: SETTINGS.fanOutSamples, maxMs: SETTINGS.fanOutMaxMsPerSeries };
  let single: LatencySummary;
  let customerFanOut: LatencySummary;
  let staffFanOut: LatencySummary;
  process.stdout.write(`  running fan-out latency series (${SETTINGS.fanOutDelayMs} ms per backend call) …\n`);
  try {
    await guard(admin.setFaults({ delayMs: SETTINGS.fanOutDelayMs }));
    const crm = new Pool(stack.mocks.crm, { connections: 1, keepAliveTimeout: 10_000 });
    try {
      single = summarize(
        await guard(
          sequentialLatencies(async () => {
            const response = await crm.request({
              method: 'POST',
              path: '/customers:batch',
              headers: { accept: 'application/json', 'content-type': 'application/json' },
              body: JSON.stringify({ customerIds: ['C000001'] }),
            });
            const text = await response.body.text();
            if (response.statusCode !== 200 || !text.includes('"C000001"')) throw new Error(`CRM answered ${response.statusCode}: ${text.slice(0, 300)}`);
          }, sequential),
        ),
      );
    } finally {
      await crm.close();
    }
    customerFanOut = summarize(
      await guard(
        sequentialLatencies(async () => {
          const reply = await postGraphQLOk(gatewayUrl, QUERIES.customerFanOut, { headers: wangHeaders });
          const me = (reply.body.data as { me: { creditProfile: { score: number | null } | null } }).me;
          if (typeof me.creditProfile?.score !== 'number') throw new Error(`no credit score in ${reply.text}`);
        }, sequential),
      ),
    );
    staffFanOut = summarize(
      await guard(
        sequentialLatencies(async () => {
          const reply = await postGraphQLOk(gatewayUrl, QUERIES.staffFanOut, { headers: staffHeaders });
          const customer = (reply.body.data as { customer: { riskProfile: { rating: string } | null } | null }).customer;
          if (!customer?.riskProfile?.rating) throw new Error(`no risk rating in ${reply.text}`);
        }, sequential),
      ),
    );
  } finally {
    await admin.healAll();
  }

  const machine =
    `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ` +
    `gateway database ${DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@')}, ` +
    `1-min load average ${fixed(loadBefore, 2)} before, ${fixed(os.loadavg()[0], 2)} after`;
  report({ machine, customerView, customerViewFloor, floors, lists, bareLists, baselineLists, diagnostics, single, customerFanOut, staffFanOut, calls, sampled: SETTINGS.fanOutSamples });
  writeResult('http', {
    command: 'npm run bench',
    machine: { ...machineInfo(loadBefore), gatewayDatabase: DATABASE_URL.startsWith('memory') ? DATABASE_URL : 'postgres', note: 'shared machine: other processes run beside the bench; ratios come from the same run' },
    settings: { workers: SETTINGS.workers, pairs: SETTINGS.pairs, warmupMs: SETTINGS.pairWarmupMs, durationMs: SETTINGS.pairDurationMs, quick: QUICK },
    cpuRatioMeans: 'reference CPU µs/request ÷ gateway CPU µs/request of the server process (/proc utime+stime over the measured window); 1.0 = the gateway costs what the reference costs',
    customerView: { ...pairsSummary(customerView, { a: 'gateway', b: 'baseline' }), target: { throughputRatio: SETTINGS.throughputTarget } },
    customerViewBareApollo: pairsSummary(customerViewFloor, { a: 'bareApollo', b: 'baseline' }),
    typename: { ...pairsSummary(floors[0] as PairsResult, { a: 'gateway', b: 'bareApollo' }), target: { cpuRatio: SETTINGS.floorTarget } },
    products: pairsSummary(floors[1] as PairsResult, { a: 'gateway', b: 'bareApollo' }),
    transactions: {
      ...pairsSummary(lists, { a: 'first100', b: 'first10' }),
      cpuFirst100OverFirst10: roundedSpread(inverse(lists.cpuRatio)),
      userCpuFirst100OverFirst10: roundedSpread(inverse(lists.userCpuRatio)),
      target: { cpuFirst100OverFirst10: SETTINGS.listTarget },
    },
    transactionsBareApollo: {
      ...pairsSummary(bareLists, { a: 'first100', b: 'first10' }),
      cpuFirst100OverFirst10: roundedSpread(inverse(bareLists.cpuRatio)),
    },
    transactionsBaseline: {
      ...pairsSummary(baselineLists, { a: 'first100', b: 'first10' }),
      cpuFirst100OverFirst10: roundedSpread(inverse(baselineLists.cpuRatio)),
    },
    diagnostics: Object.fromEntries(diagnostics.map((result) => [result.label, { cpuMicrosPerRequest: Math.round(result.cpuMicrosPerRequest.gateway ?? NaN), requestsPerSecond: Math.round(result.requestsPerSecond) }])),
    fanOut: {
      oneCallP50Ms: Number(single.p50.toFixed(1)),
      customerP50Ratio: Number((customerFanOut.p50 / single.p50).toFixed(3)),
      staffP50Ratio: Number((staffFanOut.p50 / single.p50).toFixed(3)),
    },
  });
}

/** 1 ÷ each value: the same pairs read the other way round. */
function inverse(value: Spread): Spread {
  return spread(value.values.map((v) => 1 / v));
}

function roundedSpread(value: Spread) {
  const r = (n: number) => (Number.isFinite(n) ? Number(n.toFixed(3)) : null);
  return { median: r(value.median), min: r(value.min), max: r(value.max) };
}

function report(results: {
  machine: string;
  customerView: PairsResult;
  customerViewFloor: PairsResult;
  floors: PairsResult[];
  lists: PairsResult;
  bareLists: PairsResult;
  baselineLists: PairsResult;
  diagnostics: LoadResult[];
  single: LatencySummary;
  customerFanOut: LatencySummary;
  staffFanOut: LatencySummary;
  calls: { customer: (typeof CUSTOMERS)[number]; stats: Record<BackendName, MockStats> }[];
  sampled: number;
}): void {
  const { customerView, customerViewFloor, floors, lists, bareLists, baselineLists, diagnostics, single, customerFanOut, staffFanOut, calls } = results;
  const processes = ['gateway', 'baseline', 'bare', 'mocks', 'bench'];

  console.log(`\nMachine: ${results.machine}`);
  console.log(
    `\n## 1. Per-request cost — ${SETTINGS.workers} workers; ${SETTINGS.pairs} alternating pairs per comparison (A first, then B first, …), ` +
      `${SETTINGS.pairWarmupMs / 1000} s warm-up + ${SETTINGS.pairDurationMs / 1000} s per run\n`,
  );
  const loadRow = (name: string, result: LoadResult) => [
    name,
    String(result.completed),
    fixed(result.requestsPerSecond, 0),
    fixed(result.latency.p50),
    fixed(result.latency.p95),
    ...processes.map((p) => fixed(result.cpuMicrosPerRequest[p], 0)),
    fixed(processes.reduce((sum, p) => sum + (result.cores[p] ?? 0), 0), 2),
  ];
  const pairRows = (comparison: PairsResult) =>
    comparison.pairs.flatMap((pair, i) => {
      const rows = [loadRow(`${pair.a.label} #${i + 1}`, pair.a), loadRow(`${pair.b.label} #${i + 1}`, pair.b)];
      return pair.first === 'a' ? rows : rows.reverse();
    });
  console.log(
    table(
      ['run', 'requests', 'req/s', 'p50 ms', 'p95 ms', ...processes.map((p) => `CPU µs/req ${p}`), 'cores busy'],
      [
        ...[customerView, customerViewFloor, ...floors, lists, bareLists].flatMap(pairRows),
        ...diagnostics.map((result) => loadRow(`${result.label} (diagnostic)`, result)),
      ],
    ),
  );
  const comparisonRow = (comparison: PairsResult, cpu: Spread, cpuA: Spread, cpuB: Spread, user: Spread = comparison.userCpuRatio) => [
    comparison.label,
    formatSpread(cpu),
    formatSpread(user),
    formatSpread(comparison.throughputRatio),
    `${fixed(cpuA.median, 0)} / ${fixed(cpuB.median, 0)}`,
    `${fixed(comparison.requestsPerSecondA.median, 0)} / ${fixed(comparison.requestsPerSecondB.median, 0)}`,
  ];
  console.log('');
  console.log(
    table(
      ['comparison (A ÷ B)', 'CPU ratio B÷A µs/req, median (min–max)', 'user-CPU ratio B÷A', 'throughput A÷B, median (min–max)', 'CPU µs/req A / B', 'req/s A / B'],
      [
        comparisonRow(customerView, customerView.cpuRatio, customerView.cpuMicrosA, customerView.cpuMicrosB),
        comparisonRow(customerViewFloor, customerViewFloor.cpuRatio, customerViewFloor.cpuMicrosA, customerViewFloor.cpuMicrosB),
        ...floors.map((floor) => comparisonRow(floor, floor.cpuRatio, floor.cpuMicrosA, floor.cpuMicrosB)),
        comparisonRow({ ...lists, label: 'transactions: first 100 ÷ first 10 (CPU A÷B)' }, inverse(lists.cpuRatio), lists.cpuMicrosA, lists.cpuMicrosB, inverse(lists.userCpuRatio)),
        comparisonRow(
          { ...bareLists, label: 'bare Apollo transactions: first 100 ÷ first 10 (CPU A÷B)' },
          inverse(bareLists.cpuRatio),
          bareLists.cpuMicrosA,
          bareLists.cpuMicrosB,
          inverse(bareLists.userCpuRatio),
        ),
        comparisonRow(
          { ...baselineLists, label: 'baseline transactions: first 100 ÷ first 10 (CPU A÷B)' },
          inverse(baselineLists.cpuRatio),
          baselineLists.cpuMicrosA,
          baselineLists.cpuMicrosB,
          inverse(baselineLists.userCpuRatio),
        ),
      ],
    ),
  );

  console.log(`\n## 2. Fan-out latency — every backend delayed ${SETTINGS.fanOutDelayMs} ms, ${results.sampled} sequential requests each\n`);
  console.log(
    table(
      ['series', 'p50 ms', 'p95 ms', 'p50 ÷ one call', 'p95 ÷ one call'],
      [
        ['one backend call (CRM POST /customers:batch, from the bench)', fixed(single.p50), fixed(single.p95), '1.00×', '1.00×'],
        [
          'customer: me { profile accounts creditProfile }',
          fixed(customerFanOut.p50),
          fixed(customerFanOut.p95),
          ratio(customerFanOut.p50 / single.p50),
          ratio(customerFanOut.p95 / single.p95),
        ],
        [
          'staff: customer(id) { profile accounts riskProfile }',
          fixed(staffFanOut.p50),
          fixed(staffFanOut.p95),
          ratio(staffFanOut.p50 / single.p50),
          ratio(staffFanOut.p95 / single.p95),
        ],
      ],
    ),
  );

  console.log('\n## 3. Backend calls per customer-view query (mock counters, one query)\n');
  console.log(
    table(
      ['customer', 'accounts', ...BACKEND_NAMES, 'total', 'routes'],
      calls.map(({ customer, stats }) => [
        customer.username,
        String(customer.accounts),
        ...BACKEND_NAMES.map((name) => String(stats[name].total)),
        String(totalCalls(stats)),
        Object.entries(byRoute(stats))
          .map(([route, count]) => `${route} ×${count}`)
          .join(', '),
      ]),
    ),
  );

  const verdict = (met: boolean) => (met ? 'target met' : 'target MISSED');
  const [many, few] = calls;
  const resources = few ? Object.keys(byRoute(few.stats)).length : NaN;
  const callsFlat = many !== undefined && few !== undefined && isDeepStrictEqual(byRoute(many.stats), byRoute(few.stats));
  const onePerResource = calls.every(({ stats }) => Object.values(byRoute(stats)).every((count) => count === 1));
  console.log('\n## Figures\n');
  console.log(
    `Throughput ratio (gateway ÷ baseline, customer view as wang.fang): ${formatSpread(customerView.throughputRatio)} over ${customerView.pairs.length} pairs ` +
      `(gateway ${fixed(customerView.requestsPerSecondA.median, 0)} req/s, baseline ${fixed(customerView.requestsPerSecondB.median, 0)} req/s) — ` +
      `target ≥ ${SETTINGS.throughputTarget}: ${verdict(customerView.throughputRatio.median >= SETTINGS.throughputTarget)}; ` +
      `CPU-normalised (baseline µs ÷ gateway µs) ${formatSpread(customerView.cpuRatio)}: gateway ${fixed(customerView.cpuMicrosA.median, 0)} µs, baseline ${fixed(customerView.cpuMicrosB.median, 0)} µs`,
  );
  console.log(
    `Stack floor, customer view (baseline µs ÷ bare Apollo µs): ${formatSpread(customerViewFloor.cpuRatio)} — bare Apollo ${fixed(customerViewFloor.cpuMicrosA.median, 0)} µs, ` +
      `baseline ${fixed(customerViewFloor.cpuMicrosB.median, 0)} µs: the most this stack allows the gateway's ratio to reach`,
  );
  const [typename, products] = floors;
  if (typename) {
    console.log(
      `Stack floor, { __typename } (bare Apollo µs ÷ gateway µs): ${formatSpread(typename.cpuRatio)} (user time only ${formatSpread(typename.userCpuRatio)}) — gateway ${fixed(typename.cpuMicrosA.median, 0)} µs, ` +
        `bare Apollo ${fixed(typename.cpuMicrosB.median, 0)} µs; throughput ${formatSpread(typename.throughputRatio)} — target ≥ ${SETTINGS.floorTarget}: ${verdict(typename.cpuRatio.median >= SETTINGS.floorTarget)}`,
    );
  }
  if (products) {
    console.log(
      `Stack floor, products (bare Apollo µs ÷ gateway µs): ${formatSpread(products.cpuRatio)} — gateway ${fixed(products.cpuMicrosA.median, 0)} µs, ` +
        `bare Apollo ${fixed(products.cpuMicrosB.median, 0)} µs; throughput ${formatSpread(products.throughputRatio)}`,
    );
  }
  const listCpu = inverse(lists.cpuRatio);
  console.log(
    `Lists, transactions(first: 100) ÷ first: 10, CPU per request: ${formatSpread(listCpu)} (${fixed(lists.cpuMicrosA.median, 0)} vs ${fixed(lists.cpuMicrosB.median, 0)} µs, ` +
      `${fixed((lists.cpuMicrosA.median - lists.cpuMicrosB.median) / 90, 1)} µs per extra transaction) — target ≤ ${SETTINGS.listTarget}: ${verdict(listCpu.median <= SETTINGS.listTarget)}`,
  );
  const bareListCpu = inverse(bareLists.cpuRatio);
  console.log(
    `Lists on bare Apollo (plain resolvers), first: 100 ÷ first: 10: ${formatSpread(bareListCpu)} (${fixed(bareLists.cpuMicrosA.median, 0)} vs ${fixed(bareLists.cpuMicrosB.median, 0)} µs, ` +
      `${fixed((bareLists.cpuMicrosA.median - bareLists.cpuMicrosB.median) / 90, 1)} µs per extra transaction): the stack's own per-item cost`,
  );
  const baselineListCpu = inverse(baselineLists.cpuRatio);
  const baselinePerItem = (baselineLists.cpuMicrosA.median - baselineLists.cpuMicrosB.median) / 90;
  console.log(
    `Lists on the baseline (no GraphQL: parse, map, stringify), first: 100 ÷ first: 10: ${formatSpread(baselineListCpu)} ` +
      `(${fixed(baselineLists.cpuMicrosA.median, 0)} vs ${fixed(baselineLists.cpuMicrosB.median, 0)} µs, ${fixed(baselinePerItem, 1)} µs per extra transaction); ` +
      `with the gateway's cost of a page of 10 (${fixed(lists.cpuMicrosB.median, 0)} µs), ≤ ${SETTINGS.listTarget}× allows ` +
      `${fixed(((SETTINGS.listTarget - 1) * lists.cpuMicrosB.median) / 90, 1)} µs per extra transaction`,
  );
  console.log(`\`{ me { id } }\` (auth, no backend): ${fixed(diagnostics[0]?.cpuMicrosPerRequest.gateway, 0)} µs per request (one run, diagnostic)`);
  const customerRatio = customerFanOut.p50 / single.p50;
  console.log(
    `Fan-out latency ratio, customer me { profile accounts creditProfile(cached) }: p50 ${ratio(customerRatio)}, p95 ${ratio(customerFanOut.p95 / single.p95)} ` +
      `(one call p50 ${fixed(single.p50)} ms) — target ≤ ${SETTINGS.fanOutTarget}: ${verdict(customerRatio <= SETTINGS.fanOutTarget)}`,
  );
  const staffRatio = staffFanOut.p50 / single.p50;
  console.log(
    `Fan-out latency ratio, staff customer(id) { profile accounts riskProfile }: p50 ${ratio(staffRatio)}, p95 ${ratio(staffFanOut.p95 / single.p95)} — ` +
      `target ≤ ${SETTINGS.fanOutTarget}: ${verdict(staffRatio <= SETTINGS.fanOutTarget)} ` +
      `(the existence check and the selected reads share one round trip)`,
  );
  console.log(
    `Backend calls per customer-view query: ${calls.map(({ customer, stats }) => `${customer.username} (${customer.accounts} accounts) ${totalCalls(stats)}`).join(', ')} ` +
      `over ${resources} backend resources — target one per resource, independent of the account count: ${verdict(callsFlat && onePerResource)}`,
  );
}

runWithChildren('customer-view', SETTINGS.watchdogMs, main);

/**
 * Where the gateway spends its CPU for one query (`npm run bench:profile -- <name>`): starts the
 * mocks and the production build (as `npm run start:prod` runs it, with `--cpu-prof`), signs in
 * `wang.fang`, sends the query from 16 workers for `BENCH_PROFILE_SECONDS` (default 8), stops the
 * gateway and prints the CPU µs per request and the profile's self time by function and by package.
 * Names: typename, me, customerView, products, transactions10, transactions100.
 * The `.cpuprofile` stays in `BENCH_CPU_PROF_DIR` (default a temporary folder) for a viewer.
 * `BENCH_PROFILE_SERVER=bare` profiles bench/bare-apollo.ts (the stack's floor) with the same
 * query and load instead, for a side-by-side of where each spends its time.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeClient, loginCustomer, postGraphQLOk } from './support/client.js';
import { ChildSupervisor } from './support/children.js';
import { benchEnv, buildReference, ROOT, startGatewayChild, startMockChild } from './support/stack.js';
import { runLoad } from './support/load.js';

const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const TRANSACTIONS = (first: number) =>
  `query($id: ID!) { node(id: $id) { ... on Account { transactions(first: ${first}) { edges { cursor node { id bookedAt direction amount { amount currency } balanceAfter { amount currency } counterparty description channel } } pageInfo { hasNextPage endCursor } } } } }`;
const QUERIES: Record<string, string> = {
  typename: 'query { __typename }',
  /** The same, anonymous (as the floor comparison sends it). */
  typenameAnonymous: 'query { __typename }',
  me: 'query { me { id } }',
  customerView:
    'query { me { id profile { fullName phone email segment } relationshipManager { name branch } accounts { id accountNumber kind currency balance { amount currency } available { amount currency } status } } }',
  products:
    'query { products { code name kind description currency minAmount { amount currency } maxAmount { amount currency } minTermMonths maxTermMonths annualRate autoDecision } }',
  transactions10: TRANSACTIONS(10),
  transactions100: TRANSACTIONS(100),
};

const name = process.argv[2] ?? 'customerView';
const query = QUERIES[name];
if (!query) throw new Error(`unknown query ${name}; one of ${Object.keys(QUERIES).join(', ')}`);
const profileDir = path.resolve(process.env.BENCH_CPU_PROF_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'gateway-profile-')));

const supervisor = new ChildSupervisor(ROOT);
let requests = 0;
try {
  const { urls: mocks } = await startMockChild(supervisor);
  const bare = process.env.BENCH_PROFILE_SERVER === 'bare';
  const profiling = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const { child: gateway, url: gatewayUrl } = await startGatewayChild(supervisor, {
    mocks,
    databaseUrl: process.env.BENCH_DATABASE_URL || 'memory://',
    extraNodeArgs: bare ? [] : profiling,
    env: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' },
  });
  const server = bare
    ? await supervisor.start({
        name: 'bare',
        script: buildReference('bare-apollo'),
        nodeArgs: profiling,
        env: { ...benchEnv(), NODE_ENV: 'development', PORT: '0', CORE_BANKING_URL: mocks.coreBanking, CRM_URL: mocks.crm },
        ready: /Bare Apollo listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/,
      })
    : gateway;
  // The gateway signs in; bare Apollo is told whose view it is on the URL.
  const url = bare ? `${server.readyMatch[1]}?customerId=C000001` : gatewayUrl;
  const headers = await loginCustomer(gatewayUrl, mocks.identity, 'wang.fang', 'demo-Passw0rd');
  const view = await postGraphQLOk(gatewayUrl, 'query { me { accounts { id kind } } }', { headers });
  const accountId = (view.body.data as { me: { accounts: { id: string; kind: string }[] } }).me.accounts.find((a) => a.kind === 'CURRENT')!.id;
  const variables = name.startsWith('transactions') ? { id: accountId } : undefined;
  const sent = name.endsWith('Anonymous') ? { 'x-channel': 'APP' } : headers;
  const reference = await postGraphQLOk(url, query, { headers: sent, variables });
  const result = await runLoad(
    { label: name, url, headers: sent, body: JSON.stringify({ query, variables }), expected: JSON.stringify(reference.body) },
    { workers: 16, warmupMs: 2_000, durationMs: SECONDS * 1000, maxRequests: 10_000_000, sampleCpu: () => ({ server: server.cpuMs() }) },
  );
  requests = result.completed;
  console.log(`${name}: ${result.requestsPerSecond.toFixed(0)} req/s, ${server.name} ${result.cpuMicrosPerRequest.server?.toFixed(0)} µs CPU/request`);
} finally {
  await closeClient();
  await supervisor.stopAll();
}

// ---- the profile: self time by function and by package --------------------------------------
interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const file = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
if (!file) throw new Error(`no profile in ${profileDir}`);
const profile = JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; endTime: number };
// Only the measured window: the samples of the last SECONDS before the load ended (start-up,
// login and warm-up left out; the shutdown after the load is a few ms).
/** A frame's script, relative to the repository (`dist/src/…`, `node_modules/…`, `node:…`). */
const sourceOf = (url: string) => url.replace(/^file:\/\//, '').replace(ROOT + '/', '');
const hits = new Map<number, number>();
let total = 0;
let sampledMicros = 0;
{
  let at = profile.endTime;
  for (let i = profile.samples.length - 1; i >= 0; i -= 1) {
    if (at >= profile.endTime - (SECONDS * 1000 + 300) * 1000 && at <= profile.endTime - 300_000) {
      const sample = profile.samples[i]!;
      hits.set(sample, (hits.get(sample) ?? 0) + 1);
      total += 1;
      sampledMicros += profile.timeDeltas[i]!;
    }
    at -= profile.timeDeltas[i]!;
  }
}
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const count = hits.get(node.id) ?? 0;
  if (!count) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = sourceOf(url);
  const pkg = where.includes('node_modules/')
    ? where.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
    : where.startsWith('dist/src/')
      ? where.replace(/^dist\/src\/([^/]+(\/[^/]+)?).*/, 'src/$1')
      : where === ''
        ? `(${functionName || 'native'})`
        : where.startsWith('node:')
          ? 'node core'
          : where;
  const fn = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
}
// Inclusive time: each sample counts once for every package and function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
const inclusive = new Map<string, number>();
for (const [id, count] of hits) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url, lineNumber } = nodeById.get(at)!.callFrame;
    const where = sourceOf(url);
    if (!where.startsWith('dist/src/') && !where.includes('node_modules/')) continue;
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + count);
  }
}
const top = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, count]) => `${((count / total) * 100).toFixed(1).padStart(5)} %  ${((count / total) * (sampledMicros / requests)).toFixed(1).padStart(6)} µs/req  ${key}`)
    .join('\n');
console.log(`\nself time by package (${total} samples, ${path.join(profileDir, file)}):\n${top(byPackage, 25)}`);
console.log(`\nself time by function:\n${top(byFunction, 40)}`);
console.log(`\ninclusive time by function (ours and packages'):\n${top(inclusive, Number(process.env.BENCH_PROFILE_TOP ?? 60))}`);

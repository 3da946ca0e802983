/**
 * `npm run bench:ab -- <git ref> [query …]`: this checkout's build against the build of another
 * commit, on the same machine in the same run — what a change did, measured with the harness's
 * pairs (bench/support/pairs.ts: 6 alternating pairs, the order alternated, CPU per request of each
 * gateway process from /proc; the ratio is the reference's µs ÷ this build's µs, so above 1.0 means
 * this build is cheaper).
 *
 * The reference is built from `git archive <ref>` into a temporary folder (kept, keyed by commit,
 * so a second run reuses it) with this checkout's node_modules; both gateways run on `memory://`
 * against one set of mocks, from this checkout's working directory (so with its migrations: compare
 * commits with the same schema). `npm run bench:ab` builds this checkout first.
 *
 * Queries (default: typenameAnonymous customerView transactions100): typenameAnonymous
 * (`{ __typename }`, anonymous), me (`{ me { id } }`), customerView, products, transactions10,
 * transactions100 (as wang.fang). Every answer is checked against each gateway's first answer, and
 * the two gateways' first answers must be equal. Sends traffic only to 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ChildSupervisor } from './support/children.js';
import { loginCustomer, postGraphQLOk } from './support/client.js';
import { formatSpread, runPairs, type PairsResult } from './support/pairs.js';
import { ROOT, runWithChildren, startGatewayChild, startMockChild } from './support/stack.js';
import { fixed, table } from './support/table.js';

const TRANSACTIONS = (first: number) =>
  `query($id: ID!) { node(id: $id) { ... on Account { transactions(first: ${first}) { edges { cursor node { id bookedAt direction amount { amount currency } balanceAfter { amount currency } counterparty description channel } } pageInfo { hasNextPage endCursor } } } } }`;
const QUERIES: Record<string, { query: string; anonymous?: boolean; account?: boolean }> = {
  typenameAnonymous: { query: 'query { __typename }', anonymous: true },
  me: { query: 'query { me { id } }' },
  customerView: {
    query:
      'query { me { id profile { fullName phone email segment } relationshipManager { name branch } accounts { id accountNumber kind currency balance { amount currency } available { amount currency } status } } }',
  },
  products: {
    query:
      'query { products { code name kind description currency minAmount { amount currency } maxAmount { amount currency } minTermMonths maxTermMonths annualRate autoDecision } }',
    anonymous: true,
  },
  transactions10: { query: TRANSACTIONS(10), account: true },
  transactions100: { query: TRANSACTIONS(100), account: true },
};

const [ref, ...asked] = process.argv.slice(2);
if (!ref) throw new Error('usage: npm run bench:ab -- <git ref> [query …]');
const names = asked.length > 0 ? asked : ['typenameAnonymous', 'customerView', 'transactions100'];
for (const name of names) if (!QUERIES[name]) throw new Error(`unknown query ${name}; one of ${Object.keys(QUERIES).join(', ')}`);
const QUICK = process.env.BENCH_QUICK === '1';

/** The reference build: `git archive <commit>` compiled once into a temporary folder. */
function referenceBuild(commit: string): string {
  const dir = path.join(os.tmpdir(), `gateway-ab-${commit.slice(0, 12)}`);
  const entry = path.join(dir, 'dist', 'src', 'main.js');
  if (existsSync(entry)) return entry;
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C '${dir}'`], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(path.join(dir, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  console.log(`Building ${commit.slice(0, 12)} in ${dir} …`);
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  return entry;
}

async function main(supervisor: ChildSupervisor): Promise<void> {
  const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, supervisor.failure]);
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const here = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
  const script = referenceBuild(commit);
  const { urls: mocks } = await guard(startMockChild(supervisor));
  const env = { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' };
  const [current, reference] = await guard(
    Promise.all([
      startGatewayChild(supervisor, { mocks, databaseUrl: 'memory://', env, name: 'this' }),
      startGatewayChild(supervisor, { mocks, databaseUrl: 'memory://', env, name: 'reference', script }),
    ]),
  );
  const sides = [
    { name: 'this', url: current.url, child: current.child },
    { name: 'reference', url: reference.url, child: reference.child },
  ];
  // One after the other: the login code is read back from the one identity mock both share.
  const setups = [];
  for (const side of sides) {
    const headers = await guard(loginCustomer(side.url, mocks.identity, 'wang.fang', 'demo-Passw0rd'));
    const view = await guard(postGraphQLOk(side.url, 'query { me { accounts { id kind } } }', { headers }));
    const accountId = (view.body.data as { me: { accounts: { id: string; kind: string }[] } }).me.accounts.find((a) => a.kind === 'CURRENT')!.id;
    setups.push({ ...side, headers, accountId });
  }
  const sampleCpu = () => Object.fromEntries(sides.map((side) => [side.name, side.child.cpuMs()]));
  const results: PairsResult[] = [];
  for (const name of names) {
    const { query, anonymous, account } = QUERIES[name]!;
    const targets = await guard(
      Promise.all(
        setups.map(async (side) => {
          const headers = anonymous ? { 'x-channel': 'APP' } : side.headers;
          const variables = account ? { id: side.accountId } : undefined;
          const reply = await postGraphQLOk(side.url, query, { headers, variables });
          return { side, reply, target: { label: `${side.name}: ${name}`, url: side.url, headers, body: JSON.stringify({ query, variables }), expected: reply.text } };
        }),
      ),
    );
    const [mine, theirs] = targets as [(typeof targets)[number], (typeof targets)[number]];
    if (!isDeepStrictEqual(mine.reply.body, theirs.reply.body)) throw new Error(`${name}: the two builds answer differently`);
    results.push(
      await guard(
        runPairs(`${name}: this ÷ reference`, { target: mine.target, process: 'this' }, { target: theirs.target, process: 'reference' }, {
          workers: 16,
          warmupMs: QUICK ? 300 : 1_000,
          durationMs: QUICK ? 1_000 : 4_000,
          maxRequests: 10_000_000,
          pairs: QUICK ? 2 : 6,
          sampleCpu,
          log: (line) => console.log(line),
        }),
      ),
    );
  }
  console.log(
    `\nThis checkout (${here}${dirty ? ', with uncommitted changes' : ''}) ÷ ${ref} (${commit.slice(0, 12)}), ${QUICK ? 2 : 6} alternating pairs each, ` +
      `load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}\n\n` +
      table(
        ['query', 'CPU ratio (reference µs ÷ this µs), median (min–max)', 'CPU µs/req this / reference', 'throughput this ÷ reference'],
        results.map((result) => [
          result.label.replace(/: this ÷ reference$/, ''),
          formatSpread(result.cpuRatio),
          `${fixed(result.cpuMicrosA.median, 0)} / ${fixed(result.cpuMicrosB.median, 0)}`,
          formatSpread(result.throughputRatio),
        ]),
      ) +
      '\n',
  );
}

runWithChildren('ab', 20 * 60_000, main);
